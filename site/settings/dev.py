"""Local development: debug on, mail written to files under var/mail/."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, OUTBOX_MAILER, VAR_DIR
from .environment import env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "0.0.0.0"]
SERVE_MEDIA = True
# The development admin of `make run` (create_dev_admin) skips two-factor
# authentication before personal data; in development only.
PERSONAL_DATA_WITHOUT_TWO_FACTOR = ["admin"]

MAIL_DIR = VAR_DIR / "mail"
MAILERS = {
    "default": OUTBOX_MAILER,
    "provider": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(MAIL_DIR)},
    },
}

# runserver and the test servers serve static files themselves.
MIDDLEWARE = [
    m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"
]
