"""The client's IP address behind a configured number of trusted reverse proxies.

`REMOTE_ADDR` is the last hop: behind the reverse proxy production requires,
it is the proxy's address, and every visitor would share one rate-limit
bucket. Each trusted proxy appends the address it received the request from
to `X-Forwarded-For`, so with N trusted hops the client is the N-th entry from
the right; entries further left were written by the client and are not
trusted. `TRIADA_TRUSTED_PROXY_HOPS` (0 = no proxy, use `REMOTE_ADDR`) is the
one setting; django-axes reads the same number (`AXES_IPWARE_PROXY_COUNT`).
"""

import ipaddress

from django.conf import settings


def _valid(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request):
    """The visitor's address as the outermost trusted proxy saw it."""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    hops = int(getattr(settings, "TRIADA_TRUSTED_PROXY_HOPS", 0) or 0)
    if hops <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if not forwarded:
        return remote
    # Fewer entries than trusted hops: the leftmost one was still written by a trusted proxy.
    candidate = forwarded[-hops] if len(forwarded) >= hops else forwarded[0]
    return _valid(candidate) or remote
