import pytest

from tests.factories import build_portal_settings


@pytest.fixture
def page_cache_on(settings, home_page):
    """The page cache (off in the test settings) on, with the site's settings
    created first: the first request would create them otherwise, a change of
    content that retires what that request kept."""
    settings.PAGE_CACHE_SECONDS = 300
    build_portal_settings(home_page.get_site())
