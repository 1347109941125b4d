"""Private sections are left out of listings as soon as a view restriction
is added, and come back when it is removed, though their paths are cached."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.news.factories import build_news, build_news_index
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def listed_titles(index) -> list[str]:
    response = Client().get(index.url)
    return [
        text_of(title)
        for title in soup(response).select(".news-list h2, .news-list h3")
    ]


def test_a_restriction_takes_effect_at_once_and_its_removal_too(home_page):
    index = build_news_index(home_page)
    build_news(index, title="Publique")
    secret = build_news(index, title="Réservée")
    assert sorted(listed_titles(index)) == ["Publique", "Réservée"]

    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert listed_titles(index) == ["Publique"]

    restriction.delete()
    assert sorted(listed_titles(index)) == ["Publique", "Réservée"]


def test_restrictions_are_read_once(home_page):
    index = build_news_index(home_page)
    build_news(index)
    Client().get(index.url)

    with count_queries() as queries:
        Client().get(index.url)

    restriction_reads = [
        sql for sql in queries.statements if "wagtailcore_pageviewrestriction" in sql
    ]
    # Wagtail's routing still checks the page being served.
    assert len(restriction_reads) == 1
