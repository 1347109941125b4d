"""Which pages are outside every private section, without reading the view
restrictions again and again.

Wagtail's ``PageQuerySet.public()`` reads every view restriction each time it
is called, several times per page rendered. ``public()`` here applies the
same rule from the paths of the restricted sections, kept in the cache until
a restriction changes (``home.signals``).
"""

from django.core.cache import cache
from django.db.models import Q
from wagtail.models import PageViewRestriction

from home.page_cache import now_and_at_commit

KEY = "pages:private-section-paths"


def private_section_paths() -> list[str]:
    paths = cache.get(KEY)
    if paths is None:
        paths = sorted(
            set(PageViewRestriction.objects.values_list("page__path", flat=True))
        )
        cache.set(KEY, paths, None)
    return paths


def public(pages):
    """``pages`` without those in a private section, as Wagtail's ``public()``."""
    private = Q()
    for path in private_section_paths():
        private |= Q(path__startswith=path)
    return pages.exclude(private) if private else pages


def forget_private_sections() -> None:
    now_and_at_commit(lambda: cache.delete(KEY))
