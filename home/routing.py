"""Find the page a URL names in two queries, whatever its depth, and in
none once it is known (``HomePage.route``).

Wagtail walks down the tree one level at a time, with two queries per level
(the child, then its specific fields). Here the pages along the path are read
in one query, then the page reached in one more, with Wagtail's rules:
a routable page on the way (``RoutablePageMixin``) that has a route for the
rest of the path answers it, as it would in Wagtail's walk.

A path that leads to a page is then kept in the content cache
(``home.content_cache``) with its specific page: routing it again runs no
query until the content changes. Paths that lead nowhere are not kept, so
that scanners probing random URLs do not fill the cache.
"""

from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from home.content_cache import remember


def page_along(root: Page, path_components: list[str]):
    """The specific page under ``root`` that routes ``path_components``, and
    the components left for its own ``route``; None when the first is no
    child of ``root``."""
    found = remember(
        f"route:{root.pk}:{_as_path(path_components)}",
        lambda: _page_along(root, path_components),
        worth_keeping=_leads_to_a_page,
    )
    if found is None:
        return None
    page, remaining, _answered = found
    return page, remaining


def _page_along(root: Page, path_components: list[str]):
    """``page_along`` in two queries: (page, remaining components, whether
    they lead to a page), or None."""
    prefixes = [
        root.url_path + _as_path(path_components[:depth])
        for depth in range(1, len(path_components) + 1)
    ]
    along = {
        page.url_path: page
        for page in Page.objects.filter(
            url_path__in=prefixes, path__startswith=root.path, depth__gt=root.depth
        ).select_related("content_type")
    }
    target, consumed, answered = None, 0, False
    for depth, prefix in enumerate(prefixes, start=1):
        page = along.get(prefix)
        if page is None:
            break
        target, consumed = page, depth
        answered = _answers(page, path_components[depth:])
        if answered:
            break
    if target is None:
        return None
    remaining = path_components[consumed:]
    return target.specific, remaining, answered or (not remaining and target.live)


def _leads_to_a_page(found) -> bool:
    return found is not None and found[2]


def _answers(page: Page, remaining: list[str]) -> bool:
    """Whether ``page`` is a live routable page with a route for ``remaining``."""
    model = page.content_type.model_class()
    if not (model and issubclass(model, RoutablePageMixin) and page.live):
        return False
    try:
        model.get_resolver().resolve("/" + _as_path(remaining))
    except Resolver404:
        return False
    return True


def _as_path(components: list[str]) -> str:
    return "".join(f"{component}/" for component in components)
