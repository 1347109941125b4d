"""Time the exports of an event's registrations, and its printed documents.

Run with `.venv/bin/python bench/export.py`. It fills a fresh SQLite file
(var/bench-export/bench.sqlite3) or, when BENCH_POSTGRES_URL is set (e.g.
postgres://postgres@127.0.0.1:5432), the recreated PostgreSQL database
`portal_bench_export` on that server, with one event of 4 sessions and
BENCH_REGISTRATIONS registrations (default 10,000, inserted with
bulk_create), then runs each export the way the admin does (the listing's
queryset, read in chunks) and prints its time, its peak of Python
allocations (tracemalloc) and the peak resident memory of the process
(getrusage), with what it held before the export. Every measure runs in a
child process of its own, forked from a small server started before Django
(nothing inherited from the filling), so that the peaks are the export's
own; the time is measured without tracemalloc, which slows Python down. It
also prints the CPU time of that process: the machine is shared, and wall
times vary with what else runs.

The sign-in sheets are timed for events of BENCH_SHEET_PEOPLE people
(default 1,000 and 10,000: one seat per registration), filled alongside;
their Python peak is not traced (tracemalloc would make WeasyPrint minutes
slower), their resident peak is.

Targets on the development machine: XLSX under 5 s and under 300 MB.
"""

import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from multiprocessing import forkserver, get_context

from fresh_database import ROOT, use_fresh_database

WORKDIR = ROOT / "var" / "bench-export"
REGISTRATIONS = int(os.environ.get("BENCH_REGISTRATIONS", "10000"))
DATABASE = "portal_bench_export"
SESSIONS = 4
SHEET_PEOPLE = [
    int(people)
    for people in os.environ.get("BENCH_SHEET_PEOPLE", "1000,10000").split(",")
    if people
]
XLSX_TARGET_S = 5
XLSX_TARGET_MB = 300


def fill(count: int):
    """One event with SESSIONS sessions and ``count`` confirmed registrations,
    each in one session; returns the event. Then an event for each sign-in
    sheet of SHEET_PEOPLE."""
    from django.utils import timezone

    from events.registrations.models import Registration, RegistrationSession
    from tests.events.factories import build_event, build_event_index, build_territory
    from tests.factories import build_home_page

    index = build_event_index(build_home_page())
    event = build_event(
        index,
        sessions=SESSIONS,
        registration_required=True,
        capacity=None,
        max_seats_per_registration=3,
        ask_phone=True,
        ask_accessibility_needs=True,
        ask_dietary_needs=True,
    )
    sessions = list(event.sessions.all())
    territories = [build_territory() for _ in range(6)]
    rng = random.Random(42)
    now = timezone.now()
    registrations = Registration.objects.bulk_create(
        (
            Registration(
                event=event,
                email=f"personne{number}@example.org",
                first_name=f"Prénom{number}",
                last_name=f"Nom {number}",
                participant_type=rng.choice(["citizen", "ess_organisation"]),
                organisation_name=rng.choice(["", "La Ruche", "=SOMME(A1:A9)"]),
                organisation_town="Orléans",
                territory=rng.choice(territories),
                seats=rng.randint(1, 3),
                companions=["Alex Durand", "Sam Petit"][: rng.randint(0, 2)],
                phone="+33 6 12 34 56 78",
                accessibility_needs=rng.choice(["", "Boucle magnétique"]),
                dietary_needs=rng.choice(["", "Végétarien"]),
                consent_notice_version="3:42",
                consented_at=now - timedelta(minutes=number),
            )
            for number in range(count)
        ),
        batch_size=1000,
    )
    RegistrationSession.objects.bulk_create(
        (
            RegistrationSession(registration=registration, session=sessions[n % 4])
            for n, registration in enumerate(registrations)
        ),
        batch_size=1000,
    )
    for people in SHEET_PEOPLE:
        fill_sheet_event(index, people, territories, rng)
    return event


def sheet_title(people: int) -> str:
    return f"Émargement de {people} personnes"


