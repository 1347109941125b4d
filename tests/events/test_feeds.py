"""Public iCalendar feeds, through HTTP, parsed back with icalendar."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.caching import events_cache_version
from events.models import AttendanceMode, Audience, EventStatus, Session
from tests.events.factories import (
    build_event,
    build_event_index,
    build_territory,
    build_venue,
)
from tests.factories import build_portal_settings, build_theme
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
SECRET_LINK = "https://visio.example.org/salle-secrete-42"
REQUIRED = [
    "UID",
    "DTSTAMP",
    "CREATED",
    "LAST-MODIFIED",
    "SEQUENCE",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "DESCRIPTION",
    "LOCATION",
    "GEO",
    "URL",
    "STATUS",
    "TRANSP",
    "ORGANIZER",
]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def index(home_page):
    build_portal_settings(
        home_page.get_site(),
        organisation_name="Région de test",
        organiser_email="concertation@region.example",
    )
    return build_event_index(home_page)


@pytest.fixture
def venue(db):
    return build_venue()


def fetch(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response


def parse(response) -> Calendar:
    return Calendar.from_ical(response.content)


def feed(client, name="events:feed", **kwargs) -> Calendar:
    return parse(fetch(client, reverse(name, kwargs=kwargs or None)))


def event_file(client, event) -> Calendar:
    return feed(client, "events:event_feed", page_id=event.pk)


def uids(calendar: Calendar) -> set[str]:
    return {str(vevent["UID"]) for vevent in calendar.events}


def the_vevent(calendar: Calendar, event):
    found = [
        vevent
        for vevent in calendar.events
        if vevent["UID"] == f"{event.calendar_uid}@testserver"
    ]
    assert len(found) == 1
    return found[0]


def publish_change(event, **fields):
    for name, value in fields.items():
        setattr(event, name, value)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


# What every VEVENT holds


def test_site_feed_describes_the_calendar(client, index, venue):
    build_event(index, venue=venue)

    calendar = feed(client)

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Paris"
    assert "Région de test" in calendar["X-WR-CALNAME"]


def test_every_vevent_has_the_required_properties(client, index, venue):
    themes = [build_theme(name="Finances solidaires"), build_theme(name="Jeunesse")]
    events = [
        build_event(index, venue=venue, themes=themes, title="Atelier à Cepoy"),
        build_event(index, venue=venue, days=20, themes=themes[:1]),
    ]

    calendar = feed(client)

    assert len(calendar.events) == 2
    for event in events:
        vevent = the_vevent(calendar, event)
        assert [name for name in REQUIRED if name not in vevent] == []
        assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
        assert vevent["DTEND"].params["TZID"] == "Europe/Paris"
        assert vevent["DTSTART"].dt == event.starts_at
        assert vevent["DTEND"].dt == event.ends_at
        assert vevent["DTSTAMP"].dt.utcoffset() == timedelta(0)
        assert vevent["SEQUENCE"] == 0
        assert vevent["STATUS"] == "CONFIRMED"
        assert vevent["TRANSP"] == "OPAQUE"
        assert vevent["SUMMARY"] == event.title
        assert vevent["URL"] == event.get_full_url()
        assert event.get_full_url() in vevent["DESCRIPTION"]
        assert event.summary in vevent["DESCRIPTION"]
        assert (
            vevent["LOCATION"] == "Salle des fêtes, 1 place de la Mairie, 45120 Cepoy"
        )
        assert vevent["GEO"].latitude == pytest.approx(48.045)
        assert vevent["GEO"].longitude == pytest.approx(2.737)
        assert vevent["ORGANIZER"] == "mailto:concertation@region.example"
        assert vevent["ORGANIZER"].params["CN"] == "Région de test"
        assert "RSVP" not in vevent["ORGANIZER"].params
        assert "ATTENDEE" not in vevent
    assert the_vevent(calendar, events[0]).categories == [
        "Finances solidaires",
        "Jeunesse",
    ]


def test_one_vtimezone_for_paris_written_with_yearly_rules(client, index, venue):
    for days in (10, 100, 200, 300):
        build_event(index, venue=venue, days=days)

    calendar = feed(client)

    assert [tz["TZID"] for tz in calendar.timezones] == ["Europe/Paris"]
    observances = calendar.timezones[0].subcomponents
    assert sorted(sub.name for sub in observances) == ["DAYLIGHT", "STANDARD"]
    for observance in observances:
        assert "RRULE" in observance
        assert "RDATE" not in observance


@pytest.mark.parametrize(
    ("month", "utc_hour", "utc_offset"),
    [(7, 7, timedelta(hours=2)), (1, 8, timedelta(hours=1))],
)
def test_wall_time_in_paris_is_kept(client, index, venue, month, utc_hour, utc_offset):
    """09:30 in Paris is written 09:30 with TZID=Europe/Paris, in summer and in
    winter, and the feed's own VTIMEZONE maps it back to the right instant."""
    year = timezone.now().year + 1
    starts_at = datetime(year, month, 9, utc_hour, 30, tzinfo=UTC)
    event = build_event(
        index, venue=venue, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )

    calendar = event_file(client, event)

    dtstart = the_vevent(calendar, event)["DTSTART"]
    assert dtstart.params["TZID"] == "Europe/Paris"
    assert dtstart.dt.replace(tzinfo=None) == datetime(year, month, 9, 9, 30)
    assert dtstart.dt.utcoffset() == utc_offset
    from_rules = calendar.timezones[0].to_tz(lookup_tzid=False)
    assert dtstart.dt.replace(tzinfo=from_rules) == starts_at


