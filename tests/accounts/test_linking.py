"""Guest registrations join an account once, and only once, its email is verified."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_signed_up
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from accounts.services import registrations_link_verified_email
from events.registrations.models import Registration
from outbox.models import OutgoingEmail
from tests.events.registrations.factories import build_registration_event, register

pytestmark = pytest.mark.django_db


def make_user(email: str, *, verified: bool):
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password="un-mot-de-passe-long"
    )
    address = EmailAddress.objects.create(
        user=user, email=email, verified=verified, primary=True
    )
    return user, address


def confirm(address):
    """What allauth does once an address is verified."""
    address.verified = True
    address.save()
    request = RequestFactory().get("/")
    email_confirmed.send(sender=EmailAddress, request=request, email_address=address)


def test_an_unverified_account_sees_nothing_then_everything_once_verified(
    client, index
):
    event = build_registration_event(index, title="Forum de Cepoy")
    other_event = build_registration_event(index, title="Atelier de Bourges")
    guest = register(event, email="Camille@Example.org").registration
    register(other_event, email="someone.else@example.org")
    user, address = make_user("camille@example.org", verified=False)
    client.force_login(user)

    before = client.get("/compte/inscriptions/")

    assert event.title not in before.content.decode()
    guest.refresh_from_db()
    assert guest.user is None

    confirm(address)

    guest.refresh_from_db()
    assert guest.user == user
    after = client.get("/compte/inscriptions/").content.decode()
    assert event.title in after
    assert other_event.title not in after


def verification_code(email: str) -> str:
    message = OutgoingEmail.objects.filter(recipient=email).latest("pk")
    return re.search(
        r"^\s*([A-Z0-9]{4}-?[A-Z0-9]{4})\s*$", message.text_body, re.M
    ).group(1)


def test_signing_up_and_verifying_by_code_links(client, index):
    """allauth's own sign-up and verification views, end to end."""
    event = build_registration_event(index)
    guest = register(event, email="dominique@example.org").registration
    password = "Un-mot-de-passe-assez-long-2024"

    client.post(
        "/compte/signup/",
        {
            "email": "Dominique@example.org",
            "password1": password,
            "password2": password,
        },
    )
    guest.refresh_from_db()
    assert guest.user is None  # signed up, not verified yet

    response = client.post(
        "/compte/confirm-email/", {"code": verification_code("dominique@example.org")}
    )

    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.user is not None
    assert guest.user.email.lower() == "dominique@example.org"
    page = client.get("/compte/inscriptions/").content.decode()
    assert event.title in page


def test_registrations_of_another_account_stay_with_it(index):
    event = build_registration_event(index)
    owner, _address = make_user("owner@example.org", verified=True)
    taken = register(event, email="shared@example.org", user=owner).registration
    _newcomer, address = make_user("shared@example.org", verified=False)

    confirm(address)

    taken.refresh_from_db()
    assert taken.user == owner


def test_cancelled_and_past_guest_registrations_are_linked_too(index):
    from events.registrations.services import registration_cancel

    event = build_registration_event(index)
    cancelled = register(event, email="alex@example.org").registration
    registration_cancel(registration=cancelled)
    user, address = make_user("alex@example.org", verified=False)

    confirm(address)

    assert list(Registration.objects.filter(user=user)) == [cancelled]


def test_anonymised_registrations_are_never_linked(index):
    event = build_registration_event(index)
    guest = register(event, email="alex@example.org").registration
    Registration.objects.filter(pk=guest.pk).update(anonymised_at=guest.created_at)
    user, _address = make_user("alex@example.org", verified=True)

    assert registrations_link_verified_email(user=user, email="alex@example.org") == 0


def test_a_sign_up_with_an_address_already_verified_links(index):
    """An identity provider vouches for the address: no email_confirmed."""
    event = build_registration_event(index)
    guest = register(event, email="agent@example.org").registration
    user, _address = make_user("agent@example.org", verified=True)

    user_signed_up.send(
        sender=user.__class__, request=RequestFactory().get("/"), user=user
    )

    guest.refresh_from_db()
    assert guest.user == user


def test_a_sign_up_with_an_unverified_address_links_nothing(index):
    event = build_registration_event(index)
    guest = register(event, email="alex@example.org").registration
    user, _address = make_user("alex@example.org", verified=False)

    user_signed_up.send(
        sender=user.__class__, request=RequestFactory().get("/"), user=user
    )

    guest.refresh_from_db()
    assert guest.user is None


def test_a_registration_made_signed_in_belongs_to_the_account(client, index):
    event = build_registration_event(index)
    user, _address = make_user("sam@example.org", verified=True)
    client.force_login(user)

    response = client.post(
        reverse("registrations:register", args=[event.pk]),
        {
            "first_name": "Sam",
            "last_name": "Durand",
            "email": "sam@example.org",
            "participant_type": "citizen",
            "consent": "on",
        },
    )

    assert response.status_code == 302
    assert Registration.objects.get(event=event).user == user
