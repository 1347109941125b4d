"""Run Python code or ``manage.py`` under the production settings, in a
process of its own (settings are read once per process)."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "kJ8#vQ2$zX9!mN4&pL7^rT1*wY6@bH3%cF5(dG0)sA8-eU2+iO7",
    "ALLOWED_HOSTS": "concertation.example.org",
    "DATABASE_URL": "postgres://portal@db.example.org:5432/portal",
    "CACHE_URL": "redis://redis.example.org:6379/0",
    "EMAIL_PROVIDER": "brevo",
    "ANYMAIL_BREVO_API_KEY": "xkeysib-test",
}


def run_production(
    arguments: list[str], *, var_dir: Path, **environ: str
) -> subprocess.CompletedProcess:
    """``python <arguments>`` in the project's folder with the production
    environment, ``environ`` on top (an empty value unsets nothing: it sets
    the variable empty)."""
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=PROJECT_ROOT,
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(PROJECT_ROOT),
            "VAR_DIR": str(var_dir),
            # botocore must never look for credentials on the network.
            "AWS_EC2_METADATA_DISABLED": "true",
        }
        | PRODUCTION_ENVIRONMENT
        | environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
