"""Region staff: by an administrator, or by a verified email of a listed domain."""

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from accounts.services import region_staff_grant_for_domain
from events.models import Audience
from events.registrations.models import Registration
from events.visibility import user_is_region_staff
from tests.events.factories import build_event_index
from tests.events.registrations.factories import build_registration_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staff_domains(settings):
    settings.REGION_STAFF_EMAIL_DOMAINS = ["region.example.org", "@Agents.Example.org"]
    return settings


def make_user(email: str, *, verified: bool = False):
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password="x" * 20
    )
    address = EmailAddress.objects.create(
        user=user, email=email, verified=verified, primary=True
    )
    return user, address


def confirm(address):
    address.verified = True
    address.save()
    email_confirmed.send(
        sender=EmailAddress, request=RequestFactory().get("/"), email_address=address
    )


def is_staff_member(user) -> bool:
    fresh = get_user_model().objects.get(pk=user.pk)
    return user_is_region_staff(fresh)


def in_group(user) -> bool:
    return user.groups.filter(name="Agents de la Région").exists()


@pytest.mark.parametrize(
    "email",
    ["agent@region.example.org", "Agent@REGION.example.org", "a@agents.example.org"],
)
def test_a_verified_address_of_a_listed_domain_joins_the_group(email):
    user, address = make_user(email)
    assert not is_staff_member(user)

    confirm(address)

    assert is_staff_member(user)
    assert in_group(user)


@pytest.mark.parametrize(
    "email",
    [
        "agent@example.org",
        "agent@sub.region.example.org",
        "agent@region.example.org.evil.test",
        "agent@notregion.example.org",
    ],
)
def test_other_domains_do_not(email):
    user, address = make_user(email)

    confirm(address)

    assert not is_staff_member(user)


def test_an_unverified_address_of_the_domain_does_not(client):
    user, _address = make_user("agent@region.example.org")
    password = "Un-mot-de-passe-assez-long-2024"

    client.post(
        "/compte/signup/",
        {
            "email": "new@region.example.org",
            "password1": password,
            "password2": password,
        },
    )

    assert not is_staff_member(user)
    newcomer = get_user_model().objects.get(email="new@region.example.org")
    assert not is_staff_member(newcomer)


def test_no_domain_listed_grants_nobody(settings):
    settings.REGION_STAFF_EMAIL_DOMAINS = []
    user, address = make_user("agent@region.example.org")

    confirm(address)

    assert not is_staff_member(user)


def test_the_group_is_made_if_missing_and_the_rule_never_removes():
    Group.objects.filter(name="Agents de la Région").delete()
    user, _address = make_user("agent@region.example.org", verified=True)

    assert region_staff_grant_for_domain(user=user, email=user.email)
    assert in_group(user)
    assert not region_staff_grant_for_domain(user=user, email="agent@example.org")
    assert in_group(user)


def test_a_staff_member_registers_for_an_internal_event_through_the_form(
    client, home_page
):
    event = build_registration_event(
        build_event_index(home_page), audience=Audience.INTERNAL, title="Atelier agents"
    )
    user, address = make_user("agent@region.example.org")
    confirm(address)
    client.force_login(user)

    form = client.get(reverse("registrations:register", args=[event.pk]))
    response = client.post(
        reverse("registrations:register", args=[event.pk]),
        {
            "first_name": "Dominique",
            "last_name": "Agent",
            "email": "agent@region.example.org",
            "participant_type": "region_staff",
            "consent": "on",
        },
    )

    assert form.status_code == 200
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert registration.user == user


def test_the_public_cannot_reach_an_internal_events_form(client, home_page):
    event = build_registration_event(
        build_event_index(home_page), audience=Audience.INTERNAL
    )
    user, address = make_user("someone@example.org")
    confirm(address)
    client.force_login(user)

    form_url = reverse("registrations:register", args=[event.pk])
    assert client.get(form_url).status_code == 404
