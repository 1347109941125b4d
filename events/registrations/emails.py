"""The emails of a registration: one function per kind, queued through the outbox.

Each renders ``registrations/emails/<kind without "registration_">.txt`` and
``.html`` in the site's language and time zone, with the event's practical
information, the person's sessions and seats, the event page, the management
link and the organiser's contact. When the person's calendar must change, the
invite travels as the attachment ``invitation.ics``. Call them inside the
caller's transaction: nothing leaves if it rolls back.

Sending many emails about one event? Build one ``EventMail`` and pass it: the
site, settings and calendar context are then read once.
"""

import re
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, gettext, gettext_noop
from wagtail.models import Site

from events.calendar import CalendarContext
from events.calendar import text as calendar_text
from events.dates import dates_in_words
from events.models import AttendanceMode, EventPage, EventStatus, Session, Venue
from events.registrations.checkin import checkin_url, has_checkin_code
from events.registrations.choices import RegistrationStatus
from events.registrations.invites import (
    CANCEL,
    REQUEST,
    chosen_sessions,
    invite_context,
    registration_invite,
    session_lines,
    site_locale,
)
from events.registrations.models import Registration
from events.registrations.qr_codes import qr_png
from events.registrations.selectors import waiting_list_position
from events.registrations.tokens import management_url
from home.models import PortalSettings
from outbox.models import OutgoingEmail
from outbox.services import email_queue

CONFIRMED = RegistrationStatus.CONFIRMED
INVITE_FILENAME = "invitation.ics"
# The check-in code travels as an attachment, not as an inline (cid:) image:
# Brevo's and Scaleway's APIs refuse inline images. The body gives its link.
CHECKIN_CODE_FILENAME = "code-pointage.png"
KINDS_WITH_CHECKIN_CODE = {"registration_confirmed", "registration_promoted"}
SUBJECTS = {
    "registration_confirmed": gettext_noop("Registration confirmed: %(event)s"),
    "registration_waitlisted": gettext_noop("On the waiting list: %(event)s"),
    "registration_promoted": gettext_noop("A seat is free for you: %(event)s"),
    "registration_changed": gettext_noop("Registration changed: %(event)s"),
    "registration_cancelled": gettext_noop("Registration cancelled: %(event)s"),
    "registration_link": gettext_noop("Your registration link: %(event)s"),
    "registration_event_updated": gettext_noop("Change to the event: %(event)s"),
    "registration_event_cancelled": gettext_noop("Event cancelled: %(event)s"),
    "registration_reminder": gettext_noop("Reminder: %(event)s"),
}


@dataclass(frozen=True)
class EventMail:
    """What the emails about one event share."""

    event: EventPage
    root_url: str
    event_url: str
    organisation_name: str
    contact_email: str
    calendar: CalendarContext

    @classmethod
    def for_event(cls, event: EventPage) -> "EventMail":
        site = event.get_site() or Site.objects.get(is_default_site=True)
        portal = PortalSettings.for_site(site)
        prefetch_related_objects([event], "themes")  # the invites' CATEGORIES
        return cls(
            event=event,
            root_url=site.root_url,
            event_url=event.get_full_url() or "",
            organisation_name=portal.organisation_name,
            contact_email=portal.contact_email or portal.organiser_email,
            calendar=invite_context(site),
        )


@dataclass(frozen=True)
class Change:
    """One change the organisers made, in words: what, before, now."""

    label: str
    old: str
    new: str
    session_id: int | None = None  # None: the whole event


def registration_confirmed(
    registration: Registration, *, mail: EventMail | None = None
) -> OutgoingEmail:
    return _queue("registration_confirmed", registration, mail, method=REQUEST)


def registration_waitlisted(
    registration: Registration, *, mail: EventMail | None = None
) -> OutgoingEmail:
    return _queue(
        "registration_waitlisted",
        registration,
        mail,
        position=waiting_list_position(registration=registration),
    )


def registration_promoted(
    registration: Registration, *, mail: EventMail | None = None
) -> OutgoingEmail:
    return _queue("registration_promoted", registration, mail, method=REQUEST)


def registration_changed(
    registration: Registration, *, mail: EventMail | None = None
) -> OutgoingEmail:
    """The new choice; a confirmed person's calendar gets the raised SEQUENCE."""
    if registration.status == CONFIRMED:
        return _queue("registration_changed", registration, mail, method=REQUEST)
    return _queue(
        "registration_changed",
        registration,
        mail,
        position=waiting_list_position(registration=registration),
    )


def registration_cancelled(
    registration: Registration,
    *,
    was_confirmed: bool,
    mail: EventMail | None = None,
) -> OutgoingEmail:
    """A CANCEL for the calendar of a confirmed person; a waitlisted one never
    had an invite and gets a plain note."""
    return _queue(
        "registration_cancelled",
        registration,
        mail,
        method=CANCEL if was_confirmed else None,
        was_confirmed=was_confirmed,
    )


def registration_link(
    registration: Registration, *, mail: EventMail | None = None
) -> OutgoingEmail:
    """Someone registered again with the email of an active registration."""
    return _queue(
        "registration_link",
        registration,
        mail,
        position=waiting_list_position(registration=registration),
    )


def registration_event_updated(
    registration: Registration,
    *,
    changes: list[Change],
    mail: EventMail | None = None,
) -> OutgoingEmail:
    """The organisers moved the event (or a session the person chose); only
    the changes that concern the person are listed."""
    chosen = {session.pk for session in chosen_sessions(registration)}
    changes = [c for c in changes if c.session_id is None or c.session_id in chosen]
    return _queue(
        "registration_event_updated",
        registration,
        mail,
        method=REQUEST,
        changes=changes,
    )


