"""Every write of a subscription: request, confirm, unsubscribe, expire.

Double opt-in: a request (from the form, or the news opt-in of a
registration) leaves the subscription ``pending`` and sends only the
confirmation email; the person's POST on the page of its link confirms it.
One row per address: asking again for a pending or unsubscribed address sends
a new confirmation; for a confirmed one, a note that it already is (from the
form only) and nothing changes. Emails are rendered by a task enqueued inside
the caller's transaction, and leave after the commit (the outbox).

Unconfirmed requests are deleted when their link expires; unsubscribed rows
once the retention period of the site settings has passed
(``subscriptions_clean_up``, a periodic task), with the emails about them.
"""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from home.models import PortalSettings
from news.subscriptions.models import (
    Subscription,
    SubscriptionSource,
    SubscriptionStatus,
    UnsubscribeReason,
)
from news.subscriptions.tokens import (
    CONFIRMATION_MAX_AGE,
    subscriber_email_headers,
    unsubscribe_url,
)
from outbox.models import OutgoingEmail

PENDING = SubscriptionStatus.PENDING
CONFIRMED = SubscriptionStatus.CONFIRMED
UNSUBSCRIBED = SubscriptionStatus.UNSUBSCRIBED


def normalise_email(email: str) -> str:
    """As registrations normalise it: one address, one subscriber."""
    # Imported here: events.registrations.services imports this module.
    from events.registrations.services import normalise_email as normalise

    return normalise(email)


def _email(kind: str, subscription: Subscription) -> None:
    """Have the email rendered and recorded by a task, inside the caller's
    transaction (with the database backend the task row commits, or rolls
    back, with the subscription)."""
    from news.subscriptions.tasks import subscription_email_task

    subscription_email_task.enqueue(kind, subscription.pk)


def _locked(email: str) -> Subscription | None:
    return Subscription.objects.select_for_update().filter(email=email).first()


def subscription_request(
    *,
    email: str,
    consent_notice_version: str,
    themes: Iterable | None = None,
    source: str = SubscriptionSource.FORM,
    now: datetime | None = None,
) -> Subscription:
    """Ask for the news at ``email``: a pending subscription and its
    confirmation email, or nothing new for a confirmed address.

    ``themes``: Theme objects or ids, none for every theme; ``None`` keeps
    those of an existing request (the opt-in of a registration chooses no
    theme). The caller answers the same whatever happened here: whether an
    address is subscribed is never shown to whoever typed it.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    with transaction.atomic():
        subscription = _locked(email)
        created = False
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(
                        email=email,
                        source=source,
                        consent_notice_version=consent_notice_version,
                        consented_at=now,
                        requested_at=now,
                    )
                    created = True
            except IntegrityError:
                # A concurrent request for the same address wrote it first.
                subscription = _locked(email)
        if not created and subscription.status == CONFIRMED:
            if source == SubscriptionSource.FORM:
                _email("subscription_already_confirmed", subscription)
            return subscription
        if not created:
            subscription.status = PENDING
            subscription.source = source
            subscription.consent_notice_version = consent_notice_version
            subscription.consented_at = now
            subscription.requested_at = now
            subscription.save(
                update_fields=[
                    "status",
                    "source",
                    "consent_notice_version",
                    "consented_at",
                    "requested_at",
                    "updated_at",
                ]
            )
        if themes is not None:
            subscription.themes.set(themes)
        _email("subscription_confirmation", subscription)
    return subscription


def subscription_from_registration(registration) -> Subscription | None:
    """The news opt-in of a registration just created: the same request as
    the form's, with the registration's consent (called by
    ``events.registrations.services.registration_create``)."""
    if not registration.news_opt_in:
        return None
    return subscription_request(
        email=registration.email,
        consent_notice_version=registration.consent_notice_version,
        source=SubscriptionSource.REGISTRATION,
        now=registration.consented_at,
    )


def subscription_confirm(
    *, subscription: Subscription, now: datetime | None = None
) -> Subscription:
    """Confirm a pending subscription; any other does not change."""
    now = now or timezone.now()
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status != PENDING:
            return subscription
        subscription.status = CONFIRMED
        subscription.confirmed_at = now
        subscription.unsubscribed_at = None
        subscription.unsubscribe_reason = ""
        subscription.save(
            update_fields=[
                "status",
                "confirmed_at",
                "unsubscribed_at",
                "unsubscribe_reason",
                "updated_at",
            ]
        )
    return subscription


def subscription_unsubscribe(
    *,
    subscription: Subscription,
    reason: str = UnsubscribeReason.REQUESTED,
    now: datetime | None = None,
) -> Subscription:
    """Unsubscribe at once (a pending request is refused the same way);
    unsubscribing again changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.status == UNSUBSCRIBED:
            return subscription
        subscription.status = UNSUBSCRIBED
        subscription.unsubscribed_at = now
        subscription.unsubscribe_reason = reason
        subscription.save(
            update_fields=[
                "status",
                "unsubscribed_at",
                "unsubscribe_reason",
                "updated_at",
            ]
        )
    return subscription


