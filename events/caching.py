"""One number that changes whenever any public event's content may have changed.

Feeds (and listings) put it in their cache keys: bumping it retires every
cached rendering at once, without knowing their keys. It is a time in
nanoseconds, so it also says when events last changed (HTTP Last-Modified).

It lives in Django's cache: shared by every process with Redis, per process
with the local-memory cache (where cache keys must also hold a fingerprint read
from the database, as the feeds' do, to see changes made by other processes).
"""

import time
from datetime import UTC, datetime

from django.core.cache import cache

from home.page_cache import now_and_at_commit

VERSION_KEY = "events:version"


def events_cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def events_cache_version_time() -> datetime:
    return datetime.fromtimestamp(events_cache_version() / 1e9, UTC)


def bump_events_cache_version() -> None:
    """Now, and once more when the transaction commits."""
    now_and_at_commit(_bump)


def _bump() -> None:
    previous = cache.get(VERSION_KEY, 0)
    cache.set(VERSION_KEY, max(time.time_ns(), previous + 1), timeout=None)
