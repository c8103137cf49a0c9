"""The settlement table: Czech columns, names only with consent, no personal data, the plan annex, moderation."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.workflows.test_consultation_support import (  # noqa: F401 (fixture)
    block_ids,
    build,
    form_data,
    fresh_rate_limits,
    start_consultation,
)
from workflows.consultation import services
from workflows.models import Comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

COLUMNS = [
    "Číslo",
    "Připomínkující",
    "Datum a způsob podání",
    "Část dokumentu",
    "Text připomínky",
    "Navržené znění",
    "Vypořádání",
    "Odůvodnění",
    "Kde zapracováno",
]


@pytest.fixture
def table_setup(client):
    _territory, plan, chapter, workflow, people = build()
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    url = reverse("consultation_comment", args=[consultation.pk])
    comments = [
        {
            "author_name": "Marie Souhlasná",
            "author_email": "marie@example.cz",
            "consent_publish_name": "on",
            "organisation": "Charita",
            "triad_side": "provider",
            "text": "Doplnit odlehčovací službu.",
            "proposed_wording": "Doplnit větu o odlehčovací službě.",
            "target": f"chapter:{chapter.pk}",
        },
        {
            "author_name": "Karel Tajný",
            "author_email": "karel@example.cz",
            "triad_side": "public",
            "text": "Málo míst.",
        },
        {
            "author_name": "Eva Skrytá",
            "author_email": "eva@example.cz",
            "triad_side": "user",
            "text": "Chybí doprava.",
            "target": f"paragraph:{chapter.pk}:{block_ids(chapter)[1]}",
        },
        {"author_name": "Spammer", "author_email": "spam@example.cz", "text": "Kupte levné hodinky"},
    ]
    for data in comments:
        assert client.post(url, form_data(consultation, **data)).status_code == 302
    first, second, third, spam = Comment.objects.order_by("number")
    revision = chapter.save_revision(user=people["wg"])
    services.settle_comment(
        first,
        user=people["wg"],
        outcome="accepted",
        justification="Doplněno do kapitoly.",
        reflected_revision=revision,
        reflected_block_id=block_ids(chapter)[0],
    )
    services.confirm_settlement(first, user=people["steering"])
    services.hide_comment(spam, user=people["coordinator"], reason="spam")
    return consultation, plan, chapter, people


def test_html_table_is_accessible_with_czech_columns_and_hides_names_without_consent(client, table_setup):
    consultation, _plan, chapter, _people = table_setup
    html = client.get(reverse("consultation_settlement", args=[consultation.pk])).content.decode()
    assert "<caption>Vypořádání připomínek – " in html
    headers = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert headers == COLUMNS
    assert len(re.findall(r'<th scope="row">', html)) == 4  # the hidden one stays in the register
    assert "Marie Souhlasná (Charita)" in html
    assert "Karel Tajný" not in html and "Eva Skrytá" not in html
    assert "<td>občan</td>" in html and "<td>uživatel</td>" in html
    assert "@example.cz" not in html
    assert "Skryto moderátorem (spam)." in html and "levné hodinky" not in html
    assert "vyhověno" in html and "Doplněno do kapitoly." in html
    assert "3. Senioři, odstavec 1 (" in html  # where reflected: chapter, paragraph number, first words
    assert "Dosud nevypořádáno" in html
    assert f"#blok-{block_ids(chapter)[1]}" in html  # the paragraph comment links to its anchor


def test_xlsx_has_the_columns_and_no_personal_data(client, table_setup):
    consultation, *_ = table_setup
    response = client.get(reverse("consultation_settlement_xlsx", args=[consultation.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]] == COLUMNS
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert [row[0] for row in rows] == ["1", "2", "3", "4"]
    assert rows[0][1] == "Marie Souhlasná (Charita)" and rows[0][6] == "vyhověno"
    assert rows[1][1] == "občan" and rows[2][1] == "uživatel"
    everything = " ".join(str(value) for row in rows for value in row if value)
    assert "@example.cz" not in everything
    assert "Karel Tajný" not in everything and "Eva Skrytá" not in everything and "Spammer" not in everything


def test_pdf_has_the_columns_and_no_personal_data(client, table_setup):
    consultation, *_ = table_setup
    response = client.get(reverse("consultation_settlement_pdf", args=[consultation.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = re.sub(r"\s+", " ", text)
    for column in ("Číslo", "Připomínkující", "Text připomínky", "Navržené znění", "Odůvodnění"):
        assert column in flat
    assert "Marie Souhlasná" in flat and "občan" in flat
    assert "@example.cz" not in flat and "Karel Tajný" not in flat


def test_the_table_is_an_annex_listed_on_the_plan_page(client, table_setup):
    consultation, plan, *_ = table_setup
    html = client.get(plan.url).content.decode()
    assert "Příloha: vypořádání připomínek" in html
    assert reverse("consultation_settlement", args=[consultation.pk]) in html
    assert reverse("consultation_settlement_pdf", args=[consultation.pk]) in html


def test_moderation_after_review_keeps_comments_off_the_public_page_until_published(client):
    _territory, _plan, chapter, workflow, people = build(moderation="after_review")
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    assert consultation.moderation == "after_review"
    client.post(reverse("consultation_comment", args=[consultation.pk]), form_data(consultation, text="Čeká."))
    comment = Comment.objects.get()
    assert comment.moderation_status == "pending"
    assert "Čeká." not in client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()
    assert (
        "Čeká na kontrolu moderátorem."
        in client.get(reverse("consultation_settlement", args=[consultation.pk])).content.decode()
    )
    client.force_login(people["coordinator"])
    client.post(reverse("consultation_admin:publish", args=[comment.pk]))
    client.logout()
    assert "Čeká." in client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()


def test_events_are_raised_and_recorded(client):
    from workflows import signals

    received = []

    def receiver(sender, **kwargs):
        received.append((sender.__name__, sorted(kwargs)))

    for signal in (signals.public_comment_created, signals.comment_settled, signals.consultation_opened):
        signal.connect(receiver, dispatch_uid="test-consultation-events")
    try:
        _territory, _plan, chapter, workflow, people = build()
        consultation = start_consultation(workflow, chapter, people["coordinator"])
        client.post(reverse("consultation_comment", args=[consultation.pk]), form_data(consultation))
        comment = Comment.objects.get()
        services.settle_comment(comment, user=people["steering"], outcome="rejected", justification="Ne.")
        services.confirm_settlement(comment, user=people["steering"])
    finally:
        for signal in (signals.public_comment_created, signals.comment_settled, signals.consultation_opened):
            signal.disconnect(dispatch_uid="test-consultation-events")
    assert received == [
        ("Consultation", ["consultation", "signal"]),
        ("Comment", ["comment", "consultation", "signal"]),
        ("Comment", ["comment", "consultation", "signal"]),
    ]
    assert list(consultation.events.values_list("kind", flat=True)) == ["opened", "comment_created", "comment_settled"]
