"""Background work goes through the database queue and a worker."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from tests.factories import build_home_page, build_standard_page

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_publishing_queues_indexing_that_the_worker_runs():
    home = build_home_page()

    with override_settings(TASKS=DATABASE_TASKS):
        page = build_standard_page(home, title="Atelier coopératif", live=False)
        page.save_revision().publish()
        queued = DBTaskResult.objects.filter(status="READY").count()

        call_command("db_worker", batch=True, stdout=io.StringIO())

    assert queued > 0
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    assert page in [
        result.specific for result in Page.objects.live().search("coopératif")
    ]
