"""Full responses of public pages, cached for anonymous visitors.

Design (README, "Speed and scale"):

- What is stored: the response of a Wagtail page served to an anonymous
  visitor (``home.http_caching`` marks it), status 200, with no cookie set and
  no CSRF token used while rendering. Public pages carry no per-visitor data:
  their one POST form, the news subscription, is token-free by design
  (``news.subscriptions.views``), and the registration form is a page of its
  own, never stored here. So one rendering suits every anonymous visitor, and
  a CDN in front may keep it too.
- Who is served from it: GET and HEAD requests without a session cookie
  (signed-in people, editors, previews and anyone with a message waiting
  have one), under the site and URL they asked for, less the tracking
  parameters of newsletters and social networks (``TRACKING_PARAMETERS``).
- Until when: ``PAGE_CACHE_SECONDS`` at most, and no longer than
  - the content *generation*, bumped when a page is published, unpublished,
    moved or deleted, or a snippet or setting changes (``home.signals``);
  - the *tags* the rendering depended on: a page showing seats left depends
    on ``event:<id>``, bumped at the commit of every registration of that
    event but those that only join its waiting list; a listing filtered on
    seats left on ``seats``; the results page on ``figures``. A tag's
    version is read before the data it guards, so a rendering that raced a
    registration is stored under the old version and never served;
  - ``valid_until``: the next moment a page changes by itself (registration
    opens or closes, the event starts).
"""

import hashlib
import math
import re
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

GENERATION_KEY = "pagecache:generation"
TAG_KEY = "pagecache:tag:{}"
HEADER = "X-Page-Cache"
# Headers that belong to one response, never replayed.
_NOT_STORED = {"set-cookie", HEADER.lower()}
# Added to links by newsletters, social networks and ads, often one value per
# recipient or click (mc_eid, fbclid): read by analytics in the browser, never
# by a page. Dropped before an anonymous page is looked up or rendered, so
# that a newsletter's readers share one stored page.
TRACKING_PARAMETERS = re.compile(
    r"utm_\w+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|yclid|twclid|igshid"
    r"|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|li_fat_id"
)


@dataclass
class Dependencies:
    """What the rendering in progress depends on: tag → version read."""

    tags: dict[str, str] = field(default_factory=dict)
    valid_until: float | None = None


_rendering: ContextVar[Dependencies | None] = ContextVar("page_cache", default=None)
_generation_read: ContextVar[list | None] = ContextVar("generation", default=None)


def depends_on(*tags: str, valid_until: datetime | None = None) -> None:
    """Record that the page being rendered shows what ``tags`` guard (call it
    before reading that data), and changes by itself at ``valid_until``."""
    dependencies = _rendering.get()
    if dependencies is None:
        return
    for tag in tags:
        if tag not in dependencies.tags:
            dependencies.tags[tag] = tag_version(tag)
    if valid_until is not None:
        moment = valid_until.timestamp()
        current = dependencies.valid_until
        dependencies.valid_until = moment if current is None else min(current, moment)


@contextmanager
def recording_dependencies():
    """Record, on their own, what the code inside depends on (a fragment of
    a page being recorded), then add it to what the page depends on."""
    recorded = Dependencies()
    token = _rendering.set(recorded)
    try:
        yield recorded
    finally:
        _rendering.reset(token)
        add_dependencies(recorded)


def recorded_so_far() -> Dependencies | None:
    """What the page being rendered depends on so far (None when it is not
    recorded)."""
    return _rendering.get()


def add_dependencies(dependencies: Dependencies) -> None:
    """Add ``dependencies`` (with the versions they were read at) to what the
    page being rendered depends on."""
    page = _rendering.get()
    if page is None:
        return
    for tag, version in dependencies.tags.items():
        page.tags.setdefault(tag, version)
    if dependencies.valid_until is not None:
        page.valid_until = min(page.valid_until or math.inf, dependencies.valid_until)


def depend_on_version(tag: str, *, valid_until: datetime | None = None) -> str:
    """``depends_on(tag, valid_until=…)`` for code that keys its own cache on
    the tag's version: the version, read once for both."""
    version = tag_version(tag)
    moment = valid_until.timestamp() if valid_until is not None else None
    add_dependencies(Dependencies({tag: version}, moment))
    return version


