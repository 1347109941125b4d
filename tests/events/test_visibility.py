"""Internal events exist for Region staff only: a 404 for anyone else, and
absent from every public surface (search, sitemap.xml, API; feeds are tested
with the feeds)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, PageViewRestriction

from events.models import Audience
from tests.events.factories import build_event
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Atelier confidentiel des agents"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def internal_event(index):
    return build_event(
        index, title=SECRET_TITLE, slug="atelier-interne", audience=Audience.INTERNAL
    )


@pytest.fixture
def public_event(index):
    return build_event(index, title="Atelier public", slug="atelier-public")


def make_user(username, *, staff=False):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "mot-de-passe-solide-123"
    )
    if staff:
        user.groups.add(Group.objects.get(name=settings.REGION_STAFF_GROUP_NAME))
    return user


def test_anonymous_visitor_gets_404(client, internal_event):
    response = client.get(internal_event.url)

    assert response.status_code == 404
    assert SECRET_TITLE not in response.content.decode()


def test_signed_in_visitor_outside_the_staff_gets_404(client, internal_event):
    client.force_login(make_user("citoyenne"))

    assert client.get(internal_event.url).status_code == 404


def test_region_staff_member_sees_it(client, internal_event):
    client.force_login(make_user("agente", staff=True))

    response = client.get(internal_event.url)

    assert response.status_code == 200
    assert SECRET_TITLE in text_of(soup(response).find("h1"))


def test_public_event_is_open_to_everyone(client, public_event):
    assert client.get(public_event.url).status_code == 200


def test_404_comes_before_a_login_restriction(client, internal_event):
    """No login page that would confirm the event exists."""
    PageViewRestriction.objects.create(
        page=internal_event, restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get(internal_event.url).status_code == 404


def test_editor_outside_the_staff_can_preview_it_in_the_admin(client, internal_event):
    editors = Group.objects.create(name="Rédaction")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=editors,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(codename="change_page"),
    )
    editor = make_user("redactrice")
    editor.groups.add(editors)
    client.force_login(editor)

    draft = client.get(
        reverse("wagtailadmin_pages:view_draft", args=[internal_event.pk])
    )
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[internal_event.pk]))

    assert draft.status_code == 200
    assert SECRET_TITLE in draft.content.decode()
    assert edit.status_code == 200
    assert client.get(internal_event.url).status_code == 404


def search_titles(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return [text_of(link) for link in soup(response).select(".search-result__title a")]


def test_absent_from_search_for_the_public(client, internal_event, public_event):
    assert search_titles(client, "confidentiel") == []
    assert search_titles(client, "Atelier") == ["Atelier public"]


def test_found_by_search_for_staff(client, internal_event):
    client.force_login(make_user("agente", staff=True))

    assert search_titles(client, "confidentiel") == [SECRET_TITLE]


def test_absent_from_sitemap(client, internal_event, public_event):
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "/evenements/atelier-public/" in sitemap
    assert "atelier-interne" not in sitemap


def test_absent_from_the_api(client, internal_event, public_event):
    listing = client.get("/api/v2/events/").json()
    detail = client.get(f"/api/v2/events/{internal_event.pk}/")

    assert [item["title"] for item in listing["items"]] == ["Atelier public"]
    assert detail.status_code == 404


def test_absent_from_the_api_even_for_staff(client, internal_event):
    """Open data is public data: staff see internal events on the site only."""
    client.force_login(make_user("agente", staff=True))

    assert client.get("/api/v2/events/").json()["items"] == []
