"""The page cache (home.page_cache): one rendering of a public page serves
every anonymous visitor until what it shows changes; signed-in people and
previews bypass it; no visitor ever gets another's cookie or CSRF token."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events.models import EventPage
from events.registrations.choices import RegistrationStatus
from events.registrations.services import registration_cancel
from news.selectors import NEWS_PER_PAGE
from tests.events.registrations.factories import build_registration_event, register
from tests.news.factories import build_many_news, build_news, build_news_index
from tests.organisers.factories import build_admin_user
from tests.pages import soup, text_of
from tests.queries import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

STATE = ".registration-state"


@pytest.fixture
def news(home_page):
    return build_news(build_news_index(home_page), title="Retour sur Cepoy")


@pytest.fixture
def event(index):
    return build_registration_event(index, capacity=2, waiting_list_enabled=False)


def state_of(response) -> str:
    return text_of(soup(response).select_one(STATE))


def test_the_second_visitor_gets_the_stored_page_without_a_query(client, news):
    first = client.get(news.url)
    with count_queries() as queries:
        second = Client().get(news.url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Cache-Control"] == first["Cache-Control"]


def test_no_cookie_nor_csrf_token_is_shared(news):
    first, second = Client(), Client()
    responses = [first.get(news.url), second.get(news.url)]

    assert [response["X-Page-Cache"] for response in responses] == ["miss", "hit"]
    for response in responses:
        assert not response.cookies
        assert "Set-Cookie" not in response
        document = soup(response)
        assert document.select('input[name="csrfmiddlewaretoken"]') == []
        # The page's one POST form (the news subscription) needs no token.
        assert document.select('form[method="post"]')


def test_signed_in_people_bypass_it_and_store_nothing(client, news):
    client.force_login(build_admin_user("editrice", is_superuser=True))

    signed_in = client.get(news.url)
    anonymous = Client().get(news.url)

    assert "X-Page-Cache" not in signed_in
    assert "private" in signed_in["Cache-Control"]
    assert anonymous["X-Page-Cache"] == "miss"


def test_a_preview_never_reaches_anonymous_visitors(client, news):
    Client().get(news.url)
    news.title = "Brouillon pas encore relu"
    news.save_revision()
    client.force_login(build_admin_user("editrice", is_superuser=True))

    draft = client.get(reverse("wagtailadmin_pages:view_draft", args=[news.pk]))
    anonymous = Client().get(news.url)

    assert "X-Page-Cache" not in draft
    assert "Brouillon pas encore relu" in draft.text
    assert anonymous["X-Page-Cache"] == "hit"
    assert "Brouillon pas encore relu" not in anonymous.text


def test_publishing_and_unpublishing_retire_the_stored_page(news):
    Client().get(news.url)
    news.title = "Retour sur la demi-journée de Cepoy"
    news.save_revision().publish()

    republished = Client().get(news.url)
    assert republished["X-Page-Cache"] == "miss"
    assert text_of(soup(republished).find("h1")) == news.title

    news.unpublish()
    assert Client().get(news.url).status_code == 404


def test_a_registration_retires_the_event_page_when_it_commits(
    event, django_capture_on_commit_callbacks
):
    assert "2 places restantes" in state_of(Client().get(event.url))
    assert Client().get(event.url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, email="un@example.org").registration
        # Under the registration's lock: nothing else can see it yet.
        before_commit = Client().get(event.url)
    after_one = Client().get(event.url)
    with django_capture_on_commit_callbacks(execute=True):
        register(event, email="deux@example.org")
    full = Client().get(event.url)

    assert before_commit["X-Page-Cache"] == "hit"
    assert after_one["X-Page-Cache"] == "miss"
    assert "1 place restante" in state_of(after_one)
    assert state_of(full) == "Complet : les inscriptions sont closes."
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first)
    assert "1 place restante" in state_of(Client().get(event.url))


def test_joining_the_waiting_list_keeps_the_stored_event_page(
    index, django_capture_on_commit_callbacks
):
    event = build_registration_event(index, capacity=1, waiting_list_enabled=True)
    first = register(event, email="un@example.org").registration
    Client().get(event.url)

    with django_capture_on_commit_callbacks(execute=True):
        waitlisted = register(event, email="deux@example.org")
    kept = Client().get(event.url)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first)
    after_cancellation = Client().get(event.url)

    assert waitlisted.status == RegistrationStatus.WAITLISTED
    assert kept["X-Page-Cache"] == "hit"
    assert after_cancellation["X-Page-Cache"] == "miss"


def test_pages_showing_seats_are_revalidated_by_browsers_and_proxies(event, news):
    event_page = Client().get(event.url)
    news_page = Client().get(news.url)

    assert "max-age=0" in event_page["Cache-Control"]
    assert "must-revalidate" in event_page["Cache-Control"]
    assert "max-age=120" in news_page["Cache-Control"]
    assert "public" in news_page["Cache-Control"]


def test_a_stored_page_answers_304_to_a_revalidation(news):
    etag = Client().get(news.url)["ETag"]

    revalidated = Client().get(news.url, HTTP_IF_NONE_MATCH=etag)

    assert revalidated.status_code == 304
    assert revalidated["X-Page-Cache"] == "hit"


def test_the_page_expires_when_registration_closes(event):
    closes_at = timezone.now() + timedelta(seconds=1.5)
    EventPage.objects.filter(pk=event.pk).update(registration_closes_at=closes_at)
    assert "2 places restantes" in state_of(Client().get(event.url))

    time.sleep(2)
    closed = Client().get(event.url)

    assert closed["X-Page-Cache"] == "miss"
    assert state_of(closed) == "Les inscriptions sont closes."


def test_search_results_are_stored_too(news):
    url = "/recherche/?q=Cepoy"
    first = Client().get(url)
    second = Client().get(url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content


def test_a_page_made_private_is_no_longer_served_from_the_cache(news):
    assert Client().get(news.url)["X-Page-Cache"] == "miss"

    PageViewRestriction.objects.create(
        page=news, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = Client().get(news.url)

    assert "X-Page-Cache" not in response
    document = soup(response)
    assert document.select_one('input[name="password"]')
    assert document.select_one(".news__introduction") is None


def test_readers_of_a_newsletter_share_one_stored_page(home_page):
    index = build_news_index(home_page)
    build_many_news(index, NEWS_PER_PAGE + 1, image=False)
    first = Client().get(
        f"{index.url}?page=2&utm_source=lettre&utm_medium=email&mc_eid=a1b2c3"
    )

    second = Client().get(f"{index.url}?fbclid=IwAR0x&page=2&mc_eid=d4e5f6")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    links = [a["href"] for a in soup(second).select(".pagination a")]
    assert links and not any(
        "utm_" in link or "mc_eid" in link or "fbclid" in link for link in links
    )
    assert Client().get(f"{index.url}?utm_source=lettre")["X-Page-Cache"] == "miss"
