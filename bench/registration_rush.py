"""A rush on an event's registration form, against the production setup.

Run with `make bench-rush` (or `.venv/bin/python bench/registration_rush.py`).
It recreates the PostgreSQL database `portal_bench_rush` (on the server of
BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432), migrates it,
builds one event with 100 seats over four parallel sessions of 25 and a waiting
list, serves it with the production settings under gunicorn
(docker/gunicorn.conf.py) with Redis as cache, then fires BENCH_ATTEMPTS
registration attempts (default 1,000) from BENCH_CLIENTS concurrent clients
(default 50). Each attempt GETs the form, keeps its CSRF cookie and POSTs it
with a unique email, as a browser behind the TLS proxy would
(X-Forwarded-Proto, one X-Forwarded-For address per attempt).

It prints the answers, what the database holds (confirmed, waitlisted, seats
per session, overbooking, email tasks queued) and the latency of GETs and
POSTs, the POSTs also split between those that took a seat and those that
joined the waiting list. No task worker runs: every email must still be a
queued task at the end (none built or sent), which proves that no email is
rendered or sent inside a request. Exits non-zero on overbooking, a server
error, a request without answer or an email not queued.

Then the same clients GET the floor (bench/floor_urls.py, served by the same
gunicorn: a static page of the form's size through the same middleware) as
many times as the rush made requests: the machine's speed at that moment, to
compare runs of different sessions (this machine's speed has varied by a
factor of 1.8 from one session to the next).

Target on the development machine (2 cores): POST p95 under 300 ms. The
clients never pause, so latency is about BENCH_CLIENTS / requests per second:
the p95 measures the server's throughput as much as its speed.
"""

import asyncio
import html
import ipaddress
import os
import re
import resource
import statistics
import sys
import time
import urllib.parse
from collections import Counter
from datetime import timedelta

from server import (
    BEHIND_TLS_PROXY,
    ROOT,
    cpu_seconds,
    free_port,
    migrate_and_collect_static,
    recreate_database,
    request,
    server_environment,
    start_server,
    stop_server,
    worker_pids,
)

