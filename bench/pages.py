"""Throughput and latency of every public page type, uncached and cached,
against the production setup, each compared with a bare Django view.

Run with `.venv/bin/python bench/pages.py`. It recreates the PostgreSQL database
`portal_bench_pages` (on the server of BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432), migrates it, loads the demo content plus
BENCH_EVENTS extra events (default 200: themes, territory, venue, image; a third
with sessions, a quarter with registration) and BENCH_NEWS extra news items
(default 200: themes, image, half about an extra event), publishes the demo's
results page and renders each page once in-process (its size; the images'
renditions). It then serves it all with the production settings under
gunicorn (docker/gunicorn.conf.py, 2 sync workers), with Redis as cache
(BENCH_REDIS_URL, default redis://127.0.0.1:6379/6: a database of its own,
since it is flushed).

The server runs `bench.floor_settings`: the production settings, whose URLs add
`/__floor__/` (bench/floor_urls.py), a view returning a static HTML page as
heavy as the median page type (or BENCH_FLOOR_BYTES) through the same
middleware. That is the floor: the least Django does for a page on this
machine. A page served from the full-page cache may beat it, since that cache
answers before the session, CSRF, authentication and CSP middleware run.

In every round (BENCH_ROUNDS, default 3), each page type is measured thrice:

1. uncached: Redis's cache database flushed (the full-page cache and every
   other application cache: fragments, versions, renditions), then the page
   requested with a query parameter `_bench=<n>` unique to each request, so
   that no full-page entry is ever reused (the site ignores the parameter).
   The other application caches start empty and fill during the run, as
   after a publication that retires them;
2. the floor;
3. cached: the plain URL requested a few times to warm every cache, then
   measured repeatedly.

A page's ratio to the floor is its requests per second divided by those of
the floor run between its two runs, in the same round: the machine's state
(other processes, CPU frequency) weighs on both alike. The table gives, per
page type, the median over the rounds of requests per second and ratio, and
p50 and p99 of the latencies of all rounds together.

Load: BENCH_CONNECTIONS connections (default 16) for BENCH_SECONDS seconds per
run (default 1.5), each sending a request as soon as the previous answer is
read (the latency includes the wait in gunicorn's accept queue). Connections
are kept alive when the server allows it; gunicorn's sync workers close them
after each answer, so each request opens a new TCP connection on the loopback.
The generator is Python threads in this process, on the same 2 cores as
gunicorn, PostgreSQL and Redis: it weighs most on the floor, whose requests are
the cheapest, so the ratios are if anything flattering; its CPU time is
printed. An error is an answer other than 200 or a request without answer. The
X-Page-Cache values the server sent (the full-page cache's hit or miss) are
shown per page and mode.

It also prints the workers' memory: resident (RSS) once started, after the
runs and at most, PSS and USS (resident and not shared with another process);
and the master's, which holds what the workers share (it loads the application
before forking them: docker/gunicorn.conf.py). Targets on the development
machine (2 cores), checked at the end (exit status 1 if one is missed):
cached pages at least 0.3 x the floor; uncached pages at least 0.05 x the
floor with p99 under 150 ms at 16 connections; worker RSS under 150 MB after
the runs; no error.
"""

import io
import itertools
import os
import random
import resource
import shutil
import socket
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from server import (
    ROOT,
    all_workers,
    cpu_seconds,
    free_port,
    memory_kib,
    migrate_and_collect_static,
    process_cpu_seconds,
    recreate_database,
    request,
    server_environment,
    start_server,
    stop_server,
    worker_pids,
)

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "1.5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
EXTRA_EVENTS = int(os.environ.get("BENCH_EVENTS", "200"))
EXTRA_NEWS = int(os.environ.get("BENCH_NEWS", "200"))
CACHE_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
DATABASE = "portal_bench_pages"
WORKDIR = ROOT / "var" / "bench-pages"
WORKERS = 2
FLOOR_PATH = "/__floor__/"
WARM_UP_SECONDS = 0.5

CACHED_RATIO_TARGET = 0.3
UNCACHED_RATIO_TARGET = 0.05
UNCACHED_P99_TARGET_MS = 150
RSS_TARGET_MB = 150

