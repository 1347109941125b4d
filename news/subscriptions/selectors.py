"""Reads of subscriptions: recipients of a notification, counts, the admin."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from home.models import Theme
from news.subscriptions.models import Subscription, SubscriptionStatus

CONFIRMED = SubscriptionStatus.CONFIRMED
# Rows read from the database at a time by the notification sender.
CHUNK_SIZE = 2000


class Subscriber(NamedTuple):
    """What the notification sender needs of a subscriber: the address, and
    the ``public_id`` that ``tokens.unsubscribe_url`` and
    ``tokens.subscriber_email_headers`` sign."""

    email: str
    public_id: UUID


def subscribers_for_themes(theme_ids: Iterable[int]) -> Iterator[Subscriber]:
    """The confirmed subscribers to tell of news about ``theme_ids``: those
    who chose one of them, and those who chose none (every theme). News
    about no theme goes to every confirmed subscriber.

    One query, read in chunks (memory stays flat), each subscriber once, in
    the order they subscribed."""
    theme_ids = list(theme_ids)
    subscribers = Subscription.objects.filter(status=CONFIRMED)
    if theme_ids:
        chosen = Subscription.themes.through.objects.filter(
            subscription_id=OuterRef("pk")
        )
        subscribers = subscribers.filter(
            Exists(chosen.filter(theme_id__in=theme_ids)) | ~Exists(chosen)
        )
    rows = subscribers.order_by("pk").values_list("email", "public_id")
    for email, public_id in rows.iterator(chunk_size=CHUNK_SIZE):
        yield Subscriber(email, public_id)


@dataclass(frozen=True)
class ThemeCount:
    theme: Theme | None  # None: those who chose no theme (every theme)
    confirmed: int
    pending: int


@dataclass(frozen=True)
class SubscriptionCounts:
    """Numbers only, never an address: the communication team sees them."""

    by_status: dict[str, int]
    by_theme: list[ThemeCount]

    @property
    def status_rows(self) -> list[tuple[str, int]]:
        return [
            (status.label, self.by_status.get(status.value, 0))
            for status in SubscriptionStatus
        ]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def subscription_counts() -> SubscriptionCounts:
    """Subscriptions per status, and confirmed and pending ones per theme
    (a subscriber who chose several themes counts in each). Three queries."""
    by_status = dict(
        Subscription.objects.order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )

    def per_status(prefix: str, status: str) -> Count:
        return Count(prefix + "pk", filter=Q(**{prefix + "status": status}))

    themes = Theme.objects.annotate(
        confirmed=per_status("news_subscriptions__", SubscriptionStatus.CONFIRMED),
        pending=per_status("news_subscriptions__", SubscriptionStatus.PENDING),
    ).order_by("sort_order", "name")
    no_theme = (
        Subscription.objects.filter(themes__isnull=True)
        .order_by()
        .aggregate(
            confirmed=per_status("", SubscriptionStatus.CONFIRMED),
            pending=per_status("", SubscriptionStatus.PENDING),
        )
    )
    rows = [ThemeCount(theme, theme.confirmed, theme.pending) for theme in themes]
    rows.append(ThemeCount(None, no_theme["confirmed"], no_theme["pending"]))
    return SubscriptionCounts(by_status=by_status, by_theme=rows)


def subscriptions_for_admin() -> QuerySet[Subscription]:
    """The admin listing: themes prefetched (two queries a page)."""
    return Subscription.objects.prefetch_related("themes")
