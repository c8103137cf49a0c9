"""Finding 9: production headers, and `manage.py check --deploy` under the production settings reports nothing."""

import pytest
from django.db import connection
from django.test import override_settings

from tests.factories import make_territory
from tests.security.helpers import production_settings, run_production

pytestmark = pytest.mark.django_db

NAMES = (
    "MIDDLEWARE",
    "CONTENT_SECURITY_POLICY",
    "TRIADA_PERMISSIONS_POLICY",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_REFERRER_POLICY",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "TRIADA_TRUSTED_PROXY_HOPS",
)


@pytest.fixture
def production_headers():
    values = dict(production_settings(*NAMES))
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    # The test settings keep their own page cache and database; the security part is production's.
    return override_settings(**values)


def test_public_pages_carry_the_production_headers(client, production_headers):
    make_territory("ORP Hlavičky", hostname="testserver", default_site=True)
    with production_headers:
        plain = client.get("/")
        assert plain.status_code == 301 and plain["Location"].startswith("https://")
        response = client.get("/", secure=True)
        proxied = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200 and proxied.status_code == 200
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    # No inline script on the page the policy protects.
    html = response.content.decode()
    assert "<script>" not in html and "<script " not in html.replace("<script src=", "")


def test_the_admin_keeps_working_without_the_public_policy(client, production_headers):
    with production_headers:
        response = client.get("/admin/login/", secure=True)
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert "Strict-Transport-Security" in response


def test_check_deploy_reports_nothing_under_production_settings():
    database = connection.settings_dict
    url = f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    result = run_production(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'DEBUG'])",
        extra_env={
            "DATABASE_URL": url,
            "DJANGO_SECRET_KEY": "q7N!x2Lr9Vb4Kt8Wm3Zp6Hc1Jd5Fg0Ys-Ua7Ei2Oo9Pw4Rx8Tz3Ny6Mq1Lk5Jh0",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout
