"""Settings shared by every environment. Environment-specific files import these."""

from pathlib import Path

from django.utils.csp import CSP

from .environment import (
    anymail_from_env,
    cache_from_env,
    database_from_env,
    env_bool,
    env_list,
    env_str,
    log_format_from_env,
    media_storage_from_env,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "home",
    "events",
    "events.registrations",
    "news",
    "news.subscriptions",
    "news.notifications",
    "consultation",
    "portal",
    "outbox",
    "privacy",
    "accounts",
    "organisers",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # What the site's pages read about the site, once per request
    # (home/content_cache.py).
    "home.content_cache.RequestScopeMiddleware",
    # Outside the session, CSRF and authentication layers: a stored page is
    # served to anonymous visitors without them (home/page_cache.py).
    "home.page_cache.PageCacheMiddleware",
    "home.content_cache.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Full pages kept for anonymous visitors, in seconds (0 turns it off).
PAGE_CACHE_SECONDS = int(env_str("PAGE_CACHE_SECONDS", "300"))
# Never in the public layout: the site is not looked up in the content cache
# for them (home.content_cache.CachedSiteMiddleware).
SITE_CACHE_EXCLUDED_PATHS = (
    "/admin/",
    "/anymail/",
    "/sante/",
    "/static/",
    "/media/",
    "/documents/",
)
# Never looked up there: personal pages, forms with a token, files, machines.
PAGE_CACHE_EXCLUDED_PATHS = (
    "/compte/",
    "/inscriptions/",
    "/actualites/abonnement/",
    "/pointage/",
    *SITE_CACHE_EXCLUDED_PATHS,
)

# A CDN or a Varnish in front: Wagtail purges a page's URLs from it when the
# page is published or unpublished (wagtail.contrib.frontend_cache). Pages
# showing seats left are never kept by it (Cache-Control: max-age=0).
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):  # Varnish, nginx, any HTTP PURGE
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
    }
