"""Uploads on the filesystem by default, in an S3-compatible bucket when configured.

Nothing here reaches the network: building the storage and its public URLs
needs no request to the bucket.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.settings import environment

PROJECT_ROOT = Path(__file__).resolve().parents[2]

S3_VARIABLES = [
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_S3_ADDRESSING_STYLE",
]
BUCKET = {
    "AWS_STORAGE_BUCKET_NAME": "concertation-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
    "AWS_S3_REGION_NAME": "fr-par",
    "AWS_ACCESS_KEY_ID": "SCWEXAMPLEKEY",
    "AWS_SECRET_ACCESS_KEY": "example-secret",
}


@pytest.fixture
def clean_environment(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_uploads_stay_on_the_filesystem_without_a_bucket(clean_environment):
    assert environment.media_storage_from_env() == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_a_bucket_selects_s3_storage(clean_environment):
    for name, value in BUCKET.items():
        clean_environment.setenv(name, value)

    storage = environment.media_storage_from_env()

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "concertation-media",
        "endpoint_url": "https://s3.fr-par.scw.cloud",
        "region_name": "fr-par",
        "access_key": "SCWEXAMPLEKEY",
        "secret_key": "example-secret",
        # No ACL: the bucket's policy decides; URLs are not signed, so cached
        # pages and feeds never carry a link that expires; an upload never
        # replaces another file of the same name.
        "default_acl": None,
        "querystring_auth": False,
        "file_overwrite": False,
    }


def test_unset_options_are_left_to_the_defaults(clean_environment):
    clean_environment.setenv("AWS_STORAGE_BUCKET_NAME", "media")
    clean_environment.setenv("AWS_S3_ENDPOINT_URL", "")

    options = environment.media_storage_from_env()["OPTIONS"]

    assert "endpoint_url" not in options
    assert "access_key" not in options


INSPECT = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
storage_class = type(storages["default"])
print(json.dumps({
    "class": f"{storage_class.__module__}.{storage_class.__qualname__}",
    "url": storages["default"].url("images/affiche.width-800.jpg"),
    "document_url": storages["default"].url("documents/programme.pdf"),
    "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"],
    "serve_method": settings.WAGTAILDOCS_SERVE_METHOD,
    "overwrite": getattr(storages["default"], "file_overwrite", None),
    "acl": getattr(storages["default"], "default_acl", "none set"),
}))
"""


def run_production(tmp_path, code, **environ):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(PROJECT_ROOT),
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "kJ8#vQ2$zX9!mN4&pL7^rT1*wY6@bH3%cF5(dG0)sA8-eU2+iO7",
            "ALLOWED_HOSTS": "concertation.example.org",
            "EMAIL_PROVIDER": "brevo",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "VAR_DIR": str(tmp_path),
            # botocore must never look for credentials on the network.
            "AWS_EC2_METADATA_DISABLED": "true",
            **environ,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def inspect_production(tmp_path, **environ):
    result = run_production(tmp_path, INSPECT, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_serves_uploads_from_the_bucket(tmp_path):
    found = inspect_production(
        tmp_path, **BUCKET, AWS_S3_ADDRESSING_STYLE="path", LOG_LEVEL="CRITICAL"
    )

    assert found["class"] == "storages.backends.s3.S3Storage"
    assert found["url"] == (
        "https://s3.fr-par.scw.cloud/concertation-media/images/affiche.width-800.jpg"
    )
    assert "Signature" not in found["url"]
    assert found["overwrite"] is False
    assert found["acl"] is None
    # Documents go through Wagtail's view, which checks their privacy.
    assert found["serve_method"] == "serve_view"
    assert found["staticfiles"].startswith("whitenoise.")


def test_a_custom_domain_serves_the_public_urls(tmp_path):
    found = inspect_production(
        tmp_path, **BUCKET, AWS_S3_CUSTOM_DOMAIN="medias.concertation.example.org"
    )

    assert found["url"] == (
        "https://medias.concertation.example.org/images/affiche.width-800.jpg"
    )


def test_production_without_a_bucket_keeps_the_filesystem(tmp_path):
    found = inspect_production(tmp_path, MEDIA_URL="/media/")

    filesystem = "django.core.files.storage.filesystem.FileSystemStorage"
    assert found["class"] == filesystem
    assert found["url"] == "/media/images/affiche.width-800.jpg"
    assert found["staticfiles"].startswith("whitenoise.")


def test_deploy_check_stays_clean_with_a_bucket(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "kJ8#vQ2$zX9!mN4&pL7^rT1*wY6@bH3%cF5(dG0)sA8-eU2+iO7",
            "ALLOWED_HOSTS": "concertation.example.org",
            "DATABASE_URL": "postgres://portal@db.example.org:5432/portal",
            "CACHE_URL": "redis://redis.example.org:6379/0",
            "EMAIL_PROVIDER": "brevo",
            "VAR_DIR": str(tmp_path),
            "AWS_EC2_METADATA_DISABLED": "true",
            **BUCKET,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
