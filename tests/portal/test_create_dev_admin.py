"""The development administrator: created once, password kept unless reset."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


def create_dev_admin(*arguments):
    output = io.StringIO()
    call_command("create_dev_admin", *arguments, stdout=output)
    return output.getvalue()


@override_settings(DEBUG=True)
def test_creates_a_superuser_who_can_log_in(monkeypatch):
    monkeypatch.setenv("DEV_ADMIN_PASSWORD", "mot-de-passe-de-dev")

    output = create_dev_admin("--port", "8123")

    user = authenticate(username="admin", password="mot-de-passe-de-dev")
    assert user is not None and user.is_superuser
    assert "http://127.0.0.1:8123/admin/" in output


@override_settings(DEBUG=True)
def test_keeps_a_changed_password_unless_asked(monkeypatch):
    monkeypatch.setenv("DEV_ADMIN_PASSWORD", "mot-de-passe-de-dev")
    create_dev_admin()
    user = get_user_model().objects.get(username="admin")
    user.set_password("choisi-par-moi")
    user.save()

    create_dev_admin()
    assert authenticate(username="admin", password="choisi-par-moi") is not None

    create_dev_admin("--reset-password")
    assert authenticate(username="admin", password="mot-de-passe-de-dev") is not None
    assert get_user_model().objects.filter(username="admin").count() == 1
