"""The test suite: fast hashing, anymail's test mailer, tasks run immediately."""

from .base import *  # noqa: F403
from .base import BASE_DIR, MIDDLEWARE, OUTBOX_MAILER

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

MAILERS = {
    "default": OUTBOX_MAILER,
    "provider": {"BACKEND": "anymail.backends.test.EmailBackend"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Longer than any test (the cache is emptied before each): with the base's 30 s,
# a query-count test that ran past 30 s on a loaded machine saw the entries of
# its first requests expire between two requests it compared.
CONTENT_CACHE_SECONDS = 60 * 60
# Off: tests change data behind the signals' back; tests/home/test_page_cache.py
# turns it on.
PAGE_CACHE_SECONDS = 0
# Off: tests read the seats a registration left at once;
# tests/events/registrations/test_registration_form.py turns it on.
REGISTRATION_FORM_SEATS_LAG_SECONDS = 0
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"

# runserver and the test servers serve static files themselves.
MIDDLEWARE = [
    m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"
]