def registration_event_cancelled(
    registration: Registration, *, mail: EventMail | None = None
) -> OutgoingEmail:
    confirmed = registration.status == CONFIRMED
    return _queue(
        "registration_event_cancelled",
        registration,
        mail,
        method=CANCEL if confirmed else None,
    )


def registration_reminder(
    registration: Registration, *, mail: EventMail | None = None
) -> OutgoingEmail:
    return _queue("registration_reminder", registration, mail)


def describe_changes(event: EventPage, changes: dict) -> list[Change]:
    """The changes recorded when the event or its sessions were saved
    (``{"event": {field: [old, new]}, "sessions": {id: {field: [old, new]}}}``),
    in words, old against the current values; unchanged ones are left out."""
    with site_locale():
        found = _event_changes(event, changes.get("event", {}))
        found += _session_changes(changes.get("sessions", {}))
    return [change for change in found if change.old != change.new]


def _event_changes(event: EventPage, changed: dict) -> list[Change]:
    found = []
    if {"starts_at", "ends_at"} & changed.keys():
        found.append(
            Change(
                gettext("Date and time"),
                dates_in_words(*_old_dates(event, changed)),
                dates_in_words(event.starts_at, event.ends_at),
            )
        )
    if {"venue_id", "attendance_mode"} & changed.keys():
        old_venue_id = _old(event, changed, "venue_id")
        old_venue = Venue.objects.filter(pk=old_venue_id).first()
        old_mode = _old(event, changed, "attendance_mode")
        found.append(
            Change(
                gettext("Place"),
                _place(old_venue, old_mode),
                _place(event.venue, event.attendance_mode),
            )
        )
    if "status" in changed:
        found.append(
            Change(
                gettext("Status"),
                str(EventStatus(changed["status"][0]).label),
                event.get_status_display(),
            )
        )
    return found


def _session_changes(changed_sessions: dict) -> list[Change]:
    found = []
    sessions = Session.objects.in_bulk([int(pk) for pk in changed_sessions])
    for pk, changed in changed_sessions.items():
        session = sessions.get(int(pk))
        if session is None:
            continue
        names = {"session": session.title}
        if {"starts_at", "ends_at"} & changed.keys():
            found.append(
                Change(
                    gettext("Time of “%(session)s”") % names,
                    dates_in_words(*_old_dates(session, changed)),
                    dates_in_words(session.starts_at, session.ends_at),
                    session_id=session.pk,
                )
            )
        if "location" in changed:
            found.append(
                Change(
                    gettext("Place of “%(session)s”") % names,
                    changed["location"][0] or gettext("not specified"),
                    session.location or gettext("not specified"),
                    session_id=session.pk,
                )
            )
    return found


def _old(instance, changed: dict, field: str):
    return changed[field][0] if field in changed else getattr(instance, field)


def _old_dates(instance, changed: dict) -> tuple:
    return tuple(
        parse_datetime(changed[field][0])
        if field in changed
        else getattr(instance, field)
        for field in ("starts_at", "ends_at")
    )


def _place(venue, attendance_mode: str) -> str:
    # The calendar's LOCATION wording, for a venue and mode the event had.
    where = SimpleNamespace(venue=venue, attendance_mode=attendance_mode)
    return calendar_text.location(where) or gettext("not specified")


def _queue(
    kind: str,
    registration: Registration,
    mail: EventMail | None,
    *,
    method: str | None = None,
    **extra,
) -> OutgoingEmail:
    mail = mail or EventMail.for_event(registration.event)
    registration.event = mail.event  # one instance: its venue and themes load once
    with site_locale():
        subject = gettext(SUBJECTS[kind]) % {"event": mail.event.title}
        context = _context(registration, mail) | extra | {"subject": subject}
        with_code = kind in KINDS_WITH_CHECKIN_CODE and has_checkin_code(registration)
        if with_code:
            context["checkin_url"] = checkin_url(registration, root_url=mail.root_url)
        template = f"registrations/emails/{kind.removeprefix('registration_')}"
        text = _plain_text(render_to_string(f"{template}.txt", context))
        html = render_to_string(f"{template}.html", context)
        attachments = []
        if method:
            invite = registration_invite(
                registration, method=method, context=mail.calendar
            )
            attachments.append(
                {
                    "filename": INVITE_FILENAME,
                    "content_type": f"text/calendar; method={method}",
                    "content": invite,
                }
            )
        if with_code:
            attachments.append(
                {
                    "filename": CHECKIN_CODE_FILENAME,
                    "content_type": "image/png",
                    "content": qr_png(context["checkin_url"]),
                }
            )
    return email_queue(
        kind=kind,
        recipient=registration.email,
        subject=subject,
        text=text,
        html=html,
        attachments=attachments,
        related=registration,
    )


def _context(registration: Registration, mail: EventMail) -> dict:
    event = mail.event
    # The private online link: for confirmed people only, while it is of use.
    online = (
        event.attendance_mode != AttendanceMode.IN_PERSON
        and registration.status == CONFIRMED
        and event.status != EventStatus.CANCELLED
    )
    return {
        "language": get_language(),
        "registration": registration,
        "event": event,
        "event_url": mail.event_url,
        "manage_url": management_url(registration, root_url=mail.root_url),
        "organisation_name": mail.organisation_name,
        "contact_email": mail.contact_email,
        "when": dates_in_words(event.starts_at, event.ends_at),
        "attendance": event.get_attendance_mode_display(),
        "venue": event.venue
        if event.attendance_mode != AttendanceMode.ONLINE
        else None,
        "online_url": event.online_url if online else "",
        "online_pending": online and not event.online_url,
        "sessions": session_lines(registration),
    }


def _plain_text(text: str) -> str:
    """Template output without trailing spaces nor runs of blank lines."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"