if env_str("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env_str("CLOUDFRONT_DISTRIBUTION_ID"),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(str(VAR_DIR / "db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_from_env()}
# How long what pages read about the site stays cached (home/content_cache.py).
# A change of content retires it at once in a cache every process shares
# (Redis); a local-memory cache is each process's own (the task worker's, each
# gunicorn worker's), where only this delay bounds what another process shows.
CONTENT_CACHE_SECONDS = 6 * 60 * 60 if env_str("CACHE_URL") else 30
# How far behind the seats shown on the blank registration form may be, in
# seconds: during a rush it is rendered once per lag, not per registration
# (events/registrations/views.py). The seats are counted again on sending.
REGISTRATION_FORM_SEATS_LAG_SECONDS = 1

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the portal speaks French; code and msgids are English.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# Static files and uploads
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
# Uploads go to an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set
# (django-storages; several web containers then share them without a shared
# disk), to MEDIA_ROOT otherwise.
STORAGES = {
    "default": media_storage_from_env(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Documents always go through Wagtail's view, which checks their privacy
# settings, whatever the storage: never a direct link to the file.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work goes through Django's tasks framework and the database
# backend; `manage.py db_worker` runs it. Wagtail's own tasks use it too.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Idempotent tasks that `manage.py enqueue_periodic_tasks` enqueues; cron or
# the `scheduler` container runs it every minute.
PERIODIC_TASKS = [
    "outbox.tasks.retry_failed_emails_task",
    "events.registrations.tasks.send_due_reminders_task",
    "privacy.tasks.anonymise_expired_registrations_task",
    "news.subscriptions.tasks.subscriptions_clean_up_task",
    "home.tasks.publish_scheduled_pages_task",
    "portal.tasks_recovery.requeue_stale_tasks_task",
]
# A task still marked running after this many seconds lost its worker (killed
# before it could finish): the periodic task above puts it back in the queue.
# Keep it well above the longest task.
TASK_STALE_AFTER_SECONDS = int(env_str("TASK_STALE_AFTER_SECONDS", "900"))

# Email: whatever calls send_mail (Wagtail's moderation notifications, error
# reports) goes through the "default" mailer, which records it in the outbox;
# the outbox's send task delivers through the "provider" mailer, which each
# settings module defines with OUTBOX_MAILER as its "default".
OUTBOX_MAILER = {"BACKEND": "outbox.backends.OutboxEmailBackend"}
# At most this many emails a minute to news subscribers, whatever the size of
# the list (news.notifications): keep it under the provider's sending limit.
NEWS_NOTIFICATIONS_PER_MINUTE = int(env_str("NEWS_NOTIFICATIONS_PER_MINUTE", "600"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Concertation <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ANYMAIL = anymail_from_env()

# Wagtail
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Concertation")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no editor's email hash sent to a third party
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odp", "ods", "odt", "pdf", "pptx", "xlsx"]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# Domain part of calendar UIDs: set it once and never change it, or calendars
# that hold the events see them as new ones (defaults to WAGTAILADMIN_BASE_URL's).
CALENDAR_UID_DOMAIN = env_str("CALENDAR_UID_DOMAIN")

# Members of this group are Region staff: they see and join internal events.
REGION_STAFF_GROUP_NAME = env_str("REGION_STAFF_GROUP_NAME", "Agents de la Région")
# Usernames that may see personal data in the admin without two-factor
# authentication (organisers.two_factor): nobody, but in development.
PERSONAL_DATA_WITHOUT_TWO_FACTOR: list[str] = []
# Verified email addresses of these domains join that group automatically.
REGION_STAFF_EMAIL_DOMAINS = env_list("REGION_STAFF_EMAIL_DOMAINS")

# Accounts: django-allauth, signed in by email (no username), verified email,
# sign-in by a code as a passwordless option, TOTP two-factor authentication.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:registrations"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("WAGTAIL_SITE_NAME", "Concertation")
# Optional: Region staff sign in through the Region's identity provider
# (OpenID Connect), configured only from the environment and off unless
# REGION_OIDC_CLIENT_ID is set. The login page then shows a button labelled
# REGION_OIDC_NAME. Email authentication stays off (allauth's default): an
# identity provider login never opens an existing local account by matching its
# email address; a person who already has one signs in and connects the
# provider from their account instead.
REGION_OIDC_CLIENT_ID = env_str("REGION_OIDC_CLIENT_ID")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [
                {
                    "provider_id": "region",
                    "name": env_str("REGION_OIDC_NAME", "Compte agent"),
                    "client_id": REGION_OIDC_CLIENT_ID,
                    "secret": env_str("REGION_OIDC_CLIENT_SECRET"),
                    "settings": {"server_url": env_str("REGION_OIDC_SERVER_URL")},
                }
            ]
            if REGION_OIDC_CLIENT_ID
            else []
        ),
    }
}
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False

# Public forms: at most this many submissions per client IP and per email
# address in a window of this many seconds (HTTP 429 beyond).
RATE_LIMITS = {
    "registration_ip": (20, 600),
    "registration_email": (5, 600),
    "subscription_ip": (20, 600),
    # Each accepted attempt sends the address an email: few per hour.
    "subscription_email": (3, 3600),
}
# Behind N reverse proxies, the client IP is the N-th address from the right
# of X-Forwarded-For; 0 reads REMOTE_ADDR (nothing in front).
TRUSTED_PROXY_COUNT = int(env_str("TRUSTED_PROXY_COUNT", "0"))

# Security defaults that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow their own frame
# Nothing is loaded from elsewhere: no tracker, font, map or video host. Style
# attributes carry editor-chosen colours (themes); no inline script runs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Wagtail's admin needs inline scripts and styles; it is still kept to this host.
ADMIN_CSP = SECURE_CSP | {
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-ancestors": [CSP.SELF],  # the page editor's live preview
}
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Logs go to standard output: plain lines, or one JSON object per line
# (LOG_FORMAT=json, the production default) for the platform's log collector.
LOG_FORMAT = log_format_from_env("text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "portal.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.tasks": {"level": "WARNING"},
        # WeasyPrint reports every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
    },
}
