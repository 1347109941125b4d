"""The news index: listing, pagination, theme views, empty states, what is
left out, markup and feed links, through HTTP."""

from itertools import pairwise
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from news.models import NewsIndexPage, NewsPage
from news.selectors import NEWS_PER_PAGE
from tests.news.factories import (
    build_image,
    build_many_news,
    build_news,
    make_private,
)
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return soup(response)


def titles(document) -> list[str]:
    return [text_of(title) for title in document.select(".news-list .news-card__title")]


def theme_url(index, theme) -> str:
    return f"{index.url}thematique/{theme.slug}/"


def test_lists_public_news_newest_first(client, news_index):
    build_news(news_index, title="Ancienne", days_ago=20)
    build_news(news_index, title="Récente", days_ago=1)
    build_news(news_index, title="Du milieu", days_ago=5)

    document = get(client, news_index.url)

    assert titles(document) == ["Récente", "Du milieu", "Ancienne"]
    assert "3" in text_of(document.find(class_="results-count"))


def test_same_day_news_keep_a_stable_order(client, news_index):
    first = build_news(news_index, title="Première du jour", days_ago=2)
    second = build_news(news_index, title="Seconde du jour", days_ago=2)

    document = get(client, news_index.url)

    assert titles(document) == [second.title, first.title]


def test_drafts_private_and_scheduled_news_are_left_out(client, news_index):
    build_news(news_index, title="Publiée")
    build_news(news_index, title="Brouillon", publish=False)
    make_private(build_news(news_index, title="Réservée"))
    unpublished = build_news(news_index, title="Dépubliée")
    unpublished.unpublish()

    document = get(client, news_index.url)

    assert titles(document) == ["Publiée"]


def test_the_listing_follows_publishing_after_it_was_shown(client, news_index, theme):
    """Which news the index lists is kept between requests: each change an
    editor makes still shows on the next visit."""
    kept = build_news(news_index, title="Gardée", days_ago=3)
    to_unpublish = build_news(news_index, title="À dépublier", days_ago=2)
    to_restrict = build_news(news_index, title="À restreindre", days_ago=1)
    assert titles(get(client, news_index.url)) == [
        "À restreindre",
        "À dépublier",
        "Gardée",
    ]

    build_news(news_index, title="Nouvelle", themes=[theme])
    to_unpublish.unpublish()
    make_private(to_restrict)

    assert titles(get(client, news_index.url)) == ["Nouvelle", kept.title]
    assert titles(get(client, theme_url(news_index, theme))) == ["Nouvelle"]


def test_cards_are_a_list_of_articles_with_dates(client, news_index, theme):
    news = build_news(
        news_index,
        title="Avec image",
        themes=[theme],
        image=build_image(),
        is_announcement=True,
    )

    document = get(client, news_index.url)

    assert [text_of(h1) for h1 in document.find_all("h1")] == [news_index.title]
    card = document.select_one("ul.news-list > li > article.news-card")
    assert card.find("h2").find("a")["href"] == news.url
    time = card.find("time")
    assert time["datetime"] == news.publication_date.isoformat()
    assert text_of(card.find(class_="badge--announcement"))
    assert card.find("img")["alt"] == ""  # decorative: the title says it all
    assert [text_of(tag) for tag in card.select(".theme-tags li")] == [theme.name]


def test_headings_follow_each_other(client, news_index, theme):
    build_many_news(news_index, 2, themes=[theme])

    document = get(client, news_index.url)

    levels = [int(tag.name[1]) for tag in document.find_all(["h1", "h2", "h3"])]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels))


def test_pagination(client, news_index):
    build_many_news(news_index, NEWS_PER_PAGE + 3, image=False)

    first = get(client, news_index.url)
    second = get(client, news_index.url + "?page=2")
    beyond = get(client, news_index.url + "?page=99")
    garbage = get(client, news_index.url + "?page=abc")

    assert len(titles(first)) == NEWS_PER_PAGE
    assert len(titles(second)) == 3
    assert set(titles(first)).isdisjoint(titles(second))
    assert titles(beyond) == titles(second)  # the last page
    assert titles(garbage) == titles(first)
    pagination = first.find("nav", class_="pagination")
    assert pagination.find("a", attrs={"aria-current": "page"})["href"] == "?page=1"
    assert pagination.find("a", href="?page=2")
    assert "2" in text_of(second.find("title"))