def still_valid(dependencies: Dependencies) -> bool:
    """Whether what was rendered with ``dependencies`` is still right."""
    if dependencies.valid_until is not None and dependencies.valid_until <= time.time():
        return False
    if not dependencies.tags:
        return True
    keys = {TAG_KEY.format(tag): version for tag, version in dependencies.tags.items()}
    return cache.get_many(list(keys)) == keys


def shows_seats() -> bool:
    """Whether the page being rendered depends on seats left (its HTTP cache
    headers then ask browsers and proxies to revalidate every time)."""
    dependencies = _rendering.get()
    return bool(dependencies) and any(
        tag == "seats" or tag.startswith("event:") for tag in dependencies.tags
    )


def now_and_at_commit(action) -> None:
    """Run ``action`` (which retires something cached) now and again when the
    transaction commits: a request that read the database before the commit
    cannot leave what it cached in place."""
    action()
    transaction.on_commit(action)


def bump(*tags: str) -> None:
    """Retire every rendering that depends on ``tags``, now and at the commit."""
    now_and_at_commit(_retiring(tags))


def bump_at_commit(*tags: str) -> None:
    """``bump`` when the transaction commits only: for writes made while other
    writers wait on a lock (a registration), which a round trip to the cache
    would hold longer. Nothing read before the commit can show the write, and
    whatever was cached meanwhile is retired at the commit."""
    transaction.on_commit(_retiring(tags))


def _retiring(tags):
    """What retires the renderings that depend on ``tags``: new versions."""
    keys = [TAG_KEY.format(tag) for tag in tags]
    return lambda: cache.set_many(dict.fromkeys(keys, _new_version()), None)


def bump_generation() -> None:
    """Retire every stored page, now and at the commit."""
    now_and_at_commit(lambda: cache.set(GENERATION_KEY, _new_version(), None))


def mark_storable(request) -> None:
    """Called for a public page served to an anonymous visitor."""
    request._page_cache_storable = True


def _new_version() -> str:
    return uuid.uuid4().hex


def _version(key: str) -> str:
    """The current version under ``key``, one made up if there is none yet."""
    version = cache.get(key)
    if version is None:
        cache.add(key, _new_version(), None)
        version = cache.get(key)
    return version


def tag_version(tag: str) -> str:
    """The current version of ``tag`` (see ``bump``)."""
    return _version(TAG_KEY.format(tag))


def content_generation() -> str:
    """The current content generation (see ``bump_generation``), read once
    within ``generation_read_once``."""
    read = _generation_read.get()
    if read is None:
        return _version(GENERATION_KEY)
    if not read:
        read.append(_version(GENERATION_KEY))
    return read[0]


@contextmanager
def generation_read_once():
    """Within it (a request), the content generation is read from the cache
    once: the full-page cache and the content cache key on the same."""
    token = _generation_read.set([])
    try:
        yield
    finally:
        _generation_read.reset(token)


def _eligible(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PATHS)
    )


def _drop_tracking_parameters(request) -> None:
    names = [name for name in request.GET if TRACKING_PARAMETERS.fullmatch(name)]
    if not names:
        return
    query = request.GET.copy()
    for name in names:
        del query[name]
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def _key(request, generation: str) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"pagecache:page:{generation}:{digest}"


def _storable(request, response) -> bool:
    return (
        getattr(request, "_page_cache_storable", False)
        and request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
    )


def _fresh(entry: dict) -> bool:
    return still_valid(Dependencies(entry["tags"], entry["until"]))


class PageCacheMiddleware:
    """Serve and store full pages for anonymous visitors (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        _drop_tracking_parameters(request)
        generation = content_generation()
        key = _key(request, generation)
        entry = cache.get(key)
        if entry is not None and _fresh(entry):
            return self._replay(request, entry)
        dependencies = Dependencies()
        token = _rendering.set(dependencies)
        try:
            response = self.get_response(request)
        finally:
            _rendering.reset(token)
        if _storable(request, response):
            self._store(key, response, dependencies)
            response[HEADER] = "miss"
        return response

    def _store(self, key: str, response, dependencies: Dependencies) -> None:
        now = time.time()
        until = now + settings.PAGE_CACHE_SECONDS
        if dependencies.valid_until is not None:
            until = min(until, dependencies.valid_until)
        if until <= now:
            return
        entry = {
            "status": response.status_code,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _NOT_STORED
            ],
            "content": response.content,
            "tags": dependencies.tags,
            "until": until,
        }
        cache.set(key, entry, int(until - now) + 1)

    def _replay(self, request, entry: dict):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            response=response,
        )
        conditional[HEADER] = "hit"
        return conditional
