"""Reads of news for pages and feeds, each in a constant number of queries.

Every read starts from ``public_news()``: live news outside any private
section. Images come with their renditions for the size shown, and themes are
prefetched, so that a listing costs the same for 3 or 300 news items.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from events.structured_data import json_ld_script
from events.visibility import audience_of, events_visible_to
from home.card_pages import CardPages
from home.content_cache import remember
from home.models import PortalSettings, Theme
from home.restrictions import public
from news.models import NewsIndexPage, NewsPage
from news.structured_data import news_article_structured_data

NEWS_PER_PAGE = 10
HOME_PAGE_NEWS = 3
EVENT_PAGE_NEWS = 3
CARD_IMAGE = "fill-480x270"  # the news card's image (components/news_card.html)
SHARING_IMAGE = "fill-1200x630"  # OpenGraph, JSON-LD and feed enclosures

RSS_CONTENT_TYPE = "application/rss+xml"
ATOM_CONTENT_TYPE = "application/atom+xml"


def public_news() -> QuerySet:
    """Live news outside any private section: what everyone may see."""
    return public(NewsPage.objects.live())


def newest_first(news: QuerySet) -> QuerySet:
    return news.order_by("-publication_date", "-pk")


def with_images(news: QuerySet, *renditions: str) -> QuerySet:
    """Each item's image with these renditions, in two queries for all items."""
    images = get_image_model().objects.prefetch_renditions(*renditions)
    return news.prefetch_related(Prefetch("image", queryset=images))


def with_card_data(news: QuerySet) -> QuerySet:
    """What a news card shows (image, themes), without the body."""
    return (
        with_images(news, CARD_IMAGE)
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.all()))
        .defer_streamfields()
    )


def news_index_under(page) -> NewsIndexPage | None:
    """The live, public news index below ``page`` (the home page), if any."""
    return remember(
        f"news-index:{page.pk}",
        lambda: public(NewsIndexPage.objects.live()).child_of(page).first(),
    )


def theme_news_url(index: NewsIndexPage, theme, request=None) -> str:
    """The theme view of the news index."""
    return index.get_url(request) + index.reverse_subpage(
        "theme", kwargs={"slug": theme.slug}
    )


# ---------- Feeds ----------


@dataclass(frozen=True)
class NewsFeedLink:
    """A news feed: what it holds, its format (RSS or Atom) and address."""

    title: str
    format: str
    url: str
    content_type: str


def news_feed_links(index: NewsIndexPage, request, *, theme=None) -> list[NewsFeedLink]:
    """The feeds a page advertises: its theme's (RSS, Atom), then all news."""
    base = index.get_url(request)
    if base is None:  # the index is not routable (no site)
        return []
    scopes = []
    if theme is not None:
        scopes.append(
            (
                _("News on the theme %(name)s") % {"name": theme.name},
                {"slug": theme.slug},
                "theme_",
            )
        )
    scopes.append((_("All the news"), {}, ""))
    links = []
    for title, kwargs, prefix in scopes:
        for name, label, content_type in (
            ("rss", "RSS", RSS_CONTENT_TYPE),
            ("atom", "Atom", ATOM_CONTENT_TYPE),
        ):
            subpage = index.reverse_subpage(prefix + name, kwargs=kwargs or None)
            links.append(
                NewsFeedLink(
                    title=title,
                    format=label,
                    url=request.build_absolute_uri(base + subpage),
                    content_type=content_type,
                )
            )
    return links


def feed_news(*, index: NewsIndexPage, theme=None, limit: int) -> list[NewsPage]:
    """The newest public news of the index (of one theme), for a feed."""
    news = public_news().child_of(index)
    if theme is not None:
        news = news.filter(themes=theme)
    news = with_images(newest_first(news), SHARING_IMAGE).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.all())
    )
    return list(news.defer_streamfields()[:limit])


# ---------- The news index ----------


def news_listing(*, index: NewsIndexPage, theme=None, page_number=1) -> PaginatorPage:
    """A page of the index's news (of one theme), newest first. Which news
    those are is kept until the content changes (publishing one changes it)."""

    def ids():
        news = public_news().child_of(index)
        if theme is not None:
            news = news.filter(themes=theme)
        return list(newest_first(news).values_list("pk", flat=True))

    news_ids = remember(f"news-listing:{index.pk}:{theme.pk if theme else ''}", ids)
    return Paginator(CardPages(news_ids, load_news_cards), NEWS_PER_PAGE).get_page(
        page_number
    )


def load_news_cards(ids: list[int]) -> QuerySet:
    """The news of ``ids`` with what their cards show."""
    return with_card_data(NewsPage.objects.filter(pk__in=ids))


def news_index_context(*, index: NewsIndexPage, request, theme=None) -> dict:
    """What the news index (or its theme view) shows."""
    themes = remember("themes", lambda: list(Theme.objects.all()))
    for each in themes:
        each.news_url = theme_news_url(index, each, request)
    return {
        "news_list": news_listing(
            index=index, theme=theme, page_number=request.GET.get("page") or 1
        ),
        "themes": themes,
        "scope_theme": theme,
        "listing_url": (
            theme_news_url(index, theme, request) if theme else index.get_url(request)
        ),
        "news_feeds": news_feed_links(index, request, theme=theme),
    }


