"""Uploads on the filesystem by default, in an S3-compatible bucket when configured.

Nothing here reaches the network: building the storage and its public URLs
needs no request to the bucket.
"""

import json

import pytest

from portal.settings import environment
from tests.portal.production import run_production

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


def run_inspection(tmp_path, code, **environ):
    return run_production(
        ["-c", code],
        var_dir=tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL="",  # the local memory cache
        **environ,
    )


def inspect_production(tmp_path, **environ):
    result = run_inspection(tmp_path, INSPECT, **environ)
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
    result = run_production(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        var_dir=tmp_path,
        **BUCKET,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
