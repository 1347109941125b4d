"""Site search over public pages, robust to any input."""

import pytest
from wagtail.contrib.search_promotions.models import Query

from tests.factories import build_standard_page
from tests.pages import soup, text_of


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo, loaded once for this module (tests/conftest.py)."""
    return shared_demo_site


pytestmark = pytest.mark.django_db


def result_titles(response):
    return [text_of(link) for link in soup(response).select("main ol a, main ul a")]


def test_finds_a_public_page_by_its_words(client, demo_site):
    response = client.get("/recherche/", {"q": "Cepoy"})

    assert response.status_code == 200
    assert "La concertation" in result_titles(response)


def test_searches_are_counted_for_the_editors_report(client, demo_site):
    client.get("/recherche/", {"q": "Cepoy"})
    client.get("/recherche/", {"q": "cepoy"})

    assert Query.objects.get(query_string="cepoy").hits == 2


def test_a_page_published_after_a_search_is_found_at_once(client, demo_site):
    assert result_titles(client.get("/recherche/", {"q": "Zéphyrine"})) == []

    page = build_standard_page(demo_site.root_page, title="Bilan", live=False)
    page.title = "Bilan de Zéphyrine"
    page.save_revision().publish()

    found = result_titles(client.get("/recherche/", {"q": "Zéphyrine"}))
    assert found == ["Bilan de Zéphyrine"]


def test_announces_the_result_count_to_screen_readers(client, demo_site):
    document = soup(client.get("/recherche/", {"q": "Cepoy"}))

    assert document.find(attrs={"role": "status"}) is not None


def test_does_not_show_draft_pages(client, demo_site):
    build_standard_page(demo_site.root_page, title="Projet secret Cepoy", live=False)

    titles = result_titles(client.get("/recherche/", {"q": "secret"}))

    assert "Projet secret Cepoy" not in titles


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "x" * 5000},
        {"q": "concertation", "page": "abc"},
        {"q": "concertation", "page": "9999"},
        {"q": "%' OR 1=1 --"},
        {"q": "concertation\x00"},
        {"q": '"'},
        {"q": 'a "b'},
        {"q": "*"},
        {"q": "NEAR("},
        {"q": "AND OR NOT"},
        {"q": "-"},
        {"q": "économie:sociale"},
    ],
)
def test_odd_input_never_breaks_the_page(client, demo_site, params):
    response = client.get("/recherche/", params)

    assert response.status_code == 200
    assert soup(response).find("input", attrs={"name": "q"}) is not None
