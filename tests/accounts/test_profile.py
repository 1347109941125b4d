"""The profile page, its news consent record, and the prefilled registration form."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from accounts.services import profile_update, registration_initial
from news.subscriptions.models import (
    Subscription,
    SubscriptionSource,
    SubscriptionStatus,
)
from outbox.models import OutgoingEmail
from tests.events.factories import build_event_index, build_territory
from tests.events.registrations.factories import build_registration_event
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db
URL = "/compte/profil/"


@pytest.fixture
def user():
    user = get_user_model().objects.create_user(
        username="camille", email="camille@example.org", password="x" * 20
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def data(**overrides) -> dict:
    values = {
        "first_name": "Camille",
        "last_name": "Martin",
        "participant_type": "ess_organisation",
        "organisation_name": "La Ressourcerie",
        "organisation_type": "association",
        "territory": "",
        "preferred_language": "fr",
    }
    return {k: v for k, v in (values | overrides).items() if v is not None}


def test_signing_in_is_required(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_reading_the_page_writes_nothing(client, user):
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert len(soup(response).find_all("h1")) == 1
    assert not Profile.objects.exists()


def test_everything_is_optional(client, user):
    client.force_login(user)

    response = client.post(URL, {})

    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert profile.preferred_language == "fr"
    assert not profile.news_opt_in and profile.news_consented_at is None


def test_saving_and_reading_back(client, user, home_page):
    territory = build_territory(name="Loiret")
    client.force_login(user)

    response = client.post(URL, data(territory=territory.pk))

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Camille", "Martin")
    profile = Profile.objects.get(user=user)
    assert profile.organisation_name == "La Ressourcerie"
    assert profile.territory == territory
    page = soup(client.get(URL))
    assert page.find(id="id_first_name")["value"] == "Camille"
    assert page.find(id="id_territory").find("option", selected=True)["value"] == str(
        territory.pk
    )


def test_errors_are_in_french_next_to_their_field(client, user):
    client.force_login(user)

    response = client.post(
        URL, data(first_name="Cam\nille", organisation_type="nimporte")
    )

    assert response.status_code == 200
    page = soup(response)
    error = page.find(id="id_first_name_error")
    assert error and "ligne" in text_of(error)
    assert page.find(id="id_first_name")["aria-invalid"] == "true"
    assert page.find(id="id_organisation_type_error")
    assert page.find(class_="error-summary").find("a", href="#id_first_name")
    assert not Profile.objects.exists()


def test_opting_in_records_the_consent_once(user):
    now = timezone.now()

    profile = profile_update(
        user=user, consent_version="12.40", news_opt_in=True, now=now
    )
    assert (profile.news_consented_at, profile.news_consent_version) == (
        now,
        "12.40",
    )

    later = profile_update(
        user=user,
        consent_version="12.41",
        news_opt_in=True,
        now=now + timedelta(days=3),
    )
    assert (later.news_consented_at, later.news_consent_version) == (now, "12.40")

    withdrawn = profile_update(user=user, consent_version="12.41", news_opt_in=False)
    assert not withdrawn.news_opt_in
    assert withdrawn.news_consented_at is None
    assert withdrawn.news_consent_version == ""


def test_the_form_records_the_notice_version_in_force(client, user, home_page):
    client.force_login(user)

    client.post(URL, data(news_opt_in="on"))

    profile = Profile.objects.get(user=user)
    assert profile.news_opt_in
    assert profile.news_consented_at is not None
    # No personal-data page in the test site's settings: an empty version.
    assert profile.news_consent_version == ""


def test_the_registration_form_is_prefilled_from_the_profile(client, user, home_page):
    territory = build_territory(name="Cher")
    profile_update(
        user=user,
        consent_version="",
        first_name="Camille",
        last_name="Martin",
        participant_type="ess_organisation",
        organisation_name="La Ressourcerie",
        organisation_type="association",
        territory=territory,
    )
    event = build_registration_event(build_event_index(home_page))
    client.force_login(user)

    page = soup(client.get(reverse("registrations:register", args=[event.pk])))

    assert page.find(id="id_first_name")["value"] == "Camille"
    assert page.find(id="id_last_name")["value"] == "Martin"
    assert page.find(id="id_email")["value"] == "camille@example.org"
    assert page.find("input", {"name": "participant_type", "checked": True})[
        "value"
    ] == ("ess_organisation")
    assert page.find(id="id_organisation_name")["value"] == "La Ressourcerie"
    assert page.find(id="id_territory").find("option", selected=True)["value"] == str(
        territory.pk
    )
    assert not page.find(id="id_news_opt_in").has_attr("checked")


def test_guests_get_an_empty_form(client, home_page):
    event = build_registration_event(build_event_index(home_page))

    page = soup(client.get(reverse("registrations:register", args=[event.pk])))

    assert not page.find(id="id_first_name").has_attr("value")
    assert registration_initial(None) == {}


def test_opting_in_asks_to_confirm_the_subscription_and_opting_out_ends_it(user):
    profile_update(user=user, consent_version="12.40", news_opt_in=True)

    subscription = Subscription.objects.get(email=user.email)
    assert subscription.status == SubscriptionStatus.PENDING
    assert subscription.source == SubscriptionSource.ACCOUNT
    assert subscription.consent_notice_version == "12.40"
    assert OutgoingEmail.objects.filter(
        kind="subscription_confirmation", recipient=user.email
    ).exists()

    profile_update(user=user, consent_version="12.40", news_opt_in=False)

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
