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
