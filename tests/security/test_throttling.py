"""Findings 4 and 9: the client address behind trusted proxies, comment counting, login and subscription throttles."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD, make_territory, make_user
from tests.workflows.test_consultation_support import build, form_data, start_consultation
from workflows.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _comment(client, consultation, *, forwarded, remote="10.0.0.254", email, **overrides):
    return client.post(
        reverse("consultation_comment", args=[consultation.pk]),
        form_data(consultation, author_email=email, **overrides),
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.parametrize(
    "hops,forwarded",
    [
        # One proxy appends the client's address; whatever the client sent stays on the left.
        (1, lambda client_ip: f"6.6.6.6, {client_ip}"),
        # Two proxies: the outer one appended the client, the inner one the outer proxy.
        (2, lambda client_ip: f"6.6.6.6, {client_ip}, 10.0.0.1"),
    ],
)
def test_comment_rate_limit_is_per_client_behind_trusted_proxies(client, hops, forwarded):
    _territory, _plan, _chapter, workflow, people = build()
    consultation = start_consultation(workflow, _chapter, people["coordinator"])
    with override_settings(
        TRIADA_TRUSTED_PROXY_HOPS=hops, TRIADA_COMMENT_RATE_LIMITS={"ip": (2, 3600), "email": (99, 3600)}
    ):
        for number in range(2):
            assert (
                _comment(
                    client, consultation, forwarded=forwarded("203.0.113.5"), email=f"a{number}@example.cz"
                ).status_code
                == 302
            )
        refused = _comment(client, consultation, forwarded=forwarded("203.0.113.5"), email="a9@example.cz")
        assert refused.status_code == 429
        # Another citizen behind the same proxy is not affected, whatever the spoofed left part says.
        assert (
            _comment(client, consultation, forwarded=forwarded("198.51.100.7"), email="b@example.cz").status_code
            == 302
        )
    assert Comment.objects.count() == 3


def test_refused_submissions_do_not_count(client):
    _territory, _plan, chapter, workflow, people = build()
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    with override_settings(TRIADA_COMMENT_RATE_LIMITS={"ip": (2, 3600), "email": (2, 3600)}):
        for _attempt in range(3):
            invalid = _comment(client, consultation, forwarded="", email="c@example.cz", target="chapter:999999")
            assert invalid.status_code == 400
        for _attempt in range(2):
            assert _comment(client, consultation, forwarded="", email="c@example.cz").status_code == 302
    assert Comment.objects.count() == 2


def test_login_is_throttled_with_a_czech_message(client):
    make_user("clen-prihlaseni")
    url = reverse("wagtailadmin_login")
    for _attempt in range(4):
        response = client.post(url, {"username": "clen-prihlaseni", "password": "spatne-heslo"})
        assert response.status_code == 200
    # The fifth failure locks the user name out from this address, the right password included.
    assert client.post(url, {"username": "clen-prihlaseni", "password": "spatne-heslo"}).status_code == 429
    locked = client.post(url, {"username": "clen-prihlaseni", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Příliš mnoho neúspěšných přihlášení" in locked.content.decode()
    # The same person from another address still gets in.
    other = client.post(url, {"username": "clen-prihlaseni", "password": PASSWORD}, REMOTE_ADDR="192.0.2.44")
    assert other.status_code == 302


def test_subscription_requests_are_throttled_with_a_czech_message(client):
    make_territory("ORP Odběr", hostname="testserver", default_site=True)
    url = reverse("notifications_subscribe")
    with override_settings(TRIADA_SUBSCRIBE_RATE_EMAIL="2/h", TRIADA_SUBSCRIBE_RATE_IP="100/h"):
        for _attempt in range(2):
            assert client.post(url, {"email": "odber@example.cz"}).status_code == 200
        refused = client.post(url, {"email": "odber@example.cz"})
    assert refused.status_code == 429
    assert "Příliš mnoho žádostí o odběr" in refused.content.decode()
