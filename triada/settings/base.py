"""Settings shared by every way of running Triáda.

Everything that differs between the embedded default, the test run and
production lives in the sibling modules; this one only reads what they set.
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    """A setting from the environment (12-factor: the same image runs everywhere)."""
    return os.environ.get(name, default)


def env_bool(name, default=False):
    """A yes/no setting from the environment ("1", "true", "yes", "on")."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """A comma-separated list setting from the environment."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    # Our apps first so their templates and translations win.
    "cms",
    "workflows",
    "search",
    "meetings",
    "notifications",
    "publication",
    "catalogue",
    "implementation",
    "operations",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the cache, before sessions and auth run (operations/page_cache.py).
    "operations.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "triada.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.territory",
            ],
        },
    },
]

WSGI_APPLICATION = "triada.wsgi.application"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Czech first: the public site and the admin speak Czech.
LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", _("Czech"))]
# The project catalogue (templates/) and one per part of a shared app, so
# each part keeps its own Czech translations; apps' own locale/ dirs also count.
LOCALE_PATHS = [
    BASE_DIR / "locale",
    # Czech for the Wagtail admin strings Wagtail's own catalogue leaves in English.
    BASE_DIR / "triada" / "locale",
    BASE_DIR / "workflows" / "review" / "locale",
    BASE_DIR / "workflows" / "consultation" / "locale",
    BASE_DIR / "cms" / "library" / "locale",
]
TIME_ZONE = "Europe/Prague"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("TRIADA_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("TRIADA_MEDIA_ROOT", BASE_DIR / "var" / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Wagtail
WAGTAIL_SITE_NAME = "Triáda"
WAGTAILADMIN_BASE_URL = env("TRIADA_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_DOCUMENT_MODEL = "cms.TriadaDocument"
WAGTAILIMAGES_IMAGE_MODEL = "cms.TriadaImage"
# Internal documents must never be reachable by a guessed URL: serve through
# a permission-checked view, never by redirect to the storage.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_USAGE_COUNT_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("cs", "Čeština")]
WAGTAIL_CONTENT_LANGUAGES = [("cs", "Čeština")]
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
# Search: the database backend, Czech on PostgreSQL (see search/backends/);
# production switches to Elasticsearch when ELASTICSEARCH_URL is set.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "search.backends.database", "SEARCH_CONFIG": "czech"},
}
# Limits of text extraction from uploaded PDF/DOCX/ODT files (search/extraction.py).
TRIADA_EXTRACTION_LIMITS = {
    "max_file_bytes": int(env("TRIADA_EXTRACTION_MAX_BYTES", 100 * 1024 * 1024)),
    "max_unpacked_bytes": int(env("TRIADA_EXTRACTION_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)),
    "max_pages": int(env("TRIADA_EXTRACTION_MAX_PAGES", 2000)),
    "max_chars": int(env("TRIADA_EXTRACTION_MAX_CHARS", 2_000_000)),
    "max_seconds": float(env("TRIADA_EXTRACTION_MAX_SECONDS", 120)),
}

# Uploads: 50 MB by default, configurable.
TRIADA_MAX_UPLOAD_BYTES = int(env("TRIADA_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "png", "jpg", "jpeg"]
# Every admin upload path (single, multiple, chooser) checks type, content, size and name.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.library.forms.TriadaDocumentForm"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Celery (the broker is set per environment).
CELERY_BROKER_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
# Tasks go to the broker unless a settings module says otherwise (dev runs them in-process).
CELERY_TASK_ALWAYS_EAGER = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Longer than the longest task, so an unacknowledged task is not redelivered
# while it is still running.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# Periodic jobs: all in triada/periodic.py. Enqueueing (triada/enqueue.py) gives
# up fast when the broker is down; each job's sweep delivers later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
TRIADA_NOTIFICATION_SWEEP_SECONDS = float(env("TRIADA_NOTIFICATION_SWEEP_SECONDS", "60"))
TRIADA_NOTIFICATION_SWEEP_GRACE = float(env("TRIADA_NOTIFICATION_SWEEP_GRACE", "30"))
TRIADA_NOTIFICATION_DIGEST_HOUR = int(env("TRIADA_NOTIFICATION_DIGEST_HOUR", "6"))
# Embedded mode: `runserver` runs the beat schedule in a thread (see triada/periodic.py).
TRIADA_PERIODIC_IN_PROCESS = env_bool("TRIADA_PERIODIC_IN_PROCESS", True)

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
# An SMTP server that hangs must not hold a delivery task past its time limit.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Triáda <noreply@triada.invalid>")

LOGIN_URL = "wagtailadmin_login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("TRIADA_LOG_LEVEL", "WARNING")},
}

# Set only in dev and test; the demo loader refuses to run without it.
TRIADA_DEMO_PASSWORD = None

# Review workflow: an edit that changes a chapter's text after a stage approved it
# sends the chapter back to the first stage whose approval predates the edit
# (texts compared, not revision ids; not during and after the public comment).
# Wagtail's own revision-id rule stays off: workflows.review.transitions decides.
TRIADA_REVIEW_RESTART_ON_EDIT = env_bool("TRIADA_REVIEW_RESTART_ON_EDIT", True)
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = False
# The workflow publishes what it approved, whoever holds its last stage.
WAGTAIL_FINISH_WORKFLOW_ACTION = "workflows.review.publication.publish_approved"

# Public comments: at most N comments per window (seconds) from one IP address
# and for one e-mail address; counters live in the cache (Redis in production).
TRIADA_COMMENT_RATE_LIMITS = {
    "ip": (int(env("TRIADA_COMMENT_RATE_IP", 10)), 3600),
    "email": (int(env("TRIADA_COMMENT_RATE_EMAIL", 5)), 3600),
}
TRIADA_COMMENT_MAX_LENGTH = int(env("TRIADA_COMMENT_MAX_LENGTH", 5000))

# --- Security (issue 11) -------------------------------------------------------------
# How many reverse proxies in front of the app append to X-Forwarded-For; the
# client's address is the entry that many places from the right (triada/client_ip.py).
# 0 = no proxy: REMOTE_ADDR is the client. Production defaults to 1.
TRIADA_TRUSTED_PROXY_HOPS = int(env("TRIADA_TRUSTED_PROXY_HOPS", "0"))
# Public subscription requests per hour from one address and for one e-mail (django-ratelimit).
TRIADA_SUBSCRIBE_RATE_IP = env("TRIADA_SUBSCRIBE_RATE_IP", "10/h")
TRIADA_SUBSCRIBE_RATE_EMAIL = env("TRIADA_SUBSCRIBE_RATE_EMAIL", "3/h")
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one
# user name from one address, that pair waits AXES_COOLOFF_TIME hours.
INSTALLED_APPS = [*INSTALLED_APPS, "axes"]
MIDDLEWARE = [*MIDDLEWARE, "axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = ["triada.throttling.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(env("TRIADA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("TRIADA_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "triada.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "triada.throttling.locked_out"
AXES_VERBOSE = False

# Catalogue of services: the national registry's open data (rpss.json) and where the
# importer reads it from when no file is given.
TRIADA_CATALOGUE_REGISTRY_URL = env("TRIADA_CATALOGUE_REGISTRY_URL", "https://data.mpsv.cz/od/soubory/rpss/rpss.json")

# Public read API (publication/api): anonymous, JSON only, rate-limited per client address.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Triáda – veřejné API",
    "DESCRIPTION": "Public content of the community plans: territories, plans, chapters, strategic items, "
    "meetings and public documents. Read-only, no authentication.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}
TRIADA_API_RATE = env("TRIADA_API_RATE", "120/min")
