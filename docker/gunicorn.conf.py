"""Gunicorn settings for the container, read from the environment.

PORT                 port to listen on (0.0.0.0), default 8000
WEB_CONCURRENCY      worker processes, default 2 * CPU cores + 1, at most 4
GUNICORN_THREADS     threads per worker, default 1
GUNICORN_TIMEOUT     seconds before a silent worker is restarted, default 30
FORWARDED_ALLOW_IPS  proxies trusted for X-Forwarded-* headers (comma separated,
                     or * when only the proxy can reach gunicorn), default
                     127.0.0.1,::1
GUNICORN_LOG_LEVEL   gunicorn's own log level, default info
LOG_FORMAT           json (default): gunicorn's error and access logs as one JSON
                     object per line on standard output, like the portal's
                     (portal.logging.JsonFormatter); text: gunicorn's own lines

On SIGTERM (`docker stop`), gunicorn stops accepting connections and gives the
requests in progress up to `graceful_timeout` seconds to finish.

Memory (issue #9, measured by bench/pages.py): the master loads the
application, its URLconf and its template libraries once, then forks the
workers, which share those pages copy-on-write and map only the parts of the
libraries they use; a worker is replaced after about 100,000 requests. Both
can be changed through gunicorn's GUNICORN_CMD_ARGS (`--max-requests 0`).
"""

import gc
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

# Loaded once in the master (see when_ready), shared by the workers it forks.
preload_app = True
# A guard against a slow growth of a worker's memory (none was measured: it
# levels off after its first requests): a worker is replaced, by a fork of the
# master, after max_requests plus up to max_requests_jitter requests (the
# jitter keeps the workers from restarting together).
max_requests = 100_000
max_requests_jitter = 10_000

# Logs go to the container's output.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

if os.environ.get("LOG_FORMAT", "json").strip().lower() != "text":
    # One JSON object per line on standard output, for the access log (method,
    # path, status, duration) as for gunicorn's own messages.
    logconfig_dict = {
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["console"],
                "propagate": False,
            },
            "gunicorn.access": {
                "level": "INFO",
                "handlers": ["console"],
                "propagate": False,
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "formatters": {"json": {"()": "portal.logging.JsonFormatter"}},
    }

# Workers write temporary files in memory rather than on the container's disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def when_ready(server):
    """In the master, once the application is loaded and before the first
    fork: load what every worker would load at its first requests (the
    URLconf and its compiled patterns, the templates, ...: see
    portal.warm_up), opening no connection, then move it all out of the
    garbage collector's reach, so that a worker's collections do not copy
    the shared pages."""
    if not server.cfg.preload_app:
        return
    from portal.warm_up import warm_up

    warm_up()
    gc.collect()
    gc.freeze()
