"""Responses of the throttles (django-axes for logins) and the Permissions-Policy header.

The messages are Czech through the project catalogue (`locale/`); nothing here
says whether the account exists.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes for every login made through a request (the admin's login form).

    `authenticate()` without a request (management commands, the test client's
    `login()`) has no client address to throttle, so it is left to the next backend.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout: 429 with a Czech explanation, the same for every account."""
    minutes = round(float(getattr(settings, "AXES_COOLOFF_TIME", 0.25) or 0) * 60)
    response = render(
        request,
        "throttled.html",
        {
            "title": _("Too many failed logins"),
            "message": _(
                "There were too many failed login attempts. Please wait %(minutes)d minutes and try again, "
                "or ask the coordinator to reset your password."
            )
            % {"minutes": minutes},
        },
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy` (settings.TRIADA_PERMISSIONS_POLICY) to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "TRIADA_PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
