"""What pages read about the site is cached (home.content_cache) until the
content changes: each change an editor makes shows on the next page, even
where the page itself is not stored (PAGE_CACHE_SECONDS is 0 here)."""

import pytest

from home.models import PortalSettings
from tests.events.factories import build_event
from tests.factories import build_portal_settings, build_standard_page, build_theme
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(home_page):
    return build_portal_settings(home_page.get_site())


def menu_titles(response) -> list[str]:
    return [text_of(link) for link in soup(response).select("#menu a")]


def card_titles(response) -> list[str]:
    return [text_of(title) for title in soup(response).select(".event-card__title")]


def test_a_published_page_joins_the_menu_of_every_page(client, home_page, portal):
    client.get("/")
    page = build_standard_page(home_page, title="Participer", live=False)
    page.show_in_menus = True
    page.save_revision().publish()

    assert "Participer" in menu_titles(client.get("/"))
    assert "Participer" in menu_titles(client.get(page.url))


def test_an_unpublished_page_leaves_the_menu(client, home_page, portal):
    page = build_standard_page(home_page, title="Participer", show_in_menus=True)
    assert "Participer" in menu_titles(client.get("/"))

    page.unpublish()

    assert "Participer" not in menu_titles(client.get("/"))


def test_saved_settings_show_on_the_next_page(client, home_page, portal):
    client.get("/")
    settings = PortalSettings.objects.get()
    settings.organisation_name = "Région Centre-Val de Loire"
    settings.save()

    footer = soup(client.get("/")).select_one(".site-footer__name")
    assert text_of(footer) == "Région Centre-Val de Loire"


def test_a_card_follows_its_event_and_its_themes(client, index, portal):
    theme = build_theme(name="Emploi")
    event = build_event(index, title="Visite de la SCOP", themes=[theme])
    assert card_titles(client.get(index.url)) == ["Visite de la SCOP"]

    event.title = "Visite de la coopérative"
    event.save_revision().publish()
    theme.name = "Emploi et insertion"
    theme.save()

    response = client.get(index.url)
    assert card_titles(response) == ["Visite de la coopérative"]
    tags = [text_of(tag) for tag in soup(response).select(".event-card .theme-tag")]
    assert tags == ["Emploi et insertion"]
