"""The container's gunicorn command loads the application with production settings."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
COMMAND = [str(GUNICORN), "-c", "docker/gunicorn.conf.py", "portal.wsgi"]


@pytest.fixture
def production_environment(tmp_path):
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "q7Lw-3vZ_pX9sR2tY8uB4nM6kJ1hG5fD0cA-eW7iO3yT9rE2wQ5zX",
        "ALLOWED_HOSTS": "concertation.example.org",
        "EMAIL_PROVIDER": "brevo",
        "ANYMAIL_BREVO_API_KEY": "x",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VAR_DIR": str(tmp_path),
    }


def gunicorn(*options, environ):
    return subprocess.run(
        [*COMMAND, *options],
        cwd=PROJECT_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_config_loads_the_application(production_environment):
    result = gunicorn("--check-config", environ=production_environment)

    assert result.returncode == 0, result.stdout + result.stderr


def test_check_config_fails_without_the_secret_key(production_environment):
    del production_environment["SECRET_KEY"]

    result = gunicorn("--check-config", environ=production_environment)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def printed_config(environ):
    result = gunicorn("--print-config", environ=environ)
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.MULTILINE))


def test_settings_come_from_the_environment(production_environment):
    config = printed_config(
        production_environment
        | {
            "PORT": "9000",
            "WEB_CONCURRENCY": "3",
            "GUNICORN_TIMEOUT": "45",
            "FORWARDED_ALLOW_IPS": "10.0.0.2",
        }
    )

    assert config["bind"] == "['0.0.0.0:9000']"
    assert config["workers"] == "3"
    assert config["timeout"] == "45"
    assert "10.0.0.2" in config["forwarded_allow_ips"]
    assert config["accesslog"] == "-"


def test_defaults_listen_on_port_8000_with_at_most_four_workers(
    production_environment,
):
    config = printed_config(production_environment)

    assert config["bind"] == "['0.0.0.0:8000']"
    assert 1 <= int(config["workers"]) <= 4
    assert config["timeout"] == "30"
