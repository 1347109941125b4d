"""Structured logs: one JSON object per line, for the platform's log collector.

`LOG_FORMAT=json` (the default of the production settings and of the container's
gunicorn) selects `JsonFormatter` for the console handler; `text` keeps plain
lines for people reading a terminal.

Each line holds the time (ISO 8601, UTC), the level, the logger and the message;
the exception and its traceback when there is one; and, for the records that
describe an HTTP request (Django's `django.request`, gunicorn's access log), its
method, path and status (and gunicorn's duration). These fields take nothing else
from the request: no header, no query string, no cookie. Gunicorn's access line
stays the message, as its `access_log_format` writes it.

This module imports nothing from Django, so gunicorn's master process can load
it before the application.
"""

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    """Format a log record as a single line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(_http_fields(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # json.dumps escapes line breaks: a traceback stays on one line.
        return json.dumps(entry, ensure_ascii=False, default=str)


def _http_fields(record: logging.LogRecord) -> dict:
    """Method, path and status of the request a record is about, if any."""
    fields = {}
    # django.request (and django.security.*) put the HttpRequest on the record;
    # runserver's django.server puts a socket there instead, hence the checks.
    request = getattr(record, "request", None)
    method = getattr(request, "method", None)
    path = getattr(request, "path", None)
    if isinstance(method, str) and isinstance(path, str):
        fields["method"] = method
        fields["path"] = path
    status = getattr(record, "status_code", None)
    if isinstance(status, int):
        fields["status"] = status
    # gunicorn's access log passes its "atoms" as the record's arguments.
    if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
        atoms = record.args
        fields["method"] = str(atoms.get("m", "-"))
        fields["path"] = str(atoms.get("U", "-"))
        status = str(atoms.get("s", ""))
        if status.isdigit():
            fields["status"] = int(status)
        duration = atoms.get("M")
        if isinstance(duration, int):
            fields["duration_ms"] = duration
    return fields
