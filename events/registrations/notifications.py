"""What registrants are told without asking: organisers' changes and reminders.

Changes the organisers make to the date, time, place or status of an event
reach its registrants through ``event_changes_notified`` /
``session_changes_notified`` (around the saves) and
``registrations_event_changed`` (in a task); ``reminders_send_due`` runs
periodically.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from events.models import EventPage, EventStatus, Session
from events.registrations import emails
from events.registrations.choices import (
    ACTIVE_STATUSES,
    RegistrationStatus,
)
from events.registrations.models import Registration

# Changes the organisers make. The watchers compare the stored row with what is
# saved; changes of sessions saved with their event page (Wagtail's publish
# saves the page, then its sessions) join the page's, so that one task sends
# each registrant one email.

EVENT_NOTIFIED_FIELDS = (
    "starts_at",
    "ends_at",
    "venue_id",
    "attendance_mode",
    "status",
)
SESSION_NOTIFIED_FIELDS = ("starts_at", "ends_at", "location")
_SESSION_CHANGES = "_registrations_session_changes"


@contextmanager
def event_changes_notified(*, event: EventPage, update_fields=None) -> Iterator:
    """Around ``EventPage.save``: when its calendar SEQUENCE rises, enqueue
    after the commit the task that tells the registrants what changed."""
    stored = _stored_values(event, EVENT_NOTIFIED_FIELDS, update_fields)
    outer = event.__dict__.get(_SESSION_CHANGES)
    session_changes = {}
    setattr(event, _SESSION_CHANGES, session_changes)
    try:
        yield
    finally:
        setattr(event, _SESSION_CHANGES, outer)
    changes = {}
    event_changes = _changes(event, stored, EVENT_NOTIFIED_FIELDS)
    if event_changes:
        changes["event"] = event_changes
    if session_changes:
        changes["sessions"] = session_changes
    if changes:
        _notify_after_commit(event_id=event.pk, changes=changes)


@contextmanager
def session_changes_notified(*, session: Session, update_fields=None) -> Iterator:
    """Around ``Session.save``: the same for a session's time or room, told
    only to the registrants who chose it."""
    stored = _stored_values(session, SESSION_NOTIFIED_FIELDS, update_fields)
    yield
    changes = _changes(session, stored, SESSION_NOTIFIED_FIELDS)
    if not changes:
        return
    saved_with_page = getattr(session.page, _SESSION_CHANGES, None)
    if saved_with_page is not None:
        saved_with_page[str(session.pk)] = changes
    else:
        _notify_after_commit(
            event_id=session.page_id, changes={"sessions": {str(session.pk): changes}}
        )


def _stored_values(instance, fields: tuple, update_fields) -> dict | None:
    """The stored row's values, when this save may raise the sequence."""
    if not instance.pk or (
        update_fields is not None and "calendar_sequence" not in update_fields
    ):
        return None
    return (
        type(instance)
        ._default_manager.filter(pk=instance.pk)
        .values("calendar_sequence", *fields)
        .first()
    )


def _changes(instance, stored: dict | None, fields: tuple) -> dict:
    """``{field: [old, new]}`` (JSON: the task's argument) if the sequence rose."""
    if stored is None or instance.calendar_sequence <= stored["calendar_sequence"]:
        return {}
    return {
        field: [_json(stored[field]), _json(getattr(instance, field))]
        for field in fields
        if stored[field] != getattr(instance, field)
    }


def _json(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _notify_after_commit(*, event_id: int, changes: dict) -> None:
    from events.registrations.tasks import notify_event_changed_task

    transaction.on_commit(lambda: notify_event_changed_task.enqueue(event_id, changes))


def registrations_event_changed(*, event: EventPage, changes: dict) -> int:
    """Tell the registrants what the organisers changed; returns the emails queued.

    Cancelled event: every active registration gets the SEQUENCE raised and
    ``registration_event_cancelled`` (a CANCEL for the confirmed). Otherwise
    the confirmed ones (of the changed sessions only, when only sessions
    changed) get the SEQUENCE raised and ``registration_event_updated``.
    Nothing goes out about an event that is over (archives get corrected),
    nor, after its cancellation, about a cancelled one.
    """
    now = timezone.now()
    status_changed = "status" in changes.get("event", {})
    cancelled = event.status == EventStatus.CANCELLED
    if event.ends_at <= now or (cancelled and not status_changed):
        return 0
    described = [] if cancelled else emails.describe_changes(event, changes)
    if not (cancelled or described):
        return 0
    registrations = Registration.objects.filter(
        event_id=event.pk, anonymised_at__isnull=True
    )
    if cancelled:
        registrations = registrations.filter(status__in=ACTIVE_STATUSES)
    else:
        registrations = registrations.filter(status=RegistrationStatus.CONFIRMED)
        if all(change.session_id for change in described):
            registrations = registrations.filter(
                session_links__session_id__in=[c.session_id for c in described]
            )
    with transaction.atomic():
        ids = set(
            registrations.select_for_update(of=("self",)).values_list("pk", flat=True)
        )
        Registration.objects.filter(pk__in=ids).update(
            calendar_sequence=F("calendar_sequence") + 1
        )
        mail = emails.EventMail.for_event(event)
        for registration in Registration.objects.filter(pk__in=ids).prefetch_related(
            "sessions"
        ):
            if cancelled:
                emails.registration_event_cancelled(registration, mail=mail)
            else:
                emails.registration_event_updated(
                    registration, changes=described, mail=mail
                )
    return len(ids)


REMINDER_BATCH_SIZE = 200


def reminders_send_due(
    *, now: datetime | None = None, batch_size: int = REMINDER_BATCH_SIZE
) -> int:
    """Remind once every confirmed registrant of a scheduled, published event
    that starts within its ``reminder_days_before`` days; returns the count.

    Batches of ``batch_size``, each in its own transaction with its rows
    locked (a concurrent run skips them): a constant number of reads per
    batch, plus the outbox's queueing of each email.
    """
    now = now or timezone.now()
    candidates = (
        EventPage.objects.live()
        .filter(
            status=EventStatus.SCHEDULED,
            starts_at__gt=now,
            registrations__status=RegistrationStatus.CONFIRMED,
            registrations__reminder_sent_at__isnull=True,
        )
        .values_list("pk", "starts_at", "reminder_days_before")
        .distinct()
    )
    due_event_ids = {
        pk
        for pk, starts_at, days in candidates
        if starts_at - now <= timedelta(days=days)
    }
    due = Registration.objects.filter(
        event_id__in=due_event_ids,
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        anonymised_at__isnull=True,
    )
    due_ids = list(due.order_by("pk").values_list("pk", flat=True))
    sent = 0
    for start in range(0, len(due_ids), batch_size):
        with transaction.atomic():
            batch = list(
                due.filter(pk__in=due_ids[start : start + batch_size])
                .select_for_update(of=("self",), skip_locked=True)
                .select_related("event", "event__venue")
                .prefetch_related("sessions")
            )
            mails = {}
            for registration in batch:
                if registration.event_id not in mails:
                    mails[registration.event_id] = emails.EventMail.for_event(
                        registration.event
                    )
                emails.registration_reminder(
                    registration, mail=mails[registration.event_id]
                )
            Registration.objects.filter(pk__in=[r.pk for r in batch]).update(
                reminder_sent_at=now
            )
        sent += len(batch)
    return sent
