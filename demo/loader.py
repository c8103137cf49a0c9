"""`build_demo()`: the whole demo, every registered step for every demo territory.

Idempotent: every step looks up what it builds by a stable key and creates only
what is missing, so a second run changes nothing and gives the same counts.
"""

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import post_save
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler

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


@contextmanager
def search_index_once():
    """Index what the demo saved once, in bulk per model, instead of on every save.

    The demo saves the same pages and services many times (revisions, publishing, imports); each
    save re-indexed the object (a third of load_demo's time on SQLite). Deletions still unindex at
    once; the objects saved are indexed with their final content when the build is done.
    """
    models = search_index.get_indexed_models()
    saved = defaultdict(set)

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[sender].add(instance.pk)

    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(remember, sender=model, weak=False, dispatch_uid=f"demo-index-{model._meta.label}")
    try:
        yield
    finally:
        for model in models:
            post_save.disconnect(sender=model, dispatch_uid=f"demo-index-{model._meta.label}")
            if getattr(model, "search_auto_update", True):
                post_save.connect(post_save_signal_handler, sender=model)
    by_class = defaultdict(list)
    for model, pks in saved.items():
        for instance in model.objects.filter(pk__in=pks):
            indexed = search_index.get_indexed_instance(instance)
            if indexed is not None:
                by_class[type(indexed)].append(indexed)
    for backend in get_search_backends(with_auto_update=True):
        for model, objects in by_class.items():
            backend.add_bulk(model, objects)


def build_demo(port=8000):
    """Build (or complete) every demo territory; refuses where no demo password is set."""
    password = getattr(settings, "TRIADA_DEMO_PASSWORD", None)
    if not password:
        raise ImproperlyConfigured("TRIADA_DEMO_PASSWORD is not set: the demo must not be loaded here.")
    built = []
    with transaction.atomic(), search_index_once():
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
