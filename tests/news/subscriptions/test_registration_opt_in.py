"""The news opt-in of a registration: the same double opt-in as the form."""

import pytest
from django.urls import reverse

from events.registrations.models import Registration
from news.subscriptions.models import (
    Subscription,
    SubscriptionSource,
    SubscriptionStatus,
)
from news.subscriptions.services import subscription_confirm
from outbox.models import OutgoingEmail
from tests.events.factories import build_event_index
from tests.events.registrations.factories import build_registration_event, register
from tests.news.subscriptions.conftest import (
    CONFIRM_LINK,
    link_in,
    sent_to,
    text_body,
)

pytestmark = pytest.mark.django_db

EMAIL = "camille@example.org"


@pytest.fixture
def event(home_page):
    return build_registration_event(build_event_index(home_page))


def kinds() -> list[str]:
    return sorted(OutgoingEmail.objects.values_list("kind", flat=True))


def test_the_opt_in_of_the_form_asks_for_a_confirmation(
    client, event, sending, notice_version
):
    with sending():
        response = client.post(
            reverse("registrations:register", args=[event.pk]),
            {
                "first_name": "Camille",
                "last_name": "Martin",
                "email": "Camille@Example.org",
                "participant_type": "citizen",
                "consent": "on",
                "news_opt_in": "on",
            },
        )

    assert response.status_code == 302
    registration = Registration.objects.get()
    subscription = Subscription.objects.get()
    assert subscription.email == EMAIL
    assert subscription.status == SubscriptionStatus.PENDING
    assert subscription.source == SubscriptionSource.REGISTRATION
    assert subscription.consent_notice_version == notice_version
    assert subscription.consented_at == registration.consented_at
    assert kinds() == ["registration_confirmed", "subscription_confirmation"]
    [confirmation] = [m for m in sent_to(EMAIL) if CONFIRM_LINK.search(text_body(m))]
    client.post(link_in(confirmation, CONFIRM_LINK))
    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED


def test_without_the_opt_in_nothing(event):
    register(event, email=EMAIL)

    assert not Subscription.objects.exists()
    assert kinds() == ["registration_confirmed"]


def test_a_confirmed_subscriber_is_not_asked_again(event):
    register(event, email=EMAIL, news_opt_in=True)
    subscription_confirm(subscription=Subscription.objects.get())
    other = build_registration_event(event.get_parent(), title="Un autre")

    register(other, email=EMAIL, news_opt_in=True)

    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED
    assert kinds().count("subscription_confirmation") == 1
    assert "subscription_already_confirmed" not in kinds()


def test_a_refused_registration_subscribes_nobody(event):
    register(event, email=EMAIL)

    result = register(event, email=EMAIL, news_opt_in=True)  # a duplicate

    assert result.created is False
    assert not Subscription.objects.exists()
