"""What every page reads about the site itself (the site for a host, its
settings, menu and section pages), kept in the cache until the content
changes, and read from the cache at most once per request.

An entry is stored under the content *generation* (``home.page_cache``),
which publishing, unpublishing, moving or deleting a page and saving a
snippet or a setting replace (``home.signals``): a new generation makes every
entry unreachable at once. The generation is read before the data, so a value
computed while an editor publishes is stored under the old generation and
never served after it. Only what depends on the content alone belongs here:
nothing that changes with time, seats or the visitor.

Entries live ``CONTENT_CACHE_SECONDS`` at most: hours in Redis, which every
process shares, but seconds in a local-memory cache, where a change made in
one process cannot retire what another keeps.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.template.loader import render_to_string
from wagtail.models import Site

from home import process_copies
from home.page_cache import content_generation, generation_read_once

_MISSING = object()

_request_values: ContextVar[dict | None] = ContextVar("content_cache", default=None)


def remember(name: str, compute, *, worth_keeping=None):
    """The value cached under ``name`` for the current content, else
    ``compute()``, stored (unless ``worth_keeping(value)`` says no). Within a
    request, the cache is read once per name."""
    values = _request_values.get()
    if values is not None and name in values:
        return values[name]
    key = content_key(name)
    value = read(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if worth_keeping is None or worth_keeping(value):
            keep(key, value, settings.CONTENT_CACHE_SECONDS)
    if values is not None:
        values[name] = value
    return value


def content_key(name: str) -> str:
    """The cache key of ``name`` for the current content."""
    return f"content:{content_generation()}:{name}"


def lifetime_until(moment: float | None) -> int:
    """Seconds an entry may live: ``CONTENT_CACHE_SECONDS``, and no later than
    ``moment`` (a timestamp) when what it holds changes by itself then."""
    if moment is None:
        return settings.CONTENT_CACHE_SECONDS
    return min(settings.CONTENT_CACHE_SECONDS, int(moment - time.time()))


def remember_many(names: dict, compute) -> dict:
    """For ``names`` (item → name), each item's value cached under its name
    for the current content; ``compute(missing items)`` gives the others
    (item → value), stored. One read of the cache for them all."""
    keys = {item: content_key(name) for item, name in names.items()}
    found = _read_many(list(keys.values()))
    values = {item: found[key] for item, key in keys.items() if key in found}
    missing = [item for item in names if item not in values]
    if missing:
        computed = compute(missing)
        _keep_many(
            {keys[item]: computed[item] for item in computed},
            settings.CONTENT_CACHE_SECONDS,
        )
        values.update(computed)
    return values


def read(key: str, default=None):
    """The entry under ``key`` (a ``content_key``): this process's copy, else
    the shared cache's."""
    return _read_many([key]).get(key, default)


def keep(key: str, value, lifetime: int) -> None:
    """Store ``value`` under ``key`` (a ``content_key``) for ``lifetime``
    seconds, in the shared cache and in this process."""
    _keep_many({key: value}, lifetime)


def _read_many(keys: list[str]) -> dict:
    found = process_copies.read_many(keys)
    if missing := [key for key in keys if key not in found]:
        shared = cache.get_many(missing)
        process_copies.keep_many(shared, settings.CONTENT_CACHE_SECONDS)
        found.update(shared)
    return found


def _keep_many(values: dict, lifetime: int) -> None:
    cache.set_many(values, lifetime)
    process_copies.keep_many(values, lifetime)


def render_once_per_site(request, name: str, template_name: str, context=None):
    """``template_name`` rendered for the request's site, kept until the
    content changes: for a fragment that is the same on every page and for
    every visitor."""
    site = Site.find_for_request(request)
    return remember(
        f"{name}:{site.pk if site else 0}",
        lambda: render_to_string(template_name, context, request=request),
    )


class RequestScopeMiddleware:
    """Keeps what ``remember`` read, and the content generation, for the
    length of one request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_values.set({})
        try:
            with generation_read_once():
                return self.get_response(request)
        finally:
            _request_values.reset(token)


class CachedSiteMiddleware:
    """Finds the Wagtail site of the request's host in the cache (with its
    root page, specific) and leaves it where ``Site.find_for_request`` looks
    first, instead of a query on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(settings.SITE_CACHE_EXCLUDED_PATHS):
            return self.get_response(request)  # not in the public layout
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400 further on
        request._wagtail_site = remember(
            f"site:{host}", lambda: _site_with_specific_root(request)
        )
        return self.get_response(request)


def _site_with_specific_root(request) -> Site | None:
    site = Site._find_for_request(request)
    if site is not None:
        root = site.root_page.specific  # loaded now, kept with the site
        getattr(root, "call_to_action_page", None)  # the home page's link too
    return site
