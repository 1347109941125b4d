"""Editors manage the site-wide snippets and settings in Wagtail's admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from home.models import Organisation, Person, Territory, Theme
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(shared_demo_site):
    """The demo, loaded once for this module (tests/conftest.py)."""
    return shared_demo_site


@pytest.fixture
def editor_client(client, demo_site):
    user = get_user_model().objects.create_superuser(
        "editrice", "editrice@example.org", "mot-de-passe-solide-123"
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", [Theme, Territory, Organisation, Person])
def test_snippet_listing_and_filters(editor_client, model):
    url = reverse(f"wagtailsnippets_home_{model._meta.model_name}:list")

    response = editor_client.get(url, {"q": "a"})

    assert response.status_code == 200


def test_theme_colour_that_white_text_cannot_read_is_refused(editor_client):
    url = reverse("wagtailsnippets_home_theme:add")

    response = editor_client.post(
        url,
        {
            "name": "Thème pâle",
            "slug": "theme-pale",
            "description": "",
            "colour": "#ffff66",
            "sort_order": "9",
        },
    )

    assert response.status_code == 200
    assert not Theme.objects.filter(slug="theme-pale").exists()
    error = soup(response).find(id="panel-child-colour-content") or soup(response)
    assert "contraste" in text_of(error)


def test_theme_colour_must_be_hexadecimal(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_home_theme:add"),
        {"name": "Thème", "slug": "theme-x", "colour": "bleu", "sort_order": "1"},
    )

    assert response.status_code == 200
    assert not Theme.objects.filter(slug="theme-x").exists()


def test_portal_settings_edit_form(editor_client, demo_site):
    url = reverse("wagtailsettings:edit", args=["home", "portalsettings", demo_site.pk])

    response = editor_client.get(url)

    assert response.status_code == 200


def test_snippet_export_as_csv(editor_client):
    url = reverse("wagtailsnippets_home_territory:list")

    response = editor_client.get(url, {"export": "csv"})

    assert response.status_code == 200
    rows = response.getvalue().decode().splitlines()
    assert len(rows) == 1 + Territory.objects.count()
