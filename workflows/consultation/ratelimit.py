"""Rate limits for public comments, kept in the Django cache (Redis in production).

Limits come from settings.TRIADA_COMMENT_RATE_LIMITS, e.g.
``{"ip": (10, 3600), "email": (5, 3600)}`` — at most 10 comments per hour
from one address and 5 per e-mail. A window is fixed (starts with the first
hit) so the counter needs no clean-up.
"""

import hashlib
import logging

from django.core.cache import cache

from .services import comment_rate_limits

logger = logging.getLogger(__name__)


def _key(kind, value):
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"triada:comment-rate:{kind}:{digest}"


def hit(kind, value):
    """Count one submission; return False when the limit for `kind` is exceeded."""
    if not value:
        return True
    limit, window = comment_rate_limits()[kind]
    key = _key(kind, value)
    try:
        if cache.add(key, 1, timeout=window):
            return limit >= 1
        try:
            count = cache.incr(key)
        except ValueError:
            # Expired between add and incr: start a new window.
            cache.add(key, 1, timeout=window)
            count = 1
    except Exception:
        # The cache (Redis) is down: a citizen's comment matters more than the limit.
        logger.warning("Comment rate limit not checked: the cache is unavailable", exc_info=True)
        return True
    return count <= limit


def allows(kind, value):
    """True while `value` is under its limit; counts nothing (see `record`)."""
    if not value:
        return True
    limit, _window = comment_rate_limits()[kind]
    try:
        count = cache.get(_key(kind, value)) or 0
    except Exception:
        logger.warning("Comment rate limit not checked: the cache is unavailable", exc_info=True)
        return True
    return count < limit


def record(kind, value):
    """Count one stored submission; refused or failed ones never count."""
    hit(kind, value)


def client_ip(request):
    """The visitor's address behind the trusted proxies (`TRIADA_TRUSTED_PROXY_HOPS`)."""
    from triada.client_ip import client_ip as trusted_client_ip

    return trusted_client_ip(request)
