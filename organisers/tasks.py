"""Background work of the organisers' app."""

from django.tasks import task


@task
def capacity_alerts_task(event_id: int) -> list[int]:
    """Send the capacity alerts an event has earned (see ``alerts``)."""
    from events.models import EventPage
    from organisers.alerts import capacity_alerts_send

    event = EventPage.objects.filter(pk=event_id).first()
    return capacity_alerts_send(event=event) if event else []
