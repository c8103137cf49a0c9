"""Settings of the consultation bench's web server: the test run's servers, production's connection and cache.

The test settings keep every request on a fresh database connection and a per-process
local-memory cache; production (triada/settings/production.py) keeps connections for
60 s and caches in Redis, and the burst is measured the way production serves it.
"""

from triada.settings.test import *  # noqa: F403
from triada.settings.test import DATABASES, REDIS_URL

DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
DEBUG = False
