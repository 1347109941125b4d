"""Fixtures of the events tests."""

import pytest

from tests.events.factories import build_event_index


@pytest.fixture
def index(home_page):
    """An empty events index under the test home page."""
    return build_event_index(home_page)