# Identity and changes


def test_uid_stays_when_title_and_slug_change(client, index, venue):
    event = build_event(index, venue=venue, title="Première version")
    before = the_vevent(event_file(client, event), event)["UID"]

    publish_change(event, title="Nouveau titre", slug="nouveau-titre")
    after = the_vevent(event_file(client, event), event)

    assert after["UID"] == before == f"{event.calendar_uid}@testserver"
    assert after["SUMMARY"] == "Nouveau titre"
    assert after["URL"].endswith("/nouveau-titre/")


def test_sequence_goes_up_by_one_after_a_date_change_only(client, index, venue):
    event = build_event(index, venue=venue)
    assert the_vevent(feed(client), event)["SEQUENCE"] == 0

    publish_change(event, title="Titre retouché")
    assert the_vevent(feed(client), event)["SEQUENCE"] == 0

    publish_change(
        event,
        starts_at=event.starts_at + timedelta(days=1),
        ends_at=event.ends_at + timedelta(days=1),
    )
    vevent = the_vevent(feed(client), event)
    assert vevent["SEQUENCE"] == 1
    assert vevent["DTSTART"].dt == event.starts_at


def test_cancelled_event_stays_in_the_feed_as_cancelled(client, index, venue):
    event = build_event(index, venue=venue, title="Visite apprenante")
    publish_change(
        event,
        status=EventStatus.CANCELLED,
        status_explanation="Intempéries annoncées.",
    )

    vevent = the_vevent(feed(client), event)

    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 1
    assert "Visite apprenante" in vevent["SUMMARY"]
    assert vevent["SUMMARY"] != "Visite apprenante"  # flagged for every client
    assert "Intempéries annoncées." in vevent["DESCRIPTION"]


def test_postponed_event_is_tentative(client, index, venue):
    event = build_event(index, venue=venue, status=EventStatus.POSTPONED)

    assert the_vevent(feed(client), event)["STATUS"] == "TENTATIVE"


def test_the_calendar_text_is_french(client, index):
    event = build_event(index, attendance_mode=AttendanceMode.ONLINE)

    vevent = the_vevent(
        parse(fetch(client, reverse("events:feed"), accept_language="en")), event
    )

    assert vevent["LOCATION"] == "En ligne"
    assert "GEO" not in vevent


# What the public must not see


@pytest.mark.parametrize("mode", [AttendanceMode.ONLINE, AttendanceMode.HYBRID])
def test_online_link_is_never_published(client, index, venue, mode):
    theme = build_theme()
    territory = build_territory()
    event = build_event(
        index,
        venue=venue,
        attendance_mode=mode,
        online_url=SECRET_LINK,
        sessions=2,
        themes=[theme],
        territory=territory,
    )

    calendars = [
        feed(client),
        event_file(client, event),
        feed(client, "events:theme_feed", slug=theme.slug),
        feed(client, "events:territory_feed", slug=territory.slug),
    ]

    for calendar in calendars:
        assert len(calendar.events) >= 1
        for component in calendar.walk():
            for name, value in component.property_items(recursive=False):
                assert "salle-secrete" not in str(value), name


def test_internal_events_appear_in_no_feed(client, index, venue):
    theme = build_theme()
    territory = build_territory()
    public = build_event(index, venue=venue, themes=[theme], territory=territory)
    internal = build_event(
        index,
        venue=venue,
        audience=Audience.INTERNAL,
        themes=[theme],
        territory=territory,
    )

    for calendar in [
        feed(client),
        feed(client, "events:theme_feed", slug=theme.slug),
        feed(client, "events:territory_feed", slug=territory.slug),
    ]:
        assert uids(calendar) == {f"{public.calendar_uid}@testserver"}
    url = reverse("events:event_feed", kwargs={"page_id": internal.pk})
    assert client.get(url).status_code == 404


