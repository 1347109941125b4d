"""The people of a permission matrix, and what an admin URL does to them."""

from django.urls import reverse

from tests.organisers.factories import (
    build_admin_user,
    build_communication_member,
    build_organiser,
    build_staff_member,
)

GUIDE = "organisers_two_factor_required"

PEOPLE = {
    "anonymous": lambda: None,
    "communication": build_communication_member,
    "staff without role": build_staff_member,
    "organiser without 2FA": lambda: build_organiser(two_factor=False),
    "organiser with 2FA": build_organiser,
    "superuser with 2FA": lambda: build_admin_user(
        "root", is_superuser=True, two_factor=True
    ),
}


def door(client, url) -> str:
    """ "open", "two-factor first", "sign in" or "refused"."""
    response = client.get(url)
    if response.status_code == 200:
        return "open"
    assert response.status_code == 302, (url, response.status_code)
    location = response["Location"]
    if location.startswith(reverse(GUIDE)):
        return "two-factor first"
    if location.startswith(reverse("wagtailadmin_login")):
        return "sign in"
    return "refused"
