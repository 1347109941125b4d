"""The demo loads the consultation's news once: one per milestone, linked to
its event, the announcement, and one scheduled news item."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision

from events.models import EventPage
from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from tests.pages import soup, text_of


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo, loaded once for this module (tests/conftest.py)."""
    return shared_demo_site


pytestmark = pytest.mark.django_db

SEED_TOWNS = ("Cepoy", "Saint-Paterne-Racan", "Châteauroux")
SCHEDULED = "la-nouvelle-strategie-ess-bientot-votee"


def load() -> str:
    output = io.StringIO()
    call_command("load_initial_data", stdout=output)
    return output.getvalue()


def test_the_news_of_the_consultation(client, demo_site):
    index = NewsIndexPage.objects.get(slug="actualites")
    assert index.get_parent().specific_class is HomePage
    assert index.title == "Actualités"
    assert index.live and index.show_in_menus

    live = NewsPage.objects.live().order_by("publication_date")
    # The launch day, three half-days, the internal workshops, the announcement.
    assert live.count() == 6
    for news in live:
        events = list(news.related_events.all())
        if news.is_announcement:
            assert not events
            continue
        assert events, news.title
        # Published after the event it tells about.
        for event in events:
            assert news.publication_date > timezone.localdate(event.starts_at)
    towns = " ".join(news.title for news in live)
    for town in SEED_TOWNS:
        assert town in towns
    linked = set(
        EventPage.objects.filter(news_pages__in=live).values_list("slug", flat=True)
    )
    assert linked == {
        "journee-de-lancement",
        "demi-journee-cepoy",
        "demi-journee-saint-paterne-racan",
        "demi-journee-chateauroux",
        "atelier-interne-sensibilisation-ess",
        "atelier-interne-aides-de-droit-commun",
    }
    half_day = live.get(slug="retour-sur-la-demi-journee-cepoy")
    assert half_day.themes.count() == 6

    announcement = live.get(is_announcement=True)
    assert "Plus d’informations à venir prochainement" in announcement.introduction
    assert announcement == live.last()  # the newest live news: the home banner

    document = soup(client.get("/"))
    banner = document.find("section", class_="announcement")
    assert banner.find("a")["href"] == announcement.url
    menu = {text_of(link) for link in document.select("#menu a")}
    assert "Actualités" in menu


def test_one_news_item_is_scheduled(demo_site):
    scheduled = NewsPage.objects.get(slug=SCHEDULED)

    assert not scheduled.live
    assert scheduled.go_live_at > timezone.now()
    revision = Revision.page_revisions.get(object_id=str(scheduled.pk))
    assert revision.approved_go_live_at == scheduled.go_live_at
    assert scheduled.publication_date == timezone.localdate(scheduled.go_live_at)
    assert scheduled.has_unpublished_changes


def test_second_run_creates_nothing(demo_site):
    pages, revisions = Page.objects.count(), Revision.objects.count()

    output = load()

    assert "News: nothing to create (7 already there)" in output
    assert "News index page: nothing to create" in output
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)
    assert not NewsPage.objects.get(slug=SCHEDULED).live
