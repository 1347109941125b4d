"""Time the participation figures of the results page (issue #8).

Run with `make bench-results` (or `.venv/bin/python bench/results_figures.py`).
It fills a fresh SQLite file (var/bench-results/bench.sqlite3) or, when
BENCH_POSTGRES_URL is set (e.g. postgres://postgres@127.0.0.1:5432), the
recreated PostgreSQL database `portal_bench_results`, with BENCH_EVENTS held
events (default 100; half with attendance recorded, three themed workshops
each) and BENCH_REGISTRATIONS confirmed registrations (default 20,000: every
participant type, territories, organisations, a quarter anonymised). Then it
prints the time to compute the figures uncached (target under 1 s) and
cached (target under 50 ms), the median of several runs, with their queries.
With BENCH_REDIS_URL (e.g. redis://127.0.0.1:6379/14) the cache is Redis, as
in production; else the local memory cache.
"""

import os
import statistics
import sys
import time
from datetime import timedelta

from fresh_database import ROOT, use_fresh_database

WORKDIR = ROOT / "var" / "bench-results"
EVENTS = int(os.environ.get("BENCH_EVENTS", "100"))
REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "20000"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "")
DATABASE = "portal_bench_results"
UNCACHED_TARGET_S = 1.0
CACHED_TARGET_S = 0.05


def fill(*, events: int, registrations: int) -> None:
    from django.utils import timezone

    from events.models import EventPage, Session, SessionKind
    from events.registrations.choices import (
        Attendance,
        OrganisationType,
        ParticipantType,
        RegistrationStatus,
    )
    from events.registrations.models import Registration
    from events.registrations.organisations import organisation_key
    from tests.events.factories import build_event, build_event_index, build_territory
    from tests.factories import build_home_page, build_theme

    index = build_event_index(build_home_page())
    themes = [build_theme() for _ in range(6)]
    territories = [build_territory() for _ in range(6)]
    held = []
    for number in range(events):
        event = build_event(index, days=-30 - number)
        for slot in range(3):
            Session.objects.create(
                page=event,
                title=f"Atelier {slot}",
                kind=SessionKind.WORKSHOP,
                theme=themes[(number + slot) % len(themes)],
                starts_at=event.starts_at,
                ends_at=event.ends_at,
            )
        held.append(event)
    EventPage.objects.filter(pk__in=[e.pk for e in held]).update(
        ends_at=timezone.now() - timedelta(days=1)
    )
    types = [value for value, _label in ParticipantType.choices]
    organisation_types = [value for value, _label in OrganisationType.choices]
    now = timezone.now()
    rows = []
    for number in range(registrations):
        event = held[number % events]
        checked_in = held.index(event) % 2 == 0
        organisation = f"Structure {number % 400}" if number % 3 else ""
        anonymised = number % 4 == 0
        rows.append(
            Registration(
                event=event,
                email=f"personne{number}@example.org",
                first_name="" if anonymised else "Camille",
                last_name="" if anonymised else "Martin",
                participant_type=types[number % len(types)],
                organisation_name="" if anonymised else organisation,
                organisation_key=organisation_key(organisation) if anonymised else "",
                organisation_type=(
                    organisation_types[number % len(organisation_types)]
                    if organisation
                    else ""
                ),
                territory=territories[number % len(territories)],
                seats=1 + number % 3,
                status=RegistrationStatus.CONFIRMED,
                consent_notice_version="bench",
                consented_at=now,
                attendance=(
                    (Attendance.ABSENT if number % 6 == 0 else Attendance.PRESENT)
                    if checked_in
                    else Attendance.UNKNOWN
                ),
                anonymised_at=now if anonymised else None,
            )
        )
    Registration.objects.bulk_create(rows, batch_size=2000)


def timed(function, runs: int) -> tuple[float, int]:
    """Median seconds of ``runs`` calls, and the queries of the last one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    durations = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            function()
            durations.append(time.perf_counter() - started)
    return statistics.median(durations), len(queries)


def main() -> int:
    engine = use_fresh_database(workdir=WORKDIR, postgres_name=DATABASE)

    import django

    django.setup()

    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import override_settings

    if REDIS_URL:
        override_settings(
            CACHES={
                "default": {
                    "BACKEND": "portal.cache.SharedClientRedisCache",
                    "LOCATION": REDIS_URL,
                }
            }
        ).enable()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    fill(events=EVENTS, registrations=REGISTRATIONS)
    print(
        f"{EVENTS} held events, {REGISTRATIONS:,} registrations on {engine}, "
        f"ready in {time.perf_counter() - started:.0f} s"
    )

    from consultation.figures.cache import cached_participation_figures
    from consultation.figures.compute import participation_figures

    figures = participation_figures()
    print(
        f"participants {figures.participants.shown}, organisations "
        f"{figures.organisations_by_type.total.shown}, events "
        f"{figures.events_by_kind.total.shown}"
    )
    uncached_s, uncached_queries = timed(participation_figures, runs=5)
    cache.clear()
    cached_participation_figures()
    cached_s, cached_queries = timed(cached_participation_figures, runs=200)
    backend = "Redis" if REDIS_URL else "local memory"
    print(
        f"uncached: {uncached_s * 1000:8.1f} ms, {uncached_queries} queries "
        f"(target under {UNCACHED_TARGET_S * 1000:.0f} ms)"
    )
    print(
        f"cached ({backend}): {cached_s * 1000:8.2f} ms, {cached_queries} queries "
        f"(target under {CACHED_TARGET_S * 1000:.0f} ms)"
    )
    met = uncached_s < UNCACHED_TARGET_S and cached_s < CACHED_TARGET_S
    print(f"targets: {'met' if met else 'missed'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
