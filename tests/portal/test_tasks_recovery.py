"""A task interrupted by a worker's shutdown runs again; it is never lost.

`manage.py db_worker` finishes its task on SIGTERM before exiting; a worker
killed outright leaves its task RUNNING, and the periodic task of
`portal.tasks_recovery` puts it back in the queue. The first tests go through
django-tasks-db's models in the test database; the last ones run real worker
processes on an SQLite file and send them the signals Docker sends.
"""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.tasks import TaskResultStatus, task
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.tasks_recovery import requeue_stale_tasks, requeue_stale_tasks_task

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RUNS = []


@task
def recorded_task(label: str) -> str:
    RUNS.append(label)
    return label


@task
def held_task(folder: str) -> str:
    """Write `started` in `folder`, wait for a `release` file, write `finished`."""
    folder_path = Path(folder)
    (folder_path / "started").write_text(str(os.getpid()))
    deadline = time.monotonic() + 60
    while not (folder_path / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    (folder_path / "finished").write_text(str(os.getpid()))
    return "done"


@pytest.fixture(autouse=True)
def clear_runs():
    RUNS.clear()


def claimed_by_a_worker(label: str, *, minutes_ago: float) -> DBTaskResult:
    """A task that a worker claimed, as db_worker does, `minutes_ago`."""
    with override_settings(TASKS=DATABASE_TASKS):
        result = recorded_task.enqueue(label)
    row = DBTaskResult.objects.get(id=result.id)
    row.claim("worker-that-died")
    DBTaskResult.objects.filter(id=row.id).update(
        started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return row


def status_of(row) -> str:
    return DBTaskResult.objects.get(id=row.id).status


def run_worker():
    with override_settings(TASKS=DATABASE_TASKS):
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
        )


@pytest.mark.django_db(transaction=True)
def test_a_task_of_a_dead_worker_runs_again():
    row = claimed_by_a_worker("interrupted", minutes_ago=20)
    run_worker()
    assert status_of(row) == TaskResultStatus.RUNNING  # no worker takes it

    assert requeue_stale_tasks() == 1

    assert status_of(row) == TaskResultStatus.READY
    run_worker()
    assert status_of(row) == TaskResultStatus.SUCCESSFUL
    assert RUNS == ["interrupted"]
    assert DBTaskResult.objects.get(id=row.id).worker_ids[0] == "worker-that-died"


@pytest.mark.django_db
def test_a_task_still_within_its_time_is_left_running():
    row = claimed_by_a_worker("still running", minutes_ago=5)

    assert requeue_stale_tasks() == 0

    assert status_of(row) == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_finished_and_queued_tasks_are_left_alone():
    successful = claimed_by_a_worker("done", minutes_ago=60)
    successful.set_successful("done")
    failed = claimed_by_a_worker("failed", minutes_ago=60)
    failed.set_failed(RuntimeError("boom"))
    with override_settings(TASKS=DATABASE_TASKS):
        queued = recorded_task.enqueue("queued")

    assert requeue_stale_tasks() == 0

    assert status_of(successful) == TaskResultStatus.SUCCESSFUL
    assert status_of(failed) == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(id=queued.id).status == TaskResultStatus.READY


@pytest.mark.django_db
def test_requeueing_twice_does_nothing_more(caplog):
    row = claimed_by_a_worker("interrupted", minutes_ago=20)

    assert requeue_stale_tasks() == 1
    assert requeue_stale_tasks() == 0

    assert status_of(row) == TaskResultStatus.READY
    assert DBTaskResult.objects.get(id=row.id).started_at is None
    assert "worker-that-died" in caplog.text


@pytest.mark.django_db
@override_settings(TASK_STALE_AFTER_SECONDS=60)
def test_the_timeout_comes_from_the_settings():
    row = claimed_by_a_worker("interrupted", minutes_ago=2)

    assert requeue_stale_tasks() == 1

    assert status_of(row) == TaskResultStatus.READY


def test_the_timeout_is_longer_than_any_task_by_default():
    assert settings.TASK_STALE_AFTER_SECONDS >= 600


def test_the_recovery_is_a_periodic_task():
    assert "portal.tasks_recovery.requeue_stale_tasks_task" in settings.PERIODIC_TASKS


@pytest.mark.django_db
def test_the_periodic_run_requeues():
    row = claimed_by_a_worker("interrupted", minutes_ago=20)

    call_command("enqueue_periodic_tasks", stdout=io.StringIO(), stderr=io.StringIO())

    assert status_of(row) == TaskResultStatus.READY
    assert requeue_stale_tasks_task.call() == 0


# Real worker processes, on an SQLite file, with production settings.

WORKER_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "kJ8#vQ2$zX9!mN4&pL7^rT1*wY6@bH3%cF5(dG0)sA8-eU2+iO7",
    "ALLOWED_HOSTS": "concertation.example.org",
    "EMAIL_PROVIDER": "brevo",
    "LOG_FORMAT": "text",
}
ENQUEUE_HELD_TASK = """
import sys, django
django.setup()
from tests.portal.test_tasks_recovery import held_task
print(held_task.enqueue(sys.argv[1]).id)
"""
REQUEUE = """
import django
django.setup()
from datetime import timedelta
from portal.tasks_recovery import requeue_stale_tasks
print(requeue_stale_tasks(stale_after=timedelta(0)))
"""


