"""A news page: its parts, previous and next news, related events, themes,
OpenGraph, JSON-LD, the sitemap and previews."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.models import NewsPage
from tests.events.factories import build_event
from tests.news.factories import (
    build_image,
    build_news,
    build_staff_user,
    make_private,
)
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return soup(response)


def json_ld(document) -> dict:
    scripts = document.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def section(document, heading_id):
    return document.find(id=heading_id).find_parent("section")


def pager_links(document) -> dict[str, str]:
    pager = document.find("nav", class_="news-pager")
    return {link.get("rel", ["all"])[0]: link["href"] for link in pager.find_all("a")}


def test_news_page_shows_every_part(client, news_index, events_index, theme):
    event = build_event(events_index, title="Demi-journée à Cepoy")
    news = build_news(
        news_index,
        title="Retour sur Cepoy",
        introduction="Une demi-journée riche en échanges.",
        image=build_image(),
        themes=[theme],
        related_events=[event],
        body=json.dumps(
            [
                {"type": "heading", "value": {"text": "Les ateliers", "level": "h2"}},
                {"type": "paragraph", "value": "<p>Six ateliers en parallèle.</p>"},
            ]
        ),
    )

    document = get(client, news.url)

    assert text_of(document.find("h1")) == "Retour sur Cepoy"
    time = document.find(class_="news__date").find("time")
    assert time["datetime"] == news.publication_date.isoformat()
    assert "Une demi-journée riche en échanges." in text_of(document.find("main"))
    assert text_of(document.find("main").find("h2")) == "Les ateliers"
    assert document.find("figure", class_="news__image").find("img")
    events = section(document, "news-events")
    assert events.find("a")["href"] == event.url
    assert events.find("time")["datetime"].startswith(
        timezone.localtime(event.starts_at).date().isoformat()
    )
    themes = section(document, "news-themes")
    assert themes.find("a")["href"] == f"{news_index.url}thematique/{theme.slug}/"
    assert not document.find(class_="badge--announcement")


def test_announcements_say_so(client, news_index):
    news = build_news(news_index, is_announcement=True)

    document = get(client, news.url)

    assert text_of(document.find("header", class_="news__header").find(class_="badge"))


def test_previous_and_next_news_by_date(client, news_index):
    older = build_news(news_index, title="Plus ancienne", days_ago=10)
    middle = build_news(news_index, title="Du milieu", days_ago=5)
    same_day = build_news(news_index, title="Même jour", days_ago=5)
    newest = build_news(news_index, title="La plus récente", days_ago=1)
    build_news(news_index, title="Brouillon récent", days_ago=3, publish=False)
    make_private(build_news(news_index, title="Réservée", days_ago=4))

    assert pager_links(get(client, middle.url)) == {
        "prev": older.url,
        "next": same_day.url,
        "all": news_index.url,
    }
    assert pager_links(get(client, same_day.url)) == {
        "prev": middle.url,
        "next": newest.url,
        "all": news_index.url,
    }
    assert pager_links(get(client, older.url)) == {
        "next": middle.url,
        "all": news_index.url,
    }
    assert pager_links(get(client, newest.url)) == {
        "prev": same_day.url,
        "all": news_index.url,
    }


def test_pager_link_texts_say_where_they_lead(client, news_index):
    older = build_news(news_index, title="Plus ancienne", days_ago=10)
    newer = build_news(news_index, title="Plus récente", days_ago=1)

    document = get(client, newer.url)

    link = document.find("nav", class_="news-pager").find("a", rel="prev")
    assert older.title in text_of(link)
    assert document.find("nav", class_="news-pager")["aria-label"]


def test_related_events_the_visitor_may_see(client, news_index, events_index):
    public = build_event(events_index, title="Publique", days=20)
    internal = build_event(events_index, title="Interne", days=10, audience="internal")
    draft = build_event(events_index, title="Brouillon", days=5)
    draft.unpublish()
    news = build_news(news_index, related_events=[public, internal, draft])

    anonymous = section(get(client, news.url), "news-events")
    client.force_login(build_staff_user())
    staff = section(get(client, news.url), "news-events")

    assert [text_of(a) for a in anonymous.find_all("a")] == ["Publique"]
    assert [text_of(a) for a in staff.find_all("a")] == ["Interne", "Publique"]


def test_no_related_events_no_section(client, news_index):
    news = build_news(news_index)

    document = get(client, news.url)

    assert document.find(id="news-events") is None
    assert document.find(id="news-themes") is None


def test_json_ld_describes_a_news_article(client, news_index, theme):
    news = build_news(
        news_index,
        title="Retour sur la journée de lancement",
        introduction="Un état des lieux de l’ESS.",
        image=build_image(),
        themes=[theme],
        days_ago=3,
    )

    data = json_ld(get(client, news.url))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == news.title
    assert data["description"] == "Un état des lieux de l’ESS."
    assert data["url"] == news.full_url
    assert data["mainEntityOfPage"]["@id"] == news.full_url
    assert data["inLanguage"] == "fr"
    assert data["datePublished"].startswith(news.publication_date.isoformat())
    assert data["dateModified"] >= data["datePublished"]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Région de test",
        "url": "http://testserver/",
    }
    assert data["author"]["name"] == "Région de test"
    assert data["image"][0].startswith("http://testserver/")
    assert data["image"][0].endswith(".png")
    assert data["about"] == [{"@type": "Thing", "name": theme.name}]


def test_json_ld_cannot_close_its_script(client, news_index):
    news = build_news(news_index, introduction="</script><script>alert(1)</script>")

    response = client.get(news.url)

    assert b"</script><script>alert(1)" not in response.content
    assert json_ld(soup(response))["description"] == news.introduction


def test_long_headlines_are_cut(client, news_index):
    news = build_news(news_index, title="Une actualité " + "très " * 40 + "longue")

    headline = json_ld(get(client, news.url))["headline"]

    assert len(headline) <= 110
    assert headline.endswith("…")


def test_page_describes_itself_for_sharing(client, news_index):
    image = build_image()
    news = build_news(
        news_index, introduction="Ce qui s’est dit à Cepoy.", image=image, days_ago=2
    )

    document = get(client, news.url)

    def meta(name):
        return document.find("meta", property=name)["content"]

    assert document.find("meta", attrs={"name": "description"})["content"] == (
        "Ce qui s’est dit à Cepoy."
    )
    assert meta("og:type") == "article"
    assert meta("og:title") == news.title
    assert meta("og:description") == "Ce qui s’est dit à Cepoy."
    assert meta("og:url") == news.full_url
    assert meta("og:image").startswith("http://")
    assert meta("og:image:width") == "1200"
    assert meta("article:published_time").startswith(news.publication_date.isoformat())
    assert document.find("link", rel="canonical")["href"] == news.full_url


def test_sharing_image_wins_over_the_image(client, news_index):
    news = build_news(
        news_index,
        image=build_image("Photo", colour="#000000"),
        meta_image=build_image("Partage", size=(1200, 630)),
    )

    assert news.sharing_image.title == "Partage"
    assert get(client, news.url).find("meta", property="og:image")


def test_page_advertises_the_news_feeds(client, news_index):
    news = build_news(news_index)

    document = get(client, news.url)

    assert [
        (link["type"], link["href"])
        for link in document.find_all("link", rel="alternate")
    ] == [
        ("application/rss+xml", f"http://testserver{news_index.url}rss/"),
        ("application/atom+xml", f"http://testserver{news_index.url}atom/"),
    ]


def test_drafts_and_private_news_are_not_served(client, news_index):
    draft = build_news(news_index, publish=False)
    private = build_news(news_index)
    make_private(private)

    assert client.get(draft.url).status_code == 404
    response = client.get(private.url)
    assert response.status_code == 200
    assert private.introduction not in response.content.decode()


def test_sitemap_lists_public_news_only(client, news_index):
    public = build_news(news_index, title="Publique")
    draft = build_news(news_index, title="Brouillon", publish=False)
    private = build_news(news_index, title="Réservée")
    make_private(private)

    response = client.get("/sitemap.xml")

    body = response.content.decode()
    assert public.full_url in body
    assert news_index.full_url in body
    assert f"/{draft.slug}/" not in body
    assert private.full_url not in body


def test_news_is_found_by_search(client, news_index):
    build_news(news_index, title="Finances solidaires : un bilan")

    response = client.get("/recherche/", {"q": "bilan"})

    assert "Finances solidaires : un bilan" in response.content.decode()


# ---------- Previews ----------


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser(
        "editrice", "editrice@example.org", "mot-de-passe-solide-123"
    )
    client.force_login(user)
    return client


def news_form_data(*, themes=(), related_events=(), **fields):
    data = nested_form_data(
        {
            "title": "Aperçu d’une actualité",
            "slug": "apercu",
            "publication_date": "2024-07-11",
            "introduction": "Plus d’informations à venir prochainement.",
            "body": streamfield(
                [("paragraph", rich_text("<p>Un paragraphe d’aperçu.</p>"))]
            ),
            **fields,
        }
    )
    # Checkboxes: one value per ticked box.
    return data | {
        "themes": [theme.pk for theme in themes],
        "related_events": [event.pk for event in related_events],
    }


def preview(client, url, data):
    posted = client.post(url, data)
    assert posted.status_code == 200
    assert posted.json()["is_valid"], posted.json()
    response = client.get(url)
    assert response.status_code == 200
    return soup(response)


def test_preview_of_a_new_news_item(editor_client, news_index, events_index, theme):
    event = build_event(events_index, title="Événement lié")
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=("news", "newspage", news_index.pk)
    )

    document = preview(
        editor_client,
        url,
        news_form_data(themes=[theme], related_events=[event]),
    )

    assert text_of(document.find("h1")) == "Aperçu d’une actualité"
    assert "Un paragraphe d’aperçu." in text_of(document.find("main"))
    assert text_of(section(document, "news-events").find("a")) == "Événement lié"
    assert text_of(section(document, "news-themes").find("li")) == theme.name
    assert json_ld(document)["headline"] == "Aperçu d’une actualité"


def test_preview_of_changes_to_a_news_item(editor_client, news_index, events_index):
    event = build_event(events_index, title="Nouvel événement lié")
    older = build_news(news_index, title="Plus ancienne", days_ago=30)
    news = build_news(news_index, title="Publiée", days_ago=3)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(news.pk,))
    Client().get(news.url)  # what the public sees is kept for the next visitor

    document = preview(
        editor_client,
        url,
        news_form_data(
            title="Publiée, modifiée",
            slug=news.slug,
            publication_date=news.publication_date.isoformat(),
            related_events=[event],
        ),
    )

    assert text_of(document.find("h1")) == "Publiée, modifiée"
    assert text_of(section(document, "news-events").find("a")) == event.title
    assert pager_links(document)["prev"] == older.url
    assert NewsPage.objects.get(pk=news.pk).title == "Publiée"
    for visitor in (Client(), editor_client):  # the public, and the editor
        public = soup(visitor.get(news.url))
        assert text_of(public.find("h1")) == "Publiée"
        assert public.find(id="news-events") is None


def test_editors_create_news_in_the_admin(editor_client, news_index, theme):
    url = reverse("wagtailadmin_pages:add", args=("news", "newspage", news_index.pk))

    response = editor_client.post(
        url, news_form_data(themes=[theme], **{"action-publish": "publish"})
    )

    assert response.status_code == 302
    news = NewsPage.objects.get(slug="apercu")
    assert news.live
    assert list(news.themes.all()) == [theme]
    assert news.publication_date.isoformat() == "2024-07-11"


def test_publication_date_defaults_to_today():
    assert NewsPage().publication_date == timezone.localdate()
