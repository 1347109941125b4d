"""Background tasks of the editorial side."""

import io

from django.core.management import call_command
from django.tasks import task


@task
def publish_scheduled_pages_task() -> None:
    """Publish the pages (and snippets) whose go-live time has come, and
    unpublish those whose expiry has: Wagtail's ``publish_scheduled``
    command, run by the periodic tasks every minute. Idempotent."""
    call_command("publish_scheduled", stdout=io.StringIO())
