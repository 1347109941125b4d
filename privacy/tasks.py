"""Background work of the privacy app (Django's tasks framework)."""

from django.tasks import task

from privacy import services


@task
def anonymise_expired_registrations_task() -> int:
    """Anonymise the registrations whose retention period is over; returns
    how many. Periodic (``settings.PERIODIC_TASKS``) and idempotent."""
    return services.registrations_anonymise_expired()
