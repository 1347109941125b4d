"""The event page: every part, status banners, JSON-LD, calendar links, the
private online link kept private, and constant query counts (event page,
events index, theme view)."""

import io
import json
from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from events.models import AttendanceMode, EventStatus, Session, SessionKind
from home.models import Organisation, Person
from tests.events.factories import (
    build_event,
    build_event_index,
    build_kind,
    build_territory,
    build_venue,
)
from tests.factories import build_portal_settings, build_theme
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
SECRET_LINK = "https://visio.example.org/salle-privee-4f7a"
# Thursday 16 May 2030, 9:30 to 12:30 in Paris (UTC+2): 7:30 to 10:30 UTC.
STARTS_AT = datetime(2030, 5, 16, 9, 30, tzinfo=PARIS)
ENDS_AT = datetime(2030, 5, 16, 12, 30, tzinfo=PARIS)


@pytest.fixture
def index(home_page):
    build_portal_settings(home_page.get_site(), organisation_name="Région de test")
    return build_event_index(home_page)


@pytest.fixture
def venue(db):
    return build_venue(
        name="Salle des fêtes",
        street_address="1 place de la Mairie",
        postcode="45120",
        town="Cepoy",
        territory=build_territory(name="Loiret", slug="loiret", insee_code="45"),
        access_information="Parking devant la salle.",
        reduced_mobility_information="Salle de plain-pied, toilettes adaptées.",
        public_transport="Bus ligne 3, arrêt Mairie.",
    )


def png_image() -> Image:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 900), "#1f5f8b").save(buffer, "PNG")
    return Image.objects.create(
        title="Salle", file=ImageFile(buffer, name="salle.png"), description=""
    )


def build_full_event(index, venue, **fields):
    """An event with every part: sessions (two in parallel), programme,
    speakers, partners, documents, image."""
    finance = build_theme(name="Finances solidaires", slug="finances-solidaires")
    youth = build_theme(name="Jeunesse", slug="jeunesse")
    organisation = Organisation.objects.create(
        name="CRESS Centre-Val de Loire", website="https://cress.example.org"
    )
    speaker = Person.objects.create(
        name="Camille Martin", role="Présidente", organisation=organisation
    )
    document = Document.objects.create(
        title="Programme détaillé",
        file=ContentFile(b"%PDF-1.4 programme", name="programme.pdf"),
    )
    programme = [
        {
            "type": "time_slot",
            "value": {
                "starts_at": "09:30:00",
                "ends_at": "10:00:00",
                "title": "Accueil café",
                "description": "Présentation de la journée.",
                "speakers": [speaker.pk],
            },
        }
    ]
    defaults = {
        "title": "Demi-journée à Cepoy",
        "kind": build_kind(name="Demi-journée de co-construction", slug="demi"),
        "starts_at": STARTS_AT,
        "ends_at": ENDS_AT,
        "venue": venue,
        "summary": "Une visite apprenante puis six ateliers.",
        "description": "<p>Un temps fort de la concertation.</p>",
        "programme": json.dumps(programme),
        "documents": json.dumps(
            [{"type": "document", "value": {"document": document.pk, "title": ""}}]
        ),
        "image": png_image(),
        "online_url": SECRET_LINK,
    }
    event = build_event(index, themes=[finance, youth], **(defaults | fields))
    for title, kind, theme, start, end in [
        (
            "Visite de la ressourcerie",
            SessionKind.LEARNING_VISIT,
            None,
            (9, 30),
            (10, 30),
        ),
        ("Atelier finances", SessionKind.WORKSHOP, finance, (11, 0), (12, 30)),
        ("Atelier jeunesse", SessionKind.WORKSHOP, youth, (11, 0), (12, 30)),
    ]:
        Session.objects.create(
            page=event,
            title=title,
            kind=kind,
            theme=theme,
            starts_at=STARTS_AT.replace(hour=start[0], minute=start[1]),
            ends_at=STARTS_AT.replace(hour=end[0], minute=end[1]),
            location="Salle A",
            capacity=25,
        )
    event.speakers.set([speaker])
    event.partners.set([organisation])
    event.save_revision().publish()
    return event


def get_page(client, event):
    response = client.get(event.url)
    assert response.status_code == 200
    return soup(response)


def json_ld(document) -> dict:
    scripts = document.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def section(document, heading_id):
    return document.find(id=heading_id).find_parent(["section"])


# ---------- Every part ----------


