import pytest

from tests.events.factories import build_event_index


@pytest.fixture
def index(home_page):
    return build_event_index(home_page)
