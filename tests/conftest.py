"""Fixtures shared by the whole suite."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Site

from tests.events.factories import build_event_index
from tests.factories import build_home_page


@pytest.fixture(autouse=True)
def empty_cache():
    """What the site caches about its content is kept until the content
    changes; a rolled-back test never tells the cache that its content is
    gone."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    return build_home_page()


@pytest.fixture(scope="module")
def demo_loaded_once(django_db_setup, django_db_blocker):
    """The demo consultation loaded once for a whole module, in a transaction
    rolled back at the module's end; each test runs in a savepoint inside it.
    For modules whose tests only read the demo or change it within a test
    (none may need a real commit): they take it with ``demo_site =
    shared_demo_site``."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_initial_data", stdout=io.StringIO())
        yield Site.objects.get(is_default_site=True)
        transaction.set_rollback(True)


@pytest.fixture
def shared_demo_site(demo_loaded_once, db):
    return demo_loaded_once


@pytest.fixture
def demo_site(db):
    """The demo consultation, as `make run` loads it."""
    call_command("load_initial_data", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def index(home_page):
    """An empty events index under the test home page."""
    return build_event_index(home_page)
