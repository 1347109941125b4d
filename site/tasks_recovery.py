"""Tasks whose worker died put back in the queue.

`manage.py db_worker` (django-tasks-db) stops gracefully on SIGTERM: it finishes
the task it is running, records the result, then exits; the containers give it
`stop_grace_period` to do so. A worker killed before that (SIGKILL at the end
of the grace period, out of memory, a machine lost) leaves its task's row
marked RUNNING, and no worker ever picks a RUNNING row again. The periodic task
below turns such rows back to READY once they have been running for longer than
TASK_STALE_AFTER_SECONDS (longer than any task takes), so that a worker runs
them again: tasks run at least once, never zero times. A task killed half-way
through may do its first half again (the outbox's send task and the periodic
tasks are idempotent; an email task may record its email twice).
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def requeue_stale_tasks(
    *, stale_after: timedelta | None = None, now: datetime | None = None
) -> int:
    """Put the tasks marked running for longer than `stale_after` back in the
    queue; return how many. Idempotent: a second call finds nothing to do."""
    if stale_after is None:
        stale_after = timedelta(seconds=settings.TASK_STALE_AFTER_SECONDS)
    cutoff = (now or timezone.now()) - stale_after
    stale = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    rows = list(stale.values_list("id", "task_path", "started_at", "worker_ids"))
    if not rows:
        return 0
    # The status condition is checked again by the UPDATE itself: a task that
    # finished in the meantime keeps its result.
    requeued = stale.filter(id__in=[row[0] for row in rows]).update(
        status=TaskResultStatus.READY, started_at=None
    )
    for task_id, task_path, started_at, worker_ids in rows:
        logger.warning(
            "Task %s (%s) started at %s by worker %s never finished: queued again.",
            task_id,
            task_path,
            started_at.isoformat(),
            worker_ids[-1] if worker_ids else "?",
        )
    return requeued


@task
def requeue_stale_tasks_task() -> int:
    """Periodic: queue again the tasks of workers that died (see above)."""
    return requeue_stale_tasks()
