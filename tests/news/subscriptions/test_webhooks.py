"""Bounces and complaints, as Brevo (the provider of docker/env.example)
posts them to anymail's tracking webhook, with its basic-auth secret."""

import base64
import json

import pytest
from django.urls import reverse

from news.subscriptions.models import (
    Subscription,
    SubscriptionStatus,
    UnsubscribeReason,
)
from news.subscriptions.services import subscription_confirm, subscription_request

pytestmark = pytest.mark.django_db

SECRET = "brevo-webhook:s3cret-du-webhook"
EMAIL = "camille@example.org"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


@pytest.fixture
def subscription():
    return subscription_confirm(
        subscription=subscription_request(email=EMAIL, consent_notice_version="1")
    )


def brevo_event(event: str, email: str = "Camille@example.org") -> dict:
    """A transactional webhook payload as Brevo documents and sends it."""
    return {
        "event": event,
        "email": email,
        "id": 1234567,
        "date": "2026-03-02 10:15:00",
        "ts": 1772442900,
        "message-id": "<202603021015.12345678@smtp-relay.mailin.fr>",
        "ts_event": 1772442900,
        "subject": "Les nouvelles de la concertation",
        "tag": "",
        "sending_ip": "185.41.28.109",
        "ts_epoch": 1772442900123,
        "reason": "550 5.1.1 User unknown",
    }


def post_webhook(client, payload: dict, secret: str = SECRET):
    credentials = base64.b64encode(secret.encode()).decode()
    return client.post(
        reverse("anymail:brevo_tracking_webhook"),
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        ("hard_bounce", UnsubscribeReason.BOUNCED),
        ("invalid_email", UnsubscribeReason.BOUNCED),
        ("spam", UnsubscribeReason.COMPLAINED),
        ("complaint", UnsubscribeReason.COMPLAINED),
        ("unsubscribe", UnsubscribeReason.PROVIDER),
    ],
)
def test_a_bounce_or_complaint_unsubscribes(client, subscription, event, reason):
    response = post_webhook(client, brevo_event(event))

    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    assert subscription.unsubscribe_reason == reason
    assert subscription.unsubscribed_at is not None


@pytest.mark.parametrize("event", ["soft_bounce", "delivered", "deferred", "opened"])
def test_other_events_change_nothing(client, subscription, event):
    assert post_webhook(client, brevo_event(event)).status_code == 200

    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED


def test_a_webhook_without_the_secret_is_refused(client, subscription):
    response = post_webhook(client, brevo_event("spam"), secret="brevo-webhook:faux")

    assert response.status_code == 400
    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED


def test_another_address_is_left_alone(client, subscription):
    post_webhook(client, brevo_event("hard_bounce", email="autre@example.org"))

    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED


def test_a_pending_request_is_ended_too(client):
    subscription_request(email=EMAIL, consent_notice_version="1")

    post_webhook(client, brevo_event("hard_bounce"))

    assert Subscription.objects.get().status == SubscriptionStatus.UNSUBSCRIBED
