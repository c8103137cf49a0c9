"""Production settings refuse unsafe configuration; the deploy check catches live demo accounts."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from cms.checks import check_no_demo_accounts
from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent
SAFE_SECRET = "k3v9-R2x!q8Zt7mW4pL1sN6bH0cY5dJ2fG8aE3uQ"
SAFE_ENV = {
    "DJANGO_SECRET_KEY": SAFE_SECRET,
    "DATABASE_URL": "postgres://triada:heslo@127.0.0.1:5432/triada",
    "DJANGO_ALLOWED_HOSTS": "kpss.example.cz",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _clean_environ():
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR"}
    return {key: value for key, value in os.environ.items() if key in keep}


def import_production(env):
    return subprocess.run(
        [sys.executable, "-c", "import triada.settings.production as s; print('OK', s.DEBUG)"],
        cwd=ROOT,
        env=_clean_environ() | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_safe_environment_imports():
    result = import_production(SAFE_ENV)
    assert result.returncode == 0, result.stderr
    assert "OK False" in result.stdout


@pytest.mark.parametrize(
    "change,message",
    [
        ({"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG must be off"),
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG must be off"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "dev-only-not-secret"}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "short-secret-123"}, "DJANGO_SECRET_KEY must be set"),
        ({"TRIADA_DEMO_PASSWORD": "triada-demo-2026"}, "demo password must not be used"),
        ({"DJANGO_SECRET_KEY": "triada-demo-2026"}, "DJANGO_SECRET_KEY must be set"),
        ({"DATABASE_URL": ""}, "DATABASE_URL must be set"),
    ],
)
def test_unsafe_environment_is_refused(change, message):
    env = SAFE_ENV | change
    env = {key: value for key, value in env.items() if value != "" or key in change}
    result = import_production(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_demo_password_is_not_in_production_settings():
    source = (ROOT / "triada" / "settings" / "production.py").read_text(encoding="utf-8")
    assert settings.TRIADA_DEMO_PASSWORD not in source


@pytest.mark.django_db
def test_deploy_check_flags_demo_account_with_demo_password():
    user = make_user("koordinator")
    user.set_password(settings.TRIADA_DEMO_PASSWORD)
    user.save()
    errors = check_no_demo_accounts(None)
    assert [error.id for error in errors] == ["triada.E001"]
    assert "koordinator" in errors[0].msg

    user.set_password("nove-a-dlouhe-heslo-koordinatorky")
    user.save()
    assert check_no_demo_accounts(None) == []


@pytest.mark.django_db
def test_deploy_check_ignores_deactivated_demo_account():
    user = make_user("admin")
    user.set_password(settings.TRIADA_DEMO_PASSWORD)
    user.is_active = False
    user.save()
    assert check_no_demo_accounts(None) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_manage_check_deploy_with_production_settings_fails_on_demo_account():
    """The real `manage.py check --deploy` under production settings reports the account."""
    user = make_user("tajemnik")
    # Production hashes with PBKDF2 (the test run uses a fast hasher production does not know).
    user.password = PBKDF2PasswordHasher().encode(settings.TRIADA_DEMO_PASSWORD, "demosalt1234")
    user.save()
    db = connection.settings_dict
    database_url = (
        f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env=_clean_environ()
        | SAFE_ENV
        | {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "triada.settings.production"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "triada.E001" in result.stderr + result.stdout
    assert "tajemnik" in result.stderr + result.stdout
