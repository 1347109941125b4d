"""Background tasks of the editorial side."""

import io

from django.core.management import call_command
from django.tasks import task
from wagtail.contrib.search_promotions.models import Query


@task
def publish_scheduled_pages_task() -> None:
    """Publish the pages (and snippets) whose go-live time has come, and
    unpublish those whose expiry has: Wagtail's ``publish_scheduled``
    command, run by the periodic tasks every minute. Idempotent."""
    call_command("publish_scheduled", stdout=io.StringIO())


@task
def record_search_task(query_string: str) -> None:
    """Count a search in Wagtail's search statistics (Reports > Search
    terms), after the response rather than in it."""
    Query.get(query_string).add_hit()
