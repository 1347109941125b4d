"""Background work of the registrations app (Django's tasks framework)."""

from django.tasks import task


@task
def promote_waiting_list_task(event_id: int) -> list[int]:
    """Promote the waiting list of an event; returns the promoted ids."""
    from events.models import EventPage
    from events.registrations.services import waiting_list_promote

    event = EventPage.objects.filter(pk=event_id).first()
    if event is None:
        return []
    return [registration.pk for registration in waiting_list_promote(event=event)]
