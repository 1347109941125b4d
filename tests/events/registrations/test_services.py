"""Registration services: window rules, seats and sessions, duplicates,
waiting list and its promotion, staff-only events."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext

from events.models import Audience, EventPage, EventStatus, Session
from events.registrations.choices import RegistrationStatus
from events.registrations.models import Registration
from events.registrations.services import (
    RegistrationRefused,
    registration_cancel,
    registration_change,
    registration_create,
    waiting_list_promote,
)
from outbox.models import OutgoingEmail
from tests.events.registrations.factories import build_registration_event, register

pytestmark = pytest.mark.django_db

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
CANCELLED = RegistrationStatus.CANCELLED


def email(number):
    return f"personne{number}@example.org"


# Window


def test_open_event_confirms_and_stores_normalised_data(index):
    event = build_registration_event(index)
    result = register(
        event,
        email="  Camille.Martin@Example.ORG ",
        first_name=" Camille ",
        companions=["Léa Petit", " "],
        news_opt_in=True,
    )
    registration = result.registration
    assert result.created and result.status == CONFIRMED
    assert result.waiting_list_position is None
    assert registration.email == "camille.martin@example.org"
    assert registration.first_name == "Camille"
    assert registration.companions == ["Léa Petit"]
    assert registration.consented_at is not None
    assert registration.consent_notice_version == "2024-01"
    assert registration.news_opt_in is True
    assert registration.calendar_uid and registration.public_id
    assert registration.user is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_required": False}, "does not take registrations"),
        ({"status": EventStatus.CANCELLED}, "is cancelled"),
        ({"days": -1}, "already taken place"),
    ],
)
def test_window_refusals(index, fields, message):
    event = build_registration_event(index, **fields)
    with pytest.raises(RegistrationRefused) as caught:
        register(event)
    assert not Registration.objects.exists()
    # French message, from the English msgid.
    assert caught.value.messages


def test_not_open_yet_then_open_then_closed(index):
    now = timezone.now()
    event = build_registration_event(
        index,
        registration_opens_at=now + timedelta(days=1),
        registration_closes_at=now + timedelta(days=3),
    )
    with pytest.raises(RegistrationRefused):
        register(event, now=now)
    assert register(event, now=now + timedelta(days=2)).created
    with pytest.raises(RegistrationRefused):
        register(event, email=email(2), now=now + timedelta(days=3))


def test_window_messages_are_french(index):
    event = build_registration_event(index, status=EventStatus.CANCELLED)
    with pytest.raises(RegistrationRefused) as caught:
        register(event)
    assert caught.value.messages == ["Cet événement est annulé."]


def test_internal_event_only_for_region_staff(index, settings):
    event = build_registration_event(index, audience=Audience.INTERNAL)
    with pytest.raises(RegistrationRefused):
        register(event)
    citizen = User.objects.create_user("citoyen", password="x" * 12)
    with pytest.raises(RegistrationRefused):
        register(event, user=citizen)
    agent = User.objects.create_user("agent", password="x" * 12)
    agent.groups.add(Group.objects.get(name=settings.REGION_STAFF_GROUP_NAME))
    result = register(event, user=agent)
    assert result.created and result.registration.user == agent


# Seats and sessions


@pytest.mark.parametrize("seats", [0, 4, -1])
def test_seats_between_one_and_maximum(index, seats):
    event = build_registration_event(index, max_seats_per_registration=3)
    with pytest.raises(ValidationError) as caught:
        register(event, seats=seats)
    assert "seats" in caught.value.message_dict


def test_several_seats_within_maximum(index):
    event = build_registration_event(index, max_seats_per_registration=3)
    assert register(event, seats=3).registration.seats == 3


def test_sessions_of_another_event_refused(index):
    event = build_registration_event(index, sessions=1)
    other = build_registration_event(index, sessions=1)
    with pytest.raises(ValidationError) as caught:
        register(event, sessions=[other.sessions.get()])
    assert "sessions" in caught.value.message_dict
    with pytest.raises(ValidationError):
        register(event, sessions=[999_999])


def test_at_most_one_session_per_time_slot(index):
    # Sessions 1 and 4 start at the same time (see build_event).
    event = build_registration_event(index, sessions=4)
    first, second, _third, fourth = event.sessions.order_by("pk")
    with pytest.raises(ValidationError) as caught:
        register(event, sessions=[first, fourth])
    assert "sessions" in caught.value.message_dict
    result = register(event, sessions=[first, second])
    assert set(result.registration.sessions.all()) == {first, second}


def test_sessions_all_or_nothing(index):
    event = build_registration_event(
        index, sessions=2, max_seats_per_registration=5, waiting_list_enabled=False
    )
    roomy, tight = event.sessions.order_by("pk")
    Session.objects.filter(pk=tight.pk).update(capacity=2)
    register(event, email=email(1), seats=2, sessions=[tight])
    with pytest.raises(RegistrationRefused):
        register(event, email=email(2), sessions=[roomy, tight])
    # Nothing taken in the roomy session either.
    assert not Registration.objects.filter(email=email(2)).exists()
    assert roomy.registration_links.count() == 0


def test_full_session_waitlists_when_list_on(index):
    event = build_registration_event(index, sessions=1)
    session = event.sessions.get()
    Session.objects.filter(pk=session.pk).update(capacity=1)
    assert register(event, email=email(1), sessions=[session]).status == CONFIRMED
    result = register(event, email=email(2), sessions=[session])
    assert result.status == WAITLISTED and result.waiting_list_position == 1


def test_sessions_of_another_event_refused_on_the_waiting_list_too(index):
    event = build_registration_event(index, sessions=1, capacity=1)
    other = build_registration_event(index, sessions=1)
    register(event, email=email(1), sessions=[event.sessions.get()])
    with pytest.raises(ValidationError) as caught:
        register(event, email=email(2), sessions=[other.sessions.get()])
    assert "sessions" in caught.value.message_dict
    assert not Registration.objects.filter(email=email(2)).exists()


def locked_tables(queries) -> list[str]:
    """The tables of the SELECT … FOR UPDATE among ``queries``, in order."""
    return [
        query["sql"].split(" FROM ", 1)[1].split()[0].strip('"')
        for query in queries
        if query["sql"].endswith("FOR UPDATE") or " FOR UPDATE OF " in query["sql"]
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: PostgreSQL only"
)
def test_a_seat_locks_the_sessions_and_the_waiting_list_the_event_alone(index):
    """Every writer locks the event first; only taking seats in sessions needs
    their rows too, so that joining the waiting list holds the lock briefly."""
    event = build_registration_event(index, sessions=1, capacity=1)
    session = event.sessions.get()

    with CaptureQueriesContext(connection) as taking_a_seat:
        assert register(event, email=email(1), sessions=[session]).status == CONFIRMED
    with CaptureQueriesContext(connection) as joining_the_list:
        assert register(event, email=email(2), sessions=[session]).status == WAITLISTED

    assert locked_tables(taking_a_seat) == ["events_eventpage", "events_session"]
    assert locked_tables(joining_the_list) == ["events_eventpage"]


# Duplicates


def test_same_email_differently_cased_returns_existing(index):
    event = build_registration_event(index)
    first = register(event, email="Camille@Example.org")
    second = register(event, email="camille@example.ORG ", first_name="Autre")
    assert not second.created
    assert second.registration.pk == first.registration.pk
    assert Registration.objects.count() == 1


def test_registering_again_after_cancelling(index):
    event = build_registration_event(index)
    first = register(event)
    registration_cancel(registration=first.registration)
    second = register(event)
    assert second.created and second.registration.pk != first.registration.pk
    assert Registration.objects.count() == 2


def test_database_refuses_two_active_rows(index):
    event = build_registration_event(index)
    existing = register(event).registration
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event,
            email=existing.email,
            first_name="A",
            last_name="B",
            consent_notice_version="1",
            consented_at=timezone.now(),
        )


def test_a_duplicate_is_told_of_its_registration_rather_than_refused(index):
    """Once the window closes or the event fills, a second submission still
    gets the existing registration (and its link again), not the refusal."""
    event = build_registration_event(index, capacity=1, waiting_list_enabled=False)
    existing = register(event).registration
    full = register(event)
    EventPage.objects.filter(pk=event.pk).update(
        registration_closes_at=timezone.now() - timedelta(minutes=1)
    )
    event.refresh_from_db()
    closed = register(event)

    for result in (full, closed):
        assert not result.created and result.registration.pk == existing.pk
    assert Registration.objects.count() == 1
    links = OutgoingEmail.objects.filter(
        object_id=str(existing.pk), kind="registration_link"
    )
    assert links.count() == 2


# Waiting list


def test_full_without_waiting_list_refused(index):
    event = build_registration_event(index, capacity=1, waiting_list_enabled=False)
    register(event, email=email(1))
    with pytest.raises(RegistrationRefused) as caught:
        register(event, email=email(2))
    assert caught.value.messages == [gettext("This event is full.")]


def test_waiting_list_positions(index):
    event = build_registration_event(index, capacity=1)
    register(event, email=email(1))
    now = timezone.now()
    second = register(event, email=email(2), now=now)
    third = register(event, email=email(3), now=now + timedelta(seconds=1))
    assert (second.status, second.waiting_list_position) == (WAITLISTED, 1)
    assert (third.status, third.waiting_list_position) == (WAITLISTED, 2)


def test_cancellation_frees_seats_and_promotes_in_order(
    index, django_capture_on_commit_callbacks
):
    event = build_registration_event(index, capacity=3, max_seats_per_registration=3)
    first = register(event, email=email(1), seats=2).registration
    register(event, email=email(2), seats=1)
    now = timezone.now()
    waiting = [
        register(event, email=email(3), now=now).registration,
        register(event, email=email(4), now=now + timedelta(seconds=1)).registration,
        register(
            event, email=email(5), seats=2, now=now + timedelta(seconds=2)
        ).registration,
    ]
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = registration_cancel(registration=first)
    assert cancelled.status == CANCELLED and cancelled.cancelled_at
    assert cancelled.calendar_sequence == 1
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [CONFIRMED, CONFIRMED, WAITLISTED]
    promoted = Registration.objects.get(pk=waiting[0].pk)
    assert promoted.calendar_sequence == 1


def test_promotion_stops_at_first_that_does_not_fit(index):
    event = build_registration_event(index, capacity=2, max_seats_per_registration=2)
    first = register(event, email=email(1)).registration
    register(event, email=email(2))
    now = timezone.now()
    big = register(event, email=email(3), seats=2, now=now).registration
    small = register(event, email=email(4), now=now + timedelta(seconds=1)).registration
    # Freed seat: 1, the first in line wants 2: nobody overtakes.
    Registration.objects.filter(pk=first.pk).update(status=CANCELLED)
    assert waiting_list_promote(event=event) == []
    assert Registration.objects.get(pk=big.pk).status == WAITLISTED
    assert Registration.objects.get(pk=small.pk).status == WAITLISTED


def test_cancelling_twice_does_nothing(index):
    event = build_registration_event(index)
    registration = register(event).registration
    registration_cancel(registration=registration)
    again = registration_cancel(registration=registration)
    assert again.calendar_sequence == 1


def test_no_promotion_for_cancelled_event(index):
    event = build_registration_event(index, capacity=1)
    first = register(event, email=email(1)).registration
    waiting = register(event, email=email(2)).registration
    Registration.objects.filter(pk=first.pk).update(status=CANCELLED)
    event.status = EventStatus.CANCELLED
    event.save()
    assert waiting_list_promote(event=event) == []
    assert Registration.objects.get(pk=waiting.pk).status == WAITLISTED


# Change


def test_change_seats_within_capacity_and_refused_beyond(index):
    event = build_registration_event(index, capacity=4, max_seats_per_registration=4)
    registration = register(event, email=email(1), seats=2).registration
    register(event, email=email(2), seats=1)
    result = registration_change(registration=registration, seats=3)
    assert result.registration.seats == 3
    assert result.registration.calendar_sequence == 1
    with pytest.raises(RegistrationRefused):
        registration_change(registration=registration, seats=4)
    assert Registration.objects.get(pk=registration.pk).seats == 3


def test_change_that_frees_seats_promotes(index, django_capture_on_commit_callbacks):
    event = build_registration_event(index, capacity=3, max_seats_per_registration=3)
    registration = register(event, email=email(1), seats=3).registration
    waiting = register(event, email=email(2)).registration
    assert waiting.status == WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        registration_change(registration=registration, seats=2)
    assert Registration.objects.get(pk=waiting.pk).status == CONFIRMED


def test_change_sessions(index, django_capture_on_commit_callbacks):
    event = build_registration_event(index, sessions=2)
    first, second = event.sessions.order_by("pk")
    Session.objects.filter(pk__in=[first.pk, second.pk]).update(capacity=1)
    registration = register(event, email=email(1), sessions=[first]).registration
    waiting = register(event, email=email(2), sessions=[first]).registration
    assert waiting.status == WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        result = registration_change(registration=registration, sessions=[second])
    assert list(result.registration.sessions.all()) == [second]
    assert result.registration.calendar_sequence == 1
    assert Registration.objects.get(pk=waiting.pk).status == CONFIRMED
    # Second is now full: moving the promoted one there is refused.
    with pytest.raises(RegistrationRefused):
        registration_change(registration=waiting, sessions=[second])


def test_change_without_change_keeps_sequence(index):
    event = build_registration_event(index)
    registration = register(event).registration
    result = registration_change(registration=registration, seats=1)
    assert result.registration.calendar_sequence == 0


def test_change_of_cancelled_registration_refused(index):
    event = build_registration_event(index, max_seats_per_registration=2)
    registration = register(event).registration
    registration_cancel(registration=registration)
    with pytest.raises(RegistrationRefused):
        registration_change(registration=registration, seats=2)


# Capacity increase


def test_capacity_increase_promotes(index, django_capture_on_commit_callbacks):
    event = build_registration_event(index, capacity=1)
    register(event, email=email(1))
    waiting = register(event, email=email(2)).registration
    with django_capture_on_commit_callbacks(execute=True):
        event.capacity = 2
        event.save_revision().publish()
    assert Registration.objects.get(pk=waiting.pk).status == CONFIRMED


def test_session_capacity_increase_promotes(index, django_capture_on_commit_callbacks):
    event = build_registration_event(index, sessions=1)
    session = event.sessions.get()
    Session.objects.filter(pk=session.pk).update(capacity=1)
    register(event, email=email(1), sessions=[session])
    waiting = register(event, email=email(2), sessions=[session]).registration
    session.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        session.capacity = 2
        session.save()
    assert Registration.objects.get(pk=waiting.pk).status == CONFIRMED


def test_create_with_session_ids(index):
    event = build_registration_event(index, sessions=1)
    session = event.sessions.get()
    result = registration_create(
        event=event,
        email="a@example.org",
        first_name="A",
        last_name="B",
        consent_notice_version="1",
        sessions=[session.pk],
    )
    assert list(result.registration.sessions.all()) == [session]
