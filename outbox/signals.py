"""Provider webhooks: anymail verifies them and sends its tracking signal."""

from anymail.signals import tracking
from django.dispatch import receiver

from outbox.services import email_record_tracking


@receiver(tracking, dispatch_uid="outbox_record_tracking")
def record_tracking(sender, event, esp_name, **kwargs):
    email_record_tracking(
        provider_message_id=event.message_id or "", event_type=event.event_type
    )