def test_event_file_is_404_for_unknown_and_unpublished_events(client, index, venue):
    draft = build_event(index, venue=venue)
    draft.unpublish()

    for page_id in (draft.pk, 999_999, index.pk):
        url = reverse("events:event_feed", kwargs={"page_id": page_id})
        assert client.get(url).status_code == 404
    assert feed(client).events == []


# Which events each feed lists


def test_event_file_holds_the_event_and_its_sessions(client, index, venue):
    theme = build_theme(name="Innovation sociale")
    event = build_event(
        index, venue=venue, sessions=3, title="Demi-journée", themes=[theme]
    )
    first = Session.objects.filter(page=event).order_by("sort_order").first()
    first.theme = theme
    first.location = "Salle 2"
    first.save()

    response = fetch(client, reverse("events:event_feed", kwargs={"page_id": event.pk}))
    calendar = parse(response)

    assert event.slug == "demi-journée"
    assert response["Content-Disposition"] == 'attachment; filename="demi-journee.ics"'
    assert calendar["X-WR-CALNAME"] == "Demi-journée"
    event_uid = f"{event.calendar_uid}@testserver"
    sessions = [vevent for vevent in calendar.events if vevent["UID"] != event_uid]
    assert len(calendar.events) == 4
    assert {str(vevent["UID"]) for vevent in sessions} == {
        f"session-{session.calendar_uid}@testserver"
        for session in Session.objects.filter(page=event)
    }
    for vevent in sessions:
        assert [name for name in REQUIRED if name not in vevent] == []
        assert vevent["RELATED-TO"] == event_uid
        assert vevent["STATUS"] == "CONFIRMED"
        assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    first_vevent = next(v for v in sessions if str(first.calendar_uid) in v["UID"])
    assert first_vevent["SUMMARY"] == first.title
    assert first_vevent["DTSTART"].dt == first.starts_at
    assert first_vevent.categories == ["Innovation sociale"]
    assert first_vevent["LOCATION"].startswith("Salle 2, Salle des fêtes")


def test_sessions_of_a_cancelled_event_are_cancelled(client, index, venue):
    event = build_event(index, venue=venue, sessions=2)
    publish_change(event, status=EventStatus.CANCELLED)

    calendar = event_file(client, event)

    assert [vevent["STATUS"] for vevent in calendar.events] == ["CANCELLED"] * 3


def test_site_feed_leaves_sessions_out(client, index, venue):
    event = build_event(index, venue=venue, sessions=3)

    assert uids(feed(client)) == {f"{event.calendar_uid}@testserver"}


def test_site_feed_keeps_upcoming_and_recent_past_events(client, index, venue):
    upcoming = build_event(index, venue=venue, days=30)
    recent = build_event(index, venue=venue, days=-30)
    build_event(index, venue=venue, days=-200)

    assert uids(feed(client)) == {
        f"{upcoming.calendar_uid}@testserver",
        f"{recent.calendar_uid}@testserver",
    }


def test_theme_feed_lists_only_the_theme_events(client, index, venue):
    theme, other = build_theme(), build_theme()
    mine = build_event(index, venue=venue, themes=[theme, other])
    build_event(index, venue=venue, themes=[other])
    build_event(index, venue=venue)

    calendar = feed(client, "events:theme_feed", slug=theme.slug)

    assert uids(calendar) == {f"{mine.calendar_uid}@testserver"}
    assert theme.name in calendar["X-WR-CALNAME"]


def test_theme_feed_matches_the_listing_with_session_themes(client, index, venue):
    theme = build_theme()
    event = build_event(index, venue=venue, sessions=1)
    session = event.sessions.get()
    session.theme = theme
    session.save()

    calendar = feed(client, "events:theme_feed", slug=theme.slug)

    assert uids(calendar) == {f"{event.calendar_uid}@testserver"}


def test_territory_feed_lists_only_the_territory_events(client, index, venue):
    territory, other = build_territory(name="Loiret"), build_territory()
    mine = build_event(index, venue=venue, territory=territory)
    build_event(index, venue=venue, territory=other)
    build_event(index, venue=venue)

    calendar = feed(client, "events:territory_feed", slug=territory.slug)

    assert uids(calendar) == {f"{mine.calendar_uid}@testserver"}
    assert "Loiret" in calendar["X-WR-CALNAME"]


@pytest.mark.parametrize("name", ["events:theme_feed", "events:territory_feed"])
def test_unknown_theme_or_territory_is_404(client, index, name):
    assert client.get(reverse(name, kwargs={"slug": "inconnu"})).status_code == 404


# HTTP caching


