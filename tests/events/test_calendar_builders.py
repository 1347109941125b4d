"""The calendar module on its own: VEVENTs of events and sessions, VCALENDARs."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from icalendar import Calendar

from events.calendar import (
    CalendarContext,
    calendar,
    event_vevent,
    serialize,
    session_vevent,
)
from events.models import AttendanceMode, EventStatus, Session
from tests.events.factories import build_event, build_venue
from tests.factories import build_portal_settings, build_theme

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://visio.example.org/salle-secrete-42"


@pytest.fixture
def context(home_page):
    build_portal_settings(
        home_page.get_site(),
        organisation_name="Région de test",
        organiser_email="concertation@region.example",
    )
    return CalendarContext.for_site(home_page.get_site())


def written(*components, method="PUBLISH") -> Calendar:
    """Serialised and parsed back, as a calendar application reads it."""
    container = calendar(name="Essai", events=components, method=method)
    return Calendar.from_ical(serialize(container))


def test_event_vevent_without_a_request(index, context):
    theme = build_theme(name="Filières de transition")
    event = build_event(index, venue=build_venue(), themes=[theme])
    event.refresh_from_db()  # publication dates

    vevent = written(event_vevent(event, context=context)).events[0]

    assert vevent["UID"] == f"{event.calendar_uid}@testserver"
    assert vevent["URL"] == event.get_full_url()
    assert vevent["SEQUENCE"] == 0
    assert vevent["DTSTART"].dt == event.starts_at
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent["CREATED"].dt == event.first_published_at.replace(microsecond=0)
    assert vevent["LAST-MODIFIED"].dt == event.last_published_at.replace(microsecond=0)
    assert vevent.categories == ["Filières de transition"]
    assert vevent["ORGANIZER"] == "mailto:concertation@region.example"
    assert vevent["ORGANIZER"].params["CN"] == "Région de test"


def test_uid_domain_can_be_set(index, context, settings):
    settings.CALENDAR_UID_DOMAIN = "concertation.example.org"
    event = build_event(index)

    vevent = event_vevent(event, context=CalendarContext(organisation_name="R"))

    assert vevent["UID"] == f"{event.calendar_uid}@concertation.example.org"


def test_no_organizer_without_a_mailbox(index, home_page):
    event = build_event(index)
    context = CalendarContext.for_site(home_page.get_site())

    assert "ORGANIZER" not in event_vevent(event, context=context)


def test_online_event_has_no_address_and_no_link(index, context):
    event = build_event(
        index,
        venue=build_venue(),
        attendance_mode=AttendanceMode.ONLINE,
        online_url=SECRET_LINK,
    )

    with translation.override("fr"):
        vevent = written(event_vevent(event, context=context)).events[0]

    assert vevent["LOCATION"] == "En ligne"
    assert "GEO" not in vevent
    for name, value in vevent.property_items():
        assert "salle-secrete" not in str(value), name


def test_hybrid_event_has_the_address_and_says_online(index, context):
    event = build_event(
        index,
        venue=build_venue(name="Maison de l’ESS"),
        attendance_mode=AttendanceMode.HYBRID,
        online_url=SECRET_LINK,
    )

    vevent = event_vevent(event, context=context)

    assert vevent["LOCATION"].startswith("Maison de l’ESS, 1 place de la Mairie")
    assert vevent["LOCATION"] != "Maison de l’ESS, 1 place de la Mairie, 45120 Cepoy"
    assert "GEO" in vevent
    assert "salle-secrete" not in vevent["DESCRIPTION"]


def test_practical_information_is_in_the_description(index, context):
    venue = build_venue(
        access_information="Parking devant la salle.",
        public_transport="Bus ligne 3, arrêt Mairie.",
    )
    event = build_event(index, venue=venue, summary="Une demi-journée d’échanges.")

    description = event_vevent(event, context=context)["DESCRIPTION"]

    paragraphs = description.split("\n\n")
    assert paragraphs[0] == "Une demi-journée d’échanges."
    assert "Parking devant la salle." in description
    assert "Bus ligne 3, arrêt Mairie." in description
    assert paragraphs[-1].endswith(event.get_full_url())


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (EventStatus.SCHEDULED, "CONFIRMED"),
        (EventStatus.POSTPONED, "TENTATIVE"),
        (EventStatus.CANCELLED, "CANCELLED"),
    ],
)
def test_status_of_the_event_and_its_sessions(index, context, status, expected):
    event = build_event(
        index,
        sessions=1,
        status=status,
        status_explanation="Report à l’automne.",
        title="Plénière",
    )
    session = Session.objects.get(page=event)

    vevent = event_vevent(event, context=context)
    session_event = session_vevent(session, context=context)

    assert vevent["STATUS"] == session_event["STATUS"] == expected
    assert "Plénière" in vevent["SUMMARY"]
    explained = "Report à l’automne." in vevent["DESCRIPTION"]
    assert explained == (status != EventStatus.SCHEDULED)


def test_session_vevent_has_its_own_identity(index, context):
    theme = build_theme(name="Jeunesse")
    event = build_event(index, venue=build_venue())
    session = Session.objects.create(
        page=event,
        title="Atelier jeunesse",
        theme=theme,
        location="Salle 3",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=1),
        description="Comment sensibiliser les jeunes à l’ESS ?",
    )
    Session.objects.filter(pk=session.pk).update(calendar_sequence=4)
    session.refresh_from_db()

    vevent = session_vevent(session, context=context, event=event)

    assert vevent["UID"] == f"session-{session.calendar_uid}@testserver"
    assert vevent["RELATED-TO"] == f"{event.calendar_uid}@testserver"
    assert vevent["SEQUENCE"] == 4
    assert vevent["SUMMARY"] == "Atelier jeunesse"
    assert vevent["LOCATION"].startswith("Salle 3, Salle des fêtes")
    assert vevent["CATEGORIES"].cats == ["Jeunesse"]
    assert vevent["DESCRIPTION"].startswith("Comment sensibiliser")
    assert vevent["URL"] == event.get_full_url()


def test_calendar_has_one_vtimezone_per_tzid_before_the_events(index, context):
    paris = [event_vevent(build_event(index, days=d), context=context) for d in (1, 2)]
    new_york = CalendarContext(organisation_name="R", tzid="America/New_York")
    other = event_vevent(build_event(index, days=3), context=new_york)

    parsed = written(*paris, other, method="REQUEST")

    assert parsed["METHOD"] == "REQUEST"
    assert [tz["TZID"] for tz in parsed.timezones] == [
        "America/New_York",
        "Europe/Paris",
    ]
    names = [component.name for component in parsed.subcomponents]
    assert names == ["VTIMEZONE", "VTIMEZONE", "VEVENT", "VEVENT", "VEVENT"]


def test_calendar_in_utc_needs_no_vtimezone(index):
    utc = CalendarContext(organisation_name="R", tzid="UTC")
    vevent = event_vevent(build_event(index), context=utc)

    parsed = written(vevent)

    assert parsed.timezones == []
    assert parsed.events[0]["DTSTART"].dt.utcoffset() == timedelta(0)


def test_calendar_properties(index, context):
    container = calendar(
        name="Événements — Région de test",
        events=[event_vevent(build_event(index), context=context)],
        refresh_interval=timedelta(hours=1),
    )

    parsed = Calendar.from_ical(serialize(container))

    assert parsed["VERSION"] == "2.0"
    assert parsed["PRODID"]
    assert parsed["CALSCALE"] == "GREGORIAN"
    assert parsed["METHOD"] == "PUBLISH"
    assert parsed["X-WR-CALNAME"] == "Événements — Région de test"
    assert parsed["X-WR-TIMEZONE"] == "Europe/Paris"
    assert parsed["REFRESH-INTERVAL"].dt == timedelta(hours=1)


def test_serialize_is_to_ical_with_folded_lines(index, context):
    event = build_event(index, venue=build_venue(), summary="Très long. " * 40)
    container = calendar(name="Essai", events=[event_vevent(event, context=context)])

    body = serialize(container)

    assert body == container.to_ical()
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))


def test_dtstamp_is_the_context_time_in_utc(index):
    stamp = datetime(2025, 7, 1, 10, 0, tzinfo=UTC)
    context = CalendarContext(organisation_name="R", stamp=stamp)

    vevent = event_vevent(build_event(index), context=context)

    assert vevent["DTSTAMP"].dt == stamp
