"""RSS 2.0 and Atom feeds of the news, through HTTP.

feedparser is not installed: the feeds are parsed with ElementTree, strictly
(well-formed XML, the namespaces and the elements each format requires), and
every date with the parser its format calls for (RFC 822 for RSS, RFC 3339
for Atom).
"""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from news.feeds import FEED_ITEMS
from news.selectors import SHARING_IMAGE
from tests.news.factories import (
    build_image,
    build_many_news,
    build_news,
    make_private,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    return response


def rss(client, url) -> ET.Element:
    response = fetch(client, url, "application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.find(required) is not None, required
    return channel


def atom(client, url) -> ET.Element:
    response = fetch(client, url, "application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(ATOM + required) is not None, required
    return feed


def rss_items(channel) -> list[dict]:
    items = []
    for item in channel.findall("item"):
        guid = item.find("guid")
        enclosure = item.find("enclosure")
        items.append(
            {
                "title": item.findtext("title"),
                "link": item.findtext("link"),
                "description": item.findtext("description"),
                "pubdate": parsedate_to_datetime(item.findtext("pubDate")),
                "guid": guid.text,
                "permalink": guid.get("isPermaLink"),
                "categories": [category.text for category in item.findall("category")],
                "enclosure": dict(enclosure.attrib) if enclosure is not None else None,
            }
        )
    return items


def atom_entries(feed) -> list[dict]:
    entries = []
    for entry in feed.findall(ATOM + "entry"):
        links = {link.get("rel"): link for link in entry.findall(ATOM + "link")}
        entries.append(
            {
                "id": entry.findtext(ATOM + "id"),
                "title": entry.findtext(ATOM + "title"),
                "link": links["alternate"].get("href"),
                "published": datetime.fromisoformat(entry.findtext(ATOM + "published")),
                "updated": datetime.fromisoformat(entry.findtext(ATOM + "updated")),
                "summary": entry.findtext(ATOM + "summary"),
                "categories": [c.get("term") for c in entry.findall(ATOM + "category")],
                "enclosure": (
                    dict(links["enclosure"].attrib) if "enclosure" in links else None
                ),
            }
        )
    return entries


def feed_urls(index, theme=None) -> dict[str, str]:
    base = index.url + (f"thematique/{theme.slug}/" if theme else "")
    return {"rss": base + "rss/", "atom": base + "atom/"}


def test_rss_lists_the_news_newest_first(client, news_index, theme):
    old = build_news(news_index, title="Ancienne", days_ago=10, themes=[theme])
    new = build_news(
        news_index,
        title="Récente & nouvelle",
        introduction="Un résumé <court>.",
        days_ago=1,
    )

    channel = rss(client, feed_urls(news_index)["rss"])

    assert channel.findtext("title") == "Actualités — Région de test"
    assert channel.findtext("link") == news_index.full_url
    assert channel.findtext("language") == "fr"
    self_link = channel.find(f"{ATOM}link")
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == "http://testserver" + feed_urls(news_index)["rss"]
    items = rss_items(channel)
    assert [item["title"] for item in items] == ["Récente & nouvelle", "Ancienne"]
    assert [item["link"] for item in items] == [new.full_url, old.full_url]
    assert items[0]["description"] == "Un résumé &lt;court&gt;."  # HTML, escaped
    assert items[0]["pubdate"].date() == new.publication_date
    assert items[0]["pubdate"].tzinfo is not None
    assert items[1]["categories"] == [theme.name]
    assert items[0]["permalink"] == "false"
    assert items[0]["guid"] == (
        f"tag:localhost,{timezone.localdate().isoformat()}:news/{new.pk}"
    )


def test_atom_lists_the_news_newest_first(client, news_index, theme):
    old = build_news(news_index, title="Ancienne", days_ago=10, themes=[theme])
    new = build_news(news_index, title="Récente", days_ago=1)

    feed = atom(client, feed_urls(news_index)["atom"])

    assert feed.findtext(f"{ATOM}title") == "Actualités — Région de test"
    assert feed.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Région de test"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "alternate": news_index.full_url,
        "self": "http://testserver" + feed_urls(news_index)["atom"],
    }
    entries = atom_entries(feed)
    assert [entry["title"] for entry in entries] == ["Récente", "Ancienne"]
    assert [entry["link"] for entry in entries] == [new.full_url, old.full_url]
    assert entries[0]["id"].startswith("tag:localhost,")
    assert entries[0]["published"].date() == new.publication_date
    assert entries[0]["updated"] >= entries[0]["published"]
    assert entries[1]["categories"] == [theme.name]
    assert entries[1]["summary"] == old.introduction
    updated = datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    assert updated == max(entry["updated"] for entry in entries)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_every_link_is_absolute(client, news_index, kind):
    build_news(news_index, image=build_image())

    body = client.get(feed_urls(news_index)[kind]).content.decode()
    root = ET.fromstring(body)

    urls = [element.text for element in root.iter("link") if element.text]
    urls += [
        element.get(attribute)
        for element in root.iter()
        for attribute in ("href", "url")
        if element.get(attribute)
    ]
    assert urls
    for url in urls:
        assert urlsplit(url).scheme == "http" and urlsplit(url).netloc, url


def test_the_image_is_an_enclosure(client, news_index):
    image = build_image()
    build_news(news_index, image=image)

    item = rss_items(rss(client, feed_urls(news_index)["rss"]))[0]
    entry = atom_entries(atom(client, feed_urls(news_index)["atom"]))[0]

    rendition = image.get_rendition(SHARING_IMAGE)
    for enclosure in (item["enclosure"], entry["enclosure"]):
        assert enclosure["type"] == "image/png"
        assert int(enclosure["length"]) == rendition.file.size > 0
    assert item["enclosure"]["url"] == f"http://testserver{rendition.url}"
    assert entry["enclosure"]["href"] == item["enclosure"]["url"]


def test_news_without_image_have_no_enclosure(client, news_index):
    build_news(news_index)

    assert rss_items(rss(client, feed_urls(news_index)["rss"]))[0]["enclosure"] is None


def test_theme_feeds_hold_the_news_of_one_theme(client, news_index, theme, other_theme):
    build_news(news_index, title="Finances", themes=[theme], days_ago=3)
    build_news(news_index, title="Les deux", themes=[theme, other_theme], days_ago=2)
    build_news(news_index, title="Jeunesse", themes=[other_theme], days_ago=1)
    urls = feed_urls(news_index, theme)

    channel = rss(client, urls["rss"])
    feed = atom(client, urls["atom"])

    assert [item["title"] for item in rss_items(channel)] == ["Les deux", "Finances"]
    assert [entry["title"] for entry in atom_entries(feed)] == ["Les deux", "Finances"]
    assert theme.name in channel.findtext("title")
    assert channel.findtext("link") == (
        f"http://testserver{news_index.url}thematique/{theme.slug}/"
    )


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_unknown_theme_feed_is_a_404(client, news_index, kind):
    response = client.get(f"{news_index.url}thematique/inconnue/{kind}/")

    assert response.status_code == 404


def test_drafts_private_and_scheduled_news_stay_out(client, news_index, theme):
    build_news(news_index, title="Publiée", themes=[theme])
    build_news(news_index, title="Brouillon", publish=False, themes=[theme])
    make_private(build_news(news_index, title="Réservée", themes=[theme]))
    scheduled = build_news(news_index, title="Programmée", publish=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=3)
    scheduled.save_revision().publish()

    for urls in (feed_urls(news_index), feed_urls(news_index, theme)):
        assert [i["title"] for i in rss_items(rss(client, urls["rss"]))] == ["Publiée"]
        assert [e["title"] for e in atom_entries(atom(client, urls["atom"]))] == [
            "Publiée"
        ]


def test_feeds_of_a_private_index_are_not_served(client, news_index):
    build_news(news_index, title="Publiée")
    make_private(news_index)

    response = client.get(feed_urls(news_index)["rss"])

    assert b"Publi" not in response.content
    assert response["Content-Type"].startswith("text/html")


def test_guid_survives_a_new_title_slug_and_date(client, news_index):
    news = build_news(news_index, title="Premier titre")
    before = rss_items(rss(client, feed_urls(news_index)["rss"]))[0]["guid"]

    news.title = "Nouveau titre"
    news.slug = "nouveau-titre"
    news.publication_date -= timedelta(days=3)
    news.save_revision().publish()
    after = rss_items(rss(client, feed_urls(news_index)["rss"]))[0]

    assert after["title"] == "Nouveau titre"
    assert after["guid"] == before


def test_feeds_hold_the_newest_items_only(client, news_index):
    build_many_news(news_index, FEED_ITEMS + 2, image=False)

    items = rss_items(rss(client, feed_urls(news_index)["rss"]))

    assert len(items) == FEED_ITEMS
    dates = [item["pubdate"] for item in items]
    assert dates == sorted(dates, reverse=True)


def test_feeds_answer_conditional_requests(client, news_index):
    build_news(news_index)
    url = feed_urls(news_index)["rss"]

    first = client.get(url)
    again = client.get(url, headers={"if-modified-since": first["Last-Modified"]})

    assert "public" in first["Cache-Control"]
    assert again.status_code == 304


def test_empty_feeds_are_valid(client, news_index):
    assert rss_items(rss(client, feed_urls(news_index)["rss"])) == []
    assert atom_entries(atom(client, feed_urls(news_index)["atom"])) == []
