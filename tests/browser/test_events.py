"""The events listing and an event page in Chromium: filtering by keyboard,
downloading the .ics file, and axe on every state of the listing."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from icalendar import Calendar
from wagtail.models import Site

from events.filters import EventFilters
from events.models import AttendanceMode, EventIndexPage, EventStatus
from events.selectors import event_listing
from home.models import Territory, Theme
from tests.browser.axe import axe_violations
from tests.events.factories import build_event, build_event_index, build_venue
from tests.factories import build_theme

TITLE = "Visite apprenante d’une coopérative"


@pytest.fixture
def transactional_db(shared_demo_database):
    """The tests here only read the demo and the programme: they share them,
    committed for the module and flushed at its end
    (tests/browser/conftest.py)."""


@pytest.fixture(scope="module")
def programme(demo_committed_for_the_module, live_server, django_db_blocker):
    """A few events in the live server's database, on top of the demo, made
    once for the module's tests."""
    with django_db_blocker.unblock():
        return build_programme(live_server)


def build_programme(demo_server):
    home = Site.objects.get(is_default_site=True).root_page
    index = EventIndexPage.objects.child_of(home).first()
    index = index.specific if index else build_event_index(home)
    theme = Theme.objects.filter(slug="finances-solidaires").first() or build_theme(
        name="Finances solidaires", slug="finances-solidaires"
    )
    loiret = Territory.objects.get(slug="loiret")
    cher = Territory.objects.get(slug="cher")
    venue = build_venue(territory=loiret)
    event = build_event(
        index, title=TITLE, days=12, sessions=3, themes=[theme], venue=venue
    )
    build_event(
        index, title="Atelier à Bourges", days=14, themes=[theme], territory=cher
    )
    build_event(
        index,
        title="Réunion en ligne reportée",
        days=20,
        attendance_mode=AttendanceMode.ONLINE,
        status=EventStatus.POSTPONED,
        status_explanation="Nouvelle date à venir.",
    )
    build_event(
        index, title="Restitution passée", days=-15, themes=[theme], venue=venue
    )
    return {
        "url": demo_server.url + index.url,
        "index": index,
        "event": event,
        "theme": theme,
        "territory": loiret,
    }


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "selector => document.activeElement.matches(selector)", selector
        ):
            return
    raise AssertionError(f"{selector} never got the focus")


def choose_with_arrows(page, select_id, value):
    """On a focused, closed <select>, move down to ``value`` with the arrow key."""
    values = page.eval_on_selector(
        f"#{select_id}", "select => [...select.options].map(option => option.value)"
    )
    for _ in range(values.index(value)):
        page.keyboard.press("ArrowDown")
    assert page.input_value(f"#{select_id}") == value


def test_filter_by_keyboard_open_an_event_and_download_it(page, programme):
    theme, territory = programme["theme"], programme["territory"]
    page.goto(programme["url"])

    tab_to(page, "#filtre-theme")
    choose_with_arrows(page, "filtre-theme", theme.slug)
    tab_to(page, "#filtre-territory")
    choose_with_arrows(page, "filtre-territory", territory.slug)
    tab_to(page, ".event-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**territory={territory.slug}**")

    query = parse_qs(urlsplit(page.url).query)
    assert query["theme"] == [theme.slug]
    assert query["territory"] == [territory.slug]
    assert page.input_value("#filtre-theme") == theme.slug
    expected = event_listing(
        user=AnonymousUser(), filters=EventFilters(theme=theme, territory=territory)
    ).total_count
    status = page.locator("#nombre-resultats")
    assert status.get_attribute("role") == "status"
    assert status.inner_text().split()[0] == str(expected)
    assert page.locator(".event-card__title").all_inner_texts().count(TITLE) == 1
    assert axe_violations(page) == []

    page.get_by_role("link", name=TITLE).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{programme['event'].url}")
    assert page.locator("h1").inner_text() == TITLE

    with page.expect_download() as download_info:
        page.locator(".calendar-links__download").click()
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert TITLE in summaries
    assert download_info.value.suggested_filename.endswith(".ics")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?theme=inconnue&date_from=pas-une-date&kind=x&kind=y",
        "?date_from=2000-01-01&date_to=2000-01-31",
    ],
    ids=["listing", "ignored filters", "empty state"],
)
@pytest.mark.parametrize("width", [375, 1280])
def test_listing_states_have_no_axe_violation(page, programme, query, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(programme["url"] + query)

    assert page.locator(".event-filters").is_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [375, 1280])
def test_event_page_has_no_axe_violation(page, programme, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(
        programme["url"].removesuffix(programme["index"].url) + programme["event"].url
    )

    assert page.locator("#inscription").is_visible()
    assert axe_violations(page) == []


def test_theme_view_and_postponed_event_have_no_axe_violation(page, programme):
    page.goto(programme["url"] + f"thematique/{programme['theme'].slug}/")
    assert axe_violations(page) == []

    page.goto(programme["url"])
    page.get_by_role("link", name="Réunion en ligne reportée").first.click()
    assert page.locator(".status-banner").is_visible()
    assert axe_violations(page) == []