@pytest.fixture
def worker_site(tmp_path):
    """An SQLite file with the task table, and helpers to run the portal on it."""
    environ = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(PROJECT_ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        **WORKER_ENVIRONMENT,
    }

    def python(*arguments, **options):
        return subprocess.run(
            [sys.executable, *arguments],
            cwd=PROJECT_ROOT,
            env=environ,
            capture_output=True,
            text=True,
            timeout=120,
            **options,
        )

    def start_worker():
        return subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.1",
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=PROJECT_ROOT,
            env=environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def status(task_id):
        with sqlite3.connect(tmp_path / "db.sqlite3") as database:
            [(value,)] = database.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
                (task_id.replace("-", ""),),
            ).fetchall()
        return value

    migrated = python("manage.py", "migrate", "--noinput", "django_tasks_database")
    assert migrated.returncode == 0, migrated.stderr
    work = tmp_path / "work"
    work.mkdir()

    def enqueue():
        result = python("-c", ENQUEUE_HELD_TASK, str(work))
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    def wait_until_started(worker, timeout=60):
        deadline = time.monotonic() + timeout
        while not (work / "started").exists():
            assert worker.poll() is None, worker.stdout.read()
            assert time.monotonic() < deadline, "the worker never started the task"
            time.sleep(0.05)

    class Site:
        pass

    site = Site()
    site.python, site.start_worker, site.status = python, start_worker, status
    site.enqueue, site.wait_until_started, site.work = enqueue, wait_until_started, work
    return site


def stop(worker, sig=None, timeout=60):
    """Send `sig` (if any) and wait for the worker to exit; its exit code."""
    if sig is not None:
        worker.send_signal(sig)
    try:
        worker.wait(timeout=timeout)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        worker.stdout.close()
    return worker.returncode


def test_sigterm_lets_the_worker_finish_its_task(worker_site):
    task_id = worker_site.enqueue()
    worker = worker_site.start_worker()
    worker_site.wait_until_started(worker)

    worker.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    assert worker.poll() is None  # still at work
    (worker_site.work / "release").touch()
    returncode = stop(worker)

    assert returncode == 0
    assert (worker_site.work / "finished").exists()
    assert worker_site.status(task_id) == "SUCCESSFUL"


def test_a_killed_worker_s_task_is_queued_again_and_runs(worker_site):
    task_id = worker_site.enqueue()
    worker = worker_site.start_worker()
    worker_site.wait_until_started(worker)

    stop(worker, signal.SIGKILL)

    assert not (worker_site.work / "finished").exists()
    assert worker_site.status(task_id) == "RUNNING"

    requeued = worker_site.python("-c", REQUEUE)
    assert requeued.returncode == 0, requeued.stderr
    assert requeued.stdout.strip().splitlines()[-1] == "1"
    assert worker_site.status(task_id) == "READY"

    (worker_site.work / "release").touch()
    second = worker_site.start_worker()
    deadline = time.monotonic() + 60
    while worker_site.status(task_id) != "SUCCESSFUL":
        assert time.monotonic() < deadline, "the task never ran again"
        time.sleep(0.1)
    assert stop(second, signal.SIGTERM) == 0
    assert (worker_site.work / "finished").exists()
