"""Background work of the privacy app (Django's tasks framework)."""

from django.tasks import task

from privacy import services


@task
def anonymise_expired_registrations_task() -> int:
    """Anonymise the registrations whose retention period is over, and those
    that deleted accounts left for their cancellation email once it has
    left; returns how many. Periodic (``settings.PERIODIC_TASKS``) and
    idempotent."""
    return (
        services.registrations_anonymise_expired()
        + services.registrations_anonymise_erased()
    )
