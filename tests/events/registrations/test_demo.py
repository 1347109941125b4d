"""The demo registrations: fictitious people on past events with their
attendance, forty on the upcoming plenary example, no email."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.utils import timezone

from events.models import EventPage
from events.registrations.choices import Attendance, RegistrationStatus
from events.registrations.models import Registration
from outbox.models import OutgoingEmail


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo, loaded once for this module (tests/conftest.py)."""
    return shared_demo_site


pytestmark = pytest.mark.django_db


def test_past_events_have_a_crowd_with_its_attendance(demo_site):
    past = EventPage.objects.filter(ends_at__lt=timezone.now())

    for event in past:
        rows = Registration.objects.filter(event=event)
        counts = rows.aggregate(
            present=Count("pk", filter=Q(attendance=Attendance.PRESENT)),
            absent=Count("pk", filter=Q(attendance=Attendance.ABSENT)),
            unknown=Count("pk", filter=Q(attendance=Attendance.UNKNOWN)),
            seats=Sum("seats"),
        )
        assert counts["present"] > counts["absent"] > 0, event.title
        assert counts["unknown"] == 0
        if event.capacity is not None:
            assert counts["seats"] <= event.capacity
        for session in event.sessions.all():
            taken = rows.filter(sessions=session).aggregate(s=Sum("seats"))["s"] or 0
            assert session.capacity is None or taken <= session.capacity


def test_the_upcoming_plenary_example_has_people_to_check_in(demo_site):
    example = EventPage.objects.get(slug="exemple-pleniere-de-restitution")
    rows = Registration.objects.filter(event=example)

    assert rows.count() == 40
    assert set(rows.values_list("status", flat=True)) == {RegistrationStatus.CONFIRMED}
    assert set(rows.values_list("attendance", flat=True)) == {Attendance.UNKNOWN}
    assert all(r.sessions.exists() for r in rows)


def test_nobody_real_is_written_to_and_loading_twice_adds_nobody(demo_site):
    count = Registration.objects.count()

    call_command("load_initial_data", stdout=io.StringIO())

    assert Registration.objects.count() == count
    assert all(
        email.endswith("@exemple.invalid")
        for email in Registration.objects.values_list("email", flat=True)
    )
    assert not OutgoingEmail.objects.exists()
