"""Reads: where an event stands for registration, seats left, waiting list.

``event_availability`` runs two queries whatever the number of sessions or
registrations (the event's confirmed seats, its sessions'), the sessions
being kept in the content cache.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.models import EventPage, EventStatus, Session
from events.registrations.choices import Attendance, RegistrationStatus, WindowState
from events.registrations.models import Registration, RegistrationSession
from events.registrations.seats import (
    event_confirmed_seats,
    sessions_confirmed_seats,
)
from home.content_cache import content_key, lifetime_until, remember
from home.page_cache import depend_on_version

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED


def registration_window(*, event: EventPage, now: datetime | None = None) -> str:
    """The state of the registration window, without looking at the seats
    (``open`` may still be full: see ``event_availability``)."""
    now = now or timezone.now()
    if not event.registration_required:
        return WindowState.NOT_REQUIRED
    if event.status == EventStatus.CANCELLED:
        return WindowState.CANCELLED
    if event.starts_at <= now:
        return WindowState.PAST
    if event.status == EventStatus.POSTPONED:
        return WindowState.POSTPONED
    if not event.live:
        return WindowState.CLOSED
    if event.registration_opens_at and now < event.registration_opens_at:
        return WindowState.NOT_OPEN_YET
    if event.registration_closes_at and now >= event.registration_closes_at:
        return WindowState.CLOSED
    return WindowState.OPEN


def registration_can_change(registration, *, now: datetime | None = None) -> bool:
    """Seats and sessions of an active registration change while its event's
    registration window is open (full or not: the service checks the seats)."""
    return (
        registration.is_active
        and registration_window(event=registration.event, now=now) == WindowState.OPEN
    )


def registration_can_cancel(registration, *, now: datetime | None = None) -> bool:
    """An active registration is cancelled until its event starts."""
    now = now or timezone.now()
    return registration.is_active and registration.event.starts_at > now


def seats_left(capacity: int | None, taken: int) -> int | None:
    """Seats left, never negative; None when there is no limit."""
    return None if capacity is None else max(capacity - taken, 0)


def events_with_seats_left(events, *, now: datetime | None = None):
    """The events of ``events`` open for registration now with seats left
    (one subquery: the confirmed seats of each event)."""
    now = now or timezone.now()
    confirmed = (
        Registration.objects.filter(event=OuterRef("pk"), status=CONFIRMED)
        .values("event")
        .annotate(total=Sum("seats"))
        .values("total")
    )
    return (
        events.filter(
            registration_required=True,
            status=EventStatus.SCHEDULED,
            live=True,
            starts_at__gt=now,
        )
        .filter(
            Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now)
        )
        .filter(
            Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now)
        )
        .annotate(confirmed_seats=Coalesce(Subquery(confirmed), 0))
        .filter(Q(capacity__isnull=True) | Q(capacity__gt=F("confirmed_seats")))
    )


def waiting_list_length(*, event: EventPage) -> int:
    return Registration.objects.filter(event_id=event.pk, status=WAITLISTED).count()


def waiting_list_position(*, registration: Registration) -> int | None:
    """1 for the first in line; None when not on the waiting list."""
    if registration.status != WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=WAITLISTED
    ).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


@dataclass(frozen=True)
class SessionAvailability:
    session: Session
    capacity: int | None
    confirmed_seats: int
    seats_left: int | None

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0


@dataclass(frozen=True)
class Availability:
    state: str
    capacity: int | None
    confirmed_seats: int
    seats_left: int | None
    sessions: list[SessionAvailability] = field(default_factory=list)

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0

    @property
    def is_open(self) -> bool:
        return self.state in (WindowState.OPEN, WindowState.FULL_WAITING_LIST)


def event_availability(
    event: EventPage, *, now: datetime | None = None
) -> Availability:
    """Seats left for the event and per session, and the registration state.

    Two queries (the event's confirmed seats, the sessions'), the sessions
    themselves being read from the content cache. The event counts as full
    when its own capacity is reached; a full session only closes that
    session (the form offers the others).
    """
    confirmed = event_confirmed_seats(event_id=event.pk)
    sessions = _event_sessions(event)
    taken = sessions_confirmed_seats(session_ids=[session.pk for session in sessions])
    session_rows = [
        SessionAvailability(
            session=session,
            capacity=session.capacity,
            confirmed_seats=taken.get(session.pk, 0),
            seats_left=seats_left(session.capacity, taken.get(session.pk, 0)),
        )
        for session in sessions
    ]
    left = seats_left(event.capacity, confirmed)
    state = registration_window(event=event, now=now)
    if state == WindowState.OPEN and left == 0:
        state = (
            WindowState.FULL_WAITING_LIST
            if event.waiting_list_enabled
            else WindowState.FULL
        )
    return Availability(
        state=state,
        capacity=event.capacity,
        confirmed_seats=confirmed,
        seats_left=left,
        sessions=session_rows,
    )


def _event_sessions(event: EventPage) -> list[Session]:
    """The event's saved sessions in time order, kept until the content
    changes (publishing the event saves its sessions)."""
    if not event.pk:
        return []
    return remember(
        f"event-sessions:{event.pk}",
        lambda: list(
            Session.objects.filter(page_id=event.pk).order_by(
                "starts_at", "sort_order", "pk"
            )
        ),
    )


def next_registration_change(event: EventPage) -> datetime | None:
    """When the event's registration state changes by itself: registration
    opens, closes, the event starts or ends."""
    now = timezone.now()
    moments = (
        event.registration_opens_at,
        event.registration_closes_at,
        event.starts_at,
        event.ends_at,
    )
    return min((moment for moment in moments if moment and moment > now), default=None)


def cached_event_availability(event: EventPage) -> Availability:
    """``event_availability`` of a published event, kept until its confirmed
    seats or the content change, and no later than its next change of
    state. The page being rendered depends on the same
    (``home.page_cache.depends_on``)."""
    until = next_registration_change(event)
    # The version is read before the counts: a registration committed
    # meanwhile makes what is stored here unreachable.
    version = depend_on_version(f"event:{event.pk}", valid_until=until)
    key = content_key(f"availability:{event.pk}:{version}")
    availability = cache.get(key)
    if availability is None:
        availability = event_availability(event)
        lifetime = lifetime_until(until.timestamp() if until else None)
        if lifetime > 0:
            cache.set(key, availability, lifetime)
    return availability


@dataclass(frozen=True)
class CheckedInCounts:
    event: int
    sessions: dict[int, int]  # session id → registrations checked in


def event_checked_in_counts(*, event: EventPage) -> CheckedInCounts:
    """Confirmed registrations marked present, for the event and per
    session (as the check-in list counts them). Two queries."""
    present = Registration.objects.filter(
        event_id=event.pk, status=CONFIRMED, attendance=Attendance.PRESENT
    )
    per_session = (
        RegistrationSession.objects.filter(registration__in=present)
        .values_list("session_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return CheckedInCounts(event=present.count(), sessions=dict(per_session))
