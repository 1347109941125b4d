"""Fixtures shared by the whole suite."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Site

from home import restrictions
from tests.events.factories import build_event_index
from tests.factories import build_home_page


@pytest.fixture(autouse=True)
def forget_private_sections():
    """The restricted sections' paths are cached; a rolled-back test never
    tells the cache that its restrictions are gone."""
    cache.delete(restrictions.KEY)
    yield
    cache.delete(restrictions.KEY)


@pytest.fixture
def home_page(db):
    return build_home_page()


@pytest.fixture
def demo_site(db):
    """The demo consultation, as `make run` loads it."""
    call_command("load_initial_data", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def index(home_page):
    """An empty events index under the test home page."""
    return build_event_index(home_page)
