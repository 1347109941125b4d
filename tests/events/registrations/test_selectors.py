"""Availability: every window state, seats left per event and session, and a
constant number of queries."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import EventStatus, Session
from events.registrations.choices import WindowState
from events.registrations.selectors import event_availability, waiting_list_length
from events.registrations.services import registration_cancel
from tests.events.registrations.factories import build_registration_event, register
from tests.factories import build_portal_settings
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"registration_required": False}, WindowState.NOT_REQUIRED),
        ({}, WindowState.OPEN),
        ({"status": EventStatus.CANCELLED}, WindowState.CANCELLED),
        ({"days": -1}, WindowState.PAST),
        ({"status": EventStatus.POSTPONED}, WindowState.POSTPONED),
        ({"live": False}, WindowState.CLOSED),
    ],
)
def test_simple_states(index, fields, state):
    event = build_registration_event(index, **fields)
    assert event_availability(event).state == state


def test_not_open_yet_and_closed(index):
    now = timezone.now()
    event = build_registration_event(
        index,
        registration_opens_at=now + timedelta(days=1),
        registration_closes_at=now + timedelta(days=2),
    )
    assert event_availability(event, now=now).state == WindowState.NOT_OPEN_YET
    assert event_availability(event, now=now + timedelta(days=1)).is_open
    closed = now + timedelta(days=2)
    assert event_availability(event, now=closed).state == WindowState.CLOSED


def test_full_with_and_without_waiting_list(index):
    event = build_registration_event(index, capacity=1)
    register(event, email="a@example.org")
    register(event, email="b@example.org")
    availability = event_availability(event)
    assert availability.state == WindowState.FULL_WAITING_LIST
    assert availability.is_full and availability.seats_left == 0
    assert waiting_list_length(event=event) == 1
    event.waiting_list_enabled = False
    assert event_availability(event).state == WindowState.FULL


def test_seats_left_per_event_and_session(index):
    event = build_registration_event(
        index, capacity=10, sessions=2, max_seats_per_registration=3
    )
    first, second = event.sessions.order_by("pk")
    Session.objects.filter(pk=second.pk).update(capacity=None)
    register(event, email="a@example.org", seats=3, sessions=[first])
    cancelled = register(event, email="b@example.org", sessions=[first]).registration
    registration_cancel(registration=cancelled)
    availability = event_availability(event)
    assert (availability.confirmed_seats, availability.seats_left) == (3, 7)
    by_session = {row.session.pk: row for row in availability.sessions}
    assert by_session[first.pk].seats_left == 17
    assert by_session[second.pk].seats_left is None
    assert not by_session[second.pk].is_full


def test_no_capacity_means_no_limit(index):
    event = build_registration_event(index)
    availability = event_availability(event)
    assert availability.seats_left is None and not availability.is_full


def test_constant_queries(index):
    event = build_registration_event(index, capacity=100, sessions=2)
    build_portal_settings(index.get_site())  # created once, a change of content
    with count_queries() as first:
        event_availability(event)
    with count_queries() as few:
        event_availability(event)
    sessions = list(event.sessions.order_by("pk"))
    for number in range(6):
        register(event, email=f"p{number}@example.org", sessions=sessions[:1])
    with count_queries() as many:
        event_availability(event)
    assert len(first) == 3  # the sessions, then kept in the content cache
    assert len(few) == len(many) == 2


def test_event_clean_validates_the_window(index):
    event = build_registration_event(index)
    event.registration_closes_at = event.starts_at + timedelta(minutes=1)
    with pytest.raises(ValidationError) as caught:
        event.clean()
    assert "registration_closes_at" in caught.value.message_dict
    event.registration_closes_at = event.starts_at - timedelta(days=1)
    event.registration_opens_at = event.starts_at - timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        event.clean()
    assert "registration_opens_at" in caught.value.message_dict
    event.registration_opens_at = event.starts_at - timedelta(days=5)
    event.clean()


def test_capacity_cannot_drop_below_the_seats_taken(index):
    event = build_registration_event(index, capacity=10, sessions=1)
    session = event.sessions.get()
    register(event, sessions=[session])
    register(event, email="b@example.org", sessions=[session])

    event.capacity = 1
    session.capacity = 1
    with pytest.raises(ValidationError) as event_error:
        event.clean()
    with pytest.raises(ValidationError) as session_error:
        session.clean()

    assert "2 places sont déjà prises" in event_error.value.message_dict["capacity"][0]
    assert "capacity" in session_error.value.message_dict
    event.capacity = session.capacity = 2
    event.clean()
    session.clean()
