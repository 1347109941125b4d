"""The health endpoint for load balancers and container health checks: /sante/.

It answers 200 with `{"status": "ok", "checks": {"database": "ok", "cache": "ok"}}`
when this process reaches both the database and the cache, and 503 naming the
check that failed otherwise. The reason is logged, never returned. Nothing is
cached, no session or CSRF cookie is set, and no model or page is loaded.

Probes must send a Host header that ALLOWED_HOSTS accepts (the site's own name);
production settings exempt the path from the HTTPS redirect, so that a probe can
reach a container over plain HTTP.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# A statement that takes longer than this on PostgreSQL counts as a failure.
DATABASE_TIMEOUT_MS = 2000
CACHE_KEY_TIMEOUT = 10


def check_database() -> None:
    """Run a trivial query; raise if the database does not answer."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        with transaction.atomic(using=DEFAULT_DB_ALIAS), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {DATABASE_TIMEOUT_MS}")
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    """Write a unique key, read it back and delete it; raise if that fails."""
    cache = caches["default"]
    key = f"health-check:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=CACHE_KEY_TIMEOUT)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just written")
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


@csrf_exempt
@never_cache
@require_safe
def health(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check failed: %s", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
