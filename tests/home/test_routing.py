"""The home page routes a URL in two queries whatever its depth
(home.routing), with Wagtail's rules: a routable page on the way answers the
rest of the path when it has a route for it."""

import xml.etree.ElementTree as ET

import pytest

from home.models import StandardPage
from tests.factories import build_standard_page
from tests.news.factories import build_news, build_news_index
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def title_of(response) -> str:
    return text_of(soup(response).find("h1"))


def queries_to_serve(client, url) -> int:
    client.get(url)  # fills what the site caches about its content
    with count_queries() as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_deep_page_is_found_in_as_many_queries_as_a_shallow_one(client, home_page):
    shallow = build_standard_page(home_page, title="Concertation")
    workshops = build_standard_page(shallow, title="Ateliers")
    deep = build_standard_page(
        build_standard_page(workshops, title="2026"), title="Compte rendu"
    )

    assert title_of(client.get(deep.url)) == "Compte rendu"
    assert queries_to_serve(client, deep.url) == queries_to_serve(client, shallow.url)


def test_unknown_paths_are_not_found(client, home_page):
    page = build_standard_page(home_page, title="Concertation")

    assert client.get(f"{page.url}absente/").status_code == 404
    assert client.get("/absente/concertation/").status_code == 404


def test_a_route_of_a_routable_page_wins_over_a_child_of_the_same_slug(
    client, home_page
):
    index = build_news_index(home_page)
    build_news(index, title="Flux", slug="rss")
    news = build_news(index, title="Retour sur Cepoy", slug="retour-sur-cepoy")

    feed = client.get(f"{index.url}rss/")
    assert feed["Content-Type"].startswith("application/rss+xml")
    assert ET.fromstring(feed.content).tag == "rss"
    assert title_of(client.get(news.url)) == "Retour sur Cepoy"


def test_a_live_page_under_a_draft_is_served_as_wagtail_does(client, home_page):
    draft = build_standard_page(home_page, title="Brouillon", live=False)
    child = build_standard_page(draft, title="Publiée")

    assert not StandardPage.objects.get(pk=draft.pk).live
    assert client.get("/brouillon/").status_code == 404
    assert title_of(client.get(f"/brouillon/{child.slug}/")) == "Publiée"


def test_a_path_served_once_is_routed_without_a_query_until_the_content_changes(
    client, home_page
):
    section = build_standard_page(home_page, title="Concertation")
    page = build_standard_page(section, title="Compte rendu")
    client.get(page.url)  # creates the site's settings: a change of content
    client.get(page.url)

    with count_queries() as queries:
        assert title_of(client.get(page.url)) == "Compte rendu"
    assert not [sql for sql in queries.statements if "wagtailcore_page" in sql]

    page.title = "Compte rendu définitif"
    page.save_revision().publish()
    assert title_of(client.get(page.url)) == "Compte rendu définitif"

    page.move(home_page, pos="last-child")
    moved_from = client.get(f"/concertation/{page.slug}/")
    assert (moved_from.status_code, moved_from["Location"]) == (301, f"/{page.slug}/")
    assert title_of(client.get(f"/{page.slug}/")) == "Compte rendu définitif"


def test_paths_that_lead_nowhere_are_looked_up_every_time(client, home_page):
    build_standard_page(home_page, title="Concertation")
    client.get("/concertation/absente/")

    with count_queries() as queries:
        assert client.get("/concertation/absente/").status_code == 404
    assert [sql for sql in queries.statements if "wagtailcore_page" in sql]
