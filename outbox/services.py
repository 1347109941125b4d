"""The outbox: the only code that queues, builds, sends and tracks emails.

Callers (registrations, accounts, news, organisers' messages) call
``email_queue`` inside their transaction; the send task runs after commit.
"""

import base64
import email.message
import logging
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.utils import timezone

from outbox.models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)

# Wait before attempt 2, 3, …; after the last one the email stays failed.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
LAST_ERROR_MAX_LENGTH = 2000
# The mailer that really delivers (an ESP through anymail, SMTP, files in
# development); "default" records in the outbox (outbox.backends).
PROVIDER_MAILER = "provider"

# anymail's tracking event types → the outbox status they lead to.
TRACKING_STATUSES = {
    "delivered": EmailStatus.DELIVERED,
    "bounced": EmailStatus.BOUNCED,
    "rejected": EmailStatus.BOUNCED,
    "failed": EmailStatus.BOUNCED,
    "complained": EmailStatus.COMPLAINED,
}


def email_queue(
    *,
    kind: str,
    recipient: str,
    subject: str,
    text: str,
    html: str = "",
    attachments: Iterable[dict] = (),
    related: models.Model | None = None,
    headers: dict[str, str] | None = None,
) -> OutgoingEmail:
    """Record an email and send it from a background task once the current
    transaction commits (nothing leaves if it rolls back).

    ``attachments``: dicts with ``filename``, ``content_type`` (parameters
    allowed, e.g. ``text/calendar; method=REQUEST``) and ``content`` (text for
    text/* types, base64 otherwise).

    ``headers``: extra headers of the message, e.g. ``List-Unsubscribe`` on
    the emails to news subscribers (a line break in one is refused).
    """
    from outbox.tasks import send_email_task

    outgoing = OutgoingEmail(
        kind=kind,
        recipient=recipient,
        subject=subject,
        text_body=text,
        html_body=html,
        attachments=[_normalised_attachment(a) for a in attachments],
        headers=_checked_headers(headers or {}),
    )
    if related is not None:
        outgoing.content_type = ContentType.objects.get_for_model(related)
        outgoing.object_id = str(related.pk)
    outgoing.save()
    email_id = outgoing.pk
    transaction.on_commit(lambda: send_email_task.enqueue(email_id))
    return outgoing


def _checked_headers(headers: dict[str, str]) -> dict[str, str]:
    for name, value in headers.items():
        if any(character in f"{name}{value}" for character in "\r\n\0"):
            raise ValueError(f"Header {name!r} holds a line break.")
    return {str(name): str(value) for name, value in headers.items()}


def _normalised_attachment(attachment: dict) -> dict:
    content = attachment["content"]
    content_type = attachment["content_type"]
    if isinstance(content, bytes):
        if content_type.startswith("text/"):
            content = content.decode()
        else:
            content = base64.b64encode(content).decode("ascii")
    return {
        "filename": attachment["filename"],
        "content_type": content_type,
        "content": content,
    }


def attachment_part(attachment: dict) -> email.message.MIMEPart:
    """A real attachment part (Content-Disposition: attachment), keeping the
    content type's parameters: an invite is ``text/calendar; method=REQUEST``
    as an attachment, never an alternative body part."""
    header = email.message.Message()
    header["Content-Type"] = attachment["content_type"]
    maintype, subtype = header.get_content_maintype(), header.get_content_subtype()
    params = {
        key: value for key, value in header.get_params()[1:] if key.lower() != "charset"
    }
    part = email.message.MIMEPart()
    if maintype == "text":
        part.set_content(
            attachment["content"],
            subtype=subtype,
            charset="utf-8",
            disposition="attachment",
            filename=attachment["filename"],
            params=params,
        )
    else:
        part.set_content(
            base64.b64decode(attachment["content"]),
            maintype,
            subtype,
            disposition="attachment",
            filename=attachment["filename"],
            params=params,
        )
    return part


def email_build(*, email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        to=[email.recipient],
        headers=email.headers or None,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    for attachment in email.attachments:
        message.attach(attachment_part(attachment))
    return message


def email_send(*, email: OutgoingEmail) -> None:
    """Send through the provider mailer and record the outcome; a failure is
    recorded with a retry time, the email is never dropped."""
    message = email_build(email=email)
    try:
        message.send(using=PROVIDER_MAILER)
    except Exception as error:
        logger.warning("Sending outgoing email %s failed: %s", email.pk, error)
        _record_failure(email, error)
        return
    status = getattr(message, "anymail_status", None)
    email.status = EmailStatus.SENT
    email.sent_at = timezone.now()
    email.attempts += 1
    email.next_attempt_at = None
    email.last_error = ""
    message_id = getattr(status, "message_id", None)
    email.provider_message_id = "" if message_id is None else str(message_id)[:255]
    email.save(
        update_fields=[
            "status",
            "sent_at",
            "attempts",
            "next_attempt_at",
            "last_error",
            "provider_message_id",
            "updated_at",
        ]
    )


def _record_failure(email: OutgoingEmail, error: Exception) -> None:
    email.attempts += 1
    email.status = EmailStatus.FAILED
    email.last_error = f"{type(error).__name__}: {error}"[:LAST_ERROR_MAX_LENGTH]
    delay_index = email.attempts - 1
    email.next_attempt_at = (
        timezone.now() + RETRY_DELAYS[delay_index]
        if delay_index < len(RETRY_DELAYS)
        else None
    )
    email.save(
        update_fields=[
            "status",
            "attempts",
            "last_error",
            "next_attempt_at",
            "updated_at",
        ]
    )


def email_claim(*, email_id: int) -> OutgoingEmail | None:
    """Move a sendable email (queued, or failed with its retry due) to
    "sending" with one conditional UPDATE, so that two workers never send the
    same email; None when another worker has it or it needs no sending."""
    now = timezone.now()
    claimed = (
        OutgoingEmail.objects.filter(pk=email_id)
        .filter(
            models.Q(status=EmailStatus.QUEUED)
            | models.Q(status=EmailStatus.FAILED, next_attempt_at__lte=now)
        )
        .update(status=EmailStatus.SENDING, updated_at=now)
    )
    if not claimed:
        return None
    return OutgoingEmail.objects.get(pk=email_id)


def emails_due_for_retry() -> list[int]:
    return list(
        OutgoingEmail.objects.filter(
            status=EmailStatus.FAILED, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)
    )


def email_record_tracking(*, provider_message_id: str, event_type: str) -> int:
    """Apply an anymail tracking event (delivered, bounced, complained,
    rejected, failed); other events are ignored. Returns the rows updated."""
    status = TRACKING_STATUSES.get(event_type)
    if status is None or not provider_message_id:
        return 0
    emails = OutgoingEmail.objects.filter(provider_message_id=provider_message_id)
    if status == EmailStatus.DELIVERED:
        # A late "delivered" never hides a bounce or a complaint.
        emails = emails.filter(status__in=[EmailStatus.SENT, EmailStatus.SENDING])
    return emails.update(status=status, updated_at=timezone.now())
