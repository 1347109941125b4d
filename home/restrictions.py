"""Which pages are outside every private section, without reading the view
restrictions again and again.

Wagtail's ``PageQuerySet.public()`` reads every view restriction each time it
is called, several times per page rendered, and serving a page reads its
ancestors' restrictions again. Here both use the paths of the restricted
sections, kept until the content changes (``home.content_cache``; a view
restriction is content).
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction

from home.content_cache import remember


def private_section_paths() -> list[str]:
    return remember("private-section-paths", _read_private_section_paths)


def _read_private_section_paths() -> list[str]:
    return sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))


def in_private_section(page) -> bool:
    """Whether a view restriction applies to ``page`` (an alias follows its
    original's restrictions: assumed to, without reading them)."""
    return page.alias_of_id is not None or any(
        page.path.startswith(path) for path in private_section_paths()
    )


def public(pages):
    """``pages`` without those in a private section, as Wagtail's ``public()``."""
    private = Q()
    for path in private_section_paths():
        private |= Q(path__startswith=path)
    return pages.exclude(private) if private else pages
