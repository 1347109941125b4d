"""The calendar invite of a registration (iTIP, RFC 5546): METHOD REQUEST or CANCEL.

One VEVENT per registration, built from the event's own VEVENT, under the
registration's UID and SEQUENCE, so that every update or cancellation replaces
the same entry in the person's calendar. Calendars get shared: the invite never
holds the management link nor the online meeting link (the email body does).
"""

from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Alarm, vCalAddress, vInt, vText

from events.calendar import CalendarContext, calendar, event_vevent, serialize
from events.calendar import text as calendar_text
from events.dates import dates_in_words
from home.models import PortalSettings

REQUEST = "REQUEST"
CANCEL = "CANCEL"
ALARM_BEFORE = timedelta(days=1)


@contextmanager
def site_locale():
    """The site's language and time zone, whatever a request activated: emails
    and invites are built by tasks too, which have no request."""
    with (
        translation.override(settings.LANGUAGE_CODE),
        timezone.override(settings.TIME_ZONE),
    ):
        yield


def invite_context(site) -> CalendarContext:
    """The site's calendar context. A REQUEST needs an ORGANIZER: without an
    organiser mailbox in the settings, the contact address, then the sender's."""
    context = CalendarContext.for_site(site)
    if context.organiser_email:
        return context
    portal = PortalSettings.for_site(site)
    fallback = portal.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return replace(context, organiser_email=fallback)


def registration_invite(
    registration, *, method: str, context: CalendarContext | None = None
) -> str:
    """The .ics text of ``registration``'s invite; ``context`` saves its queries
    when one builds the invites of many registrations of one event."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"Unsupported iTIP method {method!r}.")
    event = registration.event
    context = context or invite_context(event.get_site())
    with site_locale():
        vevent = registration_vevent(registration, context=context)
        vevent["ATTENDEE"] = _attendee(registration)
        if method == CANCEL:
            vevent["STATUS"] = vText("CANCELLED")
        else:
            vevent.add_component(_alarm(str(vevent["SUMMARY"])))
        container = calendar(name=event.title, events=[vevent], method=method)
    return serialize(container).decode()


def registration_vevent(registration, *, context: CalendarContext):
    """The event's VEVENT under the registration's own UID and SEQUENCE, with
    the person's sessions in the description: what the invites and the
    person's private feed share (call it in ``site_locale()``)."""
    event = registration.event
    vevent = event_vevent(event, context=context)
    vevent["UID"] = vText(
        context.uid(registration.calendar_uid, prefix="registration-")
    )
    vevent["SEQUENCE"] = vInt(registration.calendar_sequence)
    vevent["DESCRIPTION"] = vText(_description(registration, context))
    return vevent


def chosen_sessions(registration) -> list:
    """The registration's sessions in time order (prefetch ``sessions`` to save
    a query)."""
    return sorted(
        registration.sessions.all(),
        key=lambda session: (session.starts_at, session.sort_order, session.pk),
    )


def session_lines(registration) -> list[str]:
    """One line per chosen session: title, times, place within the venue."""
    lines = []
    for session in chosen_sessions(registration):
        line = gettext("%(title)s: %(when)s") % {
            "title": session.title,
            "when": dates_in_words(session.starts_at, session.ends_at),
        }
        if session.location:
            line = f"{line} ({session.location})"
        lines.append(line)
    return lines


def _description(registration, context: CalendarContext) -> str:
    event = registration.event
    description = calendar_text.event_description(event, context.page_url(event))
    lines = session_lines(registration)
    if not lines:
        return description
    sessions = "\n".join([gettext("Your sessions:"), *(f"- {line}" for line in lines)])
    return f"{description}\n\n{sessions}"


def _attendee(registration) -> vCalAddress:
    """The registrant; RSVP=FALSE: the registration is the answer, no reply
    mail is expected."""
    attendee = vCalAddress(f"mailto:{registration.email}")
    attendee.params["CN"] = registration.full_name
    attendee.params["CUTYPE"] = "INDIVIDUAL"
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "ACCEPTED"
    attendee.params["RSVP"] = "FALSE"
    return attendee


def _alarm(summary: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -ALARM_BEFORE)
    alarm.add("description", summary)
    return alarm
