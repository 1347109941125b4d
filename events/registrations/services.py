"""Every write of a registration: create, change, cancel, waiting-list promotion.

Capacity holds under concurrency as in pretix: inside one transaction, lock
what is consumed (the event row, then the chosen sessions' rows in pk order,
so that two writers never wait on each other crosswise), re-count the
confirmed seats, then write. On PostgreSQL the locks are ``SELECT … FOR
UPDATE``; on SQLite ``select_for_update`` does nothing but every transaction
starts with ``BEGIN IMMEDIATE`` (see the settings), so writers are serialised.

Seats freed by a cancellation, a smaller registration or a capacity increase
go to the waiting list in a background task enqueued after the commit.

Every change the person must hear of queues its email (``emails.py``, with the
calendar invite) inside the same transaction. Changes the organisers make to
the date, time, place or status of an event reach its registrants through
``event_changes_notified`` / ``session_changes_notified`` (around the saves)
and ``registrations_event_changed`` (in a task).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from events.models import EventPage, EventStatus, Session
from events.registrations import emails
from events.registrations.choices import (
    ACTIVE_STATUSES,
    ParticipantType,
    RegistrationStatus,
    WindowState,
)
from events.registrations.models import Registration, RegistrationSession
from events.registrations.selectors import (
    event_confirmed_seats,
    registration_window,
    sessions_confirmed_seats,
    waiting_list_position,
)
from events.visibility import user_is_region_staff

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
CANCELLED = RegistrationStatus.CANCELLED


class RegistrationRefused(ValidationError):
    """The registration (or change) cannot be made; the message says why, in
    French, for the person."""


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    created: bool
    status: str
    # 1 for the first in line; None unless waitlisted.
    waiting_list_position: int | None = None


def normalise_email(email: str) -> str:
    """Stripped and lower-cased, so that one address is one registrant.

    The local part is case-sensitive in theory; no provider the public uses
    treats it so, and a second registration because of a capital letter
    would be a real bug.
    """
    return (email or "").strip().lower()


def _window_refusal(state: str) -> str | None:
    messages = {
        WindowState.NOT_REQUIRED: gettext("This event does not take registrations."),
        WindowState.CANCELLED: gettext("This event is cancelled."),
        WindowState.PAST: gettext("This event has already taken place."),
        WindowState.POSTPONED: gettext(
            "This event is postponed: registration reopens once the new date is known."
        ),
        WindowState.NOT_OPEN_YET: gettext("Registration is not open yet."),
        WindowState.CLOSED: gettext("Registration is closed."),
    }
    return messages.get(state)


def _check_seats(*, event: EventPage, seats: int) -> None:
    maximum = event.max_seats_per_registration
    if not isinstance(seats, int) or not 1 <= seats <= maximum:
        raise ValidationError(
            {
                "seats": gettext("Choose between 1 and %(maximum)d seats.")
                % {"maximum": maximum}
            }
        )


def _session_ids(sessions: Iterable) -> list[int]:
    ids = []
    for session in sessions:
        ids.append(session.pk if isinstance(session, Session) else int(session))
    return sorted(set(ids))


def _check_sessions(*, event: EventPage, session_ids: list[int]) -> None:
    """The sessions belong to the event, at most one per time slot."""
    if not session_ids:
        return
    rows = list(
        Session.objects.filter(page_id=event.pk, pk__in=session_ids).values_list(
            "pk", "starts_at"
        )
    )
    if len(rows) != len(session_ids):
        raise ValidationError(
            {"sessions": gettext("Choose sessions of this event only.")}
        )
    slots = [starts_at for _pk, starts_at in rows]
    if len(set(slots)) != len(slots):
        raise ValidationError(
            {"sessions": gettext("Choose at most one session per time slot.")}
        )


def _lock(*, event_id: int, session_ids: Iterable[int] = ()) -> tuple:
    """Lock the event row, then the sessions' rows in pk order; return them
    fresh from the database (capacities as they are now)."""
    event = EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)
    sessions = list(
        Session.objects.select_for_update()
        .filter(pk__in=list(session_ids))
        .order_by("pk")
    )
    return event, sessions


def _fits(
    *,
    event: EventPage,
    sessions: list[Session],
    seats: int,
    exclude_id: int | None = None,
) -> bool:
    """Whether ``seats`` more confirmed seats fit the event and every session
    (all or nothing). Call with the rows locked."""
    if event.capacity is not None:
        taken = event_confirmed_seats(event_id=event.pk, exclude_id=exclude_id)
        if taken + seats > event.capacity:
            return False
    limited = [session for session in sessions if session.capacity is not None]
    if limited:
        taken = sessions_confirmed_seats(
            session_ids=[session.pk for session in limited], exclude_id=exclude_id
        )
        for session in limited:
            if taken.get(session.pk, 0) + seats > session.capacity:
                return False
    return True


def _active_registration(*, event_id: int, email: str) -> Registration | None:
    return Registration.objects.filter(
        event_id=event_id, email=email, status__in=ACTIVE_STATUSES
    ).first()


# Under the lock; the IntegrityError fallback uses _active_registration.
def _find_duplicate(*, event_id: int, email: str) -> Registration | None:
    return _active_registration(event_id=event_id, email=email)


def _result(registration: Registration, *, created: bool) -> RegistrationResult:
    return RegistrationResult(
        registration=registration,
        created=created,
        status=registration.status,
        waiting_list_position=waiting_list_position(registration=registration),
    )


def _promote_after_commit(*, event_id: int) -> None:
    from events.registrations.tasks import promote_waiting_list_task

    transaction.on_commit(lambda: promote_waiting_list_task.enqueue(event_id))


def registration_create(
    *,
    event: EventPage,
    email: str,
    first_name: str,
    last_name: str,
    consent_notice_version: str,
    seats: int = 1,
    sessions: Iterable = (),
    participant_type: str = ParticipantType.CITIZEN,
    organisation_name: str = "",
    organisation_type: str = "",
    organisation_town: str = "",
    territory=None,
    companions: Iterable[str] = (),
    phone: str = "",
    accessibility_needs: str = "",
    dietary_needs: str = "",
    news_opt_in: bool = False,
    user=None,
    now: datetime | None = None,
) -> RegistrationResult:
    """Register someone: confirmed if the seats fit, else on the waiting list
    (if the event has one), else ``RegistrationRefused``.

    A second registration with the same (normalised) email while one is
    active returns the existing one with ``created=False``: never two rows.
    ``sessions`` are Session objects or ids; the registration takes
    ``seats`` seats in the event and in every chosen session, or none.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    _check_seats(event=event, seats=seats)
    session_ids = _session_ids(sessions)
    _check_sessions(event=event, session_ids=session_ids)
    if event.is_internal and not user_is_region_staff(user):
        raise RegistrationRefused(gettext("This event is reserved for Region staff."))
    try:
        with transaction.atomic():
            event, locked_sessions = _lock(event_id=event.pk, session_ids=session_ids)
            existing = _find_duplicate(event_id=event.pk, email=email)
            if existing is not None:
                emails.registration_link(existing)
                return _result(existing, created=False)
            refusal = _window_refusal(registration_window(event=event, now=now))
            if refusal:
                raise RegistrationRefused(refusal)
            if _fits(event=event, sessions=locked_sessions, seats=seats):
                status = CONFIRMED
            elif event.waiting_list_enabled:
                status = WAITLISTED
            else:
                raise RegistrationRefused(
                    gettext("This event is full.")
                    if event.capacity is not None
                    and event_confirmed_seats(event_id=event.pk) >= event.capacity
                    else gettext("There are not enough seats left for your choice.")
                )
            registration = Registration.objects.create(
                event=event,
                email=email,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                participant_type=participant_type,
                organisation_name=organisation_name.strip(),
                organisation_type=organisation_type,
                organisation_town=organisation_town.strip(),
                territory=territory,
                seats=seats,
                companions=[name.strip() for name in companions if name.strip()],
                phone=phone.strip(),
                accessibility_needs=accessibility_needs.strip(),
                dietary_needs=dietary_needs.strip(),
                status=status,
                waitlisted_at=now if status == WAITLISTED else None,
                consent_notice_version=consent_notice_version,
                consented_at=now,
                news_opt_in=news_opt_in,
                user=user if getattr(user, "is_authenticated", False) else None,
            )
            RegistrationSession.objects.bulk_create(
                RegistrationSession(registration=registration, session_id=pk)
                for pk in session_ids
            )
            if status == CONFIRMED:
                emails.registration_confirmed(registration)
            else:
                emails.registration_waitlisted(registration)
    except IntegrityError:
        # A concurrent double submission won the race (the unique constraint
        # on active registrations): return the one it wrote.
        existing = _active_registration(event_id=event.pk, email=email)
        if existing is None:
            raise
        emails.registration_link(existing)
        return _result(existing, created=False)
    return _result(registration, created=True)


