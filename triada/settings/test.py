"""Test settings: real PostgreSQL and Redis, started by the test run itself.

`tests.services.ensure_services()` starts throwaway servers on loopback
unless TRIADA_TEST_DATABASE_URL/REDIS_URL already point at running ones.
"""

import os

import dj_database_url

from tests.services import ensure_services

from .base import *  # noqa: F403
from .base import INSTALLED_APPS
from .dev import TRIADA_DEMO_PASSWORD  # noqa: F401

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

_services = ensure_services()

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]

DATABASES = {"default": dj_database_url.parse(_services["database_url"], conn_max_age=0)}
# A child process (Celery worker) sets TRIADA_TEST_DB_NAME to use the test database directly.
if os.environ.get("TRIADA_TEST_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["TRIADA_TEST_DB_NAME"]
DATABASES["default"]["TEST"] = {"NAME": "test_triada"}

REDIS_URL = _services["redis_url"]
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = os.environ.get("TRIADA_CELERY_EAGER", "1") == "1"
CELERY_TASK_EAGER_PROPAGATES = True

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A Celery worker started by the tests sends through SMTP to a sink the test counts.
EMAIL_BACKEND = os.environ.get("TRIADA_TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = _services["media_root"]
# Serve static files from their source folders, as in dev: tests never run
# collectstatic, so WhiteNoise must not look for (and warn about) STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
