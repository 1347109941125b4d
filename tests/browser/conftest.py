"""Chromium, driven by Playwright, against the live test server.

Debian's Chromium is used through ``executable_path``; Playwright's own browser
download is never needed. Without /usr/bin/chromium the browser tests skip, and
``.ci/run`` fails when none ran.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import ensure_wagtail_tree

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# fixtures in the same thread are safe because nothing else runs concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    yield page
    context.close()


def load_demo():
    """Wagtail's tree (a transactional test's flush removes it), then the demo.

    Playwright runs an event loop in this thread, so the ORM here may get a
    connection other than the one pytest-django prepared: rebuild Wagtail's
    tree explicitly rather than rely on a serialized rollback."""
    ensure_wagtail_tree()
    call_command("load_initial_data", stdout=io.StringIO())


@pytest.fixture
def demo_server(request, transactional_db, live_server):
    """The demo consultation behind a live server: loaded for the test, and
    flushed with every table after it (``transactional_db``), unless the
    module shares one demo between its tests (``shared_demo_database``)."""
    if "shared_demo_database" not in request.fixturenames:
        load_demo()
    return live_server


@pytest.fixture(scope="module")
def demo_committed_for_the_module(django_db_setup, django_db_blocker):
    """The demo committed once for a whole module, then every table flushed at
    the module's end, as pytest-django flushes them after a transactional
    test: the tests that come next start from an empty database."""
    with django_db_blocker.unblock():
        load_demo()
    yield
    with django_db_blocker.unblock():
        call_command("flush", verbosity=0, interactive=False)


@pytest.fixture
def shared_demo_database(demo_committed_for_the_module, django_db_blocker):
    """Database access for a test of a module whose tests share one committed
    demo: nothing is flushed after the test. Such a module overrides
    ``transactional_db`` (which ``live_server`` brings in) with this fixture;
    only for modules whose tests read the demo, or add to it what no other
    test of the module minds."""
    with django_db_blocker.unblock():
        yield
