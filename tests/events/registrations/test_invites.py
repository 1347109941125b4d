"""The calendar invite of a registration, as calendar applications read it."""

import pytest
from django.core import mail
from icalendar import Calendar

from events.models import AttendanceMode
from events.registrations.invites import CANCEL, REQUEST, registration_invite
from events.registrations.services import registration_cancel, registration_change
from events.registrations.tokens import management_token
from tests.events.factories import build_venue
from tests.events.registrations.factories import build_registration_event, register
from tests.events.registrations.test_emails import invite, parsed
from tests.factories import build_portal_settings
from tests.outbox.conftest import anymail_test_mailer  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db

ORGANISER = "concertation@region.example"
ONLINE_LINK = "https://visio.example.org/salle-privee-42"


@pytest.fixture
def portal(home_page):
    return build_portal_settings(
        home_page.get_site(),
        organisation_name="Région de test",
        organiser_email=ORGANISER,
        contact_email="contact@region.example",
    )


@pytest.fixture
def event(index, portal):
    return build_registration_event(
        index,
        sessions=3,
        venue=build_venue(),
        attendance_mode=AttendanceMode.HYBRID,
        online_url=ONLINE_LINK,
    )


@pytest.fixture
def registration(event):
    second = event.sessions.order_by("pk")[1]
    return register(
        event, first_name="Léa", last_name="Petit", sessions=[second]
    ).registration


def read(ics: str) -> Calendar:
    return Calendar.from_ical(ics)


def test_a_request_holds_what_rfc_5546_asks_for(registration):
    ics = registration_invite(registration, method=REQUEST)
    calendar = read(ics)

    assert calendar["METHOD"] == "REQUEST"
    [vevent] = calendar.events
    assert vevent["UID"] == f"registration-{registration.calendar_uid}@testserver"
    assert vevent["SEQUENCE"] == 0
    for required in ("DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
        assert required in vevent
    assert vevent["DTSTART"].dt == registration.event.starts_at
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    attendee = vevent["ATTENDEE"]
    assert attendee == "mailto:camille@example.org"
    assert attendee.params["CN"] == "Léa Petit"
    assert attendee.params["RSVP"] == "FALSE"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["PARTSTAT"] == "ACCEPTED"
    organizer = vevent["ORGANIZER"]
    assert organizer == f"mailto:{ORGANISER}"
    assert organizer.params["CN"] == "Région de test"
    assert vevent["STATUS"] == "CONFIRMED"
    [alarm] = vevent.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY" and alarm["DESCRIPTION"]


def test_the_time_zone_is_written_with_rules(registration):
    calendar = read(registration_invite(registration, method=REQUEST))

    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Paris"
    observances = zone.walk("STANDARD") + zone.walk("DAYLIGHT")
    assert len(observances) == 2
    assert all("RRULE" in part and "RDATE" not in part for part in observances)


def test_the_description_has_the_chosen_sessions_and_nothing_private(
    registration, event
):
    ics = registration_invite(registration, method=REQUEST)
    description = str(read(ics).events[0]["DESCRIPTION"])

    assert "Atelier 2" in description
    assert "Atelier 1" not in description and "Atelier 3" not in description
    assert event.summary in description
    assert "/inscriptions/" not in ics
    assert management_token(registration).split(":")[1] not in ics
    assert ONLINE_LINK not in ics


def test_a_cancel_is_cancelled_and_has_no_alarm(registration):
    calendar = read(registration_invite(registration, method=CANCEL))

    assert calendar["METHOD"] == "CANCEL"
    [vevent] = calendar.events
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent.walk("VALARM") == []
    assert vevent["UID"] == f"registration-{registration.calendar_uid}@testserver"


def test_only_request_and_cancel(registration):
    with pytest.raises(ValueError):
        registration_invite(registration, method="PUBLISH")


def test_without_an_organiser_mailbox_the_contact_address_organises(
    registration, portal
):
    portal.organiser_email = ""
    portal.save()

    vevent = read(registration_invite(registration, method=REQUEST)).events[0]

    assert vevent["ORGANIZER"] == "mailto:contact@region.example"


def test_one_uid_and_a_rising_sequence_from_confirmation_to_cancellation(
    event, django_capture_on_commit_callbacks
):
    first, _second, third = event.sessions.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, sessions=[first]).registration
    with django_capture_on_commit_callbacks(execute=True):
        registration_change(registration=registration, sessions=[third])
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration)

    invites = [invite(parsed(message)) for message in mail.outbox]
    assert [calendar["METHOD"] for calendar in invites] == [
        "REQUEST",
        "REQUEST",
        "CANCEL",
    ]
    vevents = [calendar.events[0] for calendar in invites]
    assert len({str(vevent["UID"]) for vevent in vevents}) == 1
    sequences = [vevent["SEQUENCE"] for vevent in vevents]
    assert sequences == sorted(set(sequences)) and len(sequences) == 3
    assert vevents[-1]["STATUS"] == "CANCELLED"
