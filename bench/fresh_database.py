"""The database a benchmark fills: a fresh SQLite file under ``var/``, or,
when BENCH_POSTGRES_URL is set (e.g. postgres://postgres@127.0.0.1:5432), a
recreated PostgreSQL database on that server. Call before ``django.setup()``."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "")


def use_fresh_database(*, workdir: Path, postgres_name: str) -> str:
    """Point DATABASE_URL at an empty database and the test settings at it,
    with the builders of tests/ importable; return the engine's name."""
    workdir.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))  # the shared builders of tests/
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    if POSTGRES_URL:
        import psycopg

        with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{postgres_name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{postgres_name}"')
        os.environ["DATABASE_URL"] = f"{POSTGRES_URL}/{postgres_name}"
        return "PostgreSQL"
    database = workdir / "bench.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    return "SQLite"
