"""Every public page type runs in at most 12 SQL queries when it is not in
the page cache, and in the same number as the content grows: the demo
consultation with its results published, then events with images, themes,
speakers, partners and sessions, and news with images and themes.

A page is measured as the second visitor sees it after a publication: the
site's own reads (site, settings, menu, sections, cards) are cached until
the content changes (home.content_cache) and filled by the first request;
the full page is never stored (PAGE_CACHE_SECONDS is 0 in tests) and each
request carries a query string of its own. What a page costs on an empty
cache is checked to stay constant too (tests/events/test_query_counts.py,
tests/news/test_query_counts.py)."""

import itertools

import pytest
from django.db.models import Count

from consultation.models import ResultsPage
from events.models import EventIndexPage, EventPage
from home.models import Organisation, Person, Territory, Theme
from news.models import NewsIndexPage, NewsPage
from tests.events.factories import build_event
from tests.news.factories import build_image, build_news
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12
_request_numbers = itertools.count()


def add_content(count: int) -> None:
    """``count`` events and as many news items, each with what its page and
    card show."""
    events_index = EventIndexPage.objects.get()
    news_index = NewsIndexPage.objects.get()
    themes = list(Theme.objects.all())
    territories = list(Territory.objects.all())
    people = list(Person.objects.all()) or [Person.objects.create(name="Intervenante")]
    partners = list(Organisation.objects.all())
    for number in range(count):
        event = build_event(
            events_index,
            title=f"Rencontre ajoutée {EventPage.objects.count()}",
            days=(number % 20) - 8,
            sessions=3,
            themes=themes[number % 3 : number % 3 + 2],
            territory=territories[number % len(territories)],
            image=build_image(f"Rencontre {number}", size=(64, 36)),
            registration_required=True,
            capacity=40,
        )
        event.speakers.set(people[:2])
        event.partners.set(partners[:2])
        event.save_revision().publish()
        build_news(
            news_index,
            title=f"Nouvelle ajoutée {NewsPage.objects.count()}",
            themes=themes[number % 2 : number % 2 + 2],
            related_events=[event],
            image=build_image(f"Nouvelle {number}", size=(64, 36)),
        )


def page_paths() -> dict[str, str]:
    """One page of each type, the busiest of its kind."""
    theme = Theme.objects.annotate(n=Count("events")).latest("n")
    territory = Territory.objects.annotate(n=Count("events")).latest("n")
    event = (
        EventPage.objects.live()
        .filter(registration_required=True)
        .annotate(n=Count("sessions"))
        .latest("n", "pk")
    )
    news = NewsPage.objects.live().annotate(n=Count("related_events")).latest("n")
    return {
        "home": "/",
        "events index": "/evenements/",
        "event": event.url,
        "theme view": f"/evenements/thematique/{theme.slug}/",
        "territory view": f"/evenements/territoire/{territory.slug}/",
        "news index": "/actualites/",
        "news item": news.url,
        "results": ResultsPage.objects.live().get().url,
        "standard page": "/la-concertation/",
        "search": "/recherche/?q=concertation",
    }


def queries_per_page(client, paths: dict[str, str]) -> dict[str, int]:
    counts = {}
    for label, path in paths.items():
        assert _get(client, path).status_code == 200, path  # fills the caches
        with count_queries() as queries:
            assert _get(client, path).status_code == 200, path
        counts[label] = len(queries)
    return counts


def _get(client, path):
    separator = "&" if "?" in path else "?"
    return client.get(f"{path}{separator}visite={next(_request_numbers)}")


@pytest.fixture
def consultation(demo_site):
    ResultsPage.objects.get().get_latest_revision().publish()
    add_content(2)
    return demo_site


def test_every_page_type_stays_within_the_budget_as_content_grows(client, consultation):
    paths = page_paths()
    few = queries_per_page(client, paths)

    add_content(6)
    many = queries_per_page(client, paths)

    over_budget = {label: n for label, n in many.items() if n > QUERY_BUDGET}
    assert not over_budget, over_budget
    assert many == few
