"""Production: every setting comes from the environment (see README).

Refuses to start with DEBUG on, a default or missing secret key, or the
demo password, because each of those has leaked real data somewhere before.
"""

import hashlib

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env, env_bool, env_list

# Only a digest: the demo password itself never appears in production settings.
DEMO_PASSWORD_SHA256 = "fdc159b8556a26552cc4151ff53618da7f6b905256c7c69828bc4cd69184cc63"
INSECURE_SECRET_KEYS = {"", "dev-only-not-secret", "test-only-not-secret", "change-me"}

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Parsed only when set, so a missing DATABASE_URL reaches the clear refusal below.
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60)} if env("DATABASE_URL") else {}

REDIS_URL = env("REDIS_URL", "redis://redis:6379/0")
CELERY_BROKER_URL = REDIS_URL
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", "")
# elasticsearch8 (the design card's engine) or opensearch2 (same Czech analysis, the test run's node).
SEARCH_ENGINE = env("SEARCH_ENGINE", "elasticsearch8")
if SEARCH_ENGINE not in {"elasticsearch8", "opensearch2"}:
    raise ImproperlyConfigured("SEARCH_ENGINE must be elasticsearch8 or opensearch2.")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"search.backends.{SEARCH_ENGINE}",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": env("ELASTICSEARCH_INDEX_PREFIX", "triada_"),
            "TIMEOUT": int(env("ELASTICSEARCH_TIMEOUT", "10")),
            "QUEUE_NAME": "default",
            "INDEX_SETTINGS": {
                "settings": {
                    "index": {
                        "number_of_shards": int(env("ELASTICSEARCH_SHARDS", "1")),
                        "number_of_replicas": int(env("ELASTICSEARCH_REPLICAS", "0")),
                    }
                }
            },
        }
    }

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the one reverse proxy the README requires (see TRIADA_TRUSTED_PROXY_HOPS in base).
TRIADA_TRUSTED_PROXY_HOPS = int(env("TRIADA_TRUSTED_PROXY_HOPS", "1"))
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview views SAMEORIGIN
# Public pages: nothing inline, nothing from elsewhere. The admin (Wagtail) is excluded.
MIDDLEWARE = [*MIDDLEWARE, "csp.middleware.CSPMiddleware", "triada.throttling.PermissionsPolicyMiddleware"]
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/cms-admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
TRIADA_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
# Orchestrators call the health endpoint over plain HTTP, past the proxy: no redirect there.
SECURE_REDIRECT_EXEMPT = [r"^zdravi/$"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TRIADA_DEMO_PASSWORD = None


def check_production_safety(debug, secret_key, demo_password, database_url):
    """Raise ImproperlyConfigured for a configuration that must never serve."""
    if debug:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")
    if secret_key in INSECURE_SECRET_KEYS or len(secret_key) < 32:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of at least 32 characters.")
    secrets = [secret_key, demo_password or ""]
    if any(hashlib.sha256(value.encode()).hexdigest() == DEMO_PASSWORD_SHA256 for value in secrets):
        raise ImproperlyConfigured("The demo password must not be used in production.")
    if not database_url:
        raise ImproperlyConfigured("DATABASE_URL must be set in production.")


check_production_safety(DEBUG, SECRET_KEY, env("TRIADA_DEMO_PASSWORD"), env("DATABASE_URL", ""))
