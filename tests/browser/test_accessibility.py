"""Every page type passes axe with zero violations, and works by keyboard."""

import pytest

from tests.browser.axe import axe_violations


@pytest.fixture
def transactional_db(shared_demo_database):
    """The tests here only read the demo: they share one, committed for the
    module and flushed at its end (tests/browser/conftest.py)."""


# The registration pages (form, errors, management, change, cancel, already
# registered) need a registration first: their axe checks are in
# test_registration.py.
PAGE_TYPES = {
    "home page": "/",
    "standard page": "/la-concertation/",
    "legal page": "/mentions-legales/",
    "site map": "/plan-du-site/",
    "search results": "/recherche/?q=concertation",
    "search without results": "/recherche/?q=introuvable",
    "not found": "/page-introuvable/",
    "news index": "/actualites/",
    "news index by theme": "/actualites/thematique/finances-solidaires/",
    "news page": "/actualites/retour-sur-la-demi-journee-cepoy/",
    "news announcement": "/actualites/plus-d-informations-a-venir-prochainement/",
}


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_has_no_axe_violation(page, demo_server, path):
    page.goto(demo_server.url + path)

    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [375, 1280])
def test_home_page_has_no_violation_on_phone_and_desktop(page, demo_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(demo_server.url + "/")

    assert axe_violations(page) == []


def test_skip_link_takes_keyboard_users_to_the_content(page, demo_server):
    page.goto(demo_server.url + "/")

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    assert skip_link.get_attribute("href") == "#contenu"
    assert skip_link.is_visible()

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    focused_inside_main = page.evaluate(
        "document.activeElement.closest('main') !== null"
        " || document.activeElement.id === 'contenu'"
    )
    assert focused_inside_main


def test_search_from_the_header_by_keyboard(page, demo_server):
    page.goto(demo_server.url + "/")

    page.get_by_role("searchbox").first.fill("Cepoy")
    page.keyboard.press("Enter")

    page.wait_for_url("**/recherche/?q=Cepoy*")
    assert page.get_by_role("link", name="La concertation").count() >= 1
