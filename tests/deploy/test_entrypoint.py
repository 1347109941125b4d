"""docker/entrypoint.sh: role dispatching, migrations on start, database wait.

The script runs with a PATH whose `python`, `gunicorn` and `sleep` are fakes
recording their arguments, so no database or container is needed.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = PROJECT_ROOT / "docker" / "entrypoint.sh"

FAKE_COMMAND = """#!/bin/sh
# Record one line per call: the command name, then each argument on its own
# tab-separated field. The database wait is recognised by its -c argument.
{ printf '%s' "$(basename "$0")"
  for argument in "$@"; do
    case "$argument" in
      *ensure_connection*) argument="<wait-for-database>" ;;
    esac
    printf '\\t%s' "$argument"
  done
  printf '\\n'
} >> "$FAKE_LOG"
if [ -n "${FAKE_REAL_PYTHON:-}" ] && [ "$(basename "$0")" = python ]; then
  exec "$FAKE_REAL_PYTHON" "$@"
fi
if [ "${1:-}" = -c ] && [ -n "${FAKE_WAIT_FAILS:-}" ]; then
  exit 1
fi
if [ "${1:-}" = manage.py ] && [ -n "${FAKE_MANAGE_FAILS:-}" ]; then
  exit 1
fi
# The scheduler loops forever: its FAKE_SLEEPS-th sleep (default 1st) fails.
if [ "$(basename "$0")" = sleep ] \
  && [ "$(grep -c '^sleep' "$FAKE_LOG")" -ge "${FAKE_SLEEPS:-1}" ]; then
  exit 1
fi
exit 0
"""


@pytest.fixture
def run_entrypoint(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("python", "gunicorn", "sleep"):
        fake = bin_dir / name
        fake.write_text(FAKE_COMMAND)
        fake.chmod(0o755)
    log = tmp_path / "calls.log"

    def run(*arguments, **environ):
        log.write_text("")
        result = subprocess.run(
            ["sh", str(ENTRYPOINT), *arguments],
            cwd=tmp_path,
            env={
                "PATH": f"{bin_dir}:/usr/bin:/bin",
                "FAKE_LOG": str(log),
                **environ,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        calls = [line.split("\t") for line in log.read_text().splitlines()]
        return result, calls

    return run


WAIT = ["python", "-c", "<wait-for-database>"]
WAIT_FOR_MIGRATIONS = [*WAIT, "migrations"]
MIGRATE = ["python", "manage.py", "migrate", "--noinput"]
GUNICORN = ["gunicorn", "-c", "docker/gunicorn.conf.py", "portal.wsgi"]


def test_the_script_is_valid_posix_shell():
    result = subprocess.run(["sh", "-n", str(ENTRYPOINT)], capture_output=True)

    assert result.returncode == 0, result.stderr


def test_the_script_is_executable():
    assert os.access(ENTRYPOINT, os.X_OK)


def test_web_waits_for_the_database_migrates_then_serves(run_entrypoint):
    result, calls = run_entrypoint("web")

    assert result.returncode == 0, result.stderr
    assert calls == [WAIT, MIGRATE, GUNICORN]


def test_web_is_the_default_role(run_entrypoint):
    result, calls = run_entrypoint()

    assert result.returncode == 0, result.stderr
    assert calls == [WAIT, MIGRATE, GUNICORN]


def test_web_skips_migrations_when_told(run_entrypoint):
    result, calls = run_entrypoint("web", MIGRATE_ON_START="0")

    assert result.returncode == 0, result.stderr
    assert calls == [WAIT, GUNICORN]


def test_web_passes_extra_arguments_to_gunicorn(run_entrypoint):
    result, calls = run_entrypoint("web", "--workers", "1")

    assert result.returncode == 0, result.stderr
    assert calls[-1] == [*GUNICORN, "--workers", "1"]


def test_web_stops_when_the_database_never_answers(run_entrypoint):
    result, calls = run_entrypoint("web", FAKE_WAIT_FAILS="1")

    assert result.returncode != 0
    assert calls == [WAIT]


def test_worker_waits_for_migrations_then_runs_the_task_worker(run_entrypoint):
    result, calls = run_entrypoint("worker")

    assert result.returncode == 0, result.stderr
    assert calls == [WAIT_FOR_MIGRATIONS, ["python", "manage.py", "db_worker"]]


ENQUEUE = ["python", "manage.py", "enqueue_periodic_tasks"]


def test_scheduler_waits_for_migrations_then_enqueues_every_minute(run_entrypoint):
    _, calls = run_entrypoint("scheduler", FAKE_SLEEPS="2")

    assert calls == [
        WAIT_FOR_MIGRATIONS,
        ENQUEUE,
        ["sleep", "60"],
        ENQUEUE,
        ["sleep", "60"],
    ]


def test_scheduler_interval_comes_from_the_environment(run_entrypoint):
    _, calls = run_entrypoint("scheduler", SCHEDULER_INTERVAL_SECONDS="15")

    assert calls == [WAIT_FOR_MIGRATIONS, ENQUEUE, ["sleep", "15"]]


def test_scheduler_keeps_going_when_enqueueing_fails(run_entrypoint):
    result, calls = run_entrypoint("scheduler", FAKE_MANAGE_FAILS="1", FAKE_SLEEPS="2")

    assert calls == [
        WAIT_FOR_MIGRATIONS,
        ENQUEUE,
        ["sleep", "60"],
        ENQUEUE,
        ["sleep", "60"],
    ]
    assert "Enqueueing the periodic tasks failed" in result.stderr


def test_scheduler_stops_when_the_database_never_answers(run_entrypoint):
    result, calls = run_entrypoint("scheduler", FAKE_WAIT_FAILS="1")

    assert result.returncode != 0
    assert calls == [WAIT_FOR_MIGRATIONS]


def test_manage_runs_a_management_command(run_entrypoint):
    result, calls = run_entrypoint("manage", "check", "--deploy")

    assert result.returncode == 0, result.stderr
    assert calls == [["python", "manage.py", "check", "--deploy"]]


def test_any_other_command_runs_as_given(run_entrypoint):
    result, calls = run_entrypoint("gunicorn", "--version")

    assert result.returncode == 0, result.stderr
    assert calls == [["gunicorn", "--version"]]


def real_python_environment(tmp_path):
    return {
        "FAKE_REAL_PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'wait.sqlite3'}",
        "DATABASE_WAIT_SECONDS": "0",
        "PYTHONPATH": str(PROJECT_ROOT),
    }


def test_the_database_wait_passes_when_the_database_answers(run_entrypoint, tmp_path):
    result, calls = run_entrypoint(
        "web", MIGRATE_ON_START="0", **real_python_environment(tmp_path)
    )

    assert result.returncode == 0, result.stderr
    assert calls == [WAIT, GUNICORN]


def test_the_worker_gives_up_while_migrations_are_missing(run_entrypoint, tmp_path):
    result, calls = run_entrypoint("worker", **real_python_environment(tmp_path))

    assert result.returncode != 0
    assert "Gave up waiting for the database" in result.stderr
    assert "migrations are not applied yet" in result.stderr
    assert calls == [WAIT_FOR_MIGRATIONS]
