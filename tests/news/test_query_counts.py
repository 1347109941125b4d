"""Every news surface runs the same number of SQL queries for 3 and 21 news
items (more than a listing page, more than a feed), each with an image, themes
and a related event."""

import pytest
from django.core.cache import cache

from news.feeds import FEED_ITEMS
from news.selectors import NEWS_PER_PAGE
from tests.events.factories import build_event
from tests.factories import build_theme
from tests.news.factories import build_many_news
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def query_count(client, url) -> int:
    cache.clear()
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_news_surfaces_stay_constant_from_3_to_21_news(
    client, news_index, events_index
):
    themes = [build_theme(), build_theme()]
    event = build_event(events_index)
    first = build_many_news(news_index, 3, themes=themes, related_events=[event])[1]
    theme_base = f"{news_index.url}thematique/{themes[0].slug}/"
    urls = [
        news_index.url,
        theme_base,
        first.url,
        f"{news_index.url}rss/",
        f"{news_index.url}atom/",
        f"{theme_base}rss/",
        f"{theme_base}atom/",
        "/",
        event.url,
    ]

    def counts():
        for url in urls:  # renditions are created on a first view
            client.get(url)
        return {url: query_count(client, url) for url in urls}

    few = counts()
    build_many_news(news_index, 18, themes=themes, related_events=[event])
    assert max(NEWS_PER_PAGE, FEED_ITEMS) < 3 + 18
    many = counts()

    assert many == few


def test_listing_pages_after_the_first_stay_constant(client, news_index):
    themes = [build_theme(), build_theme()]
    build_many_news(news_index, 12, themes=themes)
    url = f"{news_index.url}?page=2"
    client.get(url)
    few = query_count(client, url)

    build_many_news(news_index, 9, themes=themes)  # a full page 2, and a page 3
    client.get(url)

    assert query_count(client, url) == few
