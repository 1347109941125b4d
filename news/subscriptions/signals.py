"""Provider webhooks: an address that bounces for good, whose owner reports
spam, or who unsubscribed at the provider, is unsubscribed from the news.

Anymail verifies the webhook (HTTP basic auth, ``ANYMAIL["WEBHOOK_SECRET"]``)
and sends its tracking signal, whichever email of the portal it was about:
an address that no longer exists, or a person who does not want the
portal's emails, is no subscriber either.
"""

from anymail.signals import EventType, tracking
from django.dispatch import receiver

from news.subscriptions.models import UnsubscribeReason
from news.subscriptions.services import subscriptions_unsubscribe_address

REASONS = {
    EventType.BOUNCED: UnsubscribeReason.BOUNCED,
    EventType.COMPLAINED: UnsubscribeReason.COMPLAINED,
    EventType.UNSUBSCRIBED: UnsubscribeReason.PROVIDER,
}


def is_soft_bounce(event) -> bool:
    """A temporary failure that anymail reports as "bounced" too: Brevo's
    ``soft_bounce``, Mailjet's bounce without ``hard_bounce``."""
    esp_event = event.esp_event
    if not isinstance(esp_event, dict):
        return False
    kind = esp_event.get("event")
    return kind == "soft_bounce" or (
        kind == "bounce" and esp_event.get("hard_bounce") is False
    )


def unsubscribe_reason(event) -> str | None:
    """Why ``event`` ends the subscription of its recipient, or None."""
    if event.event_type == EventType.BOUNCED and is_soft_bounce(event):
        return None
    return REASONS.get(event.event_type)


@receiver(tracking, dispatch_uid="subscriptions_unsubscribe_on_tracking")
def unsubscribe_undeliverable(sender, event, esp_name, **kwargs):
    reason = unsubscribe_reason(event)
    if reason and event.recipient:
        subscriptions_unsubscribe_address(email=event.recipient, reason=reason)
