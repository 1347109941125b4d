"""The seats of an event and of its sessions, locked and counted in plain
SQL: what every change of seats runs under its event's lock, and what the
availability shown on the form counts again after every seat taken.

SQL rather than queries built by the ORM: the registrations of an event take
its lock one after another, so what they spend under it adds up in a row
during a rush, and building these queries with the ORM cost 0.4 to 1.4 ms of
CPU each, several times what PostgreSQL spends running them (measured with
bench/registration_rush.py). The SQL is plain enough for both PostgreSQL and
SQLite; SQLite has no row locks, and serialises writing transactions instead
(``transaction_mode`` IMMEDIATE).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from events.models import EventPage, Session
from events.registrations.choices import RegistrationStatus

_SELECT_RULE_FIELDS = """
    SELECT event.page_ptr_id, page.live, event.capacity,
           event.waiting_list_enabled, event.registration_required,
           event.registration_opens_at, event.registration_closes_at,
           event.starts_at, event.status
    FROM events_eventpage AS event
    INNER JOIN wagtailcore_page AS page ON page.id = event.page_ptr_id
    WHERE event.page_ptr_id = %s
"""

_SELECT_SESSIONS = """
    SELECT * FROM events_session WHERE id IN ({ids}) ORDER BY id
"""

_COUNT_SESSIONS_SEATS = """
    SELECT link.session_id, SUM(registration.seats)
    FROM registrations_registrationsession AS link
    INNER JOIN registrations_registration AS registration
        ON registration.id = link.registration_id
    WHERE link.session_id IN ({ids}) AND registration.status = %s
        AND registration.id <> %s
    GROUP BY link.session_id
"""

_COUNT_EVENT_SEATS = """
    SELECT COALESCE(SUM(seats), 0) FROM registrations_registration
    WHERE event_id = %s AND status = %s AND id <> %s
"""

_COUNT_SEATS_AND_LINE = """
    SELECT COALESCE(SUM(CASE WHEN status = %s THEN seats END), 0),
           COUNT(CASE WHEN status = %s AND waitlisted_at <= %s THEN 1 END)
    FROM registrations_registration
    WHERE event_id = %s AND status IN (%s, %s)
"""


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


@dataclass(frozen=True)
class LockedEvent:
    """What the registration rules read of an event (``registration_window``,
    ``_fits``), as it is under its lock, in the order of _SELECT_RULE_FIELDS;
    the page's other fields are the caller's."""

    pk: int
    live: bool
    capacity: int | None
    waiting_list_enabled: bool
    registration_required: bool
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    starts_at: datetime
    status: str


def lock_event(*, event_id: int) -> LockedEvent:
    """Lock the event's row until the transaction ends, and read what the
    rules need of it. Every writer of seats locks the event first."""
    sql = _SELECT_RULE_FIELDS
    if connection.features.has_select_for_update_of:
        sql += " FOR UPDATE OF event"
    with connection.cursor() as cursor:
        cursor.execute(sql, [event_id])
        row = cursor.fetchone()
    if row is None:
        raise EventPage.DoesNotExist
    # In the order of the fields of LockedEvent.
    return LockedEvent(*(_aware(value) for value in row))


def _aware(value):
    """PostgreSQL gives aware datetimes; SQLite gives them naive, in the
    connection's time zone (as Django's own converters read them)."""
    if isinstance(value, datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, connection.timezone)
    return value


def event_confirmed_seats(*, event_id: int, exclude_id: int | None = None) -> int:
    """The event's confirmed seats, without those of registration
    ``exclude_id``."""
    with connection.cursor() as cursor:
        cursor.execute(
            _COUNT_EVENT_SEATS,
            [event_id, RegistrationStatus.CONFIRMED, exclude_id or 0],
        )
        return cursor.fetchone()[0]


def confirmed_seats_and_line(*, event_id: int, now: datetime) -> tuple[int, int]:
    """The event's confirmed seats, and how many people joined its waiting
    list at or before ``now`` (whoever joins now is behind them)."""
    confirmed, waitlisted = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED
    parameters = [
        confirmed,
        waitlisted,
        connection.ops.adapt_datetimefield_value(now),
        event_id,
        confirmed,
        waitlisted,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_SEATS_AND_LINE, parameters)
        seats, waiting = cursor.fetchone()
    return seats, waiting


def lock_sessions(*, session_ids: Iterable[int]) -> list[Session]:
    """After ``lock_event``: lock the sessions' rows, in id order; return
    them as they are now."""
    session_ids = list(session_ids)
    if not session_ids:
        return []
    sql = _SELECT_SESSIONS.format(ids=_placeholders(session_ids))
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    return list(Session.objects.raw(sql, session_ids))


def sessions_confirmed_seats(
    *, session_ids: Iterable[int], exclude_id: int | None = None
) -> dict[int, int]:
    """Confirmed seats per session id (sessions without any are left out),
    without those of registration ``exclude_id``."""
    session_ids = list(session_ids)
    if not session_ids:
        return {}
    sql = _COUNT_SESSIONS_SEATS.format(ids=_placeholders(session_ids))
    parameters = [*session_ids, RegistrationStatus.CONFIRMED, exclude_id or 0]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return dict(cursor.fetchall())
