"""Messages to attendees: preview, send, then deliver through the outbox.

``attendee_message_send`` records the message as sent and, once the
transaction commits, a background task queues one email per recipient
(``attendee_message_deliver``): the organiser's text and a footer with the
event and the person's own management link.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log

from events.dates import dates_in_words
from events.models import EventPage
from events.registrations.invites import site_locale
from events.registrations.tokens import management_url
from organisers.messages.selectors import message_recipients
from organisers.models import AttendeeMessage
from outbox.services import email_queue

EMAIL_KIND = "attendee_message"
SENT_LOG_ACTION = "registrations.message_sent"
TEMPLATE = "organisers/emails/attendee_message.txt"
RESEND_GUARD = timedelta(minutes=10)


@dataclass(frozen=True)
class MessagePreview:
    text: str
    recipients_count: int


def attendee_message_preview(*, message: AttendeeMessage) -> MessagePreview:
    """What a recipient will read (with a stand-in for their link), and how
    many people will receive it, as things stand."""
    with site_locale():
        text = _text(
            message,
            when=_when(message),
            management_link=gettext("[the person's own management link]"),
        )
    return MessagePreview(
        text=text, recipients_count=message_recipients(message=message).count()
    )


def attendee_message_send(*, message: AttendeeMessage) -> int:
    """Record ``message`` (not saved yet) as sent now, log it, and deliver it
    in the background once the transaction commits; return the number of
    recipients.

    The same message by the same person within ``RESEND_GUARD`` is a double
    click: it is not sent again (sends are serialised per event by a lock on
    its row)."""
    with transaction.atomic():
        EventPage.objects.select_for_update(of=("self",)).filter(
            pk=message.event_id
        ).values_list("pk", flat=True).first()
        earlier = AttendeeMessage.objects.filter(
            event_id=message.event_id,
            session_id=message.session_id,
            audience=message.audience,
            subject=message.subject,
            text=message.text,
            created_by=message.created_by,
            sent_at__gte=timezone.now() - RESEND_GUARD,
        ).first()
        if earlier is not None:
            return earlier.recipients_count
        message.recipients_count = message_recipients(message=message).count()
        message.sent_at = timezone.now()
        message.save()
        log(
            message,
            SENT_LOG_ACTION,
            user=message.created_by,
            data={
                "event": message.event_id,
                "session": message.session_id,
                "audience": message.audience,
                "recipients": message.recipients_count,
            },
        )
        message_id = message.pk
        transaction.on_commit(lambda: _enqueue(message_id))
    return message.recipients_count


def _enqueue(message_id: int) -> None:
    from organisers.tasks import attendee_message_task

    attendee_message_task.enqueue(message_id)


def attendee_message_deliver(*, message: AttendeeMessage) -> int:
    """Queue one email per recipient through the outbox (the background
    task's work); the stored count becomes the number of emails queued."""
    site = message.event.get_site()
    root_url = site.root_url if site else ""
    recipients = message_recipients(message=message).only("pk", "email", "public_id")
    count = 0
    with site_locale(), transaction.atomic():
        when = _when(message)
        for registration in recipients:
            email_queue(
                kind=EMAIL_KIND,
                recipient=registration.email,
                subject=message.subject,
                text=_text(
                    message,
                    when=when,
                    management_link=management_url(registration, root_url=root_url),
                ),
                related=registration,
            )
            count += 1
        AttendeeMessage.objects.filter(pk=message.pk).update(recipients_count=count)
    return count


def _when(message: AttendeeMessage) -> str:
    scope = message.session or message.event
    return dates_in_words(scope.starts_at, scope.ends_at)


def _text(message: AttendeeMessage, *, when: str, management_link: str) -> str:
    context = {"message": message, "when": when, "management_link": management_link}
    return render_to_string(TEMPLATE, context)
