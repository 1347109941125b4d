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


@task
def registration_email_task(kind: str, registration_id: int, options: dict) -> int:
    """Render one email of a registration (``kind`` names its function in
    ``emails``) and record it in the outbox; returns the outgoing email's id."""
    from events.registrations import emails
    from events.registrations.models import Registration

    registration = Registration.objects.select_related("event").get(pk=registration_id)
    return getattr(emails, kind)(registration, **options).pk


@task
def notify_event_changed_task(event_id: int, changes: dict) -> int:
    """Tell an event's registrants what the organisers changed (``changes`` as
    recorded by ``notifications.event_changes_notified``); returns the emails queued."""
    from events.models import EventPage
    from events.registrations.notifications import registrations_event_changed

    event = EventPage.objects.select_related("venue").filter(pk=event_id).first()
    if event is None:
        return 0
    return registrations_event_changed(event=event, changes=changes)


@task
def send_due_reminders_task() -> int:
    """Send the reminders that are due; run it periodically (e.g. hourly)."""
    from events.registrations.notifications import reminders_send_due

    return reminders_send_due()
