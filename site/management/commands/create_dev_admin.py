"""Create the development administrator and print how to log in.

For local development only: the password is known (DEV_ADMIN_PASSWORD, or a
fixed default), so the command refuses to run unless settings.DEBUG is on.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
EMAIL = "admin@example.org"
DEFAULT_PASSWORD = "admin-dev-password"


class Command(BaseCommand):
    help = (
        "Create the development superuser 'admin' if missing and print how to log "
        "in. Refuses to run when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            default=os.environ.get("PORT", "8000"),
            help="Port printed in the login URL (default: $PORT or 8000).",
        )
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="Set the password again if the user already exists.",
        )

    def handle(self, *args, port, reset_password, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_dev_admin only runs with DEBUG on (development settings): "
                "it sets a known password. Use `manage.py createsuperuser` instead."
            )
        password = os.environ.get("DEV_ADMIN_PASSWORD") or DEFAULT_PASSWORD
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: USERNAME}).first()
        if user is None:
            User.objects.create_superuser(USERNAME, EMAIL, password)
            self.stdout.write(self.style.SUCCESS(f"Created the superuser {USERNAME}."))
            shown_password = password
        elif reset_password:
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(self.style.SUCCESS(f"Reset the password of {USERNAME}."))
            shown_password = password
        else:
            shown_password = (
                f"{password} (unless changed since; "
                "`manage.py create_dev_admin --reset-password` sets it again)"
            )
        self.stdout.write(
            f"Admin: http://127.0.0.1:{port}/admin/ — "
            f"user {USERNAME} / password {shown_password}"
        )
