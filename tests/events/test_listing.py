"""The events index: filters, garbage filters, sections, pagination, theme and
territory views, internal events, and the home page's next events."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from events.models import Audience, Session
from events.selectors import PAST_PER_PAGE
from tests.events.factories import (
    build_event,
    build_kind,
    build_territory,
    build_venue,
)
from tests.events.registrations.factories import register
from tests.factories import build_theme
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db

INDEX = "/evenements/"


@pytest.fixture
def world(index):
    """Two themes, two territories, two kinds and a few events."""
    finance = build_theme(name="Finances solidaires", slug="finances-solidaires")
    youth = build_theme(name="Jeunesse", slug="jeunesse")
    cher = build_territory(name="Cher", slug="cher", insee_code="18")
    loiret = build_territory(name="Loiret", slug="loiret", insee_code="45")
    visit = build_kind(name="Visite apprenante", slug="visite-apprenante")
    workshop = build_kind(name="Atelier", slug="atelier")
    events = {
        "finance_cher_visit": build_event(
            index,
            title="Visite à Bourges",
            days=10,
            themes=[finance],
            territory=cher,
            kind=visit,
        ),
        "youth_loiret_workshop": build_event(
            index,
            title="Atelier à Orléans",
            days=20,
            themes=[youth],
            territory=loiret,
            kind=workshop,
        ),
        "venue_in_loiret": build_event(
            index,
            title="Demi-journée à Cepoy",
            days=40,
            venue=build_venue(territory=loiret),
            kind=workshop,
        ),
        "past_finance_cher": build_event(
            index,
            title="Lancement passé",
            days=-30,
            themes=[finance],
            territory=cher,
            kind=visit,
        ),
    }
    return {
        "events": events,
        "finance": finance,
        "youth": youth,
        "cher": cher,
        "loiret": loiret,
        "visit": visit,
        "workshop": workshop,
    }


def card_titles(document, section_id=None) -> list[str]:
    scope = (
        document.find(id=section_id).find_parent("section") if section_id else document
    )
    return [text_of(title) for title in scope.select(".event-card__title")]


def listed(client, query="") -> set[str]:
    return set(card_titles(soup(client.get(INDEX + query))))


def ignored_fields(document) -> set[str]:
    """The filters the notice says were ignored (the fields its links target)."""
    notice = document.find(id="filtres-ignores")
    if notice is None:
        return set()
    return {link["href"].removeprefix("#filtre-") for link in notice.find_all("a")}


# ---------- Sections and result count ----------


def test_upcoming_events_come_first_soonest_first_then_past_ones(client, world, index):
    build_event(index, title="Plus ancien", days=-60)

    document = soup(client.get(INDEX))

    assert card_titles(document, "a-venir") == [
        "Visite à Bourges",
        "Atelier à Orléans",
        "Demi-journée à Cepoy",
    ]
    assert card_titles(document, "passes") == ["Lancement passé", "Plus ancien"]
    headings = [heading["id"] for heading in document.select("main h2[id]")]
    assert headings.index("a-venir") < headings.index("passes")


def test_result_count_is_announced_in_a_status_region(client, world):
    document = soup(client.get(INDEX + "?territory=cher"))

    status = document.find(id="nombre-resultats")
    assert status["role"] == "status"
    numbers = [
        word for word in text_of(status).replace("(", " ").split() if word.isdigit()
    ]
    assert numbers[:3] == ["2", "1", "1"]  # total, upcoming, past


def test_an_event_under_way_is_listed_as_upcoming(client, index):
    build_event(index, title="En cours", starts_at=timezone.now() - timedelta(hours=1))

    assert card_titles(soup(client.get(INDEX)), "a-venir") == ["En cours"]


# ---------- Each filter, and combined ----------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?theme=finances-solidaires", {"Visite à Bourges", "Lancement passé"}),
        ("?theme=jeunesse", {"Atelier à Orléans"}),
        ("?territory=cher", {"Visite à Bourges", "Lancement passé"}),
        ("?kind=atelier", {"Atelier à Orléans", "Demi-journée à Cepoy"}),
        ("?theme=finances-solidaires&kind=atelier", set()),
        (
            "?territory=loiret&kind=atelier",
            {"Atelier à Orléans", "Demi-journée à Cepoy"},
        ),
        (
            "?theme=finances-solidaires&territory=cher&kind=visite-apprenante",
            {"Visite à Bourges", "Lancement passé"},
        ),
    ],
)
def test_filters(client, world, query, expected):
    assert listed(client, query) == expected


def test_territory_filter_uses_the_venue_when_the_event_has_none(client, world):
    assert "Demi-journée à Cepoy" in listed(client, "?territory=loiret")


def test_theme_filter_includes_events_with_a_session_on_that_theme(client, world):
    event = world["events"]["venue_in_loiret"]
    Session.objects.create(
        page=event,
        title="Atelier jeunesse",
        theme=world["youth"],
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    )

    assert listed(client, "?theme=jeunesse") == {
        "Atelier à Orléans",
        "Demi-journée à Cepoy",
    }


def test_date_filters_keep_events_that_overlap_the_range(client, world):
    today = timezone.now().date()
    date_from = (today + timedelta(days=15)).isoformat()
    date_to = (today + timedelta(days=25)).isoformat()

    assert listed(client, f"?date_from={date_from}") == {
        "Atelier à Orléans",
        "Demi-journée à Cepoy",
    }
    assert listed(client, f"?date_to={date_to}") == {
        "Visite à Bourges",
        "Atelier à Orléans",
        "Lancement passé",
    }
    assert listed(client, f"?date_from={date_from}&date_to={date_to}") == {
        "Atelier à Orléans"
    }


def test_french_dates_typed_by_hand_are_understood(client, world):
    date_from = (timezone.now().date() + timedelta(days=15)).strftime("%d/%m/%Y")

    assert listed(client, f"?date_from={date_from}") == {
        "Atelier à Orléans",
        "Demi-journée à Cepoy",
    }


def test_the_form_shows_the_filters_that_apply(client, world):
    document = soup(client.get(INDEX + "?theme=jeunesse&date_from=2030-01-31"))

    theme = document.find("select", id="filtre-theme")
    assert theme.find("option", selected=True)["value"] == "jeunesse"
    assert document.find("input", id="filtre-date_from")["value"] == "2030-01-31"


def test_the_form_is_a_get_form_with_fieldsets_labels_and_a_button(client, world):
    form = soup(client.get(INDEX)).find("form", class_="event-filters")

    assert form["method"] == "get"
    assert form["action"] == INDEX
    assert [text_of(legend) for legend in form.find_all("legend")]
    for control in form.find_all(["select", "input"]):
        assert form.find("label", attrs={"for": control["id"]}), control["id"]
    assert form.find("button", type="submit")


def test_places_left_keeps_the_events_open_for_registration_with_seats(client, index):
    open_event = build_event(
        index, title="Ouvert", slug="ouvert", registration_required=True, capacity=5
    )
    full = build_event(
        index, title="Complet", slug="complet", registration_required=True, capacity=1
    )
    register(full)
    build_event(index, title="Sans inscription", slug="libre")
    build_event(
        index,
        title="Pas encore",
        slug="pas-encore",
        registration_required=True,
        registration_opens_at=timezone.now() + timedelta(days=1),
    )

    document = soup(client.get(f"{INDEX}?places_left=on"))

    checkbox = document.find("input", id="filtre-places_left")
    assert checkbox.has_attr("checked") and not checkbox.has_attr("disabled")
    assert checkbox["aria-describedby"] == "filtre-places_left_helptext"
    titles = [text_of(title) for title in document.select(".event-card__title")]
    assert titles == [open_event.title]


def test_an_event_leaves_the_places_left_listing_with_its_last_seat(
    client, index, django_capture_on_commit_callbacks
):
    event = build_event(
        index, title="Dernière place", registration_required=True, capacity=1
    )

    def listed() -> list[str]:
        document = soup(client.get(f"{INDEX}?places_left=on"))
        return [text_of(title) for title in document.select(".event-card__title")]

    client.get(INDEX)  # creates the site's settings: a change of content
    assert listed() == ["Dernière place"]
    with django_capture_on_commit_callbacks(execute=True):
        register(event)
    assert listed() == []
    document = soup(client.get(INDEX))
    assert [text_of(title) for title in document.select(".event-card__title")] == [
        "Dernière place"
    ]


# ---------- Garbage never gives a 500 ----------

LONG = "x" * 5000


@pytest.mark.parametrize(
    ("garbage", "ignored"),
    [
        ("theme=inconnue", "theme"),
        ("territory=atlantide", "territory"),
        ("kind=inconnu", "kind"),
        ("date_from=notadate", "date_from"),
        ("date_to=2024-02-30", "date_to"),
        ("date_from=2030-05-10&date_to=2030-05-01", "date_to"),
        ("theme=finances-solidaires&theme=jeunesse", "theme"),
        (f"theme={LONG}", "theme"),
        (f"date_from={'9' * 5000}", "date_from"),
        ("territory=%00%01", "territory"),
        ("places_left=on&places_left=on", "places_left"),
    ],
)
def test_a_bad_filter_is_ignored_with_a_message_and_the_others_apply(
    client, world, garbage, ignored
):
    # Territory "loiret" and kind "atelier" select the same two events.
    other = "kind=atelier" if ignored == "territory" else "territory=loiret"
    response = client.get(f"{INDEX}?{other}&{garbage}")

    assert response.status_code == 200
    document = soup(response)
    assert ignored_fields(document) == {ignored}
    notice = document.find(id="filtres-ignores")
    assert notice["role"] == "status"
    form = document.find("form", class_="event-filters")
    assert form["aria-describedby"] == "filtres-ignores"
    field = document.find(id=f"filtre-{ignored}")
    assert f"filtre-{ignored}_error" in field["aria-describedby"].split()
    assert text_of(document.find(id=f"filtre-{ignored}_error"))
    assert LONG not in text_of(document)
    expected = {"Atelier à Orléans", "Demi-journée à Cepoy"}
    if "2030" in garbage:  # the valid start date applies too
        expected = set()
    assert set(card_titles(document)) == expected


@pytest.mark.parametrize(
    "query",
    ["?page=99999", "?page=abc", "?page=-3", f"?page={'9' * 5000}", "?page=1&page=2"],
)
def test_bad_page_numbers_give_a_page(client, world, query):
    response = client.get(INDEX + query)

    assert response.status_code == 200
    assert card_titles(soup(response))


def test_unknown_parameters_are_left_alone(client, world):
    response = client.get(INDEX + "?theme[]=jeunesse&utm_source=lettre")

    assert response.status_code == 200
    assert ignored_fields(soup(response)) == set()


def test_several_ignored_filters_are_all_listed(client, world):
    document = soup(client.get(INDEX + "?theme=nope&territory=nope&date_from=nope"))

    assert ignored_fields(document) == {"theme", "territory", "date_from"}


# ---------- Empty state and pagination ----------


def test_empty_state_offers_to_reset_the_filters(client, world):
    document = soup(client.get(INDEX + "?theme=jeunesse&territory=cher"))

    empty = document.find(class_="empty-state")
    assert empty is not None
    assert empty.find("a", href=INDEX)
    assert not document.select(".event-card")


def test_empty_index_says_the_programme_is_coming(client, index):
    document = soup(client.get(INDEX))

    assert document.find(class_="empty-state")
    assert not document.select(".event-card")


def test_pagination_keeps_the_filters(client, index, world):
    for number in range(PAST_PER_PAGE + 3):
        build_event(
            index,
            title=f"Atelier passé {number}",
            days=-(number + 40),
            kind=world["workshop"],
        )

    document = soup(client.get(INDEX + "?kind=atelier"))

    next_link = document.select_one(".pagination__item--next a")
    query = parse_qs(urlsplit(next_link["href"]).query)
    assert query == {"kind": ["atelier"], "page": ["2"]}

    second = soup(client.get(INDEX + "?kind=atelier&page=2"))
    assert len(card_titles(second, "passes")) == 3
    assert second.find(id="a-venir") is None  # upcoming events are on page 1
    assert second.find("a", href="?kind=atelier")


# ---------- Theme and territory views ----------


def test_theme_view_lists_the_theme_events_with_its_heading_and_feed(client, world):
    response = client.get(INDEX + "thematique/finances-solidaires/")

    assert response.status_code == 200
    document = soup(response)
    assert "Finances solidaires" in text_of(document.find("h1"))
    assert len(document.find_all("h1")) == 1
    assert set(card_titles(document)) == {"Visite à Bourges", "Lancement passé"}
    feed = reverse("events:theme_feed", kwargs={"slug": "finances-solidaires"})
    alternate = document.find("link", rel="alternate", type="text/calendar")
    assert urlsplit(alternate["href"]).path == feed
    assert document.find("a", href=f"webcal://testserver{feed}")
    assert document.find("select", id="filtre-theme") is None
    assert document.find("form", class_="event-filters")["action"] == (
        INDEX + "thematique/finances-solidaires/"
    )


def test_theme_view_takes_the_other_filters(client, world):
    document = soup(
        client.get(INDEX + "thematique/finances-solidaires/?territory=loiret")
    )

    assert card_titles(document) == []
    assert document.find(class_="empty-state")


def test_territory_view_lists_the_territory_events(client, world):
    response = client.get(INDEX + "territoire/loiret/")

    assert response.status_code == 200
    document = soup(response)
    assert "Loiret" in text_of(document.find("h1"))
    assert set(card_titles(document)) == {"Atelier à Orléans", "Demi-journée à Cepoy"}
    feed = reverse("events:territory_feed", kwargs={"slug": "loiret"})
    assert document.find("a", href=f"webcal://testserver{feed}")
    assert document.find("select", id="filtre-territory") is None


def test_scoped_views_have_their_own_breadcrumb_and_canonical_url(client, world):
    document = soup(client.get(INDEX + "territoire/cher/"))

    current = document.find("nav", class_="breadcrumbs").find(
        "a", attrs={"aria-current": "page"}
    )
    assert current["href"] == INDEX + "territoire/cher/"
    canonical = document.find("link", rel="canonical")["href"]
    assert urlsplit(canonical).path == INDEX + "territoire/cher/"


@pytest.mark.parametrize("path", ["thematique/inconnue/", "territoire/inconnu/"])
def test_unknown_theme_or_territory_is_not_found(client, world, path):
    assert client.get(INDEX + path).status_code == 404


# ---------- Internal events ----------


@pytest.fixture
def internal_event(index):
    return build_event(index, title="Atelier des agents", audience=Audience.INTERNAL)


def staff_user():
    user = User.objects.create_user("agent", password="motdepasse-tres-long")
    user.groups.add(Group.objects.get(name=settings.REGION_STAFF_GROUP_NAME))
    return user


def test_internal_events_are_absent_for_the_public(client, internal_event, index):
    build_event(index, title="Public")

    assert listed(client) == {"Public"}
    assert "Atelier des agents" not in {
        text_of(title) for title in soup(client.get("/")).select(".event-card__title")
    }


def test_internal_events_are_shown_to_staff_with_a_label(client, internal_event):
    client.force_login(staff_user())

    document = soup(client.get(INDEX))

    card = document.find(class_="event-card")
    assert text_of(card.find(class_="event-card__title")) == "Atelier des agents"
    assert text_of(card.find(class_="badge--internal"))


def test_other_signed_in_users_do_not_see_internal_events(client, internal_event):
    client.force_login(User.objects.create_user("citoyen", password="x" * 20))

    assert listed(client) == set()


# ---------- Home page ----------


def test_home_page_shows_the_next_events_and_links_to_the_programme(client, world):
    document = soup(client.get("/"))

    section = document.find(id="upcoming-events-title").find_parent("section")
    titles = [text_of(title) for title in section.select(".event-card__title")]
    assert titles == ["Visite à Bourges", "Atelier à Orléans", "Demi-journée à Cepoy"]
    assert section.find("a", href=INDEX)


def test_home_page_theme_cards_link_to_their_events(client, world):
    document = soup(client.get("/"))

    links = {link["href"] for link in document.select(".theme-list a.theme-card__link")}
    assert links == {
        INDEX + "thematique/finances-solidaires/",
        INDEX + "thematique/jeunesse/",
    }
