"""Protection without a CAPTCHA: plain text everywhere, honeypot, rate limits, length limits."""

import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.workflows.test_consultation_support import (  # noqa: F401 (fixture)
    build,
    form_data,
    fresh_rate_limits,
    start_consultation,
)
from workflows.consultation import services
from workflows.models import Comment, ConsultationEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://zlo.example/","klikni")'
PAYLOADS = {
    "author_name": f"Jan {SCRIPT}",
    "organisation": f"Spolek {IMG}",
    "text": f"{FORMULA}\n{SCRIPT}\n<b>tučně</b>",
    "proposed_wording": f"{IMG} &amp; <a href=javascript:alert(1)>odkaz</a>",
}


@pytest.fixture
def consultation_setup():
    _territory, _plan, chapter, workflow, people = build()
    return start_consultation(workflow, chapter, people["coordinator"]), chapter, people


def _post(client, consultation, ip="10.0.0.1", **overrides):
    return client.post(
        reverse("consultation_comment", args=[consultation.pk]), form_data(consultation, **overrides), REMOTE_ADDR=ip
    )


def test_xss_payloads_in_every_field_are_stored_as_text_and_rendered_inert(client, consultation_setup):
    consultation, chapter, people = consultation_setup
    response = _post(client, consultation, consent_publish_name="on", **PAYLOADS)
    assert response.status_code == 302
    comment = Comment.objects.get()
    for field, value in PAYLOADS.items():
        assert getattr(comment, field) == value.strip()  # stored exactly, as text
    services.settle_comment(comment, user=people["steering"], outcome="rejected", justification=f"Zamítnuto {SCRIPT}")
    services.confirm_settlement(comment, user=people["steering"])

    client.force_login(people["coordinator"])
    pages = {
        "detail": client.get(reverse("consultation_detail", args=[consultation.pk])),
        "table": client.get(reverse("consultation_settlement", args=[consultation.pk])),
        "admin": client.get(reverse("consultation_admin:comment", args=[comment.pk])),
    }
    for name, page in pages.items():
        html = page.content.decode()
        assert page.status_code == 200, name
        assert "<script>alert" not in html, name
        assert "<img src=x" not in html, name
        assert "<b>tučně</b>" not in html, name
        assert "<a href=javascript" not in html, name
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html, name
    table = pages["table"].content.decode()
    assert "Jan &lt;script&gt;" in table  # the name is published (consent) but escaped
    assert "Zamítnuto &lt;script&gt;" in table

    # XLSX: every cell is a string, a "=..." comment is not a formula.
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("consultation_settlement_xlsx", args=[consultation.pk])).content)
    )
    sheet = workbook.active
    row = list(sheet[3])
    values = [cell.value for cell in row]
    assert PAYLOADS["text"] in values
    assert PAYLOADS["proposed_wording"] in values
    text_cell = row[values.index(PAYLOADS["text"])]
    assert text_cell.data_type == "s"
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)

    # PDF: the payload is printed as text, and the PDF carries no JavaScript or links out.
    pdf_bytes = client.get(reverse("consultation_settlement_pdf", args=[consultation.pk])).content
    reader = PdfReader(io.BytesIO(pdf_bytes))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert re.sub(r"\s+", "", SCRIPT) in text
    assert "<b>tučně</b>" in text
    assert b"/JavaScript" not in pdf_bytes and b"/JS" not in pdf_bytes
    assert not any("/Annots" in page for page in reader.pages)


def test_honeypot_pretends_success_and_stores_nothing(client, consultation_setup):
    consultation, _chapter, _people = consultation_setup
    response = _post(client, consultation, website="http://spam.example/")
    assert response.status_code == 302
    assert reverse("consultation_comment_thanks", args=[consultation.pk]) in response["Location"]
    assert not Comment.objects.exists()
    assert not ConsultationEvent.objects.filter(kind="comment_created").exists()


def test_the_honeypot_is_hidden_from_people(client, consultation_setup):
    consultation, _chapter, _people = consultation_setup
    html = client.get(reverse("consultation_comment", args=[consultation.pk])).content.decode()
    assert re.search(r'<div class="visually-hidden" aria-hidden="true">\s*<label for="id_website">', html)
    assert 'name="website" id="id_website" value="" tabindex="-1" autocomplete="off"' in html


@override_settings(TRIADA_COMMENT_RATE_LIMITS={"ip": (3, 3600), "email": (2, 3600)})
def test_rate_limit_per_email_trips(client, consultation_setup):
    consultation, _chapter, _people = consultation_setup
    assert _post(client, consultation, ip="10.0.0.1").status_code == 302
    assert _post(client, consultation, ip="10.0.0.2").status_code == 302
    refused = _post(client, consultation, ip="10.0.0.3")
    assert refused.status_code == 429
    assert "příliš mnoho připomínek" in refused.content.decode()
    assert Comment.objects.count() == 2
    # Another person is not affected.
    assert _post(client, consultation, ip="10.0.0.4", author_email="petr@example.cz").status_code == 302


@override_settings(TRIADA_COMMENT_RATE_LIMITS={"ip": (3, 3600), "email": (100, 3600)})
def test_rate_limit_per_ip_trips(client, consultation_setup):
    consultation, _chapter, _people = consultation_setup
    for number in range(3):
        assert _post(client, consultation, author_email=f"clovek{number}@example.cz").status_code == 302
    refused = _post(client, consultation, author_email="dalsi@example.cz")
    assert refused.status_code == 429
    assert Comment.objects.count() == 3
    assert _post(client, consultation, ip="10.9.9.9", author_email="jiny@example.cz").status_code == 302


@override_settings(TRIADA_COMMENT_MAX_LENGTH=200)
def test_length_limit_refuses_with_a_czech_message_and_stores_nothing(client, consultation_setup):
    consultation, _chapter, _people = consultation_setup
    response = _post(client, consultation, text="a" * 201)
    assert response.status_code == 400
    assert "nejvýše 200" in response.content.decode()
    assert not Comment.objects.exists()
    assert _post(client, consultation, text="a" * 200).status_code == 302


def test_invalid_input_changes_nothing(client, consultation_setup):
    consultation, _chapter, _people = consultation_setup
    for bad in (
        {"author_email": "není e-mail"},
        {"author_name": ""},
        {"text": ""},
        {"triad_side": "hacker"},
        {"target": "paragraph:999999:neni"},
        {"target": "chapter:abc"},
    ):
        response = _post(client, consultation, **bad)
        assert response.status_code == 400, bad
        assert 'role="alert"' in response.content.decode()
    assert not Comment.objects.exists()
    consultation.refresh_from_db()
    assert consultation.last_number == 0


def test_a_comment_is_stored_when_the_rate_limit_cache_is_down(client, consultation_setup):
    """Redis (the cache in production) stopped: the limit is skipped, the citizen's comment is not lost."""
    from tests.services import free_port

    consultation, _chapter, _people = consultation_setup
    dead_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    with override_settings(CACHES=dead_redis):
        response = _post(client, consultation)
    assert response.status_code == 302
    assert Comment.objects.count() == 1