def test_event_page_shows_every_part(client, index, venue):
    event = build_full_event(index, venue)

    document = get_page(client, event)
    main = document.find("main")

    assert [text_of(h1) for h1 in document.find_all("h1")] == ["Demi-journée à Cepoy"]
    assert text_of(main.find(class_="event__kind")) == "Demi-journée de co-construction"
    assert "Une visite apprenante puis six ateliers." in text_of(main)
    assert "Un temps fort de la concertation." in text_of(
        section(document, "presentation")
    )

    practical = section(document, "infos-pratiques")
    assert text_of(practical.find("address")) == (
        "Salle des fêtes 1 place de la Mairie 45120 Cepoy"
    )
    practical_text = text_of(practical)
    for information in (
        "Parking devant la salle.",
        "Salle de plain-pied, toilettes adaptées.",
        "Bus ligne 3, arrêt Mairie.",
    ):
        assert information in practical_text
    theme_links = {link["href"] for link in practical.select(".event-facts__themes a")}
    assert theme_links == {
        "/evenements/thematique/finances-solidaires/",
        "/evenements/thematique/jeunesse/",
    }
    assert practical.find("a", href="/evenements/territoire/loiret/")

    slots = section(document, "sessions").select(".session-slot")
    assert [[text_of(t) for t in slot.select(".session__title")] for slot in slots] == [
        ["Visite de la ressourcerie"],
        ["Atelier finances", "Atelier jeunesse"],
    ]
    workshop = slots[1].select(".session")[0]
    assert "Finances solidaires" in text_of(workshop)
    assert "Salle A" in text_of(workshop)
    assert "25" in text_of(workshop)

    programme = section(document, "programme")
    slot = programme.select_one(".programme > li")
    assert "Accueil café" in text_of(slot)
    assert "Camille Martin" in text_of(slot)
    assert slot.find("time", datetime="09:30")

    assert "CRESS Centre-Val de Loire" in text_of(section(document, "intervenants"))
    assert section(document, "partenaires").find("a", href="https://cress.example.org")
    assert section(document, "documents").find("a", class_="block-document__link")
    assert main.find("figure", class_="event__image").find("img")
    assert section(document, "inscription") is not None
    assert document.find(class_="badge--internal") is None
    assert document.find(class_="status-banner") is None


def test_breadcrumbs_lead_back_to_the_events(client, index, venue):
    event = build_event(index, title="Atelier", venue=venue)

    breadcrumbs = get_page(client, event).find("nav", class_="breadcrumbs")

    assert breadcrumbs.find("a", href="/evenements/")
    assert breadcrumbs.find("a", attrs={"aria-current": "page"})["href"] == event.url


def test_dates_are_written_in_french(client, index, venue):
    event = build_event(index, starts_at=STARTS_AT, ends_at=ENDS_AT, venue=venue)

    when = get_page(client, event).find(class_="event__when").find("time")

    assert when["datetime"] == "2030-05-16T09:30:00+02:00"
    assert text_of(when).startswith("jeudi 16 mai 2030")
    assert text_of(when) == "jeudi 16 mai 2030, de 9 h 30 à 12 h 30"


def test_multi_day_events_give_both_days(client, index, venue):
    event = build_event(
        index,
        starts_at=STARTS_AT,
        ends_at=ENDS_AT.replace(day=17, hour=17, minute=0),
        venue=venue,
    )

    when = get_page(client, event).find(class_="event__when").find("time")

    assert text_of(when) == (
        "du jeudi 16 mai 2030 à 9 h 30 au vendredi 17 mai 2030 à 17 h 00"
    )


def test_the_sessions_of_a_single_day_give_their_times(client, index, venue):
    event = build_event(
        index, starts_at=STARTS_AT, ends_at=ENDS_AT, venue=venue, sessions=2
    )

    times = get_page(client, event).select(".session-slot__time time")

    assert [text_of(time) for time in times] == [
        "De 9 h 30 à 10 h 30",
        "De 10 h 30 à 11 h 30",
    ]
    assert times[1]["datetime"] == "2030-05-16T10:30:00+02:00"


@pytest.mark.parametrize(
    ("status", "banner_class"),
    [
        (EventStatus.POSTPONED, "status-banner--postponed"),
        (EventStatus.CANCELLED, "status-banner--cancelled"),
    ],
)
def test_postponed_and_cancelled_events_have_a_banner(
    client, index, venue, status, banner_class
):
    event = build_event(
        index,
        venue=venue,
        status=status,
        status_explanation="La salle n’est plus disponible.",
    )

    banner = get_page(client, event).find(class_="status-banner")

    assert banner_class in banner["class"]
    assert "La salle n’est plus disponible." in text_of(banner)


