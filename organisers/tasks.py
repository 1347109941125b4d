"""Background work of the organisers' app."""

from django.tasks import task


@task
def capacity_alerts_task(event_id: int) -> list[int]:
    """Send the capacity alerts an event has earned (see ``alerts``)."""
    from events.models import EventPage
    from organisers.alerts import capacity_alerts_send

    event = EventPage.objects.filter(pk=event_id).first()
    return capacity_alerts_send(event=event) if event else []


@task
def attendee_message_task(message_id: int) -> int:
    """Email a message to attendees to its recipients (see
    ``organisers.messages``); returns the number of emails queued."""
    from organisers.messages.services import attendee_message_deliver
    from organisers.models import AttendeeMessage

    message = (
        AttendeeMessage.objects.select_related("event", "session")
        .filter(pk=message_id)
        .first()
    )
    return attendee_message_deliver(message=message) if message else 0
