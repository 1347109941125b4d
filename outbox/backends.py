"""The default mailer: every email that Django or a library sends with
``send_mail`` (Wagtail's moderation notifications, error reports to the
admins) is recorded in the outbox and sent by a background task, like the
portal's own emails, instead of leaving during the request.

The outbox's send task delivers through the ``provider`` mailer
(``outbox.services.PROVIDER_MAILER``), which holds the real backend.
"""

from django.core.mail.backends.base import BaseEmailBackend

from outbox.services import email_queue

KIND = "notification"


def _html_alternative(message) -> str:
    for content, mimetype in getattr(message, "alternatives", ()):
        if mimetype == "text/html":
            return content
    return ""


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        queued = 0
        for message in email_messages:
            for recipient in message.recipients():
                email_queue(
                    kind=KIND,
                    recipient=recipient,
                    subject=str(message.subject),
                    text=str(message.body),
                    html=_html_alternative(message),
                )
            queued += 1
        return queued
