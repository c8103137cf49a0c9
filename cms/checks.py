"""Deployment checks (`manage.py check --deploy`)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def check_no_demo_accounts(app_configs, **kwargs):
    """No active demo account may still open with the demo password in production.

    Production settings only know the digest of the demo password, so the check
    recomputes each demo account's hash with the password from the leaf module
    `triada.demo_credentials` (the demo app itself is not installed there).
    """
    from triada.demo_credentials import DEMO_PASSWORD as demo_password
    from triada.demo_credentials import DEMO_USERNAMES

    if settings.DEBUG:
        return []
    try:
        users = list(get_user_model().objects.filter(username__in=DEMO_USERNAMES, is_active=True))
    except DatabaseError:
        return []
    errors = []
    for user in users:
        if user.check_password(demo_password):
            errors.append(
                Error(
                    f"The demo account {user.username!r} is active with the demo password.",
                    hint="Deactivate it or set a new password: manage.py changepassword " + user.username,
                    obj=user.username,
                    id="triada.E001",
                )
            )
    return errors
