"""Capacity alerts: the organisers' mailbox hears once at 80 % and once when
the event is full, whatever happens after."""

import pytest

from events.registrations.services import registration_cancel
from organisers.alerts import capacity_alerts_send
from outbox.models import OutgoingEmail
from tests.events.registrations.factories import build_registration_event, register
from tests.factories import build_portal_settings

pytestmark = pytest.mark.django_db
MAILBOX = "organisation@region.example"


@pytest.fixture
def event(index):
    build_portal_settings(index.get_site(), organiser_email=MAILBOX)
    return build_registration_event(index, capacity=10, waiting_list_enabled=True)


def alerts():
    return list(
        OutgoingEmail.objects.filter(kind="capacity_alert")
        .order_by("pk")
        .values_list("recipient", "subject")
    )


def fill(event, seats, django_capture_on_commit_callbacks, start=0):
    for number in range(start, start + seats):
        with django_capture_on_commit_callbacks(execute=True):
            register(event, email=f"p{number}@example.org")


def test_once_at_80_percent_and_once_when_full(
    event, django_capture_on_commit_callbacks
):
    fill(event, 7, django_capture_on_commit_callbacks)
    assert alerts() == []

    fill(event, 1, django_capture_on_commit_callbacks, start=7)
    assert [recipient for recipient, _ in alerts()] == [MAILBOX]
    assert "80" in alerts()[0][1]

    fill(event, 4, django_capture_on_commit_callbacks, start=8)  # 2 go waiting
    assert len(alerts()) == 2
    assert "complet" in alerts()[1][1]
    email = OutgoingEmail.objects.filter(kind="capacity_alert").last()
    assert f"/admin/pages/{event.pk}/edit/" in email.text_body


def test_never_twice_even_after_seats_free_up_and_fill_again(
    event, django_capture_on_commit_callbacks
):
    fill(event, 10, django_capture_on_commit_callbacks)
    first = register(event, email="p0@example.org").registration
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first)
    fill(event, 1, django_capture_on_commit_callbacks, start=20)

    assert len(alerts()) == 2
    assert capacity_alerts_send(event=event) == []


def test_no_alert_without_capacity_or_mailbox(index):
    unlimited = build_registration_event(index, capacity=None)
    build_portal_settings(index.get_site(), organiser_email="")
    limited = build_registration_event(index, capacity=1)
    register(unlimited)
    register(limited)

    assert capacity_alerts_send(event=unlimited) == []
    assert capacity_alerts_send(event=limited) == []
