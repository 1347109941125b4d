"""Structured logs: portal.logging.JsonFormatter and the LOG_FORMAT setting."""

import json
import logging
import sys
from datetime import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from portal.logging import JsonFormatter
from portal.settings import environment
from tests.portal.production import run_production


def record(name="portal.test", level=logging.INFO, msg="hello", args=(), **extra):
    log_record = logging.LogRecord(name, level, __file__, 1, msg, args, None)
    log_record.__dict__.update(extra)
    return log_record


def formatted(log_record) -> dict:
    line = JsonFormatter().format(log_record)
    assert "\n" not in line
    return json.loads(line)


def test_a_record_is_one_line_of_json_with_its_fields():
    entry = formatted(record(msg="Inscription de %s", args=("Zoé",)))

    assert entry["message"] == "Inscription de Zoé"
    assert entry["level"] == "INFO"
    assert entry["logger"] == "portal.test"
    assert entry["time"].endswith("Z")
    assert datetime.fromisoformat(entry["time"]).utcoffset().total_seconds() == 0
    assert "exception" not in entry


def test_an_exception_comes_with_its_traceback():
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        log_record = record(level=logging.ERROR, msg="failed", exc_info=sys.exc_info())

    line = JsonFormatter().format(log_record)
    entry = json.loads(line)

    assert len(line.splitlines()) == 1
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert "ValueError: boom\nsecond line" in entry["exception"]
    assert "test_an_exception_comes_with_its_traceback" in entry["exception"]


def test_django_request_records_carry_method_path_and_status():
    request = RequestFactory().post("/inscriptions/evenement/3/?secret=1")
    entry = formatted(
        record(
            name="django.request",
            level=logging.ERROR,
            msg="Internal Server Error: %s",
            args=(request.path,),
            request=request,
            status_code=500,
        )
    )

    assert entry["method"] == "POST"
    assert entry["path"] == "/inscriptions/evenement/3/"
    assert entry["status"] == 500
    assert "secret" not in json.dumps(entry)


def test_runserver_records_with_a_socket_as_request_are_fine():
    entry = formatted(record(name="django.server", request=object(), status_code=200))

    assert entry["status"] == 200
    assert "method" not in entry


def test_gunicorn_access_records_carry_method_path_status_and_duration():
    atoms = {
        "m": "GET",
        "U": "/evenements/",
        "q": "token=secret",
        "s": "200",
        "M": 12,
        "{cookie}i": "sessionid=secret",
    }
    entry = formatted(
        record(name="gunicorn.access", msg='"%(m)s %(U)s" %(s)s', args=(atoms,))
    )

    assert entry["message"] == '"GET /evenements/" 200'
    assert entry["method"] == "GET"
    assert entry["path"] == "/evenements/"
    assert entry["status"] == 200
    assert entry["duration_ms"] == 12
    assert "secret" not in json.dumps(entry)


def test_log_format_is_text_or_json(monkeypatch):
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    assert environment.log_format_from_env("text") == "text"
    assert environment.log_format_from_env("json") == "json"

    monkeypatch.setenv("LOG_FORMAT", "JSON")
    assert environment.log_format_from_env("text") == "json"

    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        environment.log_format_from_env("text")


LOG_ONE_ERROR = """
import django, logging
django.setup()
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("portal.check").exception("Division par zéro")
"""


def run_with(settings_module, tmp_path, **environ):
    return run_production(
        ["-c", LOG_ONE_ERROR],
        var_dir=tmp_path,
        DJANGO_SETTINGS_MODULE=settings_module,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL="",  # the local memory cache
        **environ,
    )


def test_production_logs_json_lines_on_standard_output(tmp_path):
    result = run_with("portal.settings.production", tmp_path)

    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    entry = json.loads(line)
    assert entry["logger"] == "portal.check"
    assert entry["level"] == "ERROR"
    assert entry["message"] == "Division par zéro"
    assert "ZeroDivisionError" in entry["exception"]


def test_production_logs_text_when_told(tmp_path):
    result = run_with("portal.settings.production", tmp_path, LOG_FORMAT="text")

    assert result.returncode == 0, result.stderr
    assert "ERROR portal.check: Division par zéro" in result.stdout
    assert "Traceback" in result.stdout


def test_development_logs_text_by_default(tmp_path):
    result = run_with("portal.settings.dev", tmp_path)

    assert result.returncode == 0, result.stderr
    assert "ERROR portal.check: Division par zéro" in result.stdout
