"""Public pages can be kept briefly by browsers and proxies, then revalidated."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo, loaded once for this module (tests/conftest.py)."""
    return shared_demo_site


pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize("path", ["/", "/la-concertation/", "/evenements/"])
def test_anonymous_visitors_get_a_shared_cacheable_page(client, demo_site, path):
    response = client.get(path)

    assert {"public", "max-age=120"} <= cache_control(response)
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("path", ["/", "/evenements/"])
def test_unchanged_page_answers_304_to_its_etag(client, demo_site, path):
    etag = client.get(path)["ETag"]

    response = client.get(path, headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_signed_in_people_get_private_pages(client, demo_site):
    user = get_user_model().objects.create_user("agent", password="x" * 12)
    client.force_login(user)

    response = client.get("/evenements/")

    assert {"private", "no-cache"} <= cache_control(response)


def test_a_page_that_shows_a_message_is_private(client, demo_site):
    cookie = CookieStorage(HttpRequest())._encode(
        [Message(constants.SUCCESS, "Votre compte a été supprimé.")]
    )
    client.cookies["messages"] = cookie

    with_message = client.get("/")
    after = client.get("/")

    assert "Votre compte a été supprimé." in with_message.content.decode()
    assert "private" in with_message["Cache-Control"]
    assert "Votre compte a été supprimé." not in after.content.decode()
    assert "public" in after["Cache-Control"]
