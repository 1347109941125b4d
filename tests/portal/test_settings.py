"""Configuration from the environment, and Django's system checks."""

import os

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from portal.settings import environment
from tests.portal.production import PRODUCTION_ENVIRONMENT, run_production


def run_check(*arguments, environ, var_dir):
    command = ["manage.py", "check", "--fail-level", "WARNING", *arguments]
    return run_production(command, var_dir=var_dir, **environ)


def test_development_check_prints_no_warning(tmp_path):
    result = run_check(
        environ={"DJANGO_SETTINGS_MODULE": "portal.settings.dev"}, var_dir=tmp_path
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_deploy_check_prints_no_warning(tmp_path):
    result = run_check("--deploy", environ=PRODUCTION_ENVIRONMENT, var_dir=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    environ = PRODUCTION_ENVIRONMENT | {"SECRET_KEY": ""}

    result = run_check(environ=environ, var_dir=tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_french_time_zone_aware_portal():
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ is True
    assert "default" in settings.MAILERS
    assert "django.contrib.postgres" in settings.INSTALLED_APPS


def test_database_url_selects_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://user:secret@db:5432/portal")

    config = environment.database_from_env("/tmp/unused.sqlite3")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "portal"


def test_sqlite_is_the_default(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    config = environment.database_from_env("/tmp/portal.sqlite3")

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_cache_url_selects_redis(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/3")

    assert environment.cache_from_env()["BACKEND"].endswith("RedisCache")


def test_unknown_cache_url_is_refused(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "memcached://127.0.0.1")

    with pytest.raises(ImproperlyConfigured):
        environment.cache_from_env()


def test_email_provider_selects_an_anymail_backend(monkeypatch):
    monkeypatch.setenv("EMAIL_PROVIDER", "Mailjet")
    monkeypatch.setenv("ANYMAIL_MAILJET_API_KEY", "key")

    assert environment.mailer_from_env() == {
        "BACKEND": "anymail.backends.mailjet.EmailBackend"
    }
    assert environment.anymail_from_env()["MAILJET_API_KEY"] == "key"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_redis_cache_round_trip(monkeypatch):
    from portal.cache import SharedClientRedisCache

    cache = SharedClientRedisCache(
        os.environ["REDIS_URL"], {"KEY_PREFIX": "portal-test"}
    )
    cache.set("probe", {"ok": True}, timeout=10)
    cache.set_many({"one": 1, "two": 2}, timeout=10)

    assert cache.get("probe") == {"ok": True}
    assert cache.get_many(["one", "two", "three"]) == {"one": 1, "two": 2}
    assert cache.incr("one") == 2
    cache.delete_many(["probe", "one", "two"])
    assert cache.get("probe", "gone") == "gone"
