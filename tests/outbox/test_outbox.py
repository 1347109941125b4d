"""The outbox: queued on commit, sent by a task, retried, tracked, listed."""

import email
import io
from datetime import timedelta
from unittest import mock

import icalendar
import pytest
from anymail.exceptions import AnymailAPIError
from anymail.signals import AnymailTrackingEvent, tracking
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.models import EmailStatus, OutgoingEmail
from outbox.services import email_queue, email_send
from outbox.tasks import retry_failed_emails_task, send_email_task
from tests.factories import ensure_wagtail_tree
from tests.organisers.factories import (
    build_admin_user,
    build_communication_member,
    build_organiser,
)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TEST_SEND = "anymail.backends.test.EmailBackend.send_messages"

INVITE = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Test//Outbox//FR",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "UID:registration-1@example.org",
        "SEQUENCE:0",
        "DTSTAMP:20260101T090000Z",
        "DTSTART:20260301T090000Z",
        "SUMMARY:Atelier ESS",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def queue(**fields):
    defaults = {
        "kind": "registration_confirmation",
        "recipient": "camille@example.org",
        "subject": "Votre inscription",
        "text": "Bonjour Camille",
        "html": "<p>Bonjour Camille</p>",
    }
    return email_queue(**(defaults | fields))


@pytest.mark.django_db
def test_nothing_is_sent_before_commit_then_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = queue()
        assert mail.outbox == []
        assert OutgoingEmail.objects.get().status == EmailStatus.QUEUED

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille@example.org"]
    outgoing.refresh_from_db()
    assert outgoing.status == EmailStatus.SENT
    assert outgoing.attempts == 1
    assert outgoing.sent_at is not None
    assert outgoing.provider_message_id


