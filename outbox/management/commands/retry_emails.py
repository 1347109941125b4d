"""Run by cron or a scheduler (e.g. every minute) next to `db_worker`."""

from django.core.management.base import BaseCommand

from outbox.tasks import retry_failed_emails_task


class Command(BaseCommand):
    help = "Queue the retry sweep for outgoing emails whose retry time has come."

    def handle(self, *args, **options):
        retry_failed_emails_task.enqueue()
        self.stdout.write("Retry of failed emails queued.")
