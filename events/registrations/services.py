"""Every write of a registration: create, change, cancel, waiting-list promotion.

Capacity holds under concurrency as in pretix: inside one transaction, lock
what is consumed (the event row, then the chosen sessions' rows in pk order,
so that two writers never wait on each other crosswise), re-count the
confirmed seats, then write. A registration that joins the waiting list
consumes no seat: its sessions are checked before the lock and not locked, so
that a rush, once the seats are gone, holds the event's lock briefly. On
PostgreSQL the locks are ``SELECT … FOR UPDATE``; on SQLite
``select_for_update`` does nothing but every transaction starts with ``BEGIN
IMMEDIATE`` (see the settings), so writers are serialised.

Seats freed by a cancellation, a smaller registration or a capacity increase
go to the waiting list in a background task enqueued after the commit.

Every change the person must hear of enqueues, inside the same transaction,
the task that renders its email (``emails.py``, with the calendar invite) and
records it in the outbox. Changes the organisers make to
an event, and reminders, are in ``notifications.py``.

Organisers act from the admin through the same services, passing
``organiser`` (the user): they may register someone by hand outside the
public window and for internal events, change, cancel, confirm someone from
the waiting list out of turn and send an invite again, never for a past or
cancelled event; each such action is written to Wagtail's audit log with
them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log

from events.models import EventPage, Session
from events.registrations import emails
from events.registrations.choices import (
    ACTIVE_STATUSES,
    ParticipantType,
    RegistrationStatus,
    WindowState,
)
from events.registrations.models import Registration, RegistrationSession
from events.registrations.seats import (
    LockedEvent,
    confirmed_seats_and_line,
    event_confirmed_seats,
    lock_event,
    lock_sessions,
    sessions_confirmed_seats,
)
from events.registrations.selectors import (
    registration_window,
    waiting_list_position,
)
from events.visibility import user_is_region_staff
from news.subscriptions.services import subscription_from_registration

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
CANCELLED = RegistrationStatus.CANCELLED

# Wagtail audit-log actions of the organisers' actions on a registration
# (labels registered in organisers.wagtail_hooks).
REGISTERED_BY_ORGANISER = "registrations.registered_by_organiser"
CHANGED_BY_ORGANISER = "registrations.changed_by_organiser"
CANCELLED_BY_ORGANISER = "registrations.cancelled_by_organiser"
PROMOTED_BY_ORGANISER = "registrations.promoted_by_organiser"
INVITE_RESENT = "registrations.invite_resent"
# Where organisers may no longer act, whatever the public window says.
ORGANISER_REFUSED_WINDOWS = (
    WindowState.NOT_REQUIRED,
    WindowState.CANCELLED,
    WindowState.PAST,
)


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


def organiser_window_refusal(
    *, event: EventPage, now: datetime | None = None
) -> str | None:
    """Why organisers may not register someone for ``event`` (nor change,
    cancel, promote or send an invite again) now, or None: a past or
    cancelled event, or one without registration. A window not open yet or
    already closed does not stop them."""
    state = registration_window(event=event, now=now)
    return _window_refusal(state) if state in ORGANISER_REFUSED_WINDOWS else None


def _refuse_for_organiser(*, event: EventPage, now: datetime | None = None) -> None:
    refusal = organiser_window_refusal(event=event, now=now)
    if refusal:
        raise RegistrationRefused(refusal)


def _log(registration: Registration, action: str, organiser, **data) -> None:
    """Write an organiser's action to Wagtail's audit log (nothing for the
    person's own actions)."""
    if organiser is not None:
        log(registration, action, user=organiser, data=data)


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


def _given_sessions(sessions: list, session_ids: list[int]) -> list[Session]:
    """The chosen sessions as the caller gave them (the form gives those it
    showed), read from the database if given as ids. Enough for the checks
    made before the lock: seats are only taken in sessions checked again
    once locked."""
    if all(isinstance(session, Session) for session in sessions):
        return sessions
    return list(Session.objects.filter(pk__in=session_ids))


def _check_sessions(
    *, event: EventPage, session_ids: list[int], sessions: list[Session]
) -> None:
    """The chosen sessions (found among ``sessions``) belong to the event, at
    most one per time slot."""
    chosen = [session for session in sessions if session.pk in session_ids]
    if len(chosen) != len(session_ids) or any(
        session.page_id != event.pk for session in chosen
    ):
        raise ValidationError(
            {"sessions": gettext("Choose sessions of this event only.")}
        )
    slots = [session.starts_at for session in chosen]
    if len(set(slots)) != len(slots):
        raise ValidationError(
            {"sessions": gettext("Choose at most one session per time slot.")}
        )


def _lock(*, event_id: int, session_ids: Iterable[int] = ()) -> tuple:
    """Lock the event row, then the sessions' rows in pk order; return them
    fresh from the database (capacities as they are now). Of the event, only
    the fields the rules read are loaded (``seats.lock_event``): use the
    caller's page for anything else."""
    event = lock_event(event_id=event_id)
    return event, lock_sessions(session_ids=session_ids)


def _fits(
    *,
    event: LockedEvent,
    sessions: list[Session],
    seats: int,
    exclude_id: int | None = None,
    event_taken: int | None = None,
) -> bool:
    """Whether ``seats`` more confirmed seats fit the event and every session
    (all or nothing). Call with the rows locked; ``event_taken``: the event's
    confirmed seats, if the caller counted them under the lock already."""
    if event.capacity is not None:
        if event_taken is None:
            event_taken = event_confirmed_seats(
                event_id=event.pk, exclude_id=exclude_id
            )
        if event_taken + seats > event.capacity:
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


def _result(
    registration: Registration, *, created: bool, position: int | None = None
) -> RegistrationResult:
    """``position`` in the waiting list, if the caller knows it already."""
    if position is None:
        position = waiting_list_position(registration=registration)
    return RegistrationResult(
        registration=registration,
        created=created,
        status=registration.status,
        waiting_list_position=position,
    )


def _already_registered(existing: Registration, *, organiser) -> RegistrationResult:
    """A second registration with the same email: the person gets their link
    again (an organiser is shown the registration instead)."""
    if organiser is None:
        _email("registration_link", existing)
    return _result(existing, created=False)


def _email(kind: str, registration: Registration, **options) -> None:
    """Have the email rendered and recorded by a task, not in the request.

    Enqueued inside the caller's transaction: with the database task backend
    the task row commits, or rolls back, with the registration it is about.
    """
    from events.registrations.tasks import registration_email_task

    registration_email_task.enqueue(kind, registration.pk, options)


def _alert_organisers_after_commit(
    *, event_id: int, capacity: int | None = None, confirmed_seats: int | None = None
) -> None:
    """Seats were taken: the organisers may have a capacity alert due. When
    the caller counted the event's ``confirmed_seats`` (with ``capacity``),
    the task is enqueued only if one can be due. A failure to enqueue it is
    logged, never the registration's failure."""
    from organisers.alerts import alert_may_be_due
    from organisers.tasks import capacity_alerts_task

    if confirmed_seats is not None and not alert_may_be_due(
        capacity=capacity, confirmed_seats=confirmed_seats
    ):
        return
    transaction.on_commit(lambda: capacity_alerts_task.enqueue(event_id), robust=True)


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
    organiser=None,
    now: datetime | None = None,
) -> RegistrationResult:
    """Register someone: confirmed if the seats fit, else on the waiting list
    (if the event has one), else ``RegistrationRefused``.

    A second registration with the same (normalised) email while one is
    active returns the existing one with ``created=False``: never two rows.
    The unique constraint on active registrations finds it, which spares
    every first registration a query under the lock; a refusal looks for it
    first, so that the person hears of their registration rather than of
    the refusal.
    ``sessions`` are Session objects (as the form showed them: the checks
    before the lock trust them) or ids; the registration takes ``seats``
    seats in the event and in every chosen session, or none.

    ``organiser``: the organiser who registers the person by hand (someone
    who phoned). The registration window and the restriction of internal
    events do not apply, a past or cancelled event still refuses; capacity
    is the same. A duplicate sends the person nothing (the organiser is
    shown the existing registration), and the registration is logged.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    _check_seats(event=event, seats=seats)
    sessions = list(sessions)
    session_ids = _session_ids(sessions)
    if organiser is None and event.is_internal and not user_is_region_staff(user):
        raise RegistrationRefused(gettext("This event is reserved for Region staff."))
    # Checked before the lock, which only a confirmation needs on the
    # sessions: joining the waiting list takes no seat in them.
    _check_sessions(
        event=event,
        session_ids=session_ids,
        sessions=_given_sessions(sessions, session_ids),
    )
    try:
        with transaction.atomic():
            locked_event = lock_event(event_id=event.pk)
            placement = _place_for(
                event=locked_event,
                session_ids=session_ids,
                seats=seats,
                by_organiser=organiser is not None,
                now=now,
            )
            status = placement.status
            if placement.refusal:
                existing = _active_registration(event_id=event.pk, email=email)
                if existing is None:
                    raise RegistrationRefused(placement.refusal)
                return _already_registered(existing, organiser=organiser)
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
            subscription_from_registration(registration)
            RegistrationSession.objects.bulk_create(
                RegistrationSession(registration=registration, session_id=pk)
                for pk in session_ids
            )
            if status == CONFIRMED:
                _email("registration_confirmed", registration)
                _alert_organisers_after_commit(
                    event_id=event.pk,
                    capacity=locked_event.capacity,
                    confirmed_seats=placement.confirmed_seats + seats,
                )
            else:
                _email("registration_waitlisted", registration)
            _log(registration, REGISTERED_BY_ORGANISER, organiser, status=status)
    except IntegrityError:
        # Already registered (the unique constraint on active registrations),
        # or a concurrent double submission won the race: return that one.
        existing = _active_registration(event_id=event.pk, email=email)
        if existing is None:
            raise
        return _already_registered(existing, organiser=organiser)
    return _result(registration, created=True, position=placement.waiting_list_position)


class Placement(NamedTuple):
    """Where a new registration goes (``status``), or why it is refused."""

    status: str | None
    waiting_list_position: int | None = None
    refusal: str | None = None
    # The event's confirmed seats before it (None if refused by the window).
    confirmed_seats: int | None = None


def _place_for(
    *,
    event: LockedEvent,
    session_ids: list[int],
    seats: int,
    by_organiser: bool,
    now: datetime,
) -> Placement:
    """Where a new registration goes, with the event locked. The chosen
    sessions are locked only if the event has the seats."""
    if by_organiser:
        refusal = organiser_window_refusal(event=event, now=now)
    else:
        refusal = _window_refusal(registration_window(event=event, now=now))
    if refusal:
        return Placement(None, refusal=refusal)
    taken, waiting = confirmed_seats_and_line(event_id=event.pk, now=now)
    if event.capacity is None or taken + seats <= event.capacity:
        sessions = lock_sessions(session_ids=session_ids)
        _check_sessions(event=event, session_ids=session_ids, sessions=sessions)
        if _fits(event=event, sessions=sessions, seats=seats, event_taken=taken):
            return Placement(CONFIRMED, confirmed_seats=taken)
    if event.waiting_list_enabled:
        return Placement(WAITLISTED, waiting + 1, confirmed_seats=taken)
    if event.capacity is not None and taken >= event.capacity:
        refusal = gettext("This event is full.")
    else:
        refusal = gettext("There are not enough seats left for your choice.")
    return Placement(None, refusal=refusal, confirmed_seats=taken)


def registration_cancel(
    *, registration: Registration, organiser=None, now: datetime | None = None
) -> Registration:
    """Cancel at once: the seats are free now, the waiting list moves up
    after the commit. Cancelling a cancelled registration does nothing.

    ``organiser``: cancelled from the admin by this organiser (logged);
    refused for a past or cancelled event."""
    now = now or timezone.now()
    with transaction.atomic():
        event, _sessions = _lock(event_id=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == CANCELLED:
            return registration
        if organiser is not None:
            _refuse_for_organiser(event=event, now=now)
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
        _email("registration_cancelled", registration, was_confirmed=was_confirmed)
        _log(
            registration,
            CANCELLED_BY_ORGANISER,
            organiser,
            was_confirmed=was_confirmed,
        )
        if was_confirmed:
            _promote_after_commit(event_id=registration.event_id)
    return registration


def registration_change(
    *,
    registration: Registration,
    seats: int | None = None,
    sessions: Iterable | None = None,
    organiser=None,
) -> RegistrationResult:
    """Change the seats or sessions of an active registration.

    A confirmed registration stays confirmed only if the new choice fits
    (its own seats are not counted against it); otherwise
    ``RegistrationRefused`` and nothing changes. A waitlisted one keeps its
    place in line. Freed seats go to the waiting list after the commit.

    ``organiser``: changed from the admin by this organiser (logged, with
    the seats and sessions before and after); refused for a past or
    cancelled event.
    """
    event = registration.event
    if seats is not None:
        _check_seats(event=event, seats=seats)
    new_session_ids = None if sessions is None else _session_ids(sessions)
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
        if new_session_ids is not None:
            _check_sessions(
                event=event, session_ids=new_session_ids, sessions=locked_sessions
            )
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == CANCELLED:
            raise RegistrationRefused(gettext("This registration is cancelled."))
        if organiser is not None:
            _refuse_for_organiser(event=event)
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
        seats_before = registration.seats
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
        _email("registration_changed", registration)
        _log(
            registration,
            CHANGED_BY_ORGANISER,
            organiser,
            seats=[seats_before, new_seats],
            sessions=[
                _session_titles(locked_sessions, old_session_ids),
                _session_titles(locked_sessions, wanted_sessions),
            ],
        )
        if new_seats > seats_before and registration.status == CONFIRMED:
            _alert_organisers_after_commit(event_id=registration.event_id)
        if frees_seats and registration.status == CONFIRMED:
            _promote_after_commit(event_id=registration.event_id)
    return _result(registration, created=False)


def _session_titles(sessions: list[Session], ids: Iterable[int]) -> list[str]:
    ids = set(ids)
    return [session.title for session in sessions if session.pk in ids]


def registration_promote(
    *, registration: Registration, organiser=None, now: datetime | None = None
) -> Registration:
    """Confirm one waitlisted registration now, whoever is ahead of it in
    line (the organisers' decision), if its seats fit the event and its
    sessions; else ``RegistrationRefused``. The person gets the promotion
    email with the invite. Refused for a past or cancelled event."""
    with transaction.atomic():
        session_ids = RegistrationSession.objects.filter(
            registration_id=registration.pk
        ).values_list("session_id", flat=True)
        event, sessions = _lock(
            event_id=registration.event_id, session_ids=list(session_ids)
        )
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != WAITLISTED:
            raise RegistrationRefused(
                gettext("This registration is not on the waiting list.")
            )
        _refuse_for_organiser(event=event, now=now)
        if not _fits(event=event, sessions=sessions, seats=registration.seats):
            raise RegistrationRefused(
                gettext(
                    "There are not enough seats left for this registration: "
                    "raise the capacity first."
                )
            )
        registration.status = CONFIRMED
        registration.calendar_sequence += 1
        registration.save(update_fields=["status", "calendar_sequence", "updated_at"])
        _email("registration_promoted", registration)
        _alert_organisers_after_commit(event_id=event.pk)
        _log(registration, PROMOTED_BY_ORGANISER, organiser)
    return registration


def registration_resend_invite(
    *, registration: Registration, organiser=None, now: datetime | None = None
) -> Registration:
    """Send the confirmation with the current invite again (the person lost
    it): the same UID and SEQUENCE, so calendars keep one event. Confirmed
    registrations of an event to come only; else ``RegistrationRefused``."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=registration.pk)
        )
        if registration.status != CONFIRMED:
            raise RegistrationRefused(
                gettext("Only a confirmed registration has an invite to send.")
            )
        _refuse_for_organiser(event=registration.event, now=now)
        _email("registration_confirmed", registration)
        _log(registration, INVITE_RESENT, organiser)
    return registration


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
        locked_event, sessions = _lock(event_id=event.pk, session_ids=list(session_ids))
        state = registration_window(event=locked_event)
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
            if not _fits(event=locked_event, sessions=chosen, seats=registration.seats):
                break
            registration.status = CONFIRMED
            registration.calendar_sequence += 1
            registration.save(
                update_fields=["status", "calendar_sequence", "updated_at"]
            )
            mail = mail or emails.EventMail.for_event(event)
            emails.registration_promoted(registration, mail=mail)
            promoted.append(registration)
        if promoted:
            _alert_organisers_after_commit(event_id=event.pk)
    return promoted


def registrations_attach_to_user(*, user, email: str) -> int:
    """Give ``user`` the guest registrations made with ``email`` (call it for
    an address the user has verified only: its mailbox already holds their
    management links). Registrations of another account stay with it."""
    email = normalise_email(email)
    if not email or user is None or not user.pk:
        return 0
    return Registration.objects.filter(
        email=email, user__isnull=True, anonymised_at__isnull=True
    ).update(user=user, updated_at=timezone.now())


def event_capacity_changed(*, event: EventPage) -> None:
    """Seats were added to the event or one of its sessions: promote the
    waiting list after the commit. Called from EventPage.save / Session.save."""
    if event.pk:
        _promote_after_commit(event_id=event.pk)


__all__ = [
    "RegistrationRefused",
    "RegistrationResult",
    "event_capacity_changed",
    "normalise_email",
    "organiser_window_refusal",
    "registration_cancel",
    "registration_change",
    "registration_create",
    "registration_promote",
    "registration_resend_invite",
    "registrations_attach_to_user",
    "waiting_list_promote",
]
