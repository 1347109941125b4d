"""Many people registering at once for the last seats: never more confirmed
seats than capacity, for the event or any session, asserted on the database.

Each thread has its own database connection. On PostgreSQL the rows are
locked with SELECT … FOR UPDATE. SQLite's test database is in memory with a
shared cache, where table locks fail at once instead of waiting; writes to an
SQLite file are serialised by BEGIN IMMEDIATE, so the test runs only on
PostgreSQL (as in CI).
"""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum

from events.models import Session
from events.registrations.choices import RegistrationStatus
from events.registrations.models import Registration, RegistrationSession
from events.registrations.services import RegistrationRefused
from tests.events.factories import build_event_index
from tests.events.registrations.factories import build_registration_event, register
from tests.factories import build_home_page

THREADS = 12

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="threads need real row locks: PostgreSQL only (SQLite's "
        "in-memory test database cannot wait on a lock)",
    ),
]


def run_at_once(target, count):
    barrier = threading.Barrier(count)
    outcomes, errors = [], []

    def worker(number):
        try:
            barrier.wait()
            outcomes.append(target(number))
        except RegistrationRefused:
            outcomes.append("refused")
        except Exception as error:  # reported by the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, errors


def confirmed_seats(**filters):
    return (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED, **filters
        ).aggregate(total=Sum("seats"))["total"]
        or 0
    )


def test_last_event_seats():
    index = build_event_index(build_home_page())
    event = build_registration_event(index, capacity=8)
    for number in range(3):
        register(event, email=f"deja{number}@example.org")

    outcomes, errors = run_at_once(
        lambda n: register(event, email=f"rush{n}@example.org").status, THREADS
    )

    assert errors == []
    assert confirmed_seats(event=event) == 8
    assert outcomes.count(RegistrationStatus.CONFIRMED) == 5
    assert outcomes.count(RegistrationStatus.WAITLISTED) == THREADS - 5
    positions = Registration.objects.filter(status=RegistrationStatus.WAITLISTED)
    assert positions.count() == THREADS - 5


def test_last_session_seats_all_or_nothing():
    index = build_event_index(build_home_page())
    event = build_registration_event(
        index, sessions=2, capacity=None, waiting_list_enabled=False
    )
    first, second = event.sessions.order_by("pk")
    Session.objects.filter(pk=first.pk).update(capacity=5)
    Session.objects.filter(pk=second.pk).update(capacity=3)

    def attempt(n):
        chosen = [first, second] if n % 2 else [first]
        return register(event, email=f"rush{n}@example.org", sessions=chosen).status

    outcomes, errors = run_at_once(attempt, THREADS)

    assert errors == []
    for session, capacity in ((first, 5), (second, 3)):
        taken = (
            RegistrationSession.objects.filter(
                session=session, registration__status=RegistrationStatus.CONFIRMED
            ).aggregate(total=Sum("registration__seats"))["total"]
            or 0
        )
        assert taken <= capacity
    assert RegistrationSession.objects.filter(session=first).count() == 5
    assert outcomes.count(RegistrationStatus.CONFIRMED) == 5
    assert outcomes.count("refused") == THREADS - 5


def test_same_email_at_once_gives_one_row():
    index = build_event_index(build_home_page())
    event = build_registration_event(index)

    outcomes, errors = run_at_once(
        lambda n: register(event, email="Double@Example.org").created, THREADS
    )

    assert errors == []
    assert outcomes.count(True) == 1
    assert Registration.objects.count() == 1
