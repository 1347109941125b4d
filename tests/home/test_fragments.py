"""Fragments of public pages (home.fragments, ``{% fragment %}``): the
content-only parts of a page that misses the page cache are rendered once for
every anonymous visitor, retired with the content, and never kept longer than
what they show allows."""

import json
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.events.factories import build_event
from tests.factories import build_standard_page, build_theme
from tests.news.factories import build_image
from tests.organisers.factories import build_admin_user
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def image_body(image, caption: str) -> str:
    return json.dumps(
        [
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "decorative": False, "alt_text": ""},
                    "caption": caption,
                },
            }
        ]
    )


@pytest.fixture
def page(home_page):
    return build_standard_page(
        home_page, title="Compte rendu", body=image_body(build_image(), "Cepoy")
    )


def image_queries(queries) -> list[str]:
    """The body's images are read only to render it."""
    return [sql for sql in queries.statements if "wagtailimages_" in sql]


def caption_of(response) -> str:
    return text_of(soup(response).select_one(".block-image figcaption"))


def test_a_page_missing_the_page_cache_reuses_its_rendered_body(page):
    Client().get(f"{page.url}?visite=1")

    with count_queries() as queries:
        response = Client().get(f"{page.url}?visite=2")

    assert response["X-Page-Cache"] == "miss"
    assert caption_of(response) == "Cepoy"
    assert soup(response).select_one(".block-image img")["src"]
    assert image_queries(queries) == []


def test_signed_in_people_get_the_body_rendered_for_them(client, page):
    client.force_login(build_admin_user("cheffe"))
    Client().get(page.url)
    client.get(page.url)

    with count_queries() as queries:
        response = client.get(page.url)

    assert caption_of(response) == "Cepoy"
    assert image_queries(queries)


def test_publishing_a_new_body_shows_it_at_once(page):
    Client().get(f"{page.url}?visite=1")

    page.body = image_body(build_image(title="Autre"), "Montargis")
    page.save_revision().publish()

    assert caption_of(Client().get(f"{page.url}?visite=2")) == "Montargis"


def test_a_page_built_from_a_kept_fragment_expires_with_it(monkeypatch, home_page):
    """The timeline in a body changes at midnight: a page whose body comes from
    the fragment cache is kept no longer than that either."""
    soon = timezone.now() + timedelta(seconds=1.5)
    monkeypatch.setattr("consultation.timeline._start_of_day", lambda day: soon)
    page = build_standard_page(
        home_page, title="La concertation", body=[("timeline", None)]
    )
    Client().get(f"{page.url}?visite=1")  # renders the fragment
    stored = Client().get(page.url)  # the fragment kept: stored with its expiry
    assert stored["X-Page-Cache"] == "miss"
    assert Client().get(page.url)["X-Page-Cache"] == "hit"

    time.sleep(2)

    assert Client().get(page.url)["X-Page-Cache"] == "miss"


def test_the_events_filter_form_shows_what_each_visitor_asked_for(index):
    theme = build_theme(name="Mobilité", slug="mobilite")
    build_event(index, title="Atelier mobilité", themes=[theme])
    Client().get(f"{index.url}?theme=mobilite")

    def theme_filter(query):
        document = soup(Client().get(f"{index.url}?{query}"))
        selected = document.select_one("#filtre-theme option[selected]")
        notice = document.select_one(".filter-notice")
        return (selected["value"] if selected else ""), notice is not None

    assert theme_filter("theme=mobilite&visite=2") == ("mobilite", False)
    assert theme_filter("visite=3") == ("", False)
    assert theme_filter("theme=inconnue") == ("", True)
    assert theme_filter("theme=mobilite&theme=inconnue") == ("", True)


def test_a_form_someone_filled_in_is_never_kept_in_a_fragment(rf, home_page):
    from django import forms
    from django.template import engines

    from home.page_cache import recording_dependencies

    class NameForm(forms.Form):
        name = forms.CharField()

    template = engines["django"].from_string(
        '{% load fragments %}{% fragment "name" %}'
        '<input value="{{ form.name.value|default:"" }}">{% endfragment %}'
    )

    def rendered(form) -> str:
        with recording_dependencies():
            return template.render({"form": form, "request": rf.get("/")})

    blank = rendered(NameForm())
    typed = [rendered(NameForm({"name": name})) for name in ("Camille", "Dominique")]
    prefilled = rendered(NameForm(initial={"name": "Profil"}))

    assert blank == '<input value="">'
    assert typed == ['<input value="Camille">', '<input value="Dominique">']
    assert prefilled == '<input value="Profil">'
