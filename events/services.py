"""Writes on events that are not plain editing: calendar sequence, cancellation.

Calendars update an event they already hold when its SEQUENCE goes up
(RFC 5545 §3.8.7.4): it must rise whenever the date, time, place or status
changes, and only then.
"""

import hashlib

from django.db import models


def _fingerprint(*values) -> str:
    return hashlib.sha256("|".join(str(value) for value in values).encode()).hexdigest()


def _instant(moment) -> str:
    """A datetime as a POSIX timestamp, whatever time zone it is expressed in."""
    return str(moment.timestamp()) if moment else ""


def _refresh_sequence(instance: models.Model, fingerprint: str) -> None:
    """Set the instance's sequence from the stored row, one higher if it changed."""
    stored = None
    if instance.pk:
        stored = (
            type(instance)
            ._default_manager.filter(pk=instance.pk)
            .values_list("calendar_sequence", "calendar_fingerprint")
            .first()
        )
    if stored is not None:
        sequence, previous_fingerprint = stored
        changed = bool(previous_fingerprint) and previous_fingerprint != fingerprint
        instance.calendar_sequence = sequence + 1 if changed else sequence
    instance.calendar_fingerprint = fingerprint


def event_refresh_calendar_sequence(*, event) -> None:
    """Called before an event is saved."""
    _refresh_sequence(
        event,
        _fingerprint(
            _instant(event.starts_at),
            _instant(event.ends_at),
            event.venue_id,
            event.attendance_mode,
            event.status,
        ),
    )


def session_refresh_calendar_sequence(*, session) -> None:
    """Called before a session is saved."""
    _refresh_sequence(
        session,
        _fingerprint(
            _instant(session.starts_at),
            _instant(session.ends_at),
            session.location,
            session.page.status if session.page_id else "",
        ),
    )
