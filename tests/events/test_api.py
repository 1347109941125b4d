"""The open data API: public, live events only, as JSON, in constant queries."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from events.models import Audience, EventStatus, Session
from tests.events.factories import (
    build_event,
    build_kind,
    build_territory,
    build_venue,
)
from tests.factories import build_theme
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
LISTING = "/api/v2/events/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def full_event(index):
    """A public event with every related object the API shows."""
    theme = build_theme(name="Finances solidaires", slug="finances-solidaires")
    territory = build_territory(name="Loiret", slug="loiret", insee_code="45")
    starts_at = datetime(2030, 5, 16, 9, 30, tzinfo=PARIS)
    event = build_event(
        index,
        title="Demi-journée à Cepoy",
        slug="demi-journee-cepoy",
        kind=build_kind(name="Demi-journée", slug="demi-journee"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=7),
        territory=territory,
        venue=build_venue(territory=territory),
        online_url="https://visio.example.org/secret",
        status=EventStatus.POSTPONED,
        status_explanation="Reportée à l’automne.",
    )
    event.sessions.add(
        Session(
            title="Atelier finances solidaires",
            theme=theme,
            starts_at=starts_at + timedelta(hours=4),
            ends_at=starts_at + timedelta(hours=7),
            location="Salle 2",
            capacity=15,
        )
    )
    event.themes.set([theme])
    event.save_revision().publish()
    return event


def items(client, **params):
    response = client.get(LISTING, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["items"]


def test_listing_gives_every_field_with_its_type(client, full_event):
    (item,) = items(client)

    assert item["id"] == full_event.pk
    assert item["title"] == "Demi-journée à Cepoy"
    assert item["meta"]["html_url"] == "http://localhost/evenements/demi-journee-cepoy/"
    assert item["summary"] == full_event.summary
    assert item["kind"] == {"name": "Demi-journée", "slug": "demi-journee"}
    assert item["status"] == "postponed"
    assert item["status_explanation"] == "Reportée à l’automne."
    assert item["attendance_mode"] == "in_person"
    assert item["themes"] == [
        {"name": "Finances solidaires", "slug": "finances-solidaires"}
    ]
    assert item["territory"] == {
        "name": "Loiret",
        "slug": "loiret",
        "insee_code": "45",
    }
    assert item["venue"] == {
        "name": "Salle des fêtes",
        "street_address": "1 place de la Mairie",
        "postcode": "45120",
        "town": "Cepoy",
        "latitude": 48.045,
        "longitude": 2.737,
    }
    (session,) = item["sessions"]
    assert session["title"] == "Atelier finances solidaires"
    assert session["kind"] == "workshop"
    assert session["theme"] == {
        "name": "Finances solidaires",
        "slug": "finances-solidaires",
    }
    assert (session["location"], session["capacity"]) == ("Salle 2", 15)


def test_dates_are_iso_8601_with_the_paris_offset(client, full_event):
    (item,) = items(client)

    assert item["starts_at"] == "2030-05-16T09:30:00+02:00"
    assert datetime.fromisoformat(item["ends_at"]) == full_event.ends_at
    session = item["sessions"][0]
    assert session["starts_at"] == "2030-05-16T13:30:00+02:00"
    assert datetime.fromisoformat(session["ends_at"]).utcoffset() == timedelta(hours=2)


def test_online_link_is_never_published(client, full_event):
    (item,) = items(client)
    detail = client.get(f"{LISTING}{full_event.pk}/")

    assert "visio.example.org" not in str(item)
    assert "visio.example.org" not in detail.content.decode()
    assert client.get(LISTING, {"fields": "online_url"}).status_code == 400


def test_only_public_live_events_in_start_order(client, index, home_page):
    later = build_event(index, title="Plus tard", days=20)
    sooner = build_event(index, title="Bientôt", days=5)
    build_event(index, title="Réservé aux agents", audience=Audience.INTERNAL)
    draft = build_event(index, title="Brouillon")
    draft.unpublish()
    private = build_event(index, title="Protégé par mot de passe")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )

    titles = [item["title"] for item in items(client)]

    assert titles == [sooner.title, later.title]


def test_internal_event_detail_is_404(client, index):
    internal = build_event(index, audience=Audience.INTERNAL)

    response = client.get(f"{LISTING}{internal.pk}/")
    found = client.get(f"{LISTING}find/", {"html_path": internal.url})

    assert response.status_code == 404
    assert found.status_code == 404


def test_detail_of_a_public_event(client, full_event):
    response = client.get(f"{LISTING}{full_event.pk}/")

    assert response.status_code == 200
    data = response.json()
    assert data["title"] == full_event.title
    assert data["sessions"][0]["capacity"] == 15
    assert "parent" not in data["meta"]


def test_find_by_page_path_redirects_to_the_detail(client, full_event):
    response = client.get(f"{LISTING}find/", {"html_path": full_event.url})

    assert response.status_code == 302
    assert f"{LISTING}{full_event.pk}/" in response["Location"]


@pytest.mark.parametrize(
    "params",
    [
        {"starts_at": "pas une date"},
        {"territory": "x"},
        {"fields": "inconnu"},
        {"order": "inconnu"},
        {"limit": "-1"},
        {"unknown": "1"},
    ],
)
def test_bad_parameters_are_a_400_not_a_500(client, full_event, params):
    response = client.get(LISTING, params)

    assert response.status_code == 400
    assert "message" in response.json()


def test_filters_by_status(client, index, full_event):
    build_event(index, title="Maintenu")

    titles = [item["title"] for item in items(client, status="postponed")]

    assert titles == [full_event.title]


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_no_generic_endpoint_is_public(client, endpoint):
    assert client.get(f"/api/v2/{endpoint}/").status_code == 404


def test_any_website_may_read_it(client, full_event):
    response = client.get(LISTING)

    assert response["Access-Control-Allow-Origin"] == "*"


def test_read_only(client, full_event):
    assert client.post(LISTING, {"title": "x"}).status_code == 405


def _fill(index, count):
    themes = [build_theme() for _ in range(2)]
    territory = build_territory()
    venue = build_venue(territory=territory)
    for number in range(count):
        build_event(
            index,
            title=f"Événement {number}",
            sessions=2,
            themes=themes,
            territory=territory,
            venue=venue,
            days=5 + number,
        )


def _listing_queries(client, limit):
    client.get(LISTING, {"limit": limit})  # warm the site and content type caches
    with count_queries() as queries:
        response = client.get(LISTING, {"limit": limit})
    assert response.status_code == 200
    assert len(response.json()["items"]) == limit
    return len(queries)


def test_listing_queries_do_not_grow_with_events(client, index, settings):
    settings.WAGTAILAPI_LIMIT_MAX = 100
    _fill(index, 5)
    few = _listing_queries(client, 5)
    _fill(index, 15)  # an N+1 would add a query per event at least
    many = _listing_queries(client, 20)

    assert few == many
