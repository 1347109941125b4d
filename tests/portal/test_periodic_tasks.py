"""`manage.py enqueue_periodic_tasks`: every task of settings.PERIODIC_TASKS."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.tasks import Task, task
from django.test import override_settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from events.models import EventPage
from events.registrations.models import Registration
from tests.events.factories import build_event_index
from tests.events.registrations.factories import build_registration_event, register

pytestmark = pytest.mark.django_db

RUNS = []


@task
def first_periodic_task():
    RUNS.append("first")


@task
def second_periodic_task():
    RUNS.append("second")


FAKE_TASKS = [
    "tests.portal.test_periodic_tasks.first_periodic_task",
    "tests.portal.test_periodic_tasks.second_periodic_task",
]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def enqueue_periodic_tasks():
    output = io.StringIO()
    call_command("enqueue_periodic_tasks", stdout=output, stderr=io.StringIO())
    return output.getvalue()


@pytest.fixture(autouse=True)
def clear_runs():
    RUNS.clear()


@override_settings(PERIODIC_TASKS=FAKE_TASKS)
def test_enqueues_and_names_every_listed_task():
    output = enqueue_periodic_tasks()

    assert RUNS == ["first", "second"]
    assert all(path in output for path in FAKE_TASKS)


@override_settings(PERIODIC_TASKS=FAKE_TASKS, TASKS=DATABASE_TASKS)
def test_only_enqueues_for_the_worker():
    enqueue_periodic_tasks()
    enqueue_periodic_tasks()

    assert RUNS == []
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == sorted(
        FAKE_TASKS * 2
    )


@override_settings(PERIODIC_TASKS=["tests.portal.missing_task", *FAKE_TASKS])
def test_a_wrong_path_fails_after_enqueueing_the_others():
    with pytest.raises(CommandError, match=r"tests\.portal\.missing_task"):
        enqueue_periodic_tasks()

    assert RUNS == ["first", "second"]


def test_the_listed_periodic_tasks_are_tasks():
    assert "privacy.tasks.anonymise_expired_registrations_task" in (
        settings.PERIODIC_TASKS
    )
    for path in settings.PERIODIC_TASKS:
        assert isinstance(import_string(path), Task), path


def test_the_periodic_tasks_run_the_anonymisation(home_page):
    event = build_registration_event(build_event_index(home_page))
    registration = register(event).registration
    ends_at = timezone.now() - timedelta(days=400)
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=ends_at - timedelta(hours=3), ends_at=ends_at
    )

    enqueue_periodic_tasks()

    assert Registration.objects.get(pk=registration.pk).anonymised_at is not None
