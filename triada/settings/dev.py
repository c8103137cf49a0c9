"""The embedded default: SQLite, Wagtail's database search, tasks in-process.

Nothing here needs a server: `make run` starts the site on this alone.
"""

from triada.demo_credentials import DEMO_PASSWORD

from .base import *  # noqa: F403
from .base import BASE_DIR, INSTALLED_APPS, env

DEBUG = True
SECRET_KEY = "dev-only-not-secret"
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env("TRIADA_SQLITE_PATH", str(BASE_DIR / "var" / "triada.sqlite3")),
        "OPTIONS": {"timeout": 20},
    }
}

# No broker: tasks run in the request's process once the transaction commits.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_BROKER_URL = "memory://"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The one demo password, printed by `make run`; never valid in production.
TRIADA_DEMO_PASSWORD = DEMO_PASSWORD

# The demo app (`load_demo`) exists only here and in the test settings, never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

# SQLite search with the project's Czech stemmer on both sides (search/backends/sqlite_czech.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.sqlite_czech"}}