# A browser's request as the TLS proxy in front of gunicorn passes it on. The
# Host is the one http.client sends (server.request warms the caches with it):
# the full-page cache keys on it.
REQUEST_HEADERS = (
    "Host: 127.0.0.1:{port}\r\n"
    "X-Forwarded-Proto: https\r\n"
    "X-Forwarded-For: 10.0.0.1\r\n"
    "User-Agent: bench-pages\r\n"
    "Accept: text/html\r\n"
    "Accept-Language: fr\r\n"
)


# ---------------------------------------------------------------- the content


def fill() -> None:
    """The demo, the extra events and news, the results page published."""
    from django.core.management import call_command
    from django.db import transaction

    from consultation.models import ResultsPage
    from events.models import EventIndexPage, EventKind, EventPage, Venue
    from home.models import Territory, Theme
    from news.models import NewsIndexPage
    from tests.events.factories import build_event
    from tests.news.factories import build_image, build_news

    call_command("load_initial_data", stdout=io.StringIO())
    ResultsPage.objects.get().get_latest_revision().publish()

    rng = random.Random(9)
    themes = list(Theme.objects.all())
    territories = list(Territory.objects.all())
    kinds = list(EventKind.objects.all())
    venues = list(Venue.objects.all())
    colours = ["#1d6b3a", "#8a4b08", "#6a3d9a", "#b0003a", "#005a8c", "#00666e"]
    events_index = EventIndexPage.objects.get()
    news_index = NewsIndexPage.objects.get()
    events = []
    with transaction.atomic():
        for number in range(EXTRA_EVENTS):
            registration = number % 4 == 0
            events.append(
                build_event(
                    events_index,
                    title=f"Rencontre de l’ESS n° {number + 1}",
                    days=rng.randint(-120, 240),
                    sessions=rng.randint(2, 4) if number % 3 == 0 else 0,
                    themes=rng.sample(themes, rng.randint(1, 3)),
                    kind=rng.choice(kinds),
                    territory=rng.choice(territories),
                    venue=rng.choice(venues) if venues else None,
                    image=build_image(
                        f"Événement {number + 1}",
                        size=(640, 360),
                        colour=rng.choice(colours),
                    ),
                    description="<p>Un temps d’échange entre acteurs de l’ESS.</p>",
                    registration_required=registration,
                    capacity=60 if registration else None,
                )
            )
        for number in range(EXTRA_NEWS):
            build_news(
                news_index,
                title=f"Des nouvelles de la concertation n° {number + 1}",
                slug=f"nouvelles-de-la-concertation-{number + 1}",
                days_ago=rng.randint(1, 400),
                themes=rng.sample(themes, rng.randint(1, 2)),
                related_events=[rng.choice(events)] if number % 2 and events else (),
                image=build_image(  # small: pages show renditions, made once
                    f"Actualité {number + 1}",
                    size=(640, 360),
                    colour=rng.choice(colours),
                ),
            )
    print(
        f"  {EventPage.objects.live().count()} events, "
        f"{news_index.get_children().live().count()} news items",
        file=sys.stderr,
    )


def page_paths() -> dict[str, str]:
    """Every public page type: its label and the path measured."""
    from django.db.models import Count, Q
    from django.db.models.functions import Now

    from consultation.models import ResultsPage
    from events.models import EventPage
    from home.models import Territory, Theme
    from news.models import NewsPage

    live = Q(events__live=True)
    theme = Theme.objects.annotate(n=Count("events", filter=live)).latest("n")
    territory = Territory.objects.annotate(n=Count("events", filter=live)).latest("n")
    # The busiest event page: upcoming, registration open (seats left per
    # session), the most sessions; the demo's news item about its launch day.
    event = (
        EventPage.objects.live()
        .filter(audience="public", registration_required=True, starts_at__gt=Now())
        .annotate(n=Count("sessions"))
        .order_by("-n", "starts_at")
        .first()
    ) or EventPage.objects.live().order_by("pk").first()
    news = (
        NewsPage.objects.live()
        .filter(slug="retour-sur-la-journee-de-lancement")
        .first()
        or NewsPage.objects.live().order_by("pk").first()
    )
    return {
        "home": "/",
        "events index": "/evenements/",
        "event": event.get_url(),
        "theme view": f"/evenements/thematique/{theme.slug}/",
        "territory view": f"/evenements/territoire/{territory.slug}/",
        "news index": "/actualites/",
        "news item": news.get_url(),
        "results": ResultsPage.objects.live().get().get_url(),
        "standard page": "/la-concertation/",
        "search": "/recherche/?q=concertation",
    }