def test_cancelled_event_offers_no_calendar_link_but_its_file(client, index, venue):
    event = build_event(index, venue=venue, status=EventStatus.CANCELLED)

    calendar = section(get_page(client, event), "agenda")

    hrefs = [link["href"] for link in calendar.find_all("a")]
    assert reverse("events:event_feed", kwargs={"page_id": event.pk}) in hrefs
    assert not any(urlsplit(href).netloc.endswith("google.com") for href in hrefs)


def test_internal_event_shows_its_label_to_staff(client, index, venue):
    from django.conf import settings
    from django.contrib.auth.models import Group, User

    event = build_event(index, venue=venue, audience="internal")
    user = User.objects.create_user("agent", password="x" * 20)
    user.groups.add(Group.objects.get(name=settings.REGION_STAFF_GROUP_NAME))
    client.force_login(user)

    document = get_page(client, event)

    assert text_of(
        document.find("header", class_="event__header").find(class_="badge--internal")
    )


# ---------- The online link stays private ----------


def every_text_and_attribute(document) -> list[str]:
    values = [str(text) for text in document.find_all(string=True)]
    for tag in document.find_all(True):
        for value in tag.attrs.values():
            values.extend(value if isinstance(value, list) else [value])
    return values


@pytest.mark.parametrize("mode", [AttendanceMode.ONLINE, AttendanceMode.HYBRID])
def test_the_online_link_never_appears(client, index, venue, mode):
    event = build_full_event(index, venue, attendance_mode=mode)

    document = get_page(client, event)

    assert not any(SECRET_LINK in value for value in every_text_and_attribute(document))
    assert SECRET_LINK not in json.dumps(json_ld(document))


# ---------- JSON-LD ----------


def test_json_ld_describes_an_event_in_person(client, index, venue):
    event = build_full_event(index, venue)

    data = json_ld(get_page(client, event))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Demi-journée à Cepoy"
    assert data["startDate"] == "2030-05-16T09:30:00+02:00"
    assert data["endDate"] == "2030-05-16T12:30:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == (
        "https://schema.org/OfflineEventAttendanceMode"
    )
    place = data["location"]
    assert place["@type"] == "Place"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1 place de la Mairie",
        "postalCode": "45120",
        "addressLocality": "Cepoy",
        "addressCountry": "FR",
    }
    assert place["geo"]["@type"] == "GeoCoordinates"
    assert data["organizer"]["@type"] == "Organization"
    assert data["organizer"]["name"] == "Région de test"
    assert data["offers"]["price"] == "0"
    assert data["offers"]["priceCurrency"] == "EUR"
    assert urlsplit(data["url"]).path == event.url
    assert data["image"]
    assert data["performer"] == [{"@type": "Person", "name": "Camille Martin"}]


@pytest.mark.parametrize(
    ("mode", "schema_mode", "location_types"),
    [
        (AttendanceMode.ONLINE, "OnlineEventAttendanceMode", ["VirtualLocation"]),
        (
            AttendanceMode.HYBRID,
            "MixedEventAttendanceMode",
            ["Place", "VirtualLocation"],
        ),
    ],
)
def test_json_ld_of_online_and_hybrid_events(
    client, index, venue, mode, schema_mode, location_types
):
    event = build_event(index, venue=venue, attendance_mode=mode)

    data = json_ld(get_page(client, event))

    assert data["eventAttendanceMode"] == "https://schema.org/" + schema_mode
    locations = (
        data["location"] if isinstance(data["location"], list) else [data["location"]]
    )
    assert [location["@type"] for location in locations] == location_types
    assert urlsplit(locations[-1]["url"]).path == event.url


@pytest.mark.parametrize(
    ("status", "schema_status"),
    [
        (EventStatus.POSTPONED, "EventPostponed"),
        (EventStatus.CANCELLED, "EventCancelled"),
    ],
)
def test_json_ld_status(client, index, venue, status, schema_status):
    event = build_event(index, venue=venue, status=status)

    data = json_ld(get_page(client, event))

    assert data["eventStatus"] == "https://schema.org/" + schema_status


def test_json_ld_cannot_close_its_script(client, index, venue):
    title = "Atelier </script><script>alert(1)</script> & co"
    event = build_event(index, venue=venue, title=title, slug="atelier-piege")

    document = get_page(client, event)

    assert json_ld(document)["name"] == title
    assert (
        document.find_all("script", type=lambda value: value != "application/ld+json")
        == []
    )


# ---------- Calendar links ----------


