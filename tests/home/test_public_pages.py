"""Every page type renders in French, with the mandatory footer, in few queries."""

import pytest
from wagtail.models import Page, PageViewRestriction

from home.models import StandardPage
from tests.factories import build_standard_page, build_theme
from tests.pages import footer_links, soup, text_of
from tests.queries import count_queries


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo, loaded once for this module (tests/conftest.py)."""
    return shared_demo_site


pytestmark = pytest.mark.django_db

PAGE_PATHS = [
    "/",
    "/la-concertation/",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/gestion-des-cookies/",
    "/plan-du-site/",
    "/recherche/?q=concertation",
]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_page_renders_in_french_with_one_heading(client, demo_site, path):
    response = client.get(path)

    assert response.status_code == 200
    document = soup(response)
    assert document.html["lang"] == "fr"
    assert len(document.find_all("h1")) == 1
    assert document.find("main", id="contenu") is not None
    assert document.find("a", href="#contenu") is not None


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_footer_has_the_mandatory_links(client, demo_site, path):
    links = footer_links(client.get(path))

    expected = {
        "Plan du site": "/plan-du-site/",
        "Accessibilité : non conforme": "/accessibilite/",
        "Mentions légales": "/mentions-legales/",
        "Données personnelles": "/donnees-personnelles/",
        "Gestion des cookies": "/gestion-des-cookies/",
    }
    for text, href in expected.items():
        assert links.get(text) == href, text


def test_pages_describe_themselves_for_sharing(client, demo_site):
    document = soup(client.get("/la-concertation/"))

    assert document.find("meta", property="og:title")["content"]
    assert document.find("meta", property="og:url")["content"].endswith(
        "/la-concertation/"
    )
    assert document.find("link", rel="canonical") is not None


def test_home_page_lists_the_six_themes(client, demo_site):
    document = soup(client.get("/"))

    theme_names = {text_of(item) for item in document.select(".theme-list h3")}
    assert len(theme_names) == 6


def test_site_map_lists_public_pages_only(client, demo_site):
    home = demo_site.root_page
    draft = build_standard_page(home, title="Brouillon", live=False)
    private = build_standard_page(home, title="Réservée")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )

    document = soup(client.get("/plan-du-site/"))
    linked = {link["href"] for link in document.find("main").find_all("a", href=True)}

    assert "/la-concertation/" in linked
    assert draft.url not in linked
    assert private.url not in linked


def _query_count(client, path):
    with count_queries() as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_query_count_stays_constant_as_content_grows(client, demo_site, path):
    _query_count(client, path)  # warm the per-process caches
    before = _query_count(client, path)

    home = demo_site.root_page
    for number in range(5):
        build_standard_page(home, title=f"Page ajoutée {number}", show_in_menus=True)
        build_theme(name=f"Thème ajouté {number}", slug=f"theme-ajoute-{number}")
    StandardPage.objects.get(slug="la-concertation").add_child(
        instance=StandardPage(title="Sous-page concertation")
    )

    refill = _query_count(client, path)  # the content changed: caches fill again
    after = _query_count(client, path)
    assert after == before <= 25
    assert refill > after


def test_unknown_page_gives_a_french_404(client, demo_site):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    document = soup(response)
    assert document.html["lang"] == "fr"
    assert document.find("h1") is not None


def test_server_error_page_renders_without_a_request():
    from bs4 import BeautifulSoup
    from django.template.loader import render_to_string

    document = BeautifulSoup(render_to_string("500.html"), "html.parser")
    assert document.html["lang"] == "fr"
    assert document.find("h1") is not None


def test_root_page_count_is_one_site(demo_site):
    assert Page.objects.filter(depth=2).count() == 1
