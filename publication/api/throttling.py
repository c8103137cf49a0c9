"""Rate limit of the public API, per client address; the rate is read at request time."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class PublicApiThrottle(AnonRateThrottle):
    """`TRIADA_API_RATE` requests per client address (default 120/min); staff get no exemption,
    because the API serves public content only and ignores who is logged in."""

    scope = "triada_api"

    def get_rate(self):
        return getattr(settings, "TRIADA_API_RATE", "120/min")

    def allow_request(self, request, view):
        # The rate may change between requests (settings override), so parse it each time.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
