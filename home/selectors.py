"""Reads for page templates, each in a fixed number of queries."""

import hashlib
import re
from dataclasses import dataclass, field

from wagtail.models import Page, Site

from home.content_cache import remember
from home.models.snippets import Organisation, Theme
from home.restrictions import public


@dataclass
class PageNode:
    page: Page
    children: list["PageNode"] = field(default_factory=list)


def page_tree(*, root: Page) -> list[PageNode]:
    """Live public pages under ``root``, nested, in one query."""
    pages = public(root.get_descendants().live()).order_by("path")
    nodes_by_path: dict[str, PageNode] = {}
    top_level: list[PageNode] = []
    for page in pages:
        node = PageNode(page=page)
        nodes_by_path[page.path] = node
        parent = nodes_by_path.get(page.path[: -Page.steplen])
        (parent.children if parent else top_level).append(node)
    return top_level


def menu_pages(*, root: Page):
    """The root's live, public children that editors put in menus."""
    return public(root.get_children().live()).in_menu()


def breadcrumb_pages(*, page: Page, site_root: Page):
    """Ancestors of ``page`` from the site root (excluded) down, in one query."""
    return (
        page.get_ancestors().filter(depth__gt=site_root.depth).live().order_by("depth")
    )


def home_page_sections(*, home_page: Page, user=None, request=None) -> dict:
    """Everything the home page lists besides its own fields. ``user`` decides
    whether internal events are listed (Region staff); anonymous by default.
    ``request`` gives the news feeds their absolute addresses."""
    # Imported here: events.models and news.models import home.models, which
    # imports this module.
    from consultation.selectors import latest_results_page
    from events.selectors import events_index_under, next_events, theme_events_url
    from news.selectors import home_news_sections

    themes = remember("themes", lambda: list(Theme.objects.all()))
    events_index = events_index_under(home_page)
    if events_index is not None:
        for theme in themes:
            theme.events_url = theme_events_url(events_index, theme)
    results = latest_results_page(home_page=home_page)
    return {
        "results_headline": results,
        "themes": themes,
        "partners": remember(
            "partners", lambda: list(Organisation.objects.filter(is_partner=True))
        ),
        "events_index": events_index,
        "upcoming_events": next_events(user=user) if events_index else [],
        # news_index, latest_news, announcement (the banner), news_feeds
        **home_news_sections(home_page=home_page, request=request, headline=results),
    }


MAX_SEARCH_QUERY_LENGTH = 200
MAX_SEARCH_RESULTS = 500
# Control characters and double quotes break SQLite's full-text syntax.
_UNSEARCHABLE = re.compile(r'[\x00-\x1f\x7f"]')


def clean_search_query(raw: str) -> str:
    """What the visitor typed, made safe for every search backend."""
    cleaned = _UNSEARCHABLE.sub(" ", raw)[:MAX_SEARCH_QUERY_LENGTH]
    return " ".join(cleaned.split())


def search_public_pages(*, query: str, site: Site | None, user):
    """Live, public pages of ``site`` matching ``query``, most relevant first;
    internal events only for Region staff."""
    from events.visibility import hidden_event_ids

    if not query or site is None:
        return Page.objects.none()
    return (
        public(Page.objects.live())
        .descendant_of(site.root_page, inclusive=True)
        .exclude(pk__in=hidden_event_ids(user))
        .specific(defer=True)
        .search(query)
    )


def search_public_page_ids(*, query: str, site: Site | None, user) -> list[int]:
    """The ids of ``search_public_pages`` (the first ``MAX_SEARCH_RESULTS``),
    kept until the content changes."""
    from events.visibility import audience_of

    if not query or site is None:
        return []
    audience = audience_of(user)
    digest = hashlib.sha256(query.encode()).hexdigest()
    return remember(
        f"search:{site.pk}:{audience}:{digest}",
        lambda: [
            page.pk
            for page in search_public_pages(query=query, site=site, user=user)[
                :MAX_SEARCH_RESULTS
            ]
        ],
    )


def pages_in_order(ids: list[int]) -> list[Page]:
    """The pages of ``ids``, specific (heavy fields deferred), in that order."""
    pages = {
        page.pk: page for page in Page.objects.filter(pk__in=ids).specific(defer=True)
    }
    return [pages[pk] for pk in ids if pk in pages]


@dataclass(frozen=True)
class PersonalDataNotice:
    url: str
    # "<page id>.<live revision id>": the exact text a person accepted can be
    # found again in the page's history.
    version: str


def personal_data_notice(*, request) -> PersonalDataNotice:
    """The site's personal-data notice and the version in force ("" when the
    settings name no published notice). Read on every registration form and
    submission: kept until the content changes (the settings, a page, a site)."""
    return remember(
        f"personal-data-notice:{request.get_host()}",
        lambda: _read_personal_data_notice(request),
    )


def _read_personal_data_notice(request) -> PersonalDataNotice:
    from home.models import PortalSettings

    page = PortalSettings.for_request(request).personal_data_page
    if page is None or not page.live:
        return PersonalDataNotice(url="", version="")
    return PersonalDataNotice(
        url=page.get_url(request) or "",
        version=f"{page.pk}.{page.live_revision_id or 0}",
    )
