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


@pytest.fixture
def demo_server(transactional_db, live_server):
    """The demo consultation behind a live server.

    Playwright runs an event loop in this thread, so the ORM here may get a
    connection other than the one pytest-django prepared: rebuild Wagtail's
    tree explicitly rather than rely on a serialized rollback."""
    ensure_wagtail_tree()
    call_command("load_initial_data", stdout=io.StringIO())
    return live_server