def test_add_to_calendar_links(client, index, venue):
    event = build_event(
        index, title="Atelier & co", starts_at=STARTS_AT, ends_at=ENDS_AT, venue=venue
    )

    links = section(get_page(client, event), "agenda").find_all("a")
    by_host = {urlsplit(link["href"]).netloc: link["href"] for link in links}

    ics = reverse("events:event_feed", kwargs={"page_id": event.pk})
    assert links[0]["href"] == ics

    google = urlsplit(by_host["calendar.google.com"])
    query = parse_qs(google.query)
    assert google.path == "/calendar/render"
    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == ["Atelier & co"]
    assert query["dates"] == ["20300516T073000Z/20300516T103000Z"]
    assert query["location"] == ["Salle des fêtes, 1 place de la Mairie, 45120 Cepoy"]
    assert event.full_url in query["details"][0]

    outlook = urlsplit(by_host["outlook.office.com"])
    query = parse_qs(outlook.query)
    assert outlook.path == "/calendar/0/deeplink/compose"
    assert query["subject"] == ["Atelier & co"]
    assert query["startdt"] == ["2030-05-16T07:30:00Z"]
    assert query["enddt"] == ["2030-05-16T10:30:00Z"]
    assert query["location"] == ["Salle des fêtes, 1 place de la Mairie, 45120 Cepoy"]


def test_page_advertises_its_calendar_feeds(client, index, venue):
    event = build_event(index, venue=venue)

    document = get_page(client, event)

    alternates = {
        urlsplit(link["href"]).path
        for link in document.find_all("link", rel="alternate", type="text/calendar")
    }
    assert alternates == {
        reverse("events:event_feed", kwargs={"page_id": event.pk}),
        reverse("events:feed"),
    }
    subscribe = section(document, "agenda").find(
        "a", href=lambda href: href.startswith("webcal://")
    )
    assert urlsplit(subscribe["href"]).path == reverse("events:feed")


def test_page_describes_itself_for_sharing(client, index, venue):
    event = build_full_event(index, venue)

    document = get_page(client, event)

    assert document.find("meta", attrs={"name": "description"})["content"] == (
        "Une visite apprenante puis six ateliers."
    )
    assert document.find("meta", property="og:title")["content"] == event.title
    assert document.find("meta", property="og:image")["content"].startswith("http")


# ---------- Query counts ----------


def build_many(index, venue, count, themes=None):
    themes = themes or [build_theme() for _ in range(3)]
    territory = venue.territory
    for number in range(count):
        build_event(
            index,
            title=f"Événement {number}",
            days=5 + number if number % 2 else -5 - number,
            sessions=3,
            themes=themes[: 1 + number % 3],
            venue=venue,
            territory=territory,
        )
    return themes


def queries_for(client, url) -> int:
    assert client.get(url).status_code == 200  # warm-up: site root paths, settings
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["index", "theme", "filtered"])
def test_listing_queries_do_not_grow_with_the_events(client, index, venue, view):
    def url(themes):
        return {
            "index": "/evenements/",
            "theme": f"/evenements/thematique/{themes[0].slug}/",
            "filtered": f"/evenements/?territory=loiret&theme={themes[0].slug}",
        }[view]

    themes = build_many(index, venue, 5)  # 3 past events, no page of them
    few = queries_for(client, url(themes))
    build_many(index, venue, 21, themes)  # 14 past ones: more than a page
    many = queries_for(client, url(themes))

    assert few == many


def test_archive_pages_queries_do_not_grow_with_the_events(client, index, venue):
    themes = build_many(index, venue, 26)  # 13 past events: one on the last page
    few = queries_for(client, "/evenements/?page=2")
    build_many(index, venue, 24, themes)  # 25: a full second page, and a third
    many = queries_for(client, "/evenements/?page=2")

    assert few == many


def test_event_page_queries_do_not_grow_with_sessions_themes_and_people(
    client, index, venue
):
    small = build_event(
        index, title="Petit", venue=venue, sessions=1, themes=[build_theme()]
    )
    large = build_full_event(index, venue, title="Grand", slug="grand")
    for number in range(20):
        Session.objects.create(
            page=large,
            title=f"Atelier {number}",
            starts_at=STARTS_AT,
            ends_at=ENDS_AT,
            theme=build_theme(),
        )
    large.themes.set([build_theme() for _ in range(6)])
    large.speakers.set(
        [Person.objects.create(name=f"Personne {number}") for number in range(6)]
    )
    large.save_revision().publish()
    small.image = png_image()
    small.speakers.set([Person.objects.create(name="Seule")])
    small.partners.set([Organisation.objects.create(name="Seule structure")])
    small.documents = large.documents.raw_data
    small.programme = large.programme.raw_data
    small.save_revision().publish()

    assert queries_for(client, small.url) == queries_for(client, large.url)