def registration_cancel(
    *, registration: Registration, now: datetime | None = None
) -> Registration:
    """Cancel at once: the seats are free now, the waiting list moves up
    after the commit. Cancelling a cancelled registration does nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock(event_id=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == CANCELLED:
            return registration
        was_confirmed = registration.status == CONFIRMED
        registration.status = CANCELLED
        registration.cancelled_at = now
        registration.calendar_sequence = F("calendar_sequence") + 1
        registration.save(
            update_fields=[
                "status",
                "cancelled_at",
                "calendar_sequence",
                "updated_at",
            ]
        )
        registration.refresh_from_db()
        emails.registration_cancelled(registration, was_confirmed=was_confirmed)
        if was_confirmed:
            _promote_after_commit(event_id=registration.event_id)
    return registration


def registration_change(
    *,
    registration: Registration,
    seats: int | None = None,
    sessions: Iterable | None = None,
) -> RegistrationResult:
    """Change the seats or sessions of an active registration.

    A confirmed registration stays confirmed only if the new choice fits
    (its own seats are not counted against it); otherwise
    ``RegistrationRefused`` and nothing changes. A waitlisted one keeps its
    place in line. Freed seats go to the waiting list after the commit.
    """
    event = registration.event
    if seats is not None:
        _check_seats(event=event, seats=seats)
    new_session_ids = None
    if sessions is not None:
        new_session_ids = _session_ids(sessions)
        _check_sessions(event=event, session_ids=new_session_ids)
    with transaction.atomic():
        old_session_ids = list(
            RegistrationSession.objects.filter(
                registration_id=registration.pk
            ).values_list("session_id", flat=True)
        )
        wanted_sessions = (
            old_session_ids if new_session_ids is None else new_session_ids
        )
        event, locked_sessions = _lock(
            event_id=registration.event_id,
            session_ids=set(old_session_ids) | set(wanted_sessions),
        )
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == CANCELLED:
            raise RegistrationRefused(gettext("This registration is cancelled."))
        new_seats = registration.seats if seats is None else seats
        seats_changed = new_seats != registration.seats
        sessions_changed = set(wanted_sessions) != set(old_session_ids)
        if not (seats_changed or sessions_changed):
            return _result(registration, created=False)
        if registration.status == CONFIRMED and not _fits(
            event=event,
            sessions=[s for s in locked_sessions if s.pk in set(wanted_sessions)],
            seats=new_seats,
            exclude_id=registration.pk,
        ):
            raise RegistrationRefused(
                gettext("There are not enough seats left for this change.")
            )
        frees_seats = new_seats < registration.seats or bool(
            set(old_session_ids) - set(wanted_sessions)
        )
        registration.seats = new_seats
        registration.calendar_sequence += 1
        registration.save(update_fields=["seats", "calendar_sequence", "updated_at"])
        if sessions_changed:
            RegistrationSession.objects.filter(registration=registration).exclude(
                session_id__in=wanted_sessions
            ).delete()
            RegistrationSession.objects.bulk_create(
                RegistrationSession(registration=registration, session_id=pk)
                for pk in set(wanted_sessions) - set(old_session_ids)
            )
        emails.registration_changed(registration)
        if frees_seats and registration.status == CONFIRMED:
            _promote_after_commit(event_id=registration.event_id)
    return _result(registration, created=False)


def waiting_list_promote(*, event: EventPage) -> list[Registration]:
    """Confirm waitlisted registrations in the order they joined, as far as
    the free seats allow; stop at the first that does not fit (strictly fair:
    nobody overtakes). Nothing moves for a cancelled or past event.

    Returns the promoted registrations; each gets its confirmation and
    invite by email.
    """
    promoted = []
    with transaction.atomic():
        session_ids = Session.objects.filter(page_id=event.pk).values_list(
            "pk", flat=True
        )
        event, sessions = _lock(event_id=event.pk, session_ids=list(session_ids))
        state = registration_window(event=event)
        if state in (WindowState.CANCELLED, WindowState.PAST):
            return promoted
        sessions_by_id = {session.pk: session for session in sessions}
        mail = None
        waiting = (
            Registration.objects.filter(event_id=event.pk, status=WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .prefetch_related("session_links")
        )
        for registration in waiting:
            chosen = [
                sessions_by_id[link.session_id]
                for link in registration.session_links.all()
            ]
            if not _fits(event=event, sessions=chosen, seats=registration.seats):
                break
            registration.status = CONFIRMED
            registration.calendar_sequence += 1
            registration.save(
                update_fields=["status", "calendar_sequence", "updated_at"]
            )
            mail = mail or emails.EventMail.for_event(event)
            emails.registration_promoted(registration, mail=mail)
            promoted.append(registration)
    return promoted


def event_capacity_changed(*, event: EventPage) -> None:
    """Seats were added to the event or one of its sessions: promote the
    waiting list after the commit. Called from EventPage.save / Session.save."""
    if event.pk:
        _promote_after_commit(event_id=event.pk)


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
        registrations = registrations.filter(status=CONFIRMED)
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
            registrations__status=CONFIRMED,
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
        status=CONFIRMED,
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


__all__ = [
    "RegistrationRefused",
    "RegistrationResult",
    "event_capacity_changed",
    "event_changes_notified",
    "normalise_email",
    "registration_cancel",
    "registration_change",
    "registration_create",
    "registrations_event_changed",
    "reminders_send_due",
    "session_changes_notified",
    "waiting_list_promote",
]
