"""iCalendar (RFC 5545) for the whole portal: public feeds, invites, private feeds.

- ``vtimezone(tzid)``: a VTIMEZONE with yearly RRULEs (timezones.py);
- ``CalendarContext``: organiser, UID domain, zone and DTSTAMP shared by the
  VEVENTs of one calendar (context.py);
- ``event_vevent``, ``session_vevent``, ``calendar``: the components, and
  ``serialize`` (a faster ``to_ical()``) (builders.py);
- text.py: their plain-text SUMMARY, LOCATION and DESCRIPTION.
"""

from events.calendar.builders import (
    calendar,
    event_vevent,
    serialize,
    session_vevent,
)
from events.calendar.context import CalendarContext
from events.calendar.timezones import UnsupportedTimeZone, vtimezone

__all__ = [
    "CalendarContext",
    "UnsupportedTimeZone",
    "calendar",
    "event_vevent",
    "serialize",
    "session_vevent",
    "vtimezone",
]
