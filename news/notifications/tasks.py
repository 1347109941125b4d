"""Background tasks of the notifications to subscribers."""

from django.tasks import task

from news.notifications import services


@task
def notification_plan_task(notification_id: int) -> int:
    return services.notification_plan(notification_id=notification_id)


@task
def notification_batch_task(notification_id: int, public_ids: list[str]) -> int:
    return services.notification_batch_send(
        notification_id=notification_id, public_ids=public_ids
    )