def page_sizes(paths: dict[str, str]) -> dict[str, int]:
    """Each page rendered once in this process (which also makes the images'
    renditions): its size in bytes. Exits if one is not served."""
    from django.test import Client

    client = Client(headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
    sizes, failed = {}, []
    for label, path in paths.items():
        response = client.get(path)
        if response.status_code != 200:
            failed.append(f"{label} {path}: {response.status_code}")
        sizes[label] = len(response.content)
    if failed:
        sys.exit("pages not served: " + "; ".join(failed))
    return sizes


def prepare() -> tuple[dict[str, str], dict[str, int]]:
    """Migrate, collect the static files, fill; the paths and their sizes."""
    import django

    django.setup()
    from django.db import connections

    migrate_and_collect_static()
    fill()
    paths = page_paths()
    sizes = page_sizes(paths)
    connections.close_all()
    return paths, sizes


def flush_cache() -> None:
    import redis

    client = redis.Redis.from_url(CACHE_URL)
    try:
        client.flushdb()
    finally:
        client.close()


# ------------------------------------------------------------- load generator


@dataclass
class Run:
    """What one run of BENCH_SECONDS measured."""

    seconds: float
    answered: int = 0  # 200 answers completed within the run's time
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    page_cache: Counter = field(default_factory=Counter)
    sizes: list[int] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.answered / self.seconds

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def read_response(connection: socket.socket) -> tuple[int, dict, int, bool]:
    """(status, headers, body size, connection reusable) of one answer."""
    data = bytearray()
    while (end := data.find(b"\r\n\r\n")) < 0:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the headers")
        data += chunk
    lines = data[:end].decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    received = len(data) - end - 4
    reusable = headers.get("connection", "").lower() != "close"
    if "content-length" in headers:
        size = int(headers["content-length"])
        while received < size:
            chunk = connection.recv(min(size - received, 262144))
            if not chunk:
                raise ConnectionError("closed before the end of the body")
            received += len(chunk)
    else:  # delimited by the end of the connection
        while chunk := connection.recv(262144):
            received += len(chunk)
        size, reusable = received, False
    return status, headers, size, reusable


def load(port: int, next_path, seconds: float = SECONDS) -> Run:
    """CONNECTIONS clients requesting ``next_path()`` back to back for
    ``seconds``; the requests under way at the end are waited for, and
    their latencies kept, but not counted in the throughput."""
    run = Run(seconds=seconds)
    lock = threading.Lock()
    headers = REQUEST_HEADERS.format(port=port)
    start = time.perf_counter()
    deadline = start + seconds

    def client():
        connection = None
        latencies, errors, page_cache, sizes = [], Counter(), Counter(), []
        answered = 0
        while time.perf_counter() < deadline:
            message = f"GET {next_path()} HTTP/1.1\r\n{headers}\r\n".encode()
            started = time.perf_counter()
            for attempt in (1, 2):
                reused = connection is not None
                try:
                    if connection is None:
                        connection = socket.create_connection(
                            ("127.0.0.1", port), timeout=30
                        )
                        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    connection.sendall(message)
                    status, answer, size, reusable = read_response(connection)
                except (OSError, ValueError) as error:  # ValueError: not HTTP
                    if connection is not None:
                        connection.close()
                        connection = None
                    if reused and attempt == 1:
                        continue  # a kept-alive connection closed meanwhile
                    errors[f"no answer ({type(error).__name__})"] += 1
                    break
                ended = time.perf_counter()
                latencies.append((ended - started) * 1000)
                if status == 200:
                    answered += ended <= deadline
                    sizes.append(size)
                else:
                    errors[f"status {status}"] += 1
                if "x-page-cache" in answer:
                    page_cache[answer["x-page-cache"]] += 1
                if not reusable:
                    connection.close()
                    connection = None
                break
        if connection is not None:
            connection.close()
        with lock:
            run.answered += answered
            run.latencies_ms += latencies
            run.errors.update(errors)
            run.page_cache.update(page_cache)
            run.sizes += sizes[:5]

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return run


_numbers = itertools.count()


def unique(path: str):
    """``path`` with a `_bench` parameter of its own for each request (no two
    requests of the whole benchmark share one)."""
    separator = "&" if "?" in path else "?"
    return lambda: f"{path}{separator}_bench={next(_numbers)}"


def same(path: str):
    return lambda: path


# ------------------------------------------------------------------ the rounds


def check_pages(port: int, paths: dict[str, str]) -> None:
    """Every page answers 200 once the server is up (else nothing to measure)."""
    headers = {"X-Forwarded-Proto": "https"}
    failed = []
    for label, path in [*paths.items(), ("floor", FLOOR_PATH)]:
        status, _, _ = request(port, "GET", path, headers=headers)
        if status != 200:
            failed.append(f"{label} {path}: {status}")
    if failed:
        sys.exit("pages not served: " + "; ".join(failed))


def measure(port: int, paths: dict[str, str]) -> dict:
    """Every round, every page type: uncached, floor, cached."""
    results = {label: {"uncached": [], "floor": [], "cached": []} for label in paths}
    # Both workers import, compile and fill their own state; renditions made.
    for path in [*paths.values(), FLOOR_PATH]:
        load(port, same(path), WARM_UP_SECONDS)
    for number in range(1, ROUNDS + 1):
        started = time.perf_counter()
        for label, path in paths.items():
            flush_cache()
            results[label]["uncached"].append(load(port, unique(path)))
            results[label]["floor"].append(load(port, same(FLOOR_PATH)))
            for _warm_up in range(2 * WORKERS):
                request(port, "GET", path, headers={"X-Forwarded-Proto": "https"})
            results[label]["cached"].append(load(port, same(path)))
        print(
            f"  round {number}/{ROUNDS} in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
    return results


# ------------------------------------------------------------------ the report


def percentile(values: list[float], share: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


def page_cache_values(seen: Counter) -> str:
    """The X-Page-Cache values seen: the commonest with its share, then the
    others ("hit 98%+miss"); "-" when the header never came."""
    if not seen:
        return "-"
    (top, count), *others = seen.most_common()
    text = top if not others else f"{top} {100 * count // seen.total()}%"
    return "+".join([text, *(value for value, _count in others)])


def summary(runs: list[Run], floors: list[Run]) -> dict:
    latencies = [value for run in runs for value in run.latencies_ms]
    page_cache = Counter()
    for run in runs:
        page_cache.update(run.page_cache)
    return {
        "per_second": statistics.median(run.per_second for run in runs),
        "ratio": statistics.median(
            run.per_second / floor.per_second if floor.per_second else 0.0
            for run, floor in zip(runs, floors, strict=True)
        ),
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "errors": sum(run.error_count for run in runs),
        "error_kinds": sum((run.errors for run in runs), Counter()),
        "page_cache": page_cache_values(page_cache),
        "kib": statistics.median(size for run in runs for size in run.sizes) / 1024
        if any(run.sizes for run in runs)
        else 0.0,
    }


def report(
    paths: dict[str, str], results: dict, memory: dict[int, dict], master: dict
) -> list[str]:
    """Print the table, the floor and the memory; return the missed targets."""
    header = (
        f"{'page type':<15} {'KiB':>4} | {'uncached/s':>10} {'p50':>5} {'p99':>5} "
        f"{'ratio':>6} {'X-Page-Cache':>12} | {'cached/s':>8} {'p50':>5} {'p99':>5} "
        f"{'ratio':>6} {'X-Page-Cache':>12} | {'errors':>6}"
    )
    print(
        f"\n{CONNECTIONS} connections, {SECONDS:g} s a run, {ROUNDS} rounds; "
        "req/s and ratio: median of the rounds; p50, p99 (ms): all rounds"
    )
    print(header)
    print("-" * len(header))
    missed = []
    floor_runs = []
    for label in paths:
        runs = results[label]
        floor_runs += runs["floor"]
        uncached = summary(runs["uncached"], runs["floor"])
        cached = summary(runs["cached"], runs["floor"])
        errors = uncached["errors"] + cached["errors"]
        print(
            f"{label:<15} {cached['kib']:>4.0f} | "
            f"{uncached['per_second']:>10.1f} {uncached['p50']:>5.0f} "
            f"{uncached['p99']:>5.0f} {uncached['ratio']:>6.3f} "
            f"{uncached['page_cache']:>12} | "
            f"{cached['per_second']:>8.1f} {cached['p50']:>5.0f} "
            f"{cached['p99']:>5.0f} {cached['ratio']:>6.3f} "
            f"{cached['page_cache']:>12} | {errors:>6}"
        )
        if cached["ratio"] < CACHED_RATIO_TARGET:
            missed.append(("cached", f"{label}: cached {cached['ratio']:.3f} x"))
        if uncached["ratio"] < UNCACHED_RATIO_TARGET:
            missed.append(("uncached", f"{label}: uncached {uncached['ratio']:.3f} x"))
        if not uncached["p99"] < UNCACHED_P99_TARGET_MS:
            missed.append(("p99", f"{label}: uncached p99 {uncached['p99']:.0f} ms"))
        if errors:
            kinds = uncached["error_kinds"] + cached["error_kinds"]
            missed.append(("errors", f"{label}: {errors} errors {dict(kinds)}"))

    floor_latencies = [value for run in floor_runs for value in run.latencies_ms]
    floor_errors = sum(run.error_count for run in floor_runs)
    floor_sizes = [size for run in floor_runs for size in run.sizes]
    print(
        f"\nfloor {FLOOR_PATH} ({statistics.median(floor_sizes) / 1024:.0f} KiB, "
        f"{len(floor_runs)} runs): "
        f"{statistics.median(run.per_second for run in floor_runs):.1f} req/s "
        f"(runs from {min(run.per_second for run in floor_runs):.1f} to "
        f"{max(run.per_second for run in floor_runs):.1f}), "
        f"p50 {percentile(floor_latencies, 50):.0f} ms, "
        f"p99 {percentile(floor_latencies, 99):.0f} ms, {floor_errors} errors"
    )
    if floor_errors:
        missed.append(("errors", f"floor: {floor_errors} errors"))

    print("\ngunicorn workers' memory (resident, MB = 10^6 bytes)")
    for pid, figures in memory.items():
        start_mb = figures["start"].get("VmRSS", 0) * 1024 / 1e6
        rss_mb = figures["end"].get("VmRSS", 0) * 1024 / 1e6
        peak_mb = figures["end"].get("VmHWM", 0) * 1024 / 1e6
        pss_mb = figures["end"].get("Pss", 0) * 1024 / 1e6
        uss_mb = figures["end"].get("Uss", 0) * 1024 / 1e6
        print(
            f"  worker {pid}: RSS {start_mb:.0f} MB once started, {rss_mb:.0f} MB "
            f"after the runs, {peak_mb:.0f} MB at most; PSS {pss_mb:.0f} MB, "
            f"USS {uss_mb:.0f} MB"
        )
        if rss_mb >= RSS_TARGET_MB:
            missed.append(("rss", f"worker {pid}: RSS {rss_mb:.0f} MB"))
    # The master holds what it loaded before forking the workers (see
    # docker/gunicorn.conf.py): with them, it makes the server's whole memory.
    pss_kib = master.get("Pss", 0) + sum(
        figures["end"].get("Pss", 0) for figures in memory.values()
    )
    print(
        f"  master: RSS {master.get('VmRSS', 0) * 1024 / 1e6:.0f} MB, "
        f"PSS {master.get('Pss', 0) * 1024 / 1e6:.0f} MB; master and workers: "
        f"PSS {pss_kib * 1024 / 1e6:.0f} MB in all"
    )
    if len(memory) != WORKERS:
        missed.append(
            ("errors", f"{len(memory)} workers lived through the runs, not {WORKERS}")
        )

    targets = {
        "cached": f"cached pages >= {CACHED_RATIO_TARGET} x the floor",
        "uncached": f"uncached pages >= {UNCACHED_RATIO_TARGET} x the floor",
        "p99": f"uncached p99 < {UNCACHED_P99_TARGET_MS} ms",
        "rss": f"worker RSS < {RSS_TARGET_MB} MB",
        "errors": "no error",
    }
    print("\ntargets")
    for target, text in targets.items():
        misses = [miss for kind, miss in missed if kind == target]
        print(f"  {text:<36} {'MISSED: ' + '; '.join(misses) if misses else 'met'}")
    return [miss for _kind, miss in missed]


def main() -> int:
    shutil.rmtree(WORKDIR / "media", ignore_errors=True)
    WORKDIR.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))  # the shared builders of tests/, bench.*
    port = free_port()
    environment = server_environment(
        port, database=DATABASE, cache_url=CACHE_URL, workdir=WORKDIR
    ) | {
        "DJANGO_SETTINGS_MODULE": "bench.floor_settings",
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_THREADS": "1",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
        ),
    }
    os.environ.update(environment)
    began = time.perf_counter()
    print(
        f"database {DATABASE}: recreating, migrating, loading the demo, "
        f"{EXTRA_EVENTS} events and {EXTRA_NEWS} news items",
        file=sys.stderr,
    )
    recreate_database(DATABASE)
    paths, sizes = prepare()
    flush_cache()
    if "BENCH_FLOOR_BYTES" not in os.environ:
        # The floor's page weighs what the median page does.
        environment["BENCH_FLOOR_BYTES"] = str(int(statistics.median(sizes.values())))
    print(f"  ready in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    log_path = WORKDIR / "gunicorn.log"
    with open(log_path, "w") as log:
        server = start_server(port, environment, log, ready_path=FLOOR_PATH)
        try:
            workers = all_workers(server, WORKERS)
            print(
                f"gunicorn (production settings + floor, {len(workers)} sync "
                f"workers) on port {port}: {len(paths)} page types, {ROUNDS} "
                f"rounds of {3 * len(paths)} runs of {SECONDS:g} s",
                file=sys.stderr,
            )
            at_start = {pid: memory_kib(pid) for pid in workers}
            check_pages(port, paths)
            client_cpu = cpu_seconds(resource.RUSAGE_SELF)
            cpu_at_start = {pid: process_cpu_seconds(pid) for pid in workers}
            measured = time.perf_counter()
            results = measure(port, paths)
            measured = time.perf_counter() - measured
            client_cpu = cpu_seconds(resource.RUSAGE_SELF) - client_cpu
            # Workers restarted meanwhile (a timeout) are missing below.
            survivors = [pid for pid in worker_pids(server) if pid in at_start]
            worker_cpu = sum(
                process_cpu_seconds(pid) - cpu_at_start[pid] for pid in survivors
            )
            memory = {
                pid: {"start": at_start[pid], "end": memory_kib(pid)}
                for pid in survivors
            }
            master_memory = memory_kib(server.pid)
        finally:
            stop_server(server)
    print("\npaths measured")
    for label, path in paths.items():
        print(f"  {label:<15} {path}")
    missed = report(paths, results, memory, master_memory)
    available = measured * (os.cpu_count() or 1)
    print(
        f"\nCPU while measuring, {measured:.0f} s on {os.cpu_count()} cores: "
        f"gunicorn workers {worker_cpu:.0f} s ({worker_cpu / available:.0%}), "
        f"load generator {client_cpu:.0f} s ({client_cpu / available:.0%}); "
        f"the rest went to PostgreSQL, Redis, other processes or idled"
    )
    print(f"total {time.perf_counter() - began:.0f} s; server log {log_path}")
    if missed:
        print(f"FAILED: {len(missed)} targets missed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
