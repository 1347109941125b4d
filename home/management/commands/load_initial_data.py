"""Load the demo consultation: ``manage.py load_initial_data``.

Safe to run again: it creates what is missing and never changes what exists.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo.loaders import demo_loaders


class Command(BaseCommand):
    help = (
        "Create the demo content (home app first, then every app with a `demo` "
        "module). Only missing objects are created; existing ones are left as is."
    )

    def handle(self, *args, **options):
        created = 0
        with transaction.atomic():
            for app_label, load_demo_content in demo_loaders():
                self.stdout.write(self.style.MIGRATE_HEADING(f"{app_label}:"))
                created += load_demo_content(stdout=self.stdout) or 0
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo content loaded: {created} objects created.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    "Nothing created: the demo content is already there."
                )
            )