@pytest.mark.django_db(transaction=True)
def test_a_rollback_sends_nothing():
    ensure_wagtail_tree()
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError

    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_commit_outside_a_test_transaction_sends(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue()
    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_invite_is_a_real_attachment(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(
            attachments=[
                {
                    "filename": "invitation.ics",
                    "content_type": "text/calendar; method=REQUEST",
                    "content": INVITE,
                }
            ]
        )

    parsed = email.message_from_bytes(mail.outbox[0].message().as_bytes())
    attachments = [
        part for part in parsed.walk() if part.get_content_disposition() == "attachment"
    ]
    assert len(attachments) == 1
    invite = attachments[0]
    assert invite.get_filename() == "invitation.ics"
    assert invite.get_content_type() == "text/calendar"
    assert invite.get_param("method") == "REQUEST"
    assert invite.get_content_charset() == "utf-8"
    calendar = icalendar.Calendar.from_ical(invite.get_payload(decode=True))
    assert calendar["METHOD"] == "REQUEST"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == "registration-1@example.org"
    # The bodies are text and HTML; the invite is not one of the alternatives.
    alternatives = [
        part.get_content_type()
        for part in parsed.walk()
        if part.get_content_disposition() is None and not part.is_multipart()
    ]
    assert alternatives == ["text/plain", "text/html"]


@pytest.mark.django_db
def test_binary_attachments_travel_as_base64(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(
            attachments=[
                {
                    "filename": "programme.pdf",
                    "content_type": "application/pdf",
                    "content": b"%PDF-1.4 test",
                }
            ]
        )
    parsed = email.message_from_bytes(mail.outbox[0].message().as_bytes())
    [pdf] = [p for p in parsed.walk() if p.get_content_disposition() == "attachment"]
    assert pdf.get_payload(decode=True) == b"%PDF-1.4 test"


@pytest.mark.django_db
def test_related_object_is_recorded(django_capture_on_commit_callbacks):
    user = get_user_model().objects.create_user("camille", password="x" * 20)
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = queue(related=user)
    outgoing = OutgoingEmail.objects.get(pk=outgoing.pk)
    assert outgoing.related == user


@pytest.mark.django_db
def test_provider_failure_keeps_the_email_and_schedules_a_retry(
    django_capture_on_commit_callbacks,
):
    with (
        mock.patch(TEST_SEND, side_effect=AnymailAPIError("Brevo: 503")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outgoing = queue()

    outgoing.refresh_from_db()
    assert outgoing.status == EmailStatus.FAILED
    assert outgoing.attempts == 1
    assert "Brevo: 503" in outgoing.last_error
    assert outgoing.next_attempt_at > timezone.now() + timedelta(seconds=30)
    assert mail.outbox == []

    # Not due yet: the sweep leaves it alone.
    retry_failed_emails_task.enqueue()
    assert mail.outbox == []

    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    retry_failed_emails_task.enqueue()

    assert len(mail.outbox) == 1
    outgoing.refresh_from_db()
    assert outgoing.status == EmailStatus.SENT
    assert outgoing.attempts == 2
    assert outgoing.last_error == ""
    assert outgoing.next_attempt_at is None


@pytest.mark.django_db
def test_retries_back_off_then_stop(django_capture_on_commit_callbacks):
    with (
        mock.patch(TEST_SEND, side_effect=AnymailAPIError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outgoing = queue()
    delays = []
    with mock.patch(TEST_SEND, side_effect=AnymailAPIError("down")):
        for _ in range(5):
            outgoing.refresh_from_db()
            delays.append(outgoing.next_attempt_at - outgoing.updated_at)
            OutgoingEmail.objects.filter(pk=outgoing.pk).update(
                next_attempt_at=timezone.now()
            )
            send_email_task.enqueue(outgoing.pk)

    outgoing.refresh_from_db()
    assert outgoing.attempts == 6
    assert outgoing.status == EmailStatus.FAILED
    assert outgoing.next_attempt_at is None
    assert [round(d.total_seconds() / 60) for d in delays] == [1, 5, 30, 120, 720]


@pytest.mark.django_db
def test_sending_is_idempotent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = queue()
    send_email_task.enqueue(outgoing.pk)
    send_email_task.enqueue(outgoing.pk)
    assert len(mail.outbox) == 1

    # An email another worker is sending is left alone.
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(status=EmailStatus.SENDING)
    send_email_task.enqueue(outgoing.pk)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_email_send_records_a_failure_of_any_kind():
    outgoing = OutgoingEmail.objects.create(
        kind="test", recipient="a@example.org", subject="s", text_body="t"
    )
    with mock.patch(TEST_SEND, side_effect=OSError("network unreachable")):
        email_send(email=outgoing)
    outgoing.refresh_from_db()
    assert outgoing.status == EmailStatus.FAILED
    assert "network unreachable" in outgoing.last_error


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("event_type", "status"),
    [
        ("delivered", EmailStatus.DELIVERED),
        ("bounced", EmailStatus.BOUNCED),
        ("rejected", EmailStatus.BOUNCED),
        ("complained", EmailStatus.COMPLAINED),
        ("opened", EmailStatus.SENT),
    ],
)
def test_tracking_webhook_updates_the_status(
    event_type, status, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = queue()
    outgoing.refresh_from_db()

    event = AnymailTrackingEvent(
        event_type=event_type, message_id=outgoing.provider_message_id
    )
    tracking.send(sender=object, event=event, esp_name="Brevo")

    outgoing.refresh_from_db()
    assert outgoing.status == status


@pytest.mark.django_db
def test_late_delivered_does_not_hide_a_bounce(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = queue()
    outgoing.refresh_from_db()
    for event_type in ("bounced", "delivered"):
        event = AnymailTrackingEvent(
            event_type=event_type, message_id=outgoing.provider_message_id
        )
        tracking.send(sender=object, event=event, esp_name="Brevo")
    outgoing.refresh_from_db()
    assert outgoing.status == EmailStatus.BOUNCED


@pytest.mark.django_db(transaction=True)
def test_queued_email_goes_through_the_database_queue_and_a_worker():
    ensure_wagtail_tree()
    with override_settings(TASKS=DATABASE_TASKS):
        with transaction.atomic():
            outgoing = queue()
        assert mail.outbox == []
        queued = list(
            DBTaskResult.objects.filter(status="READY").values_list(
                "task_path", flat=True
            )
        )
        assert queued.count("outbox.tasks.send_email_task") == 1, queued

        call_command("db_worker", batch=True, stdout=io.StringIO())

    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    assert len(mail.outbox) == 1
    outgoing.refresh_from_db()
    assert outgoing.status == EmailStatus.SENT


@pytest.mark.django_db
def test_retry_emails_command_queues_the_sweep():
    with mock.patch(
        "outbox.management.commands.retry_emails.retry_failed_emails_task"
    ) as sweep:
        call_command("retry_emails", stdout=io.StringIO())
    sweep.enqueue.assert_called_once_with()


@pytest.fixture
def listing_url():
    return reverse("outbox:index")


@pytest.mark.django_db
def test_listing_is_refused_to_an_editor_without_the_permission(client, listing_url):
    ensure_wagtail_tree()
    client.force_login(build_communication_member())

    # Wagtail answers a refused admin view with a redirect to the dashboard.
    response = client.get(listing_url)
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert listing_url not in client.get(reverse("wagtailadmin_home")).text


@pytest.mark.django_db
def test_listing_shows_emails_to_a_superuser(client, listing_url):
    ensure_wagtail_tree()
    OutgoingEmail.objects.create(
        kind="registration_confirmation",
        recipient="camille@example.org",
        subject="s",
        text_body="t",
        status=EmailStatus.FAILED,
        last_error="AnymailAPIError: Brevo: 503",
    )
    client.force_login(build_admin_user("root", is_superuser=True, two_factor=True))

    response = client.get(listing_url)
    assert response.status_code == 200
    assert "camille@example.org" in response.text
    assert "Brevo: 503" in response.text
    assert reverse("outbox:add") not in response.text
    assert client.get(listing_url, {"status": "sent"}).status_code == 200
    assert client.get(reverse("outbox:add")).status_code == 302


@pytest.mark.django_db
def test_listing_is_open_to_organisers_with_the_view_permission(client, listing_url):
    ensure_wagtail_tree()
    organiser = build_organiser()
    email_row = OutgoingEmail.objects.create(
        kind="k", recipient="a@example.org", subject="s", text_body="t"
    )
    client.force_login(organiser)

    assert client.get(listing_url).status_code == 200
    assert client.get(reverse("outbox:inspect", args=[email_row.pk])).status_code == 200
    edit = client.get(reverse("outbox:edit", args=[email_row.pk]))
    assert edit.status_code == 302
    assert edit.url == reverse("wagtailadmin_home")
