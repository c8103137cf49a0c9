"""Finding 5: beside a hidden or pending comment, no name or organisation — in HTML, XLSX and PDF."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.workflows.test_consultation_support import build, form_data, start_consultation
from workflows.consultation import services
from workflows.models import Comment

pytestmark = pytest.mark.django_db


def _exports(client, consultation):
    html = client.get(reverse("consultation_settlement", args=[consultation.pk])).content.decode()
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("consultation_settlement_xlsx", args=[consultation.pk])).content)
    )
    xlsx = " ".join(str(cell.value) for row in workbook.active.iter_rows() for cell in row if cell.value)
    pdf_bytes = client.get(reverse("consultation_settlement_pdf", args=[consultation.pk])).content
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    return {"html": html, "xlsx": xlsx, "pdf": pdf}


@pytest.mark.parametrize("moderation", ["immediate", "after_review"])
def test_hidden_and_pending_comments_name_nobody(client, moderation):
    _territory, _plan, chapter, workflow, people = build(moderation=moderation)
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    client.post(
        reverse("consultation_comment", args=[consultation.pk]),
        form_data(
            consultation,
            author_name="Zdeňka Skrytá",
            organisation="Spolek Utajených",
            consent_publish_name="on",
            text="Nevhodný text.",
        ),
    )
    comment = Comment.objects.get()
    if moderation == "immediate":
        services.hide_comment(comment, user=people["coordinator"], reason="abusive")
    else:
        assert comment.moderation_status == "pending"
    for kind, text in _exports(client, consultation).items():
        assert "Skrytá" not in text, kind
        assert "Utajených" not in text, kind
