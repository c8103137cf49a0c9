"""`build_demo()`: the whole demo, every registered step for every demo territory.

Idempotent: every step looks up what it builds by a stable key and creates only
what is missing, so a second run changes nothing and gives the same counts.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from cms.management.commands.load_taxonomy import load_taxonomy

from .cms import ensure_tree_roots, remove_wagtail_welcome_page
from .data import load
from .people import ensure_admin, role_label
from .registry import DemoTerritory, steps


@dataclass
class DemoResult:
    """What `load_demo` prints."""

    territories: list
    sites: list
    accounts: list  # (username, role label, territory titles)
    password: str


def login_accounts():
    """(username, role label, territory titles) of every demo login, admin first."""
    specs = load("territories")["territories"]
    accounts = {"admin": (role_label("admin"), [spec["title"] for spec in specs])}
    for spec in specs:
        for account in spec["accounts"]:
            accounts.setdefault(account["username"], (role_label(account["role"]), []))[1].append(spec["title"])
    return [(username, role, ", ".join(titles)) for username, (role, titles) in accounts.items()]


def build_demo(port=8000):
    """Build (or complete) every demo territory; refuses where no demo password is set."""
    password = getattr(settings, "TRIADA_DEMO_PASSWORD", None)
    if not password:
        raise ImproperlyConfigured("TRIADA_DEMO_PASSWORD is not set: the demo must not be loaded here.")
    built = []
    with transaction.atomic():
        load_taxonomy()
        ensure_tree_roots()
        remove_wagtail_welcome_page()
        admin = ensure_admin(password)
        for spec in load("territories")["territories"]:
            demo = DemoTerritory(spec=spec, password=password, port=port, admin=admin)
            for demo_step in steps():
                demo_step.build(demo)
            built.append(demo)
    return DemoResult(
        territories=[demo.territory for demo in built],
        sites=[demo.site for demo in built],
        accounts=login_accounts(),
        password=password,
    )
