"""Publishing news tells the confirmed subscribers whose themes match, once,
through the outbox, in throttled batches; a correction sends nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from news.notifications import services
from news.notifications.models import PublicationNotification
from news.notifications.tasks import notification_plan_task
from news.subscriptions.models import Subscription, SubscriptionStatus
from outbox.models import OutgoingEmail
from tests.factories import build_standard_page
from tests.news.factories import build_news
from tests.news.subscriptions.conftest import (
    UNSUBSCRIBE_LINK,
    link_in,
    sent_to,
    text_body,
)
from tests.organisers.factories import build_communication_member
from tests.outbox.conftest import anymail_test_mailer  # noqa: F401 (autouse)
from tests.pages import soup, text_of

pytestmark = pytest.mark.django_db


def subscribe(email: str, *, themes=(), status=SubscriptionStatus.CONFIRMED):
    now = timezone.now()
    subscription = Subscription.objects.create(
        email=email,
        status=status,
        consent_notice_version="1.1",
        consented_at=now,
        requested_at=now,
        confirmed_at=now if status == SubscriptionStatus.CONFIRMED else None,
    )
    subscription.themes.set(themes)
    return subscription


@pytest.fixture
def publish(news_index, django_capture_on_commit_callbacks):
    def publish(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return build_news(news_index, **fields)

    return publish


def test_subscribers_whose_themes_match_are_told_once(publish, theme, other_theme):
    subscribe("tous@example.org")
    subscribe("economie@example.org", themes=[theme])
    subscribe("autre@example.org", themes=[other_theme])
    subscribe("en-attente@example.org", status=SubscriptionStatus.PENDING)
    subscribe("parti@example.org", status=SubscriptionStatus.UNSUBSCRIBED)

    news = publish(
        title="Retour sur la journée de lancement",
        introduction="Plus de cent personnes étaient présentes.",
        themes=[theme],
    )

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["economie@example.org", "tous@example.org"]
    [message] = sent_to("tous@example.org")
    assert "Retour sur la journée de lancement" in message["Subject"]
    body = text_body(message)
    assert "Plus de cent personnes étaient présentes." in body
    assert news.get_full_url() in body
    assert link_in(message, UNSUBSCRIBE_LINK)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<http")
    notification = PublicationNotification.objects.get(page=news)
    assert (notification.recipients, notification.queued) == (2, 2)


def test_news_about_no_theme_goes_to_every_confirmed_subscriber(publish, theme):
    subscribe("tous@example.org")
    subscribe("economie@example.org", themes=[theme])

    publish(title="Plus d’informations à venir")

    assert len(mail.outbox) == 2


def test_publishing_a_correction_sends_nothing(
    publish, django_capture_on_commit_callbacks
):
    subscribe("tous@example.org")
    news = publish(title="Une actualité")
    mail.outbox.clear()

    news.title = "Une actualité (corrigée)"
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()

    assert mail.outbox == []
    assert PublicationNotification.objects.filter(page=news).count() == 1


def test_a_draft_tells_nobody_and_its_first_publication_does(
    news_index, django_capture_on_commit_callbacks
):
    subscribe("tous@example.org")
    news = build_news(news_index, publish=False)
    assert not PublicationNotification.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()

    assert len(mail.outbox) == 1


def test_other_pages_tell_nobody(home_page, django_capture_on_commit_callbacks):
    subscribe("tous@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        build_standard_page(home_page).save_revision().publish()

    assert mail.outbox == []
    assert not PublicationNotification.objects.exists()


def test_an_unsubscription_before_the_batch_runs_is_respected(news_index):
    subscription = subscribe("tous@example.org")
    news = build_news(news_index)  # on-commit callbacks not run: nothing planned
    notification = PublicationNotification.objects.get(page=news)
    Subscription.objects.filter(pk=subscription.pk).update(
        status=SubscriptionStatus.UNSUBSCRIBED
    )

    sent = services.notification_batch_send(
        notification_id=notification.pk, public_ids=[str(subscription.public_id)]
    )

    assert sent == 0
    assert not OutgoingEmail.objects.exists()


def test_the_plan_runs_once(news_index):
    subscribe("tous@example.org")
    news = build_news(news_index)
    notification = PublicationNotification.objects.get(page=news)

    assert services.notification_plan(notification_id=notification.pk) == 1
    assert services.notification_plan(notification_id=notification.pk) == 0
    assert OutgoingEmail.objects.count() == 1


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    NEWS_NOTIFICATIONS_PER_MINUTE=200,
)
def test_batches_are_spaced_to_respect_the_sending_rate(news_index):
    for number in range(services.BATCH_SIZE * 3 + 1):
        subscribe(f"personne{number}@example.org")
    news = build_news(news_index)
    notification = PublicationNotification.objects.get(page=news)
    now = timezone.now()

    services.notification_plan(notification_id=notification.pk, now=now)

    batches = sorted(
        DBTaskResult.objects.filter(
            task_path="news.notifications.tasks.notification_batch_task"
        ),
        key=lambda batch: batch.run_after,
    )
    assert [len(batch.args_kwargs["args"][1]) for batch in batches] == [
        100,
        100,
        100,
        1,
    ]
    # 200 a minute, 100 a batch: one batch every 30 seconds.
    delays = [batch.run_after - now for batch in batches]
    assert delays == [
        timedelta(0),
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=90),
    ]
    assert not OutgoingEmail.objects.exists(), "nothing sent before the worker runs"
    assert not DBTaskResult.objects.filter(
        task_path=notification_plan_task.module_path
    ).exists()


def test_editors_see_how_many_subscribers_were_told(client, publish, theme):
    subscribe("tous@example.org")
    subscribe("economie@example.org", themes=[theme])
    news = publish(themes=[theme])
    client.force_login(build_communication_member())

    page = soup(client.get(reverse("wagtailadmin_pages:edit", args=[news.pk])))

    panel = page.find(string=lambda text: "2 abonnés ont été prévenus" in text)
    assert panel is not None, text_of(page.find("main"))
    assert "tous@example.org" not in str(page)
