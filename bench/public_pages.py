"""Time the public page types and count their queries.

Run with `make bench` (or `.venv/bin/python bench/public_pages.py`). It builds
the demo consultation in a throw-away SQLite database (or the database named by
BENCH_DATABASE_URL), then prints, for each page type, the median and 95th
percentile render time over N requests and the number of SQL queries.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PATHS = {
    "home page": "/",
    "standard page": "/la-concertation/",
    "legal page": "/donnees-personnelles/",
    "site map": "/plan-du-site/",
    "search": "/recherche/?q=concertation",
    "sitemap.xml": "/sitemap.xml",
    "not found": "/page-introuvable/",
}
REQUESTS_PER_PAGE = int(os.environ.get("BENCH_REQUESTS", "50"))


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("load_initial_data", stdout=io.StringIO())

    client = Client()
    print(f"{'page':<16} {'status':>6} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
    for label, path in PATHS.items():
        client.get(path)  # warm caches
        queries = []

        def record(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            status = client.get(path).status_code
        durations = []
        for _ in range(REQUESTS_PER_PAGE):
            started = time.perf_counter()
            client.get(path)
            durations.append((time.perf_counter() - started) * 1000)
        durations.sort()
        p95 = durations[int(len(durations) * 0.95) - 1]
        print(
            f"{label:<16} {status:>6} {len(queries):>8} "
            f"{statistics.median(durations):>10.1f} {p95:>8.1f}"
        )


if __name__ == "__main__":
    sys.exit(main())
