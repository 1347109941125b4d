"""News on other pages: the home page's latest news and announcement banner,
and the latest news about an event on its page."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from news.selectors import home_announcement
from tests.events.factories import build_event
from tests.news.factories import build_image, build_news, make_private
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return soup(response)


def home_titles(document) -> list[str]:
    news = document.find(id="latest-news-title").find_parent("section")
    return [text_of(title) for title in news.select(".news-card__title")]


def banner(document):
    return document.find("section", class_="announcement")


# ---------- Home page: latest news ----------


def test_home_page_shows_the_three_latest_news(client, news_index, theme):
    for days_ago in (9, 7, 5, 3):
        build_news(
            news_index,
            title=f"Il y a {days_ago} jours",
            days_ago=days_ago,
            themes=[theme],
            image=build_image(),
        )
    build_news(news_index, title="Brouillon", days_ago=1, publish=False)
    make_private(build_news(news_index, title="Réservée", days_ago=2))

    document = get(client, "/")

    assert home_titles(document) == [
        "Il y a 3 jours",
        "Il y a 5 jours",
        "Il y a 7 jours",
    ]
    section = document.find(id="latest-news-title").find_parent("section")
    assert section.find("h3")  # under the section's h2
    assert section.find("a", class_="button")["href"] == news_index.url


def test_home_page_without_news(client, home_page):
    document = get(client, "/")

    section = document.find(id="latest-news-title").find_parent("section")
    assert section.find(class_="placeholder")
    assert banner(document) is None
    assert not document.find_all("link", rel="alternate")


def test_home_page_advertises_the_news_feeds(client, news_index):
    document = get(client, "/")

    assert [
        (link["type"], urlsplit(link["href"]).path)
        for link in document.find_all("link", rel="alternate")
    ] == [
        ("application/rss+xml", f"{news_index.url}rss/"),
        ("application/atom+xml", f"{news_index.url}atom/"),
    ]


# ---------- Home page: the announcement banner ----------


def test_the_latest_announcement_is_a_banner(client, news_index):
    build_news(news_index, title="Compte rendu", days_ago=5)
    announcement = build_news(
        news_index,
        title="Plus d’informations à venir",
        days_ago=1,
        is_announcement=True,
    )

    document = get(client, "/")

    section = banner(document)
    assert section.find("h2").find("a")["href"] == announcement.url
    assert section.find("time")["datetime"] == announcement.publication_date.isoformat()
    assert announcement.introduction in text_of(section)
    # After the page's h1, before the other sections.
    headings = [tag.name for tag in document.find("main").find_all(["h1", "h2"])]
    assert headings[:2] == ["h1", "h2"]


def test_a_newer_announcement_replaces_the_banner(client, news_index):
    build_news(news_index, title="Première annonce", days_ago=5, is_announcement=True)
    build_news(news_index, title="Seconde annonce", days_ago=2, is_announcement=True)

    section = banner(get(client, "/"))

    assert text_of(section.find("h2")) == "Seconde annonce"


def test_a_newer_news_item_hides_the_banner(client, news_index):
    build_news(news_index, title="Annonce", days_ago=5, is_announcement=True)
    build_news(news_index, title="L’information est arrivée", days_ago=2)

    assert banner(get(client, "/")) is None


def test_an_older_news_item_leaves_the_banner(client, news_index):
    build_news(news_index, title="Compte rendu", days_ago=9)
    build_news(news_index, title="Annonce", days_ago=2, is_announcement=True)

    assert text_of(banner(get(client, "/")).find("h2")) == "Annonce"


def test_unpublished_or_scheduled_news_do_not_hide_the_banner(client, news_index):
    build_news(news_index, title="Annonce", days_ago=5, is_announcement=True)
    build_news(news_index, title="Brouillon plus récent", days_ago=1, publish=False)
    scheduled = build_news(
        news_index,
        title="Programmée",
        publish=False,
        publication_date=timezone.localdate() + timedelta(days=3),
    )
    scheduled.go_live_at = timezone.now() + timedelta(days=3)
    scheduled.save_revision().publish()

    assert text_of(banner(get(client, "/")).find("h2")) == "Annonce"


def test_an_unpublished_announcement_leaves_no_banner(client, news_index):
    build_news(news_index, title="Compte rendu", days_ago=9)
    announcement = build_news(news_index, days_ago=2, is_announcement=True)
    announcement.unpublish()

    assert banner(get(client, "/")) is None


def test_home_announcement_rule():
    class News:
        def __init__(self, is_announcement):
            self.is_announcement = is_announcement

    announcement, news = News(True), News(False)

    assert home_announcement(latest=[]) is None
    assert home_announcement(latest=[announcement, news]) is announcement
    assert home_announcement(latest=[news, announcement]) is None


# ---------- Event page: latest news about the event ----------


def event_news_titles(document) -> list[str]:
    heading = document.find(id="actualites")
    if heading is None:
        return []
    return [text_of(link) for link in heading.find_parent("section").find_all("a")]


def test_event_page_lists_the_latest_news_about_it(client, news_index, events_index):
    event = build_event(events_index)
    other = build_event(events_index, title="Autre événement")
    for days_ago in (9, 7, 5, 3):
        build_news(
            news_index,
            title=f"Il y a {days_ago} jours",
            days_ago=days_ago,
            related_events=[event],
        )
    build_news(news_index, title="Sur un autre", days_ago=1, related_events=[other])
    build_news(
        news_index, title="Brouillon", days_ago=1, publish=False, related_events=[event]
    )
    make_private(
        build_news(news_index, title="Réservée", days_ago=1, related_events=[event])
    )

    document = get(client, event.url)

    assert event_news_titles(document) == [
        "Il y a 3 jours",
        "Il y a 5 jours",
        "Il y a 7 jours",
    ]
    section = document.find(id="actualites").find_parent("section")
    assert section.find("time")["datetime"] == (
        (timezone.localdate() - timedelta(days=3)).isoformat()
    )


def test_event_page_without_news_has_no_news_section(client, news_index, events_index):
    event = build_event(events_index)

    assert event_news_titles(get(client, event.url)) == []
