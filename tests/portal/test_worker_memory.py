"""What a web worker loads (issue #9, `make bench-pages`: worker memory).

Libraries that only rare views or background tasks need are imported where
they are used, not when the application and its URLconf load; the gunicorn
master loads the application once, opening no connection, before forking
the workers.
"""

import json

import anymail.urls
import pytest
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import import_string

from portal import anymail_webhooks
from tests.portal.production import run_production

# Each costs a web worker megabytes, for a spreadsheet export, a QR code, a PDF,
# an S3 or Amazon SES webhook: none is needed to serve a page.
LOADED_WHEN_USED = ["openpyxl", "qrcode", "weasyprint", "boto3", "botocore"]

LOAD_THE_WORKER = f"""
import json, sys
import portal.wsgi
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps([name for name in {LOADED_WHEN_USED!r} if name in sys.modules]))
"""

WHEN_READY = f"""
import gc, json, runpy, sys, types
import portal.wsgi
from django.core.validators import EmailValidator
from django.db import connections
from django.template import engines
from django.urls import get_resolver
from django.utils.functional import empty
config = runpy.run_path("docker/gunicorn.conf.py")
server = types.SimpleNamespace(cfg=types.SimpleNamespace(preload_app=True))
config["when_ready"](server)
loader = engines["django"].engine.template_loaders[0]
print(json.dumps({{
    "preload_app": config["preload_app"],
    "urlconf": "portal.urls" in sys.modules,
    "connected": [c.alias for c in connections.all() if c.connection is not None],
    "frozen": gc.get_freeze_count(),
    "rare_libraries": [name for name in {LOADED_WHEN_USED!r} if name in sys.modules],
    "reverse_languages": sorted(get_resolver()._reverse_dict),
    "templates": sorted(loader.get_template_cache),
    "email_pattern": EmailValidator.domain_regex._wrapped is not empty,
    "tasks": "events.registrations.tasks" in sys.modules,
}}))
"""


def test_the_application_and_its_urls_load_no_library_of_rare_views(tmp_path):
    result = run_production(["-c", LOAD_THE_WORKER], var_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_the_gunicorn_master_loads_the_urls_and_connects_to_nothing(tmp_path):
    result = run_production(["-c", WHEN_READY], var_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["preload_app"] is True
    assert loaded["urlconf"] is True
    assert loaded["connected"] == []
    assert loaded["frozen"] > 0


def test_the_gunicorn_master_warms_up_what_workers_need_at_once(tmp_path):
    """The URL patterns, the project's templates, the email validator's
    patterns and the task modules are ready before the fork, and no library
    of a rare view was loaded for it."""
    result = run_production(["-c", WHEN_READY], var_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["rare_libraries"] == []
    assert loaded["reverse_languages"] == ["fr"]
    assert "registrations/register.html" in loaded["templates"]
    assert "registrations/emails/base.html" in loaded["templates"]
    assert "base.html" in loaded["templates"]
    assert loaded["email_pattern"] is True
    assert loaded["tasks"] is True


def _tracking_routes(patterns):
    return {
        pattern.name: str(pattern.pattern)
        for pattern in patterns
        if "inbound" not in pattern.name
    }


def test_every_tracking_webhook_of_anymail_is_routed_the_same():
    assert _tracking_routes(anymail_webhooks.urlpatterns) == _tracking_routes(
        anymail.urls.urlpatterns
    )


@pytest.mark.parametrize("esp", sorted(anymail_webhooks.ANYMAIL_TRACKING_WEBHOOKS))
def test_each_tracking_webhook_is_anymails_view(esp):
    name = f"{esp}_tracking_webhook"
    routed = next(p for p in anymail.urls.urlpatterns if p.name == name)
    view = anymail_webhooks.ANYMAIL_TRACKING_WEBHOOKS[esp]
    view_path = f"anymail.webhooks.{esp}.{view}"

    assert import_string(view_path) is routed.callback.view_class


def test_a_webhook_needs_no_csrf_token_but_its_basic_auth(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "brevo-webhook:s3cret-du-webhook"}
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("anymail:brevo_tracking_webhook"),
        "{}",
        content_type="application/json",
    )

    # Anymail's own refusal (no credentials), not the CSRF middleware's 403.
    assert response.status_code == 400
