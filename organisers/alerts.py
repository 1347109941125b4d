"""Capacity alerts: the organisers' mailbox hears once when an event's
confirmed seats reach 80 % of its capacity, and once when it is full."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from events.models import EventPage
from events.registrations.choices import RegistrationStatus
from events.registrations.invites import site_locale
from events.registrations.models import Registration
from home.models import PortalSettings
from organisers.models import CapacityAlert
from outbox.services import email_queue

THRESHOLDS = (80, 100)
ALERT_KIND = "capacity_alert"


def alert_may_be_due(*, capacity: int | None, confirmed_seats: int) -> bool:
    """Whether an event with ``confirmed_seats`` has reached an alert's
    threshold (sent or not): below the lowest, none is due."""
    return bool(capacity) and fill_percent(capacity, confirmed_seats) >= min(THRESHOLDS)


def fill_percent(capacity: int, confirmed_seats: int) -> int:
    return 100 * confirmed_seats // capacity


def capacity_alerts_send(*, event: EventPage) -> list[int]:
    """Send the alerts this event's fill has earned and not had yet; return
    their thresholds. Safe to call often and concurrently."""
    if not event.capacity:
        return []
    recipient = PortalSettings.for_site(event.get_site()).organiser_email
    if not recipient:
        return []
    taken = Registration.objects.filter(
        event_id=event.pk, status=RegistrationStatus.CONFIRMED
    ).aggregate(seats=Sum("seats", default=0))["seats"]
    percent = fill_percent(event.capacity, taken)
    sent = []
    for threshold in THRESHOLDS:
        if percent >= threshold and _record(event, threshold):
            _email(event, threshold=threshold, taken=taken, recipient=recipient)
            sent.append(threshold)
    return sent


def _record(event: EventPage, threshold: int) -> bool:
    """Whether this call is the one that records the alert (a unique row)."""
    try:
        with transaction.atomic():
            CapacityAlert.objects.create(event=event, threshold=threshold)
    except IntegrityError:
        return False
    return True


def _email(event, *, threshold, taken, recipient) -> None:
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_pages:edit", args=[event.pk]
    )
    context = {
        "event": event,
        "taken": taken,
        "threshold": threshold,
        "admin_url": admin_url,
    }
    with site_locale():
        if threshold >= 100:
            subject = gettext("“%(event)s” is full") % {"event": event.title}
        else:
            subject = gettext("“%(event)s” is %(threshold)d %% full") % {
                "event": event.title,
                "threshold": threshold,
            }
        text = render_to_string("organisers/emails/capacity_alert.txt", context)
    email_queue(
        kind=ALERT_KIND,
        recipient=recipient,
        subject=subject,
        text=text,
        related=event,
    )
