"""The health endpoint /sante/: the database and the cache, for load balancers.

Failures are real ones: the database is a PostgreSQL server on a port where
nothing listens (a stopped server), the cache a Redis likewise.
"""

import json
import logging
import socket

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.test import override_settings

from tests.portal.production import run_production

URL = "/sante/"

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local TCP port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def stopped_database():
    """The default database is a PostgreSQL server that is not running."""
    original = connections["default"]
    settings_dict = original.settings_dict | {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "portal",
        "USER": "portal",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": str(closed_port()),
        "OPTIONS": {},
    }
    backend = load_backend(settings_dict["ENGINE"])
    connections["default"] = backend.DatabaseWrapper(settings_dict, "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = original


def stopped_cache():
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            }
        }
    )


def health_records(caplog):
    return [record for record in caplog.records if record.name == "portal.health"]


def test_healthy_when_the_database_and_the_cache_answer(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }


def test_a_stopped_database_is_unhealthy(client, stopped_database, caplog):
    with caplog.at_level(logging.ERROR, logger="portal.health"):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "error", "cache": "ok"},
    }
    # The reason is in the logs, with its traceback, and never in the answer.
    [record] = health_records(caplog)
    assert "database" in record.getMessage()
    assert record.exc_info is not None
    assert "OperationalError" in record.exc_info[0].__name__
    assert b"127.0.0.1" not in response.content
    assert b"refused" not in response.content.lower()


def test_a_stopped_cache_is_unhealthy(client, caplog):
    with stopped_cache(), caplog.at_level(logging.ERROR, logger="portal.health"):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error"}
    [record] = health_records(caplog)
    assert "cache" in record.getMessage()
    assert record.exc_info is not None


def test_both_down_names_both(client, stopped_database):
    with stopped_cache():
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "error", "cache": "error"}


def test_the_answer_is_never_cached_and_sets_no_cookie(client):
    response = client.get(URL)

    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response
    assert not response.cookies
    assert "Set-Cookie" not in response


def test_an_unhealthy_answer_is_not_cached_either(client, stopped_database):
    response = client.get(URL)

    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_probes_may_use_head(client):
    response = client.head(URL)

    assert response.status_code == 200


def test_posting_is_refused(client):
    assert client.post(URL).status_code == 405


def test_the_cache_check_leaves_no_key_behind(client):
    from django.core.cache import cache

    cache.clear()
    client.get(URL)

    assert not list(cache._cache.keys())


PROBE = """
import json, django
django.setup()
from django.test import Client
probe = Client(HTTP_HOST="concertation.example.org")
print(json.dumps({
    "health": probe.get("/sante/").status_code,
    "home": probe.get("/").status_code,
    "other_host": Client(HTTP_HOST="10.0.0.7:8000").get("/sante/").status_code,
}))
"""


def test_production_answers_the_probe_over_plain_http(tmp_path):
    """Production redirects everything to HTTPS, but the health endpoint; the
    probe must send one of ALLOWED_HOSTS as its Host header."""
    result = run_production(
        ["-c", PROBE],
        var_dir=tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL="",  # the local memory cache
        LOG_LEVEL="CRITICAL",
    )

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers == {"health": 200, "home": 301, "other_host": 400}
