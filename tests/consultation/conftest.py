"""Fixtures of the consultation tests: an empty cache (the figures are
cached), an events index under the test home page."""

import pytest
from django.core.cache import cache

from tests.events.factories import build_event_index


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def events_index(home_page):
    return build_event_index(home_page)