def test_theme_view_lists_the_news_of_one_theme(client, news_index, theme, other_theme):
    build_news(news_index, title="Finances", themes=[theme])
    build_news(news_index, title="Les deux", themes=[theme, other_theme])
    build_news(news_index, title="Jeunesse", themes=[other_theme])
    build_news(news_index, title="Sans thème")

    document = get(client, theme_url(news_index, theme))

    assert titles(document) == ["Les deux", "Finances"]
    assert theme.name in text_of(document.find("h1"))
    assert document.find("link", rel="canonical")["href"].endswith(
        theme_url(news_index, theme)
    )
    current = document.select_one(".news-themes a[aria-current='page']")
    assert current["href"] == theme_url(news_index, theme)
    breadcrumbs = document.select(".breadcrumbs li")
    assert text_of(breadcrumbs[-1]) == theme.name


def test_theme_navigation_links_every_theme(client, news_index, theme, other_theme):
    document = get(client, news_index.url)

    links = {text_of(link): link["href"] for link in document.select(".news-themes a")}
    assert links[theme.name] == theme_url(news_index, theme)
    assert links[other_theme.name] == theme_url(news_index, other_theme)
    current = document.select_one(".news-themes a[aria-current='page']")
    assert current["href"] == news_index.url


def test_unknown_theme_is_a_404(client, news_index):
    assert client.get(f"{news_index.url}thematique/inconnue/").status_code == 404


def test_empty_states(client, news_index, theme):
    empty = get(client, news_index.url)
    empty_theme = get(client, theme_url(news_index, theme))

    assert titles(empty) == []
    assert text_of(empty.find(class_="empty-state"))
    assert empty_theme.find(class_="empty-state").find("a")["href"] == news_index.url
    assert empty.find("nav", class_="pagination") is None


def test_index_advertises_its_feeds(client, news_index, theme):
    index_document = get(client, news_index.url)
    theme_document = get(client, theme_url(news_index, theme))

    def alternates(document):
        return [
            (link["type"], urlsplit(link["href"]).path)
            for link in document.find_all("link", rel="alternate")
        ]

    assert alternates(index_document) == [
        ("application/rss+xml", f"{news_index.url}rss/"),
        ("application/atom+xml", f"{news_index.url}atom/"),
    ]
    assert alternates(theme_document) == [
        ("application/rss+xml", f"{theme_url(news_index, theme)}rss/"),
        ("application/atom+xml", f"{theme_url(news_index, theme)}atom/"),
        ("application/rss+xml", f"{news_index.url}rss/"),
        ("application/atom+xml", f"{news_index.url}atom/"),
    ]
    for link in index_document.find_all("link", rel="alternate"):
        assert link["href"].startswith("http://")
    visible = index_document.find(id="news-feeds-title").find_parent("section")
    assert {urlsplit(a["href"]).path for a in visible.find_all("a")} == {
        f"{news_index.url}rss/",
        f"{news_index.url}atom/",
    }


def test_index_is_cacheable_for_anonymous_visitors(client, news_index):
    response = client.get(news_index.url)

    assert "public" in response["Cache-Control"]


def test_one_news_index_per_site(news_index, home_page):
    assert not NewsIndexPage.can_create_at(home_page)
    assert NewsPage.can_create_at(news_index)
    assert not NewsPage.can_create_at(home_page)


def test_the_index_offers_to_subscribe_with_the_themes(client, news_index, theme):
    page = soup(client.get(news_index.url))

    section = page.find("section", attrs={"aria-labelledby": "news-subscription-title"})
    form = section.find("form")
    assert form["action"] == reverse("subscriptions:subscribe")
    assert form.find("input", attrs={"type": "email"})
    assert [box["value"] for box in form.find_all("input", type="checkbox")] == [
        str(theme.pk)
    ]
    ids = [element["id"] for element in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "the footer's form and this one share no id"
