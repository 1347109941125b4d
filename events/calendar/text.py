"""The plain text of VEVENTs: summary line, location, description.

Calendars show plain text only. The online meeting link is never written here:
public feeds get shared, the link goes to registrants by email.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from events.models import AttendanceMode, EventStatus

PLACE = gettext_noop("Place: %(text)s")
ACCESS = gettext_noop("Access: %(text)s")
REDUCED_MOBILITY = gettext_noop("Reduced mobility access: %(text)s")
PUBLIC_TRANSPORT = gettext_noop("Public transport: %(text)s")
STATUS_NOTICES = {
    EventStatus.POSTPONED: gettext_noop("This event is postponed."),
    EventStatus.CANCELLED: gettext_noop("This event is cancelled."),
}


def event_summary(event, title: str = "") -> str:
    """The title, prefixed when postponed or cancelled: not every calendar
    shows STATUS."""
    title = title or event.title
    if event.status == EventStatus.CANCELLED:
        return _("Cancelled: %(title)s") % {"title": title}
    if event.status == EventStatus.POSTPONED:
        return _("Postponed: %(title)s") % {"title": title}
    return title


def location(event, within: str = "") -> str:
    """Venue name and address on one line, "Online", or both for hybrid events;
    ``within`` is a place inside the venue (a session's room)."""
    if event.attendance_mode == AttendanceMode.ONLINE:
        return _("Online")
    lines = [within] if within else []
    if event.venue is not None:
        lines += event.venue.address_lines
    place = ", ".join(line for line in lines if line)
    if event.attendance_mode == AttendanceMode.HYBRID:
        return _("%(place)s (also online)") % {"place": place} if place else _("Online")
    return place


def event_description(event, url: str) -> str:
    """Summary, status notice, practical information, then the event's URL."""
    return _paragraphs(
        event.summary,
        "\n".join(status_lines(event)),
        "\n".join(practical_lines(event)),
        _more(url),
    )


def session_description(session, event, url: str) -> str:
    return _paragraphs(
        session.description,
        _("Part of the event “%(event)s”.") % {"event": event.title},
        "\n".join(status_lines(event)),
        "\n".join(practical_lines(event)),
        _more(url),
    )


def status_lines(event) -> list[str]:
    """The notice of a postponed or cancelled event and its explanation."""
    notice = STATUS_NOTICES.get(event.status)
    if notice is None:
        return []
    return [line for line in (_(notice), event.status_explanation) if line]


def practical_lines(event) -> list[str]:
    """Where, how to get there, how to join: one labelled line each."""
    lines = []
    venue = event.venue
    if venue is not None and event.attendance_mode != AttendanceMode.ONLINE:
        labelled = [
            (PLACE, ", ".join(venue.address_lines)),
            (ACCESS, venue.access_information),
            (REDUCED_MOBILITY, venue.reduced_mobility_information),
            (PUBLIC_TRANSPORT, venue.public_transport),
        ]
        # Translated only when there is something to say: feeds hold 1,000 events.
        lines += [_(label) % {"text": value} for label, value in labelled if value]
    if event.attendance_mode != AttendanceMode.IN_PERSON:
        lines.append(_("Online: the link is sent to registered participants."))
    return lines


def _more(url: str) -> str:
    return _("More information: %(url)s") % {"url": url} if url else ""


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())
