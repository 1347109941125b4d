"""Reads for the organisers' registrations admin: the listing and a
registration's history."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import ModelLogEntry

from events.models import EventPage, Session
from events.registrations.models import Registration
from outbox.models import OutgoingEmail

# Times a registration row keeps, with what they mean.
ROW_EVENTS = (
    ("created_at", _("Registered")),
    ("waitlisted_at", _("Joined the waiting list")),
    ("cancelled_at", pgettext_lazy("registration", "Cancelled")),
    ("anonymised_at", _("Personal data anonymised")),
    ("updated_at", _("Last changed")),
)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    # The row's field or the audit-log action.
    key: str
    label: str
    user: str = ""
    # What the audit-log entry says beyond its label (e.g. seats before and
    # after a change), or "".
    detail: str = ""


def registrations_for_admin() -> QuerySet[Registration]:
    """Registrations with what the listing, the inspect view and the exports
    show, in a constant number of queries. The event and the territory are
    prefetched, not joined: thousands of rows share a few of them, built
    once each."""
    return Registration.objects.prefetch_related(
        Prefetch("event", queryset=EventPage.objects.only("title", "starts_at")),
        "territory",
        Prefetch("sessions", queryset=Session.objects.only("title", "sort_order")),
    )


def registration_for_inspect() -> QuerySet[Registration]:
    """Registrations with their whole event (the actions depend on its
    settings), territory and sessions."""
    return Registration.objects.select_related("event", "territory").prefetch_related(
        Prefetch("sessions", queryset=Session.objects.only("title", "sort_order"))
    )


def registration_history(registration: Registration) -> list[HistoryEntry]:
    """The row's own times and the audit-log entries about it (the
    organisers' actions, with who did them), oldest first."""
    entries = [
        HistoryEntry(at=getattr(registration, name), key=name, label=str(label))
        for name, label in ROW_EVENTS
        if getattr(registration, name)
    ]
    log_entries = ModelLogEntry.objects.for_instance(registration).select_related(
        "user"
    )
    entries += [_log_history_entry(entry) for entry in log_entries]
    return sorted(entries, key=lambda entry: entry.at)


def _log_history_entry(entry: ModelLogEntry) -> HistoryEntry:
    if entry.formatter is None:
        return HistoryEntry(
            at=entry.timestamp,
            key=entry.action,
            label=entry.action,
            user=entry.user_display_name,
        )
    label = str(entry.formatter.label)
    message = str(entry.message)
    return HistoryEntry(
        at=entry.timestamp,
        key=entry.action,
        label=label,
        user=entry.user_display_name,
        detail="" if message.casefold() == label.casefold() else message,
    )


def registration_emails(registration: Registration) -> QuerySet[OutgoingEmail]:
    """The emails sent about a registration, oldest first."""
    return OutgoingEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=str(registration.pk),
    ).order_by("created_at", "pk")
