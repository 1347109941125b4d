"""Registration emails through the real task queue (django-tasks-db and a
worker): the request only enqueues, atomically with the registration."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from events.registrations.models import Registration
from outbox.models import EmailStatus, OutgoingEmail
from tests.events.factories import build_event_index
from tests.events.registrations.factories import build_registration_event, register
from tests.factories import build_home_page, ensure_wagtail_tree
from tests.outbox.conftest import anymail_test_mailer  # noqa: F401 (autouse)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_TASK = "events.registrations.tasks.registration_email_task"
ALERTS_TASK = "organisers.tasks.capacity_alerts_task"


@pytest.fixture
def index(transactional_db):
    ensure_wagtail_tree()
    return build_event_index(build_home_page())


@pytest.fixture
def event(index):
    """Five seats: the fourth reaches the first capacity alert (80 %)."""
    return build_registration_event(index, capacity=5)


@pytest.fixture
def one_seat_event(index):
    return build_registration_event(index, capacity=1)


def ready_tasks() -> list[str]:
    return list(
        DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True)
    )


def post_registration(client, event, email="camille@example.org"):
    return client.post(
        reverse("registrations:register", args=[event.pk]),
        {
            "first_name": "Camille",
            "last_name": "Martin",
            "email": email,
            "participant_type": "citizen",
            "consent": "on",
        },
    )


@override_settings(TASKS=DATABASE_TASKS)
def test_below_the_first_alert_threshold_only_the_email_is_queued(event, client):
    for number in range(3):  # 3 of 5 seats: 60 %
        response = post_registration(client, event, f"p{number}@example.org")
        assert response.status_code == 302

    assert ready_tasks() == [EMAIL_TASK] * 3


@override_settings(TASKS=DATABASE_TASKS)
def test_the_seat_that_reaches_80_percent_queues_the_organisers_check(event, client):
    for number in range(4):  # the 4th of 5 seats: 80 %
        post_registration(client, event, f"p{number}@example.org")

    assert sorted(ready_tasks()) == [EMAIL_TASK] * 4 + [ALERTS_TASK]


@override_settings(TASKS=DATABASE_TASKS)
def test_the_request_enqueues_and_the_worker_builds_and_sends(one_seat_event, client):
    response = post_registration(client, one_seat_event)

    assert response.status_code == 302
    # The email, and the organisers' capacity check (the event is full).
    assert sorted(ready_tasks()) == [EMAIL_TASK, ALERTS_TASK]
    assert not OutgoingEmail.objects.exists() and mail.outbox == []

    call_command("db_worker", batch=True, stdout=io.StringIO())

    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    outgoing = OutgoingEmail.objects.get()
    assert (outgoing.kind, outgoing.status) == (
        "registration_confirmed",
        EmailStatus.SENT,
    )
    assert mail.outbox[0].to == ["camille@example.org"]


@override_settings(TASKS=DATABASE_TASKS)
def test_a_rolled_back_registration_leaves_no_email_task(event):
    with pytest.raises(RuntimeError), transaction.atomic():
        register(event)
        assert ready_tasks() == [EMAIL_TASK]
        raise RuntimeError

    assert not Registration.objects.exists()
    assert ready_tasks() == []
