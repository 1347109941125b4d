"""Development only: the default site answers at http://127.0.0.1:<port>/, so
that the links in emails (written to var/mail/) open the running server."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

DEVELOPMENT_HOSTNAMES = {"localhost", "127.0.0.1"}


class Command(BaseCommand):
    help = "Point the default site at 127.0.0.1:PORT (development settings only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("PORT", 8000))
        )

    def handle(self, *args, port, **options):
        if not settings.DEBUG:
            raise CommandError("set_dev_site_address only runs with DEBUG on.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None or site.hostname not in DEVELOPMENT_HOSTNAMES:
            return  # no site yet, or one an editor pointed elsewhere
        if (site.hostname, site.port) != ("127.0.0.1", port):
            site.hostname, site.port = "127.0.0.1", port
            site.save(update_fields=["hostname", "port"])
        self.stdout.write(f"Links in emails point at {site.root_url}/")
