"""Tell the subscribers, once, that a page was published.

``publication_notify`` runs when a page is published: at its first
publication only, it records a ``PublicationNotification`` and, after the
commit, enqueues the planning task. ``notification_plan`` reads the matching
subscribers once and enqueues one batch task per ``BATCH_SIZE`` of them,
spaced so that no more than ``settings.NEWS_NOTIFICATIONS_PER_MINUTE`` emails
are queued per minute (the provider's limits); a backend that cannot defer
tasks (the tests' immediate one) runs the batches at once. Each batch queues
its emails through the outbox, which sends them and retries failures.

A page takes part by having ``subscriber_theme_ids()`` (news pages; results
pages later): the themes it is about, which select the subscribers.
"""

from datetime import datetime, timedelta
from itertools import batched

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from news.notifications import emails
from news.notifications.models import PublicationNotification
from news.subscriptions.models import Subscription, SubscriptionStatus
from news.subscriptions.selectors import subscribers_for_themes

BATCH_SIZE = 100


def notified_theme_ids(page) -> list[int] | None:
    """The themes that select the subscribers to tell of ``page``, or None
    for a page that tells nobody."""
    theme_ids = getattr(page, "subscriber_theme_ids", None)
    return None if theme_ids is None else list(theme_ids())


def publication_notify(*, page) -> PublicationNotification | None:
    """Called when ``page`` is published: at its first publication, record
    the notification and plan the emails after the commit. Publishing again
    (a correction) sends nothing."""
    from news.notifications.tasks import notification_plan_task

    page = page.specific
    if notified_theme_ids(page) is None:
        return None
    notification, created = PublicationNotification.objects.get_or_create(
        page_id=page.pk
    )
    if not created:
        return None
    transaction.on_commit(lambda: notification_plan_task.enqueue(notification.pk))
    return notification


def _batch_interval() -> timedelta:
    per_minute = max(1, settings.NEWS_NOTIFICATIONS_PER_MINUTE)
    return timedelta(minutes=BATCH_SIZE / per_minute)


def notification_plan(*, notification_id: int, now: datetime | None = None) -> int:
    """Enqueue the batches of a notification; return how many subscribers
    they hold. Runs once per notification: a second run finds it claimed."""
    from news.notifications.tasks import notification_batch_task

    claimed = PublicationNotification.objects.filter(
        pk=notification_id, recipients__isnull=True
    ).update(recipients=0)
    if not claimed:
        return 0
    notification = PublicationNotification.objects.select_related("page").get(
        pk=notification_id
    )
    theme_ids = notified_theme_ids(notification.page.specific) or []
    now = now or timezone.now()
    defer = notification_batch_task.get_backend().supports_defer
    interval = _batch_interval()
    recipients = 0
    for number, batch in enumerate(
        batched(subscribers_for_themes(theme_ids), BATCH_SIZE)
    ):
        task = notification_batch_task
        if defer:
            task = task.using(run_after=now + number * interval)
        task.enqueue(
            notification_id, [str(subscriber.public_id) for subscriber in batch]
        )
        recipients += len(batch)
    PublicationNotification.objects.filter(pk=notification_id).update(
        recipients=recipients
    )
    return recipients


def notification_batch_send(*, notification_id: int, public_ids: list[str]) -> int:
    """Queue the emails of one batch through the outbox, to those still
    subscribed, while the page is still live; return how many."""
    notification = PublicationNotification.objects.select_related("page").get(
        pk=notification_id
    )
    page = notification.page.specific
    if not page.live:
        return 0
    subscriptions = Subscription.objects.filter(
        public_id__in=public_ids, status=SubscriptionStatus.CONFIRMED
    ).only("pk", "email", "public_id")
    mail = emails.PublishedPageMail.for_page(page)
    with transaction.atomic():
        queued = 0
        for subscription in subscriptions:
            emails.page_published(subscription, mail=mail)
            queued += 1
        PublicationNotification.objects.filter(pk=notification_id).update(
            queued=F("queued") + queued
        )
    return queued
