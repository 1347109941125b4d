"""Background sending: one task per email, and a periodic retry sweep."""

from django.tasks import task

from outbox import services


@task
def send_email_task(email_id: int) -> None:
    """Send one email. Idempotent: an email already sent, being sent by
    another worker, or not yet due for retry is left alone."""
    email = services.email_claim(email_id=email_id)
    if email is not None:
        services.email_send(email=email)


@task
def retry_failed_emails_task() -> int:
    """Enqueue a send for every failed email whose retry time has come.

    Run it periodically (cron or a scheduler: ``manage.py retry_emails``,
    e.g. every minute); overlapping runs are harmless because the send task
    claims each email once."""
    email_ids = services.emails_due_for_retry()
    for email_id in email_ids:
        send_email_task.enqueue(email_id)
    return len(email_ids)
