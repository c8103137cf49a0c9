"""Test settings: real PostgreSQL and Redis, started by the test run itself.

The servers start in the pytest plugin tests/plugin.py (tests/services.py), before
these settings load; here only their addresses are read from the environment,
where child processes (a Celery worker, a benchmark) find them too. Importing
this module starts nothing.
"""

import os
import tempfile

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSTALLED_APPS
from .dev import TRIADA_DEMO_PASSWORD  # noqa: F401

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]


def _service(name):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set: run the tests with pytest (tests/plugin.py starts the servers) "
            "or call tests.services.ensure_services() first."
        )
    return value


_services = {
    "database_url": _service("TRIADA_TEST_DATABASE_URL"),
    "redis_url": _service("TRIADA_TEST_REDIS_URL"),
    "media_root": os.environ.get("TRIADA_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="triada-media-"),
}

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
# Tests roll back instead of committing, so the page cache would never see a change: off here
# (tests/test_page_cache.py turns it on where it is the subject).
TRIADA_PAGE_CACHE = False
# A publish does not render the plan's PDF in-process here (other tests would wait for it); the row
# waits until asked for (tests/publication turns it on where it is the subject).
TRIADA_PUBLICATION_RENDER_IN_PROCESS = False
