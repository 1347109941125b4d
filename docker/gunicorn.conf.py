"""Gunicorn settings for the container, read from the environment.

PORT                 port to listen on (0.0.0.0), default 8000
WEB_CONCURRENCY      worker processes, default 2 * CPU cores + 1, at most 4
GUNICORN_THREADS     threads per worker, default 1
GUNICORN_TIMEOUT     seconds before a silent worker is restarted, default 30
FORWARDED_ALLOW_IPS  proxies trusted for X-Forwarded-* headers (comma separated,
                     or * when only the proxy can reach gunicorn), default
                     127.0.0.1,::1
"""

import multiprocessing
import os


def _int_from_env(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = f"0.0.0.0:{_int_from_env('PORT', 8000)}"
workers = _int_from_env("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 4))
threads = _int_from_env("GUNICORN_THREADS", 1)
timeout = _int_from_env("GUNICORN_TIMEOUT", 30)
graceful_timeout = timeout
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to the container's output.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Workers write temporary files in memory rather than on the container's disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