# ---------- A news page ----------


@dataclass(frozen=True)
class AdjacentNews:
    """The news published just before and just after one news item."""

    previous: NewsPage | None  # older
    next: NewsPage | None  # newer


def adjacent_news(page: NewsPage, *, index: NewsIndexPage) -> AdjacentNews:
    """Neighbours by publication date (then by id) within the index."""
    siblings = public_news().child_of(index).defer_streamfields()
    day = page.publication_date
    older = Q(publication_date__lt=day) | Q(publication_date=day, pk__lt=page.pk)
    newer = Q(publication_date__gt=day) | Q(publication_date=day, pk__gt=page.pk)
    return AdjacentNews(
        previous=newest_first(siblings.filter(older)).first(),
        next=siblings.filter(newer).order_by("publication_date", "pk").first(),
    )


def news_related_events(page: NewsPage, *, user) -> list:
    """The events the news item links to that this user may see, soonest
    first; works on a preview's unsaved choice too."""
    # A subquery for a saved page; the ids in memory for a preview.
    chosen = page.related_events.all().values_list("id", flat=True)
    events = events_visible_to(user).filter(pk__in=chosen)
    return list(
        events.order_by("starts_at", "pk")
        .defer_streamfields()
        .defer("description", "online_url")
    )


def _parent_index(page: NewsPage) -> NewsIndexPage | None:
    if not page.pk or not page.path:
        return None
    return NewsIndexPage.objects.filter(path=page.path[: -NewsPage.steplen]).first()


def _image_url(page: NewsPage, request) -> str | None:
    image = page.sharing_image
    if image is None:
        return None
    try:
        rendition = image.get_rendition(SHARING_IMAGE)
    except SourceImageIOError:
        return None
    return request.build_absolute_uri(rendition.url)


def news_page_context(*, page: NewsPage, request) -> dict:
    """What a news page shows besides its own fields, kept until the content
    changes for each address of the site and audience (not for a preview,
    whose page is not the one saved)."""
    if getattr(request, "is_preview", False):
        return _news_page_context(page, request)
    audience = audience_of(request.user)
    return remember(
        f"news-page:{page.pk}:{request.scheme}://{request.get_host()}:{audience}",
        lambda: _news_page_context(page, request),
    )


def _news_page_context(page: NewsPage, request) -> dict:
    page_url = page.get_full_url(request) or request.build_absolute_uri()
    themes = list(page.themes.all())
    context = {
        "themes": themes,
        "related_events": news_related_events(page, user=request.user),
        "structured_data": json_ld_script(
            news_article_structured_data(
                page,
                page_url=page_url,
                organisation_name=PortalSettings.for_request(request).organisation_name,
                organisation_url=request.build_absolute_uri("/"),
                image_url=_image_url(page, request),
                themes=themes,
            )
        ),
    }
    index = _parent_index(page)
    if index is not None:
        for theme in themes:
            theme.news_url = theme_news_url(index, theme, request)
        context["news_index"] = index
        context["adjacent"] = adjacent_news(page, index=index)
        context["news_feeds"] = news_feed_links(index, request)
    return context


# ---------- Other pages: the home page and event pages ----------


def latest_news(*, index: NewsIndexPage, limit: int = HOME_PAGE_NEWS) -> list[NewsPage]:
    """The newest public news of the index, as cards; kept until the content
    changes."""
    news = newest_first(public_news().child_of(index))
    return remember(
        f"latest-news:{index.pk}:{limit}",
        lambda: list(with_card_data(news)[:limit]),
    )


def home_announcement(*, latest: Sequence[NewsPage], headline=None) -> NewsPage | None:
    """The announcement the home page shows as a banner, if any.

    Rule: the newest published news item is the banner when it is an
    announcement ("more information coming"). So a newer announcement replaces
    an older one, and any newer news item hides it: by then the information
    has come. A ``headline`` page (the results, ``consultation.selectors``)
    first published after the announcement hides it too. ``latest`` is the
    newest news first (``latest_news``), so the rule costs no query.
    """
    newest = latest[0] if latest else None
    if newest is None or not newest.is_announcement:
        return None
    if headline is not None and (
        headline.first_published_at is None
        or newest.first_published_at is None
        or headline.first_published_at >= newest.first_published_at
    ):
        return None
    return newest


def home_news_sections(*, home_page, request=None, headline=None) -> dict:
    """The home page's latest news, announcement banner (unless ``headline``
    replaces it) and news feeds."""
    index = news_index_under(home_page)
    latest = latest_news(index=index) if index is not None else []
    return {
        "news_index": index,
        "latest_news": latest,
        "announcement": home_announcement(latest=latest, headline=headline),
        "news_feeds": (
            news_feed_links(index, request)
            if index is not None and request is not None
            else []
        ),
    }


def event_news(*, event, limit: int = EVENT_PAGE_NEWS) -> list[NewsPage]:
    """The latest public news that list this event among their related events."""
    if not event.pk:  # the preview of a new event
        return []
    news = newest_first(public_news().filter(related_events=event))
    return remember(
        f"event-news:{event.pk}:{limit}",
        lambda: list(news.defer_streamfields()[:limit]),
    )
