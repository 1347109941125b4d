"""'Download my data': every category of a person's data, nothing of anyone
else's, no secret, in a fixed number of queries."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.urls import reverse

from events.registrations.models import Registration
from outbox.services import email_queue
from privacy.export import personal_data_export
from tests.events.factories import build_event_index, build_territory
from tests.events.registrations.factories import build_registration_event, register
from tests.privacy.factories import build_events, build_person, move_to_past
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

CATEGORIES = {
    "about_this_file",
    "account",
    "email_addresses",
    "profile",
    "registrations",
    "news_subscription",
    "calendar_feed",
    "two_factor_authentication",
    "identity_provider_accounts",
    "emails_sent_to_you",
}
# What the other person typed, and what the portal holds about them.
OTHER_PERSON_VALUES = [
    "ondine.autre@example.net",
    "Ondine",
    "Zéphyrine",
    "Structure de Ondine",
    "Coopérative Lointaine",
    "06 99 88 77 66",
    "Fauteuil roulant, rampe",
    "Sans gluten",
    "Barnabé Accompagnant",
    "Votre code de connexion, Ondine",
    "hash-of-ondine",
    "OTHERSECRETAAAAA",
]


@pytest.fixture
def people(home_page):
    index = build_event_index(home_page)
    upcoming_event, past_event = build_events(index, sessions=2)
    session = upcoming_event.sessions.first()
    camille = build_person(
        username="camille",
        email="camille@example.org",
        first_name="Camille",
        last_name="Martin",
        upcoming_event=upcoming_event,
        past_event=past_event,
        territory=build_territory(name="Indre"),
        phone="02 38 00 00 00",
        accessibility_needs="Boucle magnétique",
        news_opt_in=True,
    )
    ondine = build_person(
        username="ondine",
        email="ondine.autre@example.net",
        first_name="Ondine",
        last_name="Zéphyrine",
        upcoming_event=upcoming_event,
        past_event=past_event,
        secret="OTHERSECRETAAAAA",
        organisation_name="Coopérative Lointaine",
        phone="06 99 88 77 66",
        accessibility_needs="Fauteuil roulant, rampe",
        dietary_needs="Sans gluten",
        seats=2,
        companions=["Barnabé Accompagnant"],
        sessions=[session],
    )
    move_to_past(past_event)
    return camille, ondine


def download(client, user):
    client.force_login(user)
    return client.get(reverse("accounts:data_download"))


def test_the_file_is_a_json_attachment(client, people):
    camille, _ = people

    response = download(client, camille.user)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees.json"'
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    body = response.content.decode()
    assert "Demi-journée à venir" in body  # ensure_ascii=False
    assert "\n  " in body  # indented
    assert set(json.loads(body)) == CATEGORIES


def test_every_category_of_the_person_is_there(client, people):
    camille, _ = people
    EmailAddress.objects.create(
        user=camille.user, email="camille.pro@example.org", verified=False
    )

    data = json.loads(download(client, camille.user).content)

    assert data["account"]["email"] == "camille@example.org"
    assert data["account"]["has_a_password"] is True
    assert {a["email"] for a in data["email_addresses"]} == {
        "camille@example.org",
        "camille.pro@example.org",
    }
    assert data["profile"]["organisation_name"] == "Structure de Camille"
    assert data["profile"]["territory"] == "Indre"
    titles = [r["event"]["title"] for r in data["registrations"]]
    assert sorted(titles) == ["Demi-journée à venir", "Journée passée"]
    upcoming = next(
        r
        for r in data["registrations"]
        if r["event"]["title"] == "Demi-journée à venir"
    )
    assert upcoming["answers"]["phone"] == "02 38 00 00 00"
    assert upcoming["answers"]["accessibility_needs"] == "Boucle magnétique"
    assert upcoming["data_protection_consent"]["notice_version"] == "2024-01"
    assert upcoming["data_protection_consent"]["given_at"].startswith("20")
    assert upcoming["status"]
    assert upcoming["seats"] == 1
    assert data["news_subscription"]["subscribed_from_your_account"] is True
    assert data["news_subscription"]["consent_notice_version"] == "3.7"
    assert (
        "Demi-journée à venir"
        in data["news_subscription"]["asked_when_registering_for"]
    )
    [subscription] = data["news_subscription"]["subscriptions"]
    assert subscription["email"] == "camille@example.org"
    assert subscription["confirmed_at"] is None  # waiting for confirmation
    assert data["calendar_feed"] == [
        {
            "created_at": data["calendar_feed"][0]["created_at"],
            "revoked_at": None,
            "active": True,
        }
    ]
    [totp] = data["two_factor_authentication"]
    assert set(totp) == {"type", "created_at", "last_used_at"}
    kinds = {e["kind"] for e in data["emails_sent_to_you"]}
    assert {"account_login_code", "registration_confirmed"} <= kinds
    assert {e["to"] for e in data["emails_sent_to_you"]} == {"camille@example.org"}


def test_a_guest_registration_with_a_verified_address_is_included(client, people):
    camille, _ = people
    event = build_registration_event(
        Registration.objects.first().event.get_parent(), title="Visite apprenante"
    )
    register(event, email="camille@example.org", first_name="Camille")

    data = json.loads(download(client, camille.user).content)

    assert "Visite apprenante" in [r["event"]["title"] for r in data["registrations"]]


def test_nothing_of_another_person_and_no_secret(client, people):
    camille, ondine = people
    email_queue(
        kind="registration_link",
        recipient="ondine.autre@example.net",
        subject="Pour Ondine",
        text="Votre lien",
        related=ondine.upcoming,
    )

    body = download(client, camille.user).content.decode()

    for value in OTHER_PERSON_VALUES:
        assert value not in body, value
    for secret in ("JBSWY3DPEHPK3PXP", "hash-of-camille", "md5$", "pbkdf2"):
        assert secret not in body, secret
    assert str(camille.upcoming.public_id) not in body
    assert str(camille.upcoming.calendar_uid) not in body


def test_dates_are_iso_8601(client, people):
    camille, _ = people

    data = json.loads(download(client, camille.user).content)

    starts_at = data["registrations"][0]["event"]["starts_at"]
    assert len(starts_at) >= 19 and starts_at[10] == "T"
    assert starts_at[-6] in "+-"


def test_signed_in_only(client, people):
    response = client.get(reverse("accounts:data_download"))

    assert response.status_code == 302
    assert "/compte/" in response["Location"]


def test_a_fixed_number_of_queries(people):
    camille, _ = people
    index = camille.upcoming.event.get_parent()
    user = User.objects.create_user("dominique", "dominique@example.org")
    EmailAddress.objects.create(
        user=user, email="dominique@example.org", verified=True, primary=True
    )

    def register_for_a_new_event(number):
        event = build_registration_event(index, title=f"Atelier {number}", sessions=1)
        register(
            event,
            email="dominique@example.org",
            user=user,
            sessions=[event.sessions.first()],
        )

    register_for_a_new_event(0)
    with count_queries() as one:
        personal_data_export(user=user)
    for number in range(1, 10):
        register_for_a_new_event(number)
    with count_queries() as ten:
        export = personal_data_export(user=user)

    assert len(export["registrations"]) == 10
    assert len(export["emails_sent_to_you"]) >= 10
    assert len(ten) == len(one), ten.statements
