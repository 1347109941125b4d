"""Reminders before an event: to the confirmed, once, in constant queries."""

import pytest
from django.core import mail

from events.models import AttendanceMode, EventStatus
from events.registrations.models import Registration
from events.registrations.notifications import reminders_send_due
from events.registrations.services import registration_cancel
from events.registrations.tasks import send_due_reminders_task
from outbox.models import OutgoingEmail
from outbox.services import email_queue
from tests.events.factories import build_venue
from tests.events.registrations.factories import build_registration_event, register
from tests.events.registrations.test_emails import body, invite_parts, parsed
from tests.factories import build_portal_settings
from tests.outbox.conftest import anymail_test_mailer  # noqa: F401 (autouse)
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

REMINDER = "registration_reminder"
ONLINE_LINK = "https://visio.example.org/salle-privee-42"


@pytest.fixture(autouse=True)
def portal(home_page):
    return build_portal_settings(
        home_page.get_site(), contact_email="contact@region.example"
    )


def reminded() -> list[str]:
    return sorted(
        OutgoingEmail.objects.filter(kind=REMINDER).values_list("recipient", flat=True)
    )


def test_the_confirmed_of_an_event_starting_soon_are_reminded_once(
    index, django_capture_on_commit_callbacks
):
    soon = build_registration_event(
        index,
        days=1,
        capacity=1,
        venue=build_venue(),
        attendance_mode=AttendanceMode.HYBRID,
        online_url=ONLINE_LINK,
    )
    register(soon, email="confirmee@example.org")
    register(soon, email="en-attente@example.org")
    later = build_registration_event(index, days=5)
    register(later, email="plus-tard@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders_task.enqueue()

    assert reminded() == ["confirmee@example.org"]
    [message] = [parsed(m) for m in mail.outbox if m.to == ["confirmee@example.org"]]
    assert ONLINE_LINK in body(message) and "1 place de la Mairie" in body(message)
    assert invite_parts(message) == []
    assert Registration.objects.get(email="confirmee@example.org").reminder_sent_at

    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders_task.enqueue()

    assert reminded() == ["confirmee@example.org"]


def test_the_reminder_window_is_the_events_own(index):
    event = build_registration_event(index, days=5, reminder_days_before=6)
    register(event)

    assert reminders_send_due() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"status": EventStatus.CANCELLED},
        {"status": EventStatus.POSTPONED},
        {"live": False},
    ],
)
def test_no_reminder_for_an_event_that_will_not_happen_as_planned(index, fields):
    event = build_registration_event(index, days=1)
    register(event)
    for name, value in fields.items():
        setattr(event, name, value)
    event.save()

    assert reminders_send_due() == 0


def test_no_reminder_once_started_nor_after_a_cancellation(index):
    event = build_registration_event(index, days=1)
    registration = register(event).registration
    registration_cancel(registration=registration)
    assert reminders_send_due() == 0

    register(event, email="autre@example.org")
    assert reminders_send_due(now=event.starts_at) == 0


def reminder_queries(index, count) -> int:
    """Queries of one reminder run over ``count`` registrations of an event."""
    event = build_registration_event(
        index, days=1, sessions=2, venue=build_venue(), title=f"Événement {count}"
    )
    sessions = list(event.sessions.all())
    for number in range(count):
        register(event, email=f"personne{number}@example.org", sessions=sessions[:1])
    with count_queries() as queries:
        assert reminders_send_due(batch_size=50) == count
    return len(queries)


def queueing_cost() -> int:
    """Queries the outbox runs to queue one email (its row and what it brings)."""
    registration = Registration.objects.first()
    with count_queries() as queries:
        email_queue(
            kind=REMINDER,
            recipient="x@example.org",
            subject="s",
            text="t",
            related=registration,
        )
    return len(queries)


def test_the_reminder_run_reads_in_constant_queries(index):
    few = reminder_queries(index, 2)
    many = reminder_queries(index, 12)

    # Beyond queueing each email, nothing grows with the registrations.
    assert many - few == 10 * queueing_cost()
