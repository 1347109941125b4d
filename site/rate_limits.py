"""Rate limits of public forms, counted in the cache (shared by every worker
in production, where the cache is Redis).

A fixed window per (action, key): cheap, and good enough to stop a script
from hammering a form; a person never gets near the limits.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address, trusting only the configured proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def hit(action: str, key: str) -> bool:
    """Count one attempt; False when the limit of ``action`` (settings.
    RATE_LIMITS) is already reached for ``key`` in the current window."""
    limit, window = settings.RATE_LIMITS[action]
    # Hashed: no email address or IP is written to the cache in clear.
    digest = hashlib.sha256(f"{action}:{key}".encode()).hexdigest()
    cache_key = f"rate-limit:{action}:{digest}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window)
        return True
    return count <= limit
