"""The production setup the gunicorn benchmarks share (registration_rush.py,
pages.py): a recreated PostgreSQL database, the production settings' environment,
gunicorn with docker/gunicorn.conf.py on a free loopback port, and what its
workers use (memory, CPU).

The server is reached over plain HTTP on the loopback as if a TLS proxy stood
in front: every request carries the proxy's X-Forwarded-Proto (see
BEHIND_TLS_PROXY), or SECURE_SSL_REDIRECT would answer with redirects.
"""

import http.client
import os
import resource
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"
)
# What the TLS proxy in front of gunicorn tells Django about every request.
BEHIND_TLS_PROXY = {"X-Forwarded-Proto": "https"}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def recreate_database(name: str) -> None:
    """Drop and create ``name`` on the server of BENCH_POSTGRES_URL."""
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def server_environment(
    port: int, *, database: str, cache_url: str, workdir: Path
) -> dict[str, str]:
    """Production settings on database ``database`` (on BENCH_POSTGRES_URL's
    server), Redis ``cache_url`` as cache, files under ``workdir``; served
    over plain HTTP on the loopback as if a TLS proxy stood in front."""
    return {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": f"{POSTGRES_URL}/{database}",
        "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
        "CACHE_URL": cache_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": f"https://127.0.0.1:{port}",
        # Never reached: no task worker runs, so no email leaves.
        "EMAIL_PROVIDER": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "9",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "VAR_DIR": str(workdir),
        "LOG_LEVEL": "WARNING",
    }


def migrate_and_collect_static() -> None:
    """In the benchmark's own process, after ``django.setup()``: the schema,
    and the static files with the manifest the production storage needs."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    port: int,
    environment: dict,
    log,
    *,
    ready_path: str = "/",
    app: str = "portal.wsgi",
) -> subprocess.Popen:
    """gunicorn with docker/gunicorn.conf.py, from the repository's root (so
    that ``bench.*`` modules import too), once it answers 200 on
    ``ready_path``; exits the benchmark if it does not within 60 s."""
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "-c", "docker/gunicorn.conf.py"),
            *("--bind", f"127.0.0.1:{port}", app),
        ],
        cwd=ROOT,
        env=os.environ | environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start; see {log.name}")
        try:
            status, _, _ = request(port, "GET", ready_path, headers=BEHIND_TLS_PROXY)
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    sys.exit(f"gunicorn did not answer in 60 s; see {log.name}")


def all_workers(server: subprocess.Popen, count: int) -> list[int]:
    """The pids of the ``count`` workers, once gunicorn has forked them all
    (the first may answer before the last is forked); exits the benchmark
    if they are not there within 30 s."""
    deadline = time.monotonic() + 30
    while len(workers := worker_pids(server)) < count:
        if time.monotonic() > deadline:
            server.terminate()
            sys.exit(f"gunicorn started {len(workers)} workers of {count}")
        time.sleep(0.1)
    return workers


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def request(port, method, path, *, body=None, headers=None):
    """One request on a connection of its own: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def worker_pids(server: subprocess.Popen) -> list[int]:
    """The gunicorn workers: the master's children."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def memory_kib(pid: int) -> dict[str, int]:
    """Memory of ``pid`` in KiB: VmRSS (resident now), VmHWM (resident at
    most) and, where the kernel tells, Pss (resident, with each page shared
    with other processes counted as a share) and Uss (resident and not
    shared: what ending the process would free)."""
    figures = {}
    sources = (
        ("status", ("VmRSS", "VmHWM")),
        ("smaps_rollup", ("Pss", "Private_Clean", "Private_Dirty")),
    )
    for source, names in sources:
        try:
            lines = Path(f"/proc/{pid}/{source}").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            name, _, value = line.partition(":")
            if name in names:
                figures[name] = int(value.split()[0])
    if "Private_Clean" in figures and "Private_Dirty" in figures:
        figures["Uss"] = figures.pop("Private_Clean") + figures.pop("Private_Dirty")
    return figures


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process (not its children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_seconds(who: int) -> float:
    """CPU time of this process (RUSAGE_SELF) or its ended children."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime
