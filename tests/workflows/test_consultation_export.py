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
    "Strana triády",
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
    # the side of the triad exactly as chosen in the form, named or not
    cells = re.findall(r'<th scope="row">(\d+)</th>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>', html)
    assert cells == [
        ("1", "Marie Souhlasná (Charita)", "poskytovatel"),
        ("2", "jméno nezveřejněno", "veřejnost"),
        ("3", "jméno nezveřejněno", "uživatel"),
        ("4", "neuvedeno", "veřejnost"),
    ]
    assert "@example.cz" not in html
    assert "Skryto moderátorem (spam)." in html and "levné hodinky" not in html
    assert "vyhověno" in html and "Doplněno do kapitoly." in html
    # where reflected: chapter, paragraph number and its first words, never a block id
    assert "<td>3. Senioři, odstavec 1 („První odstavec o seniorech.…“)</td>" in html
    reflected_cells = re.findall(r"<td>3\. Senioři, odstavec[^<]*</td>", html)
    assert reflected_cells and not any(block in cell for cell in reflected_cells for block in block_ids(chapter))
    assert "Dosud nevypořádáno" in html
    assert f"#blok-{block_ids(chapter)[1]}" in html  # the paragraph comment links to its anchor


def test_xlsx_has_the_columns_typed_cells_and_no_personal_data(client, table_setup):
    import datetime

    consultation, *_ = table_setup
    response = client.get(reverse("consultation_settlement_xlsx", args=[consultation.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]] == [
        *COLUMNS[:3],
        "Datum podání",
        "Způsob podání",
        *COLUMNS[4:],
        "Datum potvrzení",
    ]
    cells = list(sheet.iter_rows(min_row=3))
    rows = [[cell.value for cell in row] for row in cells]
    # the number is a number, the dates are dates (a spreadsheet can sort and filter them)
    assert [row[0] for row in rows] == [1, 2, 3, 4]
    assert all(row[0].data_type == "n" and row[0].number_format == "0" for row in cells)
    today = datetime.date.today()
    assert all(isinstance(row[3], datetime.datetime) and row[3].date() == today for row in rows)
    assert all(row[3].is_date and row[3].number_format == "d.m.yyyy" for row in cells)
    assert rows[0][11].date() == today and rows[1][11] is None  # confirmed / not yet
    assert [row[4] for row in rows] == ["webový formulář"] * 4
    assert rows[0][1] == "Marie Souhlasná (Charita)" and rows[0][8] == "vyhověno"
    assert [row[2] for row in rows] == ["poskytovatel", "veřejnost", "uživatel", "veřejnost"]
    assert rows[1][1] == "jméno nezveřejněno"
    assert rows[0][10].startswith("3. Senioři, odstavec 1 („První odstavec")
    everything = " ".join(str(value) for row in rows for value in row if value)
    assert "@example.cz" not in everything
    assert "Karel Tajný" not in everything and "Eva Skrytá" not in everything and "Spammer" not in everything


def test_a_comment_typed_as_a_formula_stays_text_in_the_xlsx(client, table_setup):
    consultation, _plan, _chapter, _people = table_setup
    client.post(
        reverse("consultation_comment", args=[consultation.pk]),
        form_data(consultation, text='=HYPERLINK("http://zle.example")', author_email="f@example.cz"),
    )
    response = client.get(reverse("consultation_settlement_xlsx", args=[consultation.pk]))
    last = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=7))[0]
    assert last[6].data_type == "s" and last[6].value.startswith("=HYPERLINK")


def test_pdf_is_tagged_czech_titled_with_header_cells_and_no_personal_data(client, table_setup):
    from tests.publication.pdf_structure import pdfinfo, structure_elements

    consultation, *_ = table_setup
    response = client.get(reverse("consultation_settlement_pdf", args=[consultation.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "cs" and catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    assert pdfinfo(response.content)["Title"] == f"Vypořádání připomínek – {consultation.title}"
    roles = [role for role, _attrs in structure_elements(pdf)]
    assert "Table" in roles and "Caption" in roles and "H1" in roles
    assert roles.count("TH") >= len(COLUMNS) + 4  # the column headers and one row header per comment
    text = " ".join(page.extract_text() for page in pdf.pages)
    flat = re.sub(r"\s+", " ", text)
    for column in ("Číslo", "Připomínkující", "Strana triády", "Text připomínky", "Navržené znění", "Odůvodnění"):
        assert column in flat
    assert "Marie Souhlasná" in flat and "veřejnost" in flat and "odstavec 1" in flat
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