ATTEMPTS = int(os.environ.get("BENCH_ATTEMPTS", "1000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
DATABASE = "portal_bench_rush"
CACHE_URL = "redis://127.0.0.1:6379/5"
WORKDIR = ROOT / "var" / "bench-rush"
CAPACITY = 100
SESSIONS = 4
SESSION_CAPACITY = 25
P95_TARGET_MS = 300
FLOOR_PATH = "/__floor__/"
FORM_PAGE_BYTES = 12_600  # the registration form's page, as served


def build_event() -> str:
    """The event under rush; returns the path of its registration form."""
    from django.urls import reverse
    from django.utils import timezone

    from events.models import EventPage, Session
    from tests.events.factories import build_event_index, build_kind
    from tests.factories import (
        build_home_page,
        build_portal_settings,
        build_standard_page,
    )

    home = build_home_page()
    notice = build_standard_page(home, title="Données personnelles")
    build_portal_settings(home.get_site(), personal_data_page=notice)
    starts_at = (timezone.now() + timedelta(days=10)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    event = EventPage(
        title="Journée de lancement",
        kind=build_kind(),
        summary="Quatre ateliers en parallèle, cent places.",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        registration_required=True,
        capacity=CAPACITY,
        waiting_list_enabled=True,
        max_seats_per_registration=1,
    )
    for number in range(1, SESSIONS + 1):
        event.sessions.add(
            Session(
                title=f"Atelier {number}",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                capacity=SESSION_CAPACITY,
            )
        )
    build_event_index(home).add_child(instance=event)
    return reverse("registrations:register", args=[event.pk])


def prepare() -> str:
    """Migrate, collect the static files, build the event, empty the cache."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connections

    migrate_and_collect_static()
    form_path = build_event()
    cache.clear()  # rate-limit counters of an earlier run
    connections.close_all()
    return form_path


INPUT_TAG = re.compile(r"<input\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')


class FormReader:
    """The CSRF token and the sessions that can be chosen in the first slot,
    read from the form's input tags (as Django renders them: attributes in
    double quotes). Regular expressions rather than an HTML parser: the
    clients share the server's two cores, and parsing the page would cost
    them about as much as the server spends on the GET."""

    def __init__(self, page: str):
        self.csrf_token = ""
        self.sessions: list[str] = []
        form = page[page.rfind("<form", 0, page.find('class="registration-form"')) :]
        for tag in INPUT_TAG.finditer(form[: form.find("</form>")]):
            attributes = dict(ATTRIBUTE.findall(tag.group(1)))
            if attributes.get("name") == "csrfmiddlewaretoken":
                self.csrf_token = html.unescape(attributes.get("value", ""))
            elif (
                attributes.get("name") == "slot_1"
                and attributes.get("value")
                and "disabled" not in attributes
            ):
                self.sessions.append(html.unescape(attributes["value"]))


def csrf_cookie(headers) -> str:
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("csrftoken="):
            return value.split(";", 1)[0]
    return ""


async def fetch(port, method, path, *, body=b"", headers=None):
    """One request on a connection of its own, as the browsers of a rush
    would open: (status, headers, body)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        lines += [f"Content-Length: {len(body)}", "Connection: close", "", ""]
        writer.write("\r\n".join(lines).encode() + body)
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        response_headers = [
            tuple(part.strip() for part in line.split(":", 1))
            for line in header_lines
            if ":" in line
        ]
        length = next(
            (int(v) for n, v in response_headers if n.lower() == "content-length"),
            None,
        )
        content = await (
            reader.readexactly(length) if length is not None else reader.read()
        )
        return int(status_line.split()[1]), response_headers, content
    finally:
        writer.close()


async def attempt(port: int, form_path: str, number: int) -> dict:
    """GET the form, then POST it; the timings and how it was answered."""
    proxy_headers = BEHIND_TLS_PROXY | {
        # One client address per attempt: the per-IP rate limit sees 1,000
        # people, as it would in a real rush.
        "X-Forwarded-For": str(ipaddress.IPv4Address("10.0.0.0") + number),
    }
    email = f"personne{number}@example.org"
    outcome = {"get_ms": None, "post_ms": None, "email": email}
    try:
        started = time.perf_counter()
        status, headers, body = await fetch(
            port, "GET", form_path, headers=proxy_headers
        )
        outcome["get_ms"] = (time.perf_counter() - started) * 1000
        form = FormReader(body.decode())
        if status != 200 or not form.csrf_token or not form.sessions:
            outcome["answer"] = f"form unavailable ({status})"
            return outcome
        fields = {
            "csrfmiddlewaretoken": form.csrf_token,
            "first_name": "Camille",
            "last_name": f"Participant {number}",
            "email": email,
            "participant_type": "citizen",
            "consent": "on",
            "slot_1": form.sessions[number % len(form.sessions)],
            "website": "",
        }
        origin = f"https://127.0.0.1:{port}"
        started = time.perf_counter()
        status, headers, _ = await fetch(
            port,
            "POST",
            form_path,
            body=urllib.parse.urlencode(fields).encode(),
            headers=proxy_headers
            | {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": csrf_cookie(headers),
                "Origin": origin,
                "Referer": origin + form_path,
            },
        )
        outcome["post_ms"] = (time.perf_counter() - started) * 1000
        location = next((v for n, v in headers if n.lower() == "location"), "")
        outcome["answer"] = classify(status, location)
    except (OSError, asyncio.IncompleteReadError) as error:
        outcome["answer"] = f"no answer ({type(error).__name__})"
    return outcome


def classify(status: int, location: str) -> str:
    if status in (302, 303) and "/inscriptions/" in location:
        return f"{status} registered"
    if status == 409:
        return "409 refused"
    if status == 429:
        return "429 rate limited"
    if status >= 500:
        return f"{status} server error"
    return f"{status} unexpected"


def run_clients(job, items) -> float:
    """CLIENTS clients in one event loop, each awaiting ``job(item)`` for the
    next of ``items`` as soon as its last one is answered; returns the
    seconds it took. One loop rather than threads: the clients share the
    server's cores, and threads would spend more of them."""
    items = iter(items)

    async def client():
        for item in items:
            await job(item)

    async def all_clients():
        await asyncio.gather(*(client() for _ in range(CLIENTS)))

    started = time.perf_counter()
    asyncio.run(all_clients())
    return time.perf_counter() - started


def rush(port: int, form_path: str) -> tuple[list[dict], float]:
    outcomes = []

    async def one(number):
        outcomes.append(await attempt(port, form_path, number))
        if len(outcomes) % 100 == 0:
            print(f"  {len(outcomes)} attempts", file=sys.stderr)

    return outcomes, run_clients(one, range(1, ATTEMPTS + 1))


def floor(port: int) -> tuple[list[float], float]:
    """The same clients GETting the floor (bench/floor_urls.py: a static page
    of the form's size through the same middleware) as many times as the rush
    makes requests: what this machine's Django serves at best, measured now,
    against which the rush can be read from one session to the next."""
    latencies = []

    async def one(_number):
        started = time.perf_counter()
        status, _headers, _body = await fetch(
            port, "GET", FLOOR_PATH, headers=BEHIND_TLS_PROXY
        )
        if status == 200:
            latencies.append((time.perf_counter() - started) * 1000)

    return latencies, run_clients(one, range(2 * ATTEMPTS))


def database_counts() -> dict:
    from django.db.models import Count, Q, Sum
    from django_tasks_db.models import DBTaskResult

    from events.models import EventPage, Session
    from events.registrations.choices import RegistrationStatus
    from events.registrations.models import Registration
    from events.registrations.tasks import registration_email_task
    from outbox.models import OutgoingEmail

    confirmed = RegistrationStatus.CONFIRMED
    event = EventPage.objects.get()
    by_status = dict(
        Registration.objects.values_list("status").annotate(count=Count("pk"))
    )
    sessions = Session.objects.filter(page=event).annotate(
        confirmed=Sum(
            "registration_links__registration__seats",
            filter=Q(registration_links__registration__status=confirmed),
            default=0,
        )
    )
    confirmed_seats = Registration.objects.filter(status=confirmed).aggregate(
        seats=Sum("seats", default=0)
    )["seats"]
    rows = [(s.title, s.confirmed, s.capacity) for s in sessions.order_by("pk")]
    overbooked = max(0, confirmed_seats - event.capacity) + sum(
        max(0, seats - capacity) for _title, seats, capacity in rows
    )
    return {
        "confirmed": by_status.get(confirmed, 0),
        "waitlisted": by_status.get(RegistrationStatus.WAITLISTED, 0),
        "sessions": rows,
        "overbooked": overbooked,
        # Rendered and recorded by tasks that no worker runs here.
        "emails": DBTaskResult.objects.filter(
            task_path=registration_email_task.module_path, status="READY"
        ).count(),
        "emails_not_queued": OutgoingEmail.objects.count()
        + DBTaskResult.objects.exclude(status="READY").count(),
        "status_by_email": dict(Registration.objects.values_list("email", "status")),
    }


def percentiles(values: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def report(outcomes: list[dict], seconds: float, counts: dict) -> list[str]:
    """Print the figures; return the broken promises."""
    answers = Counter(outcome["answer"] for outcome in outcomes)
    registered = sum(
        n for answer, n in answers.items() if answer.endswith("registered")
    )
    print("\nanswers to the POSTs")
    for answer, count in sorted(answers.items()):
        print(f"  {answer:<28} {count:>6}")

    print("\nin the database")
    print(f"  {'confirmed':<28} {counts['confirmed']:>6}   capacity {CAPACITY}")
    print(f"  {'waitlisted':<28} {counts['waitlisted']:>6}")
    for title, confirmed, capacity in counts["sessions"]:
        print(f"  {'  ' + title:<28} {confirmed:>6}   capacity {capacity}")
    print(f"  {'overbooked seats':<28} {counts['overbooked']:>6}   must be 0")
    print(
        f"  {'email tasks queued':<28} {counts['emails']:>6}   registered: {registered}"
    )
    print(
        f"  {'emails built or sent':<28} {counts['emails_not_queued']:>6}   must be 0"
    )

    print(
        f"\n{'timing':<20} {'requests':>8} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8}"
    )
    from events.registrations.choices import RegistrationStatus

    post_p95 = None
    status_by_email = counts["status_by_email"]
    rows = (
        ("GET form", "get_ms", None),
        ("POST registration", "post_ms", None),
        # Taking a seat changes the seats the forms show (counted and
        # rendered again); joining the waiting list changes nothing cached.
        ("  took a seat", "post_ms", RegistrationStatus.CONFIRMED),
        ("  joined the list", "post_ms", RegistrationStatus.WAITLISTED),
    )
    for label, key, status in rows:
        values = [
            outcome[key]
            for outcome in outcomes
            if outcome[key] is not None
            and status in (None, status_by_email.get(outcome["email"]))
        ]
        if len(values) < 2:
            continue
        p50, p95, p99 = percentiles(values)
        if key == "post_ms" and status is None:
            post_p95 = p95
        print(
            f"{label:<20} {len(values):>8} {len(values) / seconds:>7.1f} {p50:>8.0f} "
            f"{p95:>8.0f} {p99:>8.0f}"
        )
    print(
        f"{ATTEMPTS} attempts in {seconds:.1f} s: {ATTEMPTS / seconds:.1f} attempts/s"
    )
    if post_p95 is not None:
        verdict = "met" if post_p95 < P95_TARGET_MS else "MISSED"
        print(f"target POST p95 < {P95_TARGET_MS} ms: {verdict}")
    if counts["emails"] != registered:
        print("warning: not one email queued per registration")

    failures = []
    if counts["overbooked"]:
        failures.append("overbooked")
    if any("server error" in answer for answer in answers):
        failures.append("server errors")
    if any(answer.startswith("no answer") for answer in answers):
        failures.append("requests without answer")
    if counts["emails_not_queued"]:
        failures.append("emails sent inside requests")
    return failures


def report_floor(latencies: list[float], seconds: float, *, rush_requests: float):
    """The floor, and the rush's requests per second as a share of it."""
    per_second = len(latencies) / seconds
    p50, p95, _p99 = percentiles(latencies)
    print(
        f"\nfloor {FLOOR_PATH} (a static page of {FORM_PAGE_BYTES / 1024:.0f} KiB "
        f"through the same middleware, the same {CLIENTS} clients): "
        f"{per_second:.0f} requests/s, p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    )
    print(
        f"the rush's requests (GET and POST): {rush_requests:.0f}/s, "
        f"{rush_requests / per_second:.2f} x the floor"
    )


def main() -> int:
    WORKDIR.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))  # the shared builders of tests/
    port = free_port()
    environment = server_environment(
        port, database=DATABASE, cache_url=CACHE_URL, workdir=WORKDIR
    ) | {
        # The production settings, plus the floor's URL.
        "DJANGO_SETTINGS_MODULE": "bench.floor_settings",
        "BENCH_FLOOR_BYTES": str(FORM_PAGE_BYTES),
    }
    os.environ.update(environment)
    print(f"database {DATABASE}: recreating, migrating, building the event")
    recreate_database(DATABASE)
    form_path = prepare()
    log_path = WORKDIR / "gunicorn.log"
    with open(log_path, "w") as log:
        server = start_server(port, environment, log)
        try:
            workers = len(worker_pids(server))
            print(
                f"gunicorn (production settings, {workers} workers) on port {port}: "
                f"{ATTEMPTS} attempts from {CLIENTS} clients on {form_path}"
            )
            for _warm_up in range(2 * workers):
                request(port, "GET", form_path, headers=BEHIND_TLS_PROXY)
            client_cpu = cpu_seconds(resource.RUSAGE_SELF)
            outcomes, seconds = rush(port, form_path)
            client_cpu = cpu_seconds(resource.RUSAGE_SELF) - client_cpu
            floor_latencies, floor_seconds = floor(port)
        finally:
            stop_server(server)
    server_cpu = cpu_seconds(resource.RUSAGE_CHILDREN)
    print(
        f"CPU seconds: clients {client_cpu:.1f}, gunicorn {server_cpu:.1f} (its "
        f"start and warm-up included), in {seconds:.1f} s on {os.cpu_count()} cores"
    )
    failures = report(outcomes, seconds, database_counts())
    report_floor(floor_latencies, floor_seconds, rush_requests=2 * ATTEMPTS / seconds)
    if failures:
        print(f"FAILED: {', '.join(failures)} (server log: {log_path})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
