"""Cache headers of public pages.

Anonymous visitors all see the same page, so browsers and proxies may keep it
for a short while and then revalidate it with its ETag (ConditionalGetMiddleware
answers 304 when nothing changed), and the portal keeps it whole
(``home.page_cache``); a page showing seats left is revalidated every time.
Signed-in people may see more (internal events, the editor's bar), and a page
may carry a one-off message for its visitor ("your account has been
deleted"): those pages are private and always revalidated.
"""

from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
)

from home.page_cache import mark_storable, shows_seats

PUBLIC_MAX_AGE = 120  # seconds: a publication shows everywhere within two minutes


def _shows_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and storage.used)


def add_page_cache_headers(request, response):
    if getattr(response, "is_rendered", True):
        return _patch(request, response)
    # Whether a message shows is known once the template has rendered.
    response.add_post_render_callback(lambda rendered: _patch(request, rendered))
    return response


def _patch(request, response):
    if request.user.is_authenticated or _shows_messages(request):
        patch_cache_control(response, private=True, no_cache=True)
    elif shows_seats():
        # Seats left change with every registration: browsers and proxies
        # ask again each time (a 304 when nothing changed).
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        mark_storable(request)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        mark_storable(request)
    patch_vary_headers(response, ["Cookie"])
    return response


def private_response(response):
    """A personal page (a person's data, a CSRF token, a secret link): never
    stored by a browser or a proxy, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
