from .choices import AttendanceMode, Audience, EventStatus, SessionKind
from .pages import EventIndexPage, EventPage, Session
from .reference import EventKind, Venue

__all__ = [
    "AttendanceMode",
    "Audience",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "EventStatus",
    "Session",
    "SessionKind",
    "Venue",
]
