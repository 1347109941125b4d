"""Fixtures of the news tests: a site with its settings, an events index and
a news index under the test home page."""

import pytest
from django.core.cache import cache

from tests.events.factories import build_event_index
from tests.factories import build_portal_settings, build_theme
from tests.news.factories import build_news_index


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def news_index(home_page):
    build_portal_settings(home_page.get_site(), organisation_name="Région de test")
    return build_news_index(home_page)


@pytest.fixture
def events_index(home_page):
    return build_event_index(home_page)


@pytest.fixture
def theme(db):
    return build_theme(name="Finances solidaires", slug="finances-solidaires")


@pytest.fixture
def other_theme(db):
    return build_theme(name="Jeunesse", slug="jeunesse")