def subscriptions_unsubscribe_address(
    *, email: str, reason: str, now: datetime | None = None
) -> int:
    """Unsubscribe whatever subscription ``email`` has (the provider reported
    a bounce, a complaint or an unsubscription); returns the rows changed."""
    email = normalise_email(email)
    if not email:
        return 0
    now = now or timezone.now()
    return (
        Subscription.objects.filter(email=email)
        .exclude(status=UNSUBSCRIBED)
        .update(
            status=UNSUBSCRIBED,
            unsubscribed_at=now,
            unsubscribe_reason=reason,
            updated_at=now,
        )
    )


def _delete_with_emails(subscriptions) -> int:
    """Delete these subscriptions and the emails sent about them."""
    ids = list(subscriptions.values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        OutgoingEmail.objects.filter(
            content_type=ContentType.objects.get_for_model(Subscription),
            object_id__in=[str(pk) for pk in ids],
        ).delete()
        Subscription.objects.filter(pk__in=ids).delete()
    return len(ids)


def subscriptions_delete_expired_requests(*, now: datetime | None = None) -> int:
    """Delete the requests nobody confirmed while their link was valid, and
    the confirmation emails; returns how many. Idempotent."""
    now = now or timezone.now()
    expired = Subscription.objects.filter(
        status=PENDING, requested_at__lt=now - CONFIRMATION_MAX_AGE
    )
    return _delete_with_emails(expired)


def retention_months() -> int:
    """The shortest retention period of the sites' settings."""
    months = PortalSettings.objects.values_list("retention_months", flat=True)
    default = PortalSettings._meta.get_field("retention_months").default
    return min(months, default=default)


def subscriptions_delete_unsubscribed(*, now: datetime | None = None) -> int:
    """Delete the subscriptions unsubscribed longer ago than the retention
    period, and the emails sent about them; returns how many. Idempotent."""
    # Imported here: privacy.services imports events.registrations.services,
    # which imports this module.
    from privacy.services import months_before

    now = now or timezone.now()
    cutoff = months_before(now, retention_months())
    return _delete_with_emails(
        Subscription.objects.filter(status=UNSUBSCRIBED, unsubscribed_at__lt=cutoff)
    )


def subscriptions_clean_up(*, now: datetime | None = None) -> int:
    """Both deletions; the periodic task's work."""
    now = now or timezone.now()
    return subscriptions_delete_expired_requests(
        now=now
    ) + subscriptions_delete_unsubscribed(now=now)


__all__ = [
    "normalise_email",
    "subscriber_email_headers",
    "subscription_confirm",
    "subscription_from_registration",
    "subscription_request",
    "subscription_unsubscribe",
    "subscriptions_clean_up",
    "subscriptions_delete_expired_requests",
    "subscriptions_delete_unsubscribed",
    "subscriptions_unsubscribe_address",
    "unsubscribe_url",
]
