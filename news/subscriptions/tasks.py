"""Background work of subscriptions (Django's tasks framework)."""

from django.tasks import task


@task
def subscription_email_task(kind: str, subscription_id: int) -> int | None:
    """Render one email of a subscription (``kind`` names its function in
    ``emails``) and record it in the outbox; returns the outgoing email's id
    (None when the subscription is gone)."""
    from news.subscriptions import emails
    from news.subscriptions.models import Subscription

    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return None
    return getattr(emails, kind)(subscription).pk


@task
def subscriptions_clean_up_task() -> int:
    """Delete the requests never confirmed once their link has expired, and
    the unsubscribed rows once the retention period is over (with the emails
    about them); returns how many. Periodic (``settings.PERIODIC_TASKS``) and
    idempotent."""
    from news.subscriptions.services import subscriptions_clean_up

    return subscriptions_clean_up()
