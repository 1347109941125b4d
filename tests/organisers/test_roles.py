"""The roles the migration creates, and two-factor authentication before any
admin page with personal data."""

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from wagtail.models import GroupPagePermission

from organisers.roles import COMMUNICATION, ORGANISERS, REVIEWERS
from tests.organisers.factories import (
    build_admin_user,
    build_communication_member,
    build_organiser,
)
from tests.pages import soup

pytestmark = pytest.mark.django_db

PERSONAL_DATA = ("registrations.view_registration", "outbox.view_outgoingemail")


def test_the_roles_exist_with_their_permissions(home_page):
    organiser = build_organiser()
    communication = build_communication_member()

    assert all(organiser.has_perm(p) for p in PERSONAL_DATA)
    assert not any(communication.has_perm(p) for p in PERSONAL_DATA)
    for user in (organiser, communication):
        assert user.has_perm("wagtailadmin.access_admin")
        assert user.has_perm("home.change_theme")
    assert organiser.has_perm("events.change_venue")
    assert not communication.has_perm("events.change_venue")
    expected_page_permissions = {
        ORGANISERS: {"add_page", "change_page", "publish_page"},
        REVIEWERS: {"add_page", "change_page", "publish_page"},
        # Communication's pages go through the review workflow.
        COMMUNICATION: {"add_page", "change_page"},
    }
    for name, expected in expected_page_permissions.items():
        page_permissions = GroupPagePermission.objects.filter(group__name=name)
        assert {p.permission.codename for p in page_permissions} == expected
    assert Group.objects.filter(name="Agents de la Région").exists()


def test_personal_data_waits_for_two_factor_authentication(client, home_page):
    client.force_login(build_organiser(two_factor=False))
    listing = reverse("outbox:index")

    response = client.get(listing)

    assert response.status_code == 302
    guide = reverse("organisers_two_factor_required")
    assert response["Location"] == f"{guide}?next=%2Fadmin%2Foutbox%2F"
    page = soup(client.get(response["Location"]))
    assert page.find("a", href=reverse("mfa_activate_totp"))
    # "Continue" leads back to the listing, which sends here again until
    # two-factor authentication is on.
    assert page.find("a", href=listing)
    assert client.get(listing)["Location"] == response["Location"]


def test_with_two_factor_the_page_opens_and_the_guide_sends_back(client, home_page):
    client.force_login(build_organiser(two_factor=True))
    listing = reverse("outbox:index")

    assert client.get(listing).status_code == 200
    guide = reverse("organisers_two_factor_required")
    back = client.get(guide, {"next": listing})
    assert (back.status_code, back["Location"]) == (302, listing)
    elsewhere = client.get(guide, {"next": "https://ailleurs.example/"})
    assert elsewhere.status_code == 200


@override_settings(PERSONAL_DATA_WITHOUT_TWO_FACTOR=["admin"])
def test_the_development_admin_is_exempt_only_where_listed(client, home_page):
    client.force_login(build_admin_user("admin", is_superuser=True))

    assert client.get(reverse("outbox:index")).status_code == 200


def test_a_superuser_needs_two_factor_too(client, home_page):
    client.force_login(build_admin_user("root", is_superuser=True))

    assert client.get(reverse("outbox:index")).status_code == 302
