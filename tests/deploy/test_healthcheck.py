"""docker/healthcheck.py, the web container's health check.

It runs against a small local HTTP server standing in for gunicorn.
"""

import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT_ROOT / "docker" / "healthcheck.py"


@pytest.fixture
def portal():
    """A stand-in for gunicorn: answers `status`, records each request."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        status = 200

        def do_GET(self):
            seen.append({"path": self.path, "host": self.headers["Host"]})
            self.send_response(self.server.status)
            if self.server.status == 301:
                self.send_header("Location", "https://concertation.example.org/")
            self.end_headers()
            self.wfile.write(b'{"status": "..."}')

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.status = 200
    server.seen = seen
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def check(port, allowed_hosts="concertation.example.org,www.example.org"):
    return subprocess.run(
        [sys.executable, str(SCRIPT)],
        env={
            "PATH": os.environ["PATH"],
            "PORT": str(port),
            "ALLOWED_HOSTS": allowed_hosts,
            "http_proxy": "http://127.0.0.1:9",
        },
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_healthy_when_the_portal_answers_200(portal):
    result = check(portal.server_port)

    assert result.returncode == 0, result.stderr
    assert portal.seen == [{"path": "/sante/", "host": "concertation.example.org"}]


@pytest.mark.parametrize("status", [503, 400, 500])
def test_unhealthy_otherwise(portal, status):
    portal.status = status

    result = check(portal.server_port)

    assert result.returncode == 1
    assert str(status) in result.stderr


def test_a_redirect_is_a_failure_and_is_not_followed(portal):
    portal.status = 301

    result = check(portal.server_port)

    assert result.returncode == 1
    assert len(portal.seen) == 1


def test_unhealthy_when_nothing_listens(portal):
    port = portal.server_port
    portal.shutdown()
    portal.server_close()

    result = check(port)

    assert result.returncode == 1
    assert "No answer" in result.stderr


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        (".example.org", "example.org"),
        ("*", "localhost"),
        ("", "localhost"),
        (" , concertation.example.org", "concertation.example.org"),
    ],
)
def test_the_host_header_is_one_django_accepts(portal, allowed_hosts, host):
    result = check(portal.server_port, allowed_hosts)

    assert result.returncode == 0, result.stderr
    assert portal.seen[-1]["host"] == host
