"""Read the deployment's configuration from environment variables.

Each helper turns one variable (or family of variables) into the Django setting
that needs it, so that base, dev, test and production share one vocabulary.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def database_from_env(default_sqlite_path: str) -> dict:
    """DATABASE_URL, or an SQLite file when it is not set."""
    config = dj_database_url.config(
        default=f"sqlite:///{default_sqlite_path}",
        conn_max_age=int(env_str("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Serialise writers instead of failing with "database is locked".
        config.setdefault("OPTIONS", {}).update(
            {"transaction_mode": "IMMEDIATE", "timeout": 20}
        )
    return config


def cache_from_env() -> dict:
    """CACHE_URL (redis:// or rediss://), or a local-memory cache."""
    url = env_str("CACHE_URL")
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://")):
        return {
            "BACKEND": "portal.cache.SharedClientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
        }
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {url!r}.")


def anymail_from_env() -> dict:
    """Every ANYMAIL_<ESP>_<OPTION> variable, as anymail's ANYMAIL setting."""
    prefix = "ANYMAIL_"
    return {
        name.removeprefix(prefix): value
        for name, value in os.environ.items()
        if name.startswith(prefix)
    }


def mailer_from_env() -> dict:
    """EMAIL_PROVIDER names an anymail ESP (brevo, mailjet, scaleway…) or smtp."""
    provider = env_required("EMAIL_PROVIDER").strip().lower()
    if provider == "smtp":
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": int(env_str("EMAIL_PORT", "587")),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    return {"BACKEND": f"anymail.backends.{provider}.EmailBackend"}


LOG_FORMATS = ("text", "json")


def log_format_from_env(default: str) -> str:
    """LOG_FORMAT: `text` (lines for people) or `json` (one object per line)."""
    value = env_str("LOG_FORMAT", default).strip().lower() or default
    if value not in LOG_FORMATS:
        raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {value!r}.")
    return value


def media_storage_from_env() -> dict:
    """STORAGES["default"]: uploads in an S3-compatible bucket when
    AWS_STORAGE_BUCKET_NAME is set, on the local filesystem (MEDIA_ROOT) otherwise.

    Objects get no ACL (the bucket's policy decides who reads them) and their
    URLs are not signed, so that cached pages and feeds never hold a link that
    expires; documents are served through Wagtail's view, which checks their
    privacy (WAGTAILDOCS_SERVE_METHOD), so the bucket must not publish them.
    An upload never replaces a file of the same name.
    """
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    optional = {
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
        "region_name": env_str("AWS_S3_REGION_NAME"),
        "access_key": env_str("AWS_ACCESS_KEY_ID"),
        "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
        "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN"),
        "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE"),
    }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
            **{name: value for name, value in optional.items() if value},
        },
    }
