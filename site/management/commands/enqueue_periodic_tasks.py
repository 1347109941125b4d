"""Enqueue every task of ``settings.PERIODIC_TASKS``.

Django's tasks framework has no scheduler: cron, ``make serve`` or the
``scheduler`` container (docker/entrypoint.sh) runs this every minute. Each
periodic task is idempotent and cheap when nothing is due, so running it often
or twice does no harm.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.tasks import Task
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Enqueue the periodic background tasks listed in settings.PERIODIC_TASKS."
    # Run every minute: skip the system checks (URLs, models) of every start.
    requires_system_checks = []

    def handle(self, *args, **options):
        unknown = []
        for path in settings.PERIODIC_TASKS:
            try:
                periodic_task = import_string(path)
            except ImportError as error:
                periodic_task = error
            if not isinstance(periodic_task, Task):
                unknown.append(path)
                self.stderr.write(f"Not a task: {path} ({periodic_task!r})")
                continue
            result = periodic_task.enqueue()
            if options["verbosity"]:
                self.stdout.write(f"Enqueued {path} ({result.id}).")
        if unknown:
            raise CommandError(f"Not enqueued: {', '.join(unknown)}.")
