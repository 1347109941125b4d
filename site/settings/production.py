"""Production: everything secret or site-specific comes from the environment."""

from .base import *  # noqa: F403
from .base import LOGGING, OUTBOX_MAILER, STORAGES
from .environment import (
    env_bool,
    env_list,
    env_required,
    env_str,
    log_format_from_env,
    mailer_from_env,
)

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

MAILERS = {"default": OUTBOX_MAILER, "provider": mailer_from_env()}

# Uploads as in base (filesystem, or S3 when configured); static files
# compressed and fingerprinted for WhiteNoise.
STORAGES = STORAGES | {
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# One JSON object per line on standard output, unless LOG_FORMAT=text.
LOG_FORMAT = log_format_from_env("json")
LOGGING = LOGGING | {
    "handlers": {"console": LOGGING["handlers"]["console"] | {"formatter": LOG_FORMAT}}
}

# HTTPS everywhere; a proxy in front terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers and container health checks probe each container over plain
# HTTP: the health endpoint answers them instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
