"""The links of the emails: confirm (double opt-in), unsubscribe from the page
or in one click (RFC 8058), and what expires."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.utils import timezone
from django.utils.module_loading import import_string

from news.subscriptions.models import (
    Subscription,
    SubscriptionStatus,
    UnsubscribeReason,
)
from news.subscriptions.services import (
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe,
    subscriptions_clean_up,
)
from news.subscriptions.tasks import subscriptions_clean_up_task
from news.subscriptions.tokens import (
    confirmation_path,
    one_click_unsubscribe_url,
    subscriber_email_headers,
    unsubscribe_path,
    unsubscribe_url,
)
from outbox.models import OutgoingEmail
from tests.news.subscriptions.conftest import (
    CONFIRM_LINK,
    UNSUBSCRIBE_LINK,
    link_in,
    sent_to,
)
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db

FORM_URL = "/actualites/abonnement/"
EMAIL = "camille@example.org"


def requested(address=EMAIL, **fields):
    return subscription_request(email=address, consent_notice_version="4.2", **fields)


@pytest.fixture
def confirmation(client, sending):
    """The confirmation email of a request made through the form."""
    with sending():
        client.post(FORM_URL, {"email": EMAIL})
    [message] = sent_to(EMAIL)
    return message


def test_the_confirmation_email_as_a_mail_client_reads_it(confirmation):
    message = confirmation

    assert "Région de test" in message["Subject"]
    assert CONFIRM_LINK.search(message.get_body(("plain",)).get_content())
    html = message.get_body(("html",)).get_content()
    assert "/actualites/abonnement/confirmer/" in html
    subscription = Subscription.objects.get()
    unsubscribe = one_click_unsubscribe_url(subscription)
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link_in(message, UNSUBSCRIBE_LINK) == unsubscribe_path(subscription)


def test_confirming_needs_the_button_not_only_the_link(client, confirmation):
    path = link_in(confirmation, CONFIRM_LINK)

    page = client.get(path)  # a mail service's link checker does as much

    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    form = soup(page).find("main").find("form", method="post")
    assert form.find("button", type="submit")
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING

    confirmed = client.post(path, follow=True)

    subscription = Subscription.objects.get()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    assert subscription.confirmed_at is not None
    assert not soup(confirmed).find("main").find("form")
    # Confirming again changes nothing.
    assert client.post(path).status_code == 302
    assert Subscription.objects.get().confirmed_at == subscription.confirmed_at


def test_the_confirmation_post_is_csrf_protected(confirmation):
    path = link_in(confirmation, CONFIRM_LINK)

    response = Client(enforce_csrf_checks=True).post(path)

    assert response.status_code == 403
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING


def test_nothing_else_is_sent_before_confirmation(confirmation, sending, client):
    subscription = Subscription.objects.get()

    assert OutgoingEmail.objects.get().kind == "subscription_confirmation"
    assert list(OutgoingEmail.objects.values_list("object_id", flat=True)) == [
        str(subscription.pk)
    ]


def test_an_expired_link_is_refused_kindly(client):
    subscription = requested()
    eight_days_ago = signing.b62_encode(int(time.time()) - 8 * 24 * 3600)
    with mock.patch.object(
        signing.TimestampSigner, "timestamp", return_value=eight_days_ago
    ):
        path = confirmation_path(subscription)

    response = client.get(path)
    posted = client.post(path)

    assert response.status_code == 410
    main = soup(response).find("main")
    assert main.find("a", href=FORM_URL)
    assert not main.find("form")
    assert posted.status_code == 410
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING


def test_a_deleted_request_is_an_expired_link(client):
    path = confirmation_path(requested())
    Subscription.objects.all().delete()

    assert client.get(path).status_code == 410


@pytest.mark.parametrize("path_of", [confirmation_path, unsubscribe_path])
def test_a_forged_or_mixed_up_token_is_not_found(client, path_of):
    subscription = requested()
    good = path_of(subscription)
    forged = good.replace(subscription.public_id.hex[:4], "0000")

    assert client.get(forged).status_code == 404
    # A confirmation token never unsubscribes, and the reverse.
    other = unsubscribe_path if path_of is confirmation_path else confirmation_path
    token = path_of(subscription).rstrip("/").rsplit("/", 1)[1]
    crossed = other(subscription).rstrip("/").rsplit("/", 1)[0] + f"/{token}/"
    assert client.get(crossed).status_code == 404


def test_after_unsubscribing_a_confirmation_link_confirms_nothing(client):
    subscription = requested()
    path = confirmation_path(subscription)
    subscription_unsubscribe(subscription=subscription)

    page = client.get(path)
    client.post(path)

    assert not soup(page).find("main").find("form")
    assert soup(page).find("main").find("a", href=FORM_URL)
    assert Subscription.objects.get().status == SubscriptionStatus.UNSUBSCRIBED


def test_unsubscribing_from_the_link_of_an_email(client):
    subscription = subscription_confirm(subscription=requested())
    path = unsubscribe_path(subscription)
    assert unsubscribe_url(subscription) == f"http://localhost{path}"

    page = client.get(path)

    assert page.status_code == 200
    assert soup(page).find("main").find("form", method="post").find("button")
    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED

    done = client.post(path, follow=True)

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    assert subscription.unsubscribe_reason == UnsubscribeReason.REQUESTED
    assert subscription.unsubscribed_at is not None
    main = soup(done).find("main")
    assert not main.find("form")
    assert main.find("a", href=FORM_URL)


def test_one_click_unsubscribe_rfc_8058_without_csrf_nor_session():
    subscription = subscription_confirm(subscription=requested())
    url = subscriber_email_headers(subscription)["List-Unsubscribe"].strip("<>")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        url.removeprefix("http://localhost"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not response.cookies  # no session, no CSRF cookie
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    assert subscription.unsubscribe_reason == UnsubscribeReason.REQUESTED
    # Again: still fine, nothing changes.
    again = client.post(
        url.removeprefix("http://localhost"), {"List-Unsubscribe": "One-Click"}
    )
    assert again.status_code == 200


def test_one_click_wants_its_body_and_a_good_token():
    subscription = subscription_confirm(subscription=requested())
    path = one_click_unsubscribe_url(subscription, root_url="")
    client = Client(enforce_csrf_checks=True)

    assert client.post(path, {}).status_code == 400
    forged = path.replace(subscription.public_id.hex[:4], "0000")
    assert client.post(forged, {"List-Unsubscribe": "One-Click"}).status_code == 404
    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED
    # A mail client that opens the URL in a browser gets the page with the button.
    opened = client.get(path)
    assert opened.status_code == 302
    assert opened["Location"] == unsubscribe_path(subscription)


def test_a_link_to_a_deleted_subscription_says_not_subscribed(client):
    subscription = subscription_confirm(subscription=requested())
    path = unsubscribe_path(subscription)
    one_click = one_click_unsubscribe_url(subscription, root_url="")
    subscription.delete()

    page = client.get(path)

    assert page.status_code == 200
    assert not soup(page).find("main").find("form")
    assert client.post(one_click, {"List-Unsubscribe": "One-Click"}).status_code == 200


def test_subscribing_again_after_unsubscribing_asks_for_confirmation(client, sending):
    subscription = subscription_confirm(subscription=requested())
    subscription_unsubscribe(subscription=subscription)

    with sending():
        client.post(FORM_URL, {"email": EMAIL})

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING
    [message] = sent_to(EMAIL)
    client.post(link_in(message, CONFIRM_LINK))
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    assert subscription.unsubscribed_at is None
    assert subscription.unsubscribe_reason == ""


def test_the_clean_up_deletes_expired_requests_and_old_unsubscriptions(sending, portal):
    now = timezone.now()
    with sending():
        old_request = requested("old@example.org", now=now - timedelta(days=8))
        fresh_request = requested("fresh@example.org", now=now - timedelta(days=6))
        confirmed = subscription_confirm(
            subscription=requested("kept@example.org", now=now - timedelta(days=400))
        )
        long_gone = requested("gone@example.org", now=now - timedelta(days=500))
        subscription_unsubscribe(subscription=long_gone, now=now - timedelta(days=400))
        recently_gone = requested("recent@example.org")
        subscription_unsubscribe(subscription=recently_gone)
    assert portal.retention_months == 12

    deleted = subscriptions_clean_up_task.enqueue().return_value

    assert deleted == 2
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        fresh_request.email,
        confirmed.email,
        recently_gone.email,
    }
    assert not OutgoingEmail.objects.filter(
        object_id__in=[str(old_request.pk), str(long_gone.pk)],
        kind__startswith="subscription_",
    ).exists()
    assert subscriptions_clean_up() == 0  # idempotent


def test_the_clean_up_is_a_periodic_task():
    path = "news.subscriptions.tasks.subscriptions_clean_up_task"

    assert path in settings.PERIODIC_TASKS
    assert import_string(path) is subscriptions_clean_up_task


def test_emails_leave_only_after_the_commit(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(FORM_URL, {"email": EMAIL})

    assert mail.outbox == []
    assert callbacks
    assert text_of(soup(client.get(FORM_URL)).find("h1"))
