"""Time the events index, an event page and the site-wide feed with 1,000 events.

Run with `make bench` (or `.venv/bin/python bench/events_pages.py`). It fills a
throw-away SQLite database (or BENCH_DATABASE_URL) with the demo content plus
BENCH_EVENTS events (default 1,000), each with sessions and themes, then prints
the median and 95th percentile render time of each page, cold (cache cleared
before every request) and cached, and its SQL query count.

Targets on the development machine: the feed of 1,000 events under 500 ms cold,
the index page under 100 ms.
"""

import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

EVENTS = int(os.environ.get("BENCH_EVENTS", "1000"))
RUNS = int(os.environ.get("BENCH_REQUESTS", "15"))


def fill(count: int) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from events.models import EventIndexPage, EventKind, EventPage, Session, Venue
    from home.models import Territory, Theme

    call_command("load_initial_data", stdout=io.StringIO())
    index = EventIndexPage.objects.first()
    kinds = list(EventKind.objects.all())
    themes = list(Theme.objects.all())
    territories = list(Territory.objects.all())
    venue = Venue.objects.first()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    rng = random.Random(42)
    for number in range(count):
        offset = timedelta(days=rng.randint(-400, 400), hours=rng.randint(0, 8))
        starts_at = now + offset
        event = EventPage(
            title=f"Événement de charge {number}",
            kind=rng.choice(kinds),
            summary="Un événement créé pour mesurer les temps de réponse.",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            territory=rng.choice(territories),
            venue=venue,
        )
        for slot in range(3):
            event.sessions.add(
                Session(
                    title=f"Atelier {slot}",
                    theme=rng.choice(themes),
                    starts_at=starts_at + timedelta(hours=slot),
                    ends_at=starts_at + timedelta(hours=slot + 1),
                    capacity=20,
                )
            )
        index.add_child(instance=event)
        event.themes.set(rng.sample(themes, 2))
    print(f"{EventPage.objects.count()} events in the database")


def measure(client, path, *, cold: bool) -> tuple[float, float, int]:
    from django.core.cache import cache
    from django.db import connection

    durations = []
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    client.get(path)
    for _run in range(RUNS):
        if cold:
            cache.clear()
        queries.clear()
        with connection.execute_wrapper(record):
            started = time.perf_counter()
            response = client.get(path)
            durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    durations.sort()
    p95 = durations[max(0, int(len(durations) * 0.95) - 1)]
    return statistics.median(durations), p95, len(queries)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-events-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )

    import django

    django.setup()

    from django.core.management import call_command
    from django.test import Client

    from events.models import EventPage

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    fill(EVENTS)
    print(f"filled in {time.perf_counter() - started:.0f} s")

    event = EventPage.objects.live().filter(audience="public").order_by("pk").last()
    paths = {
        "events index": "/evenements/",
        "event page": event.url,
        "site-wide feed": "/calendrier/evenements.ics",
    }
    client = Client()
    print(f"{'page':<16} {'mode':<7} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
    for label, path in paths.items():
        for cold in (True, False):
            median, p95, queries = measure(client, path, cold=cold)
            mode = "cold" if cold else "cached"
            print(f"{label:<16} {mode:<7} {queries:>7} {median:>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    sys.exit(main())
