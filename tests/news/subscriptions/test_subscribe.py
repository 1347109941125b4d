"""Subscribing through HTTP: the full page, the footer, errors, limits, and
the same answer whatever the address."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from news.subscriptions.models import (
    Subscription,
    SubscriptionSource,
    SubscriptionStatus,
)
from news.subscriptions.services import subscription_confirm, subscription_request
from outbox.models import OutgoingEmail
from tests.news.subscriptions.conftest import sent_to, text_body
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db

FORM_URL = "/actualites/abonnement/"
CHECK_INBOX_URL = "/actualites/abonnement/verifiez-votre-messagerie/"


def error_for(response, field_id: str) -> str:
    error = soup(response).find(id=f"id_{field_id}_error")
    return text_of(error) if error else ""


def test_the_urls_are_the_french_ones():
    assert reverse("subscriptions:subscribe") == FORM_URL
    assert reverse("subscriptions:check_inbox") == CHECK_INBOX_URL


def test_the_full_page_has_the_form_with_themes_notice_and_honeypot(
    client, theme, other_theme, portal
):
    response = client.get(FORM_URL)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = soup(response)
    form = page.find("form", class_="subscription-form")
    assert form["action"] == FORM_URL
    assert form.find("input", {"name": "email", "type": "email"})["id"] == "id_email"
    fieldset = form.find("fieldset", id="id_themes")
    assert text_of(fieldset.find("legend"))
    boxes = fieldset.find_all("input", {"type": "checkbox", "name": "themes"})
    assert [box["value"] for box in boxes] == [str(theme.pk), str(other_theme.pk)]
    assert all(fieldset.find("label", attrs={"for": box["id"]}) for box in boxes)
    notice = form.find(class_="data-notice")
    assert notice.find("a", href=portal.personal_data_page.url)
    honeypot = form.find(class_="honeypot")
    assert honeypot["aria-hidden"] == "true"
    assert honeypot.find("input")["tabindex"] == "-1"


def test_every_page_has_the_compact_form_in_its_footer(client, home_page, portal):
    response = client.get(home_page.url)

    footer = soup(response).find("footer")
    form = footer.find("form", attrs={"action": FORM_URL})
    email = form.find("input", {"name": "email"})
    assert email["id"] != "id_email"  # the page may hold another email field
    assert footer.find("label", attrs={"for": email["id"]})
    assert footer.find(id=email["aria-describedby"])
    assert form.find("input", {"name": "website"})["tabindex"] == "-1"
    assert form.find("a", href=FORM_URL)  # the themes are on the full page
    assert not form.find("input", {"name": "csrfmiddlewaretoken"})
    # The page stays cacheable: no CSRF cookie for the form.
    assert "csrftoken" not in response.cookies


def test_subscribing_from_the_full_page(
    client, theme, notice_version, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            FORM_URL, {"email": " Camille.Martin@Example.org ", "themes": [theme.pk]}
        )

    assert response.status_code == 302
    assert response["Location"] == CHECK_INBOX_URL
    subscription = Subscription.objects.get()
    assert subscription.email == "camille.martin@example.org"
    assert subscription.status == SubscriptionStatus.PENDING
    assert list(subscription.themes.all()) == [theme]
    assert subscription.source == SubscriptionSource.FORM
    assert subscription.consent_notice_version == notice_version
    assert subscription.consented_at is not None
    [message] = sent_to("camille.martin@example.org")
    assert "/actualites/abonnement/confirmer/" in text_body(message)
    assert theme.name in text_body(message)


def test_subscribing_from_the_footer_without_a_csrf_token(home_page):
    client = Client(enforce_csrf_checks=True)

    response = client.post(FORM_URL, {"email": "dominique@example.org"})

    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert list(subscription.themes.all()) == []  # every theme


def test_check_your_inbox_page(client):
    response = client.get(CHECK_INBOX_URL)

    assert response.status_code == 200
    assert "7" in text_of(soup(response).find("main"))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": ""}, "email"),
        ({"email": "pas-une-adresse"}, "email"),
        ({"email": "a@example.org", "themes": ["999999"]}, "themes"),
    ],
)
def test_errors_are_tied_to_their_field_and_summarised(client, theme, data, field):
    response = client.post(FORM_URL, data)

    assert response.status_code == 200
    page = soup(response)
    assert error_for(response, field)
    summary = page.find(id="erreurs")
    assert summary.has_attr("autofocus")
    link = summary.find("a")
    target = link["href"].removeprefix("#")
    assert page.find(id=target) is not None
    assert target.startswith(f"id_{field}")
    described = page.find(id=f"id_{field}").get("aria-describedby", "")
    assert f"id_{field}_error" in described
    assert not Subscription.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_errors_keep_what_was_typed(client, theme):
    response = client.post(FORM_URL, {"email": "camille@", "themes": [theme.pk]})

    page = soup(response)
    assert page.find(id="id_email")["value"] == "camille@"
    assert page.find(id="id_themes_0").has_attr("checked")


def test_the_honeypot_refuses_robots(client):
    response = client.post(
        FORM_URL, {"email": "robot@example.org", "website": "http://spam.example"}
    )

    assert response.status_code == 400
    assert soup(response).find(id="erreurs")
    assert not Subscription.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_rate_limit_per_ip_answers_429_and_keeps_the_input(client, settings):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"subscription_ip": (2, 600)}
    for number in range(2):
        client.post(FORM_URL, {"email": f"p{number}@example.org"})

    response = client.post(FORM_URL, {"email": "p3@example.org"})

    assert response.status_code == 429
    assert soup(response).find(id="erreurs")
    assert soup(response).find(id="id_email")["value"] == "p3@example.org"
    assert Subscription.objects.count() == 2


def themes(number: int) -> list[str]:
    return [] if number else ["999999"]  # the first one has an error


def test_rate_limit_per_email_whatever_the_ip(settings):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"subscription_email": (2, 600)}
    statuses = [
        Client(REMOTE_ADDR=f"10.0.0.{number}")
        .post(FORM_URL, {"email": "Camille@example.org", "themes": themes(number)})
        .status_code
        for number in range(4)
    ]

    assert statuses == [200, 302, 429, 429]
    assert OutgoingEmail.objects.count() == 1


def answer(client, address: str):
    response = client.post(FORM_URL, {"email": address}, follow=True)
    return response.status_code, tuple(response.redirect_chain), text_of(soup(response))


def test_no_enumeration_the_answer_is_the_same_for_every_address(
    client, django_capture_on_commit_callbacks
):
    confirmed = subscription_request(
        email="confirmed@example.org", consent_notice_version="1"
    )
    subscription_confirm(subscription=confirmed)
    subscription_request(email="pending@example.org", consent_notice_version="1")

    answers = {
        address: answer(client, address)
        for address in (
            "new@example.org",
            "pending@example.org",
            "confirmed@example.org",
        )
    }

    assert len(set(answers.values())) == 1
    assert next(iter(answers.values()))[1] == ((CHECK_INBOX_URL, 302),)


def test_asking_again(django_capture_on_commit_callbacks, client, theme):
    """A pending address gets a new confirmation (with its new themes), a
    confirmed one a note that nothing changed, an unsubscribed one a new
    confirmation: one row per address."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM_URL, {"email": "camille@example.org"})
        client.post(FORM_URL, {"email": "camille@example.org", "themes": [theme.pk]})
    subscription = Subscription.objects.get()
    assert list(subscription.themes.all()) == [theme]
    kinds = list(OutgoingEmail.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["subscription_confirmation"] * 2

    subscription_confirm(subscription=subscription)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM_URL, {"email": "camille@example.org"})
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    assert list(subscription.themes.all()) == [theme]
    assert OutgoingEmail.objects.latest("pk").kind == "subscription_already_confirmed"
    assert Subscription.objects.count() == 1
    assert len(mail.outbox) == 3