def fill_sheet_event(index, people: int, territories, rng) -> None:
    """An event of ``people`` confirmed registrations of one seat each."""
    from django.utils import timezone

    from events.registrations.models import Registration
    from tests.events.factories import build_event

    event = build_event(
        index, title=sheet_title(people), registration_required=True, capacity=None
    )
    now = timezone.now()
    Registration.objects.bulk_create(
        (
            Registration(
                event=event,
                email=f"emargement{number}@example.org",
                first_name=f"Prénom{number}",
                last_name=f"Nom {number}",
                organisation_name=rng.choice(["", "La Ruche", "Coopérative du Val"]),
                territory=rng.choice(territories),
                consent_notice_version="3:42",
                consented_at=now - timedelta(minutes=number),
            )
            for number in range(people)
        ),
        batch_size=1000,
    )


def listing(event):
    """What the admin exports: the listing's queryset, filtered on the event."""
    from organisers.exports import export_rows
    from organisers.selectors import registrations_for_admin

    return export_rows(
        registrations_for_admin().filter(event=event).order_by("-created_at")
    )


def export_csv(event) -> int:
    from organisers.exports import registrations_csv_lines

    return sum(len(line.encode()) for line in registrations_csv_lines(listing(event)))


def export_xlsx(event) -> int:
    from organisers.exports import registrations_xlsx

    with tempfile.TemporaryFile() as output:
        registrations_xlsx(listing(event), output)
        return output.tell()


def sign_in_sheet(people: int) -> int:
    from events.models import EventPage
    from organisers.documents.sign_in_sheet import sign_in_sheet_pdf

    return len(sign_in_sheet_pdf(EventPage.objects.get(title=sheet_title(people))))


def measures():
    """What is timed: name → (function of the event returning a size in
    bytes, whether its Python peak is traced)."""
    timed = {"CSV": (export_csv, True), "XLSX": (export_xlsx, True)}
    for people in SHEET_PEOPLE:
        timed[f"sign-in sheet, {people:,} people"] = (
            lambda event, people=people: sign_in_sheet(people),
            False,
        )
    return timed


def run(name: str, event_id: int, trace: bool, results) -> None:
    """In a child process: one export, with or without tracemalloc."""
    import django

    django.setup()
    from events.models import EventPage

    event = EventPage.objects.get(pk=event_id)
    function = measures()[name][0]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if trace:
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    size = function(event)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    # Linux reports ru_maxrss in kilobytes.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    results.put((size, elapsed, cpu, peak, before, rss))


def measure(name: str, event_id: int, *, trace: bool):
    context = get_context("forkserver")
    results = context.Queue()
    child = context.Process(target=run, args=(name, event_id, trace, results))
    child.start()
    outcome = results.get()
    child.join()
    return outcome


def main() -> int:
    engine = use_fresh_database(workdir=WORKDIR, postgres_name=DATABASE)
    forkserver.ensure_running()  # before Django: the children start small

    import django

    django.setup()

    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    event = fill(REGISTRATIONS)
    print(
        f"{REGISTRATIONS:,} registrations on "
        f"{engine}, "
        f"ready in {time.perf_counter() - started:.0f} s"
    )
    print(
        f"{'':<30} {'size MB':>8} {'time s':>7} {'CPU s':>6} {'python MB':>10} "
        f"{'RSS MB':>7} {'before':>7}"
    )
    missed = False
    mb = 1024 * 1024
    for name, (_, traced) in measures().items():
        size, elapsed, cpu, _, before, rss = measure(name, event.pk, trace=False)
        python = "-"
        if traced:
            python = f"{measure(name, event.pk, trace=True)[3] / mb:.1f}"
        print(
            f"{name:<30} {size / mb:>8.1f} {elapsed:>7.2f} {cpu:>6.2f} "
            f"{python:>10} {rss / mb:>7.0f} {before / mb:>7.0f}"
        )
        if name == "XLSX":
            missed = elapsed > XLSX_TARGET_S or rss / mb > XLSX_TARGET_MB
    print(f"XLSX target: under {XLSX_TARGET_S} s and {XLSX_TARGET_MB} MB: ", end="")
    print("missed" if missed else "met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