def test_feeds_are_cacheable(client, index, venue):
    build_event(index, venue=venue)

    response = fetch(client, reverse("events:feed"))

    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=900"}
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize(
    "name", ["events:feed", "events:event_feed", "events:theme_feed"]
)
def test_conditional_get_with_the_etag_answers_304(client, index, venue, name):
    theme = build_theme()
    event = build_event(index, venue=venue, themes=[theme])
    kwargs = {"events:event_feed": {"page_id": event.pk}}.get(
        name, {"slug": theme.slug} if name == "events:theme_feed" else None
    )
    url = reverse(name, kwargs=kwargs)
    etag = fetch(client, url)["ETag"]

    response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_conditional_get_with_the_date_answers_304(client, index, venue):
    build_event(index, venue=venue)
    url = reverse("events:feed")
    last_modified = fetch(client, url)["Last-Modified"]

    response = client.get(url, headers={"if-modified-since": last_modified})

    assert response.status_code == 304


def test_etag_changes_when_an_event_is_published(client, index, venue):
    event = build_event(index, venue=venue)
    url = reverse("events:feed")
    etag = fetch(client, url)["ETag"]

    publish_change(event, title="Titre corrigé")
    response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert the_vevent(parse(response), event)["SUMMARY"] == "Titre corrigé"


@pytest.mark.parametrize("change", ["unpublish", "delete", "move", "venue"])
def test_etag_changes_when_an_event_goes_moves_or_its_venue_changes(
    client, home_page, index, venue, change
):
    event = build_event(index, venue=venue)
    build_event(index, venue=venue, days=20)
    url = reverse("events:feed")
    etag = fetch(client, url)["ETag"]

    if change == "unpublish":
        event.unpublish()
    elif change == "delete":
        event.delete()
    elif change == "move":
        event.move(build_event_index(home_page, slug="archives"), pos="last-child")
    else:
        venue.name = "Salle polyvalente"
        venue.save()

    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    if change == "move":
        event.refresh_from_db()
        assert the_vevent(parse(response), event)["URL"] == event.get_full_url()
        assert "/archives/" in event.get_full_url()


def test_publishing_an_event_bumps_the_events_cache_version(index, venue):
    event = build_event(index, venue=venue)
    before = events_cache_version()

    publish_change(event, title="Autre titre")

    assert events_cache_version() > before


def test_the_rendered_file_is_cached_until_an_event_is_published(
    client, index, venue, monkeypatch
):
    from events.feeds import FeedView

    renders = []
    render = FeedView._render

    def counting_render(self, events):
        renders.append(self.request.path)
        return render(self, events)

    monkeypatch.setattr(FeedView, "_render", counting_render)
    event = build_event(index, venue=venue)
    url = reverse("events:feed")

    first = fetch(client, url)
    second = fetch(client, url)
    assert len(renders) == 1
    assert second.content == first.content

    publish_change(event, title="Titre modifié")
    third = fetch(client, url)
    assert len(renders) == 2
    assert the_vevent(parse(third), event)["SUMMARY"] == "Titre modifié"


# Query counts


def _queries(client, url) -> int:
    cache.clear()  # a cold render: nothing from a previous request
    with count_queries() as queries:
        fetch(client, url)
    return len(queries)


def _fill(index, venue, theme, territory, count, sessions):
    for number in range(count):
        event = build_event(
            index,
            venue=venue,
            days=number + 1,
            sessions=sessions,
            themes=[theme, build_theme()],
            territory=territory,
        )
    return event


def test_feeds_run_a_constant_number_of_queries(client, index, venue):
    theme, territory = build_theme(), build_territory()
    small = _fill(index, venue, theme, territory, 5, sessions=2)
    urls = [
        reverse("events:feed"),
        reverse("events:theme_feed", kwargs={"slug": theme.slug}),
        reverse("events:territory_feed", kwargs={"slug": territory.slug}),
    ]
    small_file = reverse("events:event_feed", kwargs={"page_id": small.pk})
    for url in [*urls, small_file]:
        fetch(client, url)  # warm-up
    before = [_queries(client, url) for url in urls]
    before_file = _queries(client, small_file)

    large = _fill(index, venue, theme, territory, 15, sessions=3)
    for number in range(16):
        Session.objects.create(
            page=large,
            title=f"Atelier supplémentaire {number}",
            starts_at=large.starts_at,
            ends_at=large.ends_at,
            theme=theme,
        )
    large_file = reverse("events:event_feed", kwargs={"page_id": large.pk})

    after = [_queries(client, url) for url in urls]
    assert len(feed(client).events) == 20
    assert len(event_file(client, large).events) == 20
    assert after == before
    assert _queries(client, large_file) == before_file
    assert max([*before, before_file]) <= 10
