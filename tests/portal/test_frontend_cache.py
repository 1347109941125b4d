"""Wagtail's front-end cache invalidation (a CDN or a Varnish in front),
configured from the environment."""

import json

from tests.portal.production import run_production

SHOW = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps({'backends': {k: v['BACKEND'].rsplit('.', 1)[1] "
    "for k, v in settings.WAGTAILFRONTENDCACHE.items()}, 'app': "
    "'wagtail.contrib.frontend_cache' in settings.INSTALLED_APPS}))"
)


def configured(tmp_path, **environ) -> dict:
    result = run_production(["-c", SHOW], var_dir=tmp_path, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_off_unless_configured(tmp_path):
    assert configured(tmp_path) == {"backends": {}, "app": False}


def test_a_varnish_and_cloudflare(tmp_path):
    settings = configured(
        tmp_path,
        FRONTEND_CACHE_PURGE_URL="http://varnish:6081",
        CLOUDFLARE_ZONE_ID="zone",
        CLOUDFLARE_API_TOKEN="token",
    )

    assert settings == {
        "backends": {"http": "HTTPBackend", "cloudflare": "CloudflareBackend"},
        "app": True,
    }
