"""Writes on events that are not plain editing: calendar sequence, cancellation.

Calendars update an event they already hold when its SEQUENCE goes up
(RFC 5545 §3.8.7.4): it must rise whenever the date, time, place or status
changes, and only then.
"""

import hashlib
from typing import TYPE_CHECKING

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from wagtail.log_actions import log

if TYPE_CHECKING:  # events.models imports this module
    from events.models import EventPage


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


STATUS_CHANGE_LOG_ACTION = "events.change_status"
STATUS_EXPLANATION_MAX_LENGTH = 300


def _status_change_errors(*, status: str, explanation: str) -> dict[str, str]:
    from events.models import EventStatus

    if status not in EventStatus.values:
        return {"status": gettext("Choose a status from the list.")}
    if status != EventStatus.SCHEDULED and not explanation:
        return {
            "explanation": gettext(
                "Tell the public why the event is postponed or cancelled."
            )
        }
    if len(explanation) > STATUS_EXPLANATION_MAX_LENGTH:
        return {
            "explanation": gettext(
                "The explanation must be %(limit)d characters or fewer."
            )
            % {"limit": STATUS_EXPLANATION_MAX_LENGTH}
        }
    return {}


@transaction.atomic
def event_change_status(
    *, event: "EventPage", status: str, explanation: str, user: AbstractBaseUser
) -> "EventPage":
    """Postpone, cancel or reschedule a published event, and publish that at once.

    The live content gets the new status and explanation and is published as
    ``user``: the calendar SEQUENCE goes up (``EventPage.save``), the history
    says who did it, and the public page, feeds and API show it. A draft
    waiting for review keeps its edits and gets the new status too, so that
    publishing it later does not undo the change.
    """
    from events.models import EventPage

    explanation = " ".join((explanation or "").split())
    errors = _status_change_errors(status=status, explanation=explanation)
    if errors:
        raise ValidationError(errors)
    live = EventPage.objects.get(pk=event.pk)
    if not live.live:
        raise ValidationError(
            gettext("Only a published event can be postponed or cancelled here.")
        )
    draft = None
    if live.has_unpublished_changes:
        draft = live.get_latest_revision_as_object()
    previous_status = live.status
    live.status, live.status_explanation = status, explanation
    live.save_revision(user=user, log_action=True).publish(user=user)
    log(
        instance=live,
        action=STATUS_CHANGE_LOG_ACTION,
        user=user,
        data={
            "previous_status": previous_status,
            "status": status,
            "explanation": explanation,
        },
    )
    if draft is not None:
        draft.status, draft.status_explanation = status, explanation
        draft.save_revision(user=user, clean=False)
    return EventPage.objects.get(pk=event.pk)
