"""Fixtures shared by the organisers' tests."""

import pytest

from tests.events.registrations.factories import build_registration_event


@pytest.fixture
def event(index):
    """An event with sessions, companions and every optional question."""
    return build_registration_event(
        index,
        capacity=30,
        sessions=2,
        max_seats_per_registration=3,
        ask_phone=True,
        ask_accessibility_needs=True,
        ask_dietary_needs=True,
    )
