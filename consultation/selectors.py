"""Reads for the results page and for the home page's headline."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from consultation.charts import bar_chart
from consultation.figures.cache import cached_participation_figures
from consultation.models import ResultsPage
from consultation.timeline import consultation_timeline
from events.selectors import events_index_under, theme_events_url
from events.visibility import audience_of, events_visible_to
from home.content_cache import remember
from home.page_cache import depends_on
from home.restrictions import public
from news.selectors import news_index_under, public_news, theme_news_url


def latest_results_page(*, home_page) -> ResultsPage | None:
    """The results page published most recently under the home page: the
    home page's headline."""
    return remember(
        f"latest-results-page:{home_page.pk}",
        lambda: (
            public(ResultsPage.objects.live())
            .descendant_of(home_page)
            .order_by("-first_published_at", "-pk")
            .defer_streamfields()
            .first()
        ),
    )


@dataclass(frozen=True)
class ThemeLinks:
    """Where to find a theme's events and news, and how many there are."""

    events_url: str | None
    events_count: int
    news_url: str | None
    news_count: int


@dataclass(frozen=True)
class ThemeResult:
    value: object  # the ThemeResultBlock's StructValue
    links: ThemeLinks | None


def theme_links(*, themes: list, home_page, user, request) -> dict:
    """Theme id → ``ThemeLinks``, in four queries for all themes, kept until
    the content changes."""
    if not themes:
        return {}
    theme_ids = sorted(theme.pk for theme in themes)
    events_index = events_index_under(home_page)
    news_index = news_index_under(home_page)
    audience = audience_of(user)
    event_counts, news_counts = remember(
        f"theme-counts:{audience}:{','.join(map(str, theme_ids))}",
        lambda: (
            _counts_by_theme(events_visible_to(user), theme_ids),
            _counts_by_theme(public_news(), theme_ids),
        ),
    )
    return {
        theme.pk: ThemeLinks(
            events_url=(
                theme_events_url(events_index, theme, request) if events_index else None
            ),
            events_count=event_counts.get(theme.pk, 0),
            news_url=(
                theme_news_url(news_index, theme, request) if news_index else None
            ),
            news_count=news_counts.get(theme.pk, 0),
        )
        for theme in themes
    }


def _counts_by_theme(pages, theme_ids: list[int]) -> dict[int, int]:
    return dict(
        pages.filter(themes__in=theme_ids)
        .values_list("themes")
        .annotate(count=Count("pk", distinct=True))
        .order_by()
    )


def results_page_context(*, page: ResultsPage, request) -> dict:
    """The figures (cached), their charts, the timeline, and each theme's
    links to its events and news: each computed only if the template reads
    it, which it does not when the page's article is a kept fragment
    (``home.fragments``)."""
    figures = SimpleLazyObject(lambda: _figures(page))
    return {
        "theme_results": SimpleLazyObject(lambda: _theme_results(page, request)),
        "figures": figures,
        "charts": SimpleLazyObject(lambda: figures_charts(figures)),
        "timeline": SimpleLazyObject(lambda: consultation_timeline(user=request.user)),
    }


def _figures(page: ResultsPage):
    depends_on("figures")
    return cached_participation_figures(
        include_internal_events=page.figures_include_internal_events
    )


def _theme_results(page: ResultsPage, request) -> list[ThemeResult]:
    site = Site.find_for_request(request)
    home_page = site.root_page if site else None  # read with the site: no query
    theme_blocks = [block.value for block in page.themes if block.value["theme"]]
    links = (
        theme_links(
            themes=[value["theme"] for value in theme_blocks],
            home_page=home_page,
            user=request.user,
            request=request,
        )
        if home_page
        else {}
    )
    return [
        ThemeResult(value=value, links=links.get(value["theme"].pk))
        for value in theme_blocks
    ]


# (breakdown, chart id, title, label column, value column), in page order.
CHARTS = [
    (
        "events_by_kind",
        "chart-events-by-kind",
        gettext_lazy("Events held, by kind"),
        gettext_lazy("Kind of event"),
        gettext_lazy("Events"),
    ),
    (
        "participants_by_type",
        "chart-participants-by-type",
        gettext_lazy("Participants, by type"),
        gettext_lazy("Participant type"),
        gettext_lazy("People"),
    ),
    (
        "participants_by_territory",
        "chart-participants-by-territory",
        gettext_lazy("Participants, by territory"),
        gettext_lazy("Territory"),
        gettext_lazy("People"),
    ),
    (
        "organisations_by_type",
        "chart-organisations-by-type",
        gettext_lazy("Organisations represented, by type"),
        gettext_lazy("Type of organisation"),
        gettext_lazy("Organisations"),
    ),
    (
        "workshops_by_theme",
        "chart-workshops-by-theme",
        gettext_lazy("Workshops, by theme"),
        gettext_lazy("Theme"),
        gettext_lazy("Workshops"),
    ),
]


def figures_charts(figures) -> list:
    """The charts of the results page, in the order they are shown."""
    return [
        bar_chart(
            getattr(figures, breakdown),
            id=chart_id,
            title=title,
            label_header=label_header,
            value_header=value_header,
        )
        for breakdown, chart_id, title, label_header, value_header in CHARTS
    ]
