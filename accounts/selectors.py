"""Reads of the accounts app: one's registrations, one's calendar feed.

``user_registrations`` runs a fixed number of queries whatever the number of
registrations: one for the registrations with their events, venues and
waiting-list positions (a subquery), one for their sessions.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import CalendarFeedToken, Profile
from events.models import Session
from events.registrations.choices import RegistrationStatus
from events.registrations.models import Registration
from home.models import Theme

WAITLISTED = RegistrationStatus.WAITLISTED


@dataclass(frozen=True)
class UserRegistrations:
    upcoming: list[Registration]  # soonest first
    past: list[Registration]  # latest first

    def __bool__(self) -> bool:
        return bool(self.upcoming or self.past)


def _places_ahead() -> Subquery:
    """Waitlisted registrations of the same event that joined earlier."""
    ahead = (
        Registration.objects.filter(event_id=OuterRef("event_id"), status=WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("event_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Subquery(ahead, output_field=IntegerField())


def _registrations(user):
    """The user's registrations (anonymised ones left out) with their event,
    venue and sessions."""
    sessions = Session.objects.order_by("starts_at", "sort_order", "pk")
    return (
        Registration.objects.filter(user=user, anonymised_at__isnull=True)
        .select_related("event", "event__venue")
        .prefetch_related(Prefetch("sessions", queryset=sessions))
    )


def _with_waiting_list_position(registrations):
    """``waiting_list_position``: 1 for the first in line, None unless
    waitlisted, as ``registrations.selectors.waiting_list_position`` gives it
    for one registration."""
    return registrations.annotate(
        waiting_list_position=Case(
            When(
                status=WAITLISTED,
                then=Coalesce(_places_ahead(), Value(0)) + Value(1),
            ),
            default=None,
            output_field=IntegerField(),
        )
    )


def user_registrations(user, *, now: datetime | None = None) -> UserRegistrations:
    """Upcoming (not ended yet) and past registrations of ``user``."""
    now = now or timezone.now()
    registrations = list(
        _with_waiting_list_position(_registrations(user)).order_by(
            "event__starts_at", "pk"
        )
    )
    upcoming = [r for r in registrations if r.event.ends_at >= now]
    past = [r for r in reversed(registrations) if r.event.ends_at < now]
    return UserRegistrations(upcoming=upcoming, past=past)


def calendar_feed_registrations(user, *, past_days: int, now: datetime | None = None):
    """The user's registrations for the private feed: events that ended less
    than ``past_days`` days ago or later, cancelled ones included."""
    now = now or timezone.now()
    themes = Theme.objects.only("pk", "name").order_by("sort_order", "name")
    return (
        _registrations(user)
        .filter(event__ends_at__gte=now - timedelta(days=past_days))
        .prefetch_related(Prefetch("event__themes", queryset=themes))
        .order_by("event__starts_at", "pk")
    )


def active_calendar_feed_token(user) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def profile_of(user) -> Profile:
    """The user's profile, or an unsaved empty one (reading writes nothing)."""
    return Profile.objects.filter(user=user).first() or Profile(user=user)
