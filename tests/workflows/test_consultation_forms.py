"""The staff form for a comment received by post, e-mail or at the public hearing, on a real-size plan."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_strategic_part
from tests.workflows.test_consultation_support import build, start_consultation
from workflows.models import Comment, Consultation
from workflows.models.consultation import PRAGUE

pytestmark = pytest.mark.django_db

HEADING = "Zaznamenat připomínku přijatou poštou, e-mailem nebo na veřejném projednání"


@pytest.fixture
def hearing(client):
    territory, plan, chapter, workflow, people = build()
    part = make_strategic_part(plan, size=(8, 30, 150), group=territory.wg_seniors)
    start_consultation(workflow, chapter, people["coordinator"])
    workflow.start(part, people["coordinator"])  # the same day: the same consultation
    consultation = Consultation.objects.get()
    assert consultation.covers(part)
    client.force_login(people["coordinator"])
    return consultation, chapter, part, people


def test_the_form_speaks_to_staff_defaults_to_today_and_lists_paragraphs_and_activities(client, hearing):
    consultation, chapter, part, _people = hearing
    html = client.get(reverse("consultation_admin:record", args=[consultation.pk])).content.decode()
    assert HEADING in html
    assert "Jméno připomínkujícího" in html and "Text připomínky" in html and "Vaše jméno" not in html
    today = timezone.localtime(timezone.now(), PRAGUE).date().isoformat()
    assert re.search(rf'name="received_at" value="{today}T\d\d:\d\d"', html)
    # paragraphs by number and first words, activities by code and title, grouped by chapter
    assert '<optgroup label="3. Senioři">' in html
    first_block = str(chapter.get_latest_revision().as_object().body[0].id)
    assert (
        f'<option value="paragraph:{chapter.pk}:{first_block}">Odstavec 1: První odstavec o seniorech.…</option>'
        in html
    )
    activities = re.findall(rf'<option value="activity:{part.pk}:([\d.]+)">Aktivita ', html)
    assert len(activities) == 150
    assert not re.search(r">[^<]*[0-9a-f]{8}-[0-9a-f]{4}-[^<]*</option>", html)  # never a block id in a label


def test_a_letter_about_a_paragraph_is_recorded_with_a_clear_czech_confirmation(client, hearing):
    consultation, chapter, _part, _people = hearing
    block = str(chapter.get_latest_revision().as_object().body[1].id)
    received = timezone.localtime(timezone.now(), PRAGUE).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("consultation_admin:record", args=[consultation.pk]),
        {
            "channel": "post",
            "received_at": received,
            "target": f"paragraph:{chapter.pk}:{block}",
            "author_name": "Alois Dopisový",
            "triad_side": "user",
            "text": "Prosím o více terénní péče.",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Připomínka č. 1 od Alois Dopisový (pošta) je zapsána v evidenci připomínek" in page
    comment = Comment.objects.get()
    assert (comment.channel, comment.target, comment.block_id) == ("post", "paragraph", block)
    assert comment.quoted_text == "Druhý odstavec o terénních službách."
    assert not comment.is_late


def test_a_comment_from_the_hearing_about_an_activity(client, hearing):
    consultation, _chapter, part, _people = hearing
    response = client.post(
        reverse("consultation_admin:record", args=[consultation.pk]),
        {
            "channel": "hearing",
            "received_at": timezone.localtime(timezone.now(), PRAGUE).strftime("%Y-%m-%dT%H:%M"),
            "target": _last_activity(client, consultation, part),
            "author_name": "Občan z projednání",
            "triad_side": "public",
            "text": "Aktivita potřebuje víc peněz.",
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.target == "activity" and comment.strategic_item is not None
    assert comment.strategic_item.strategic_part_id == part.pk


def _last_activity(client, consultation, part):
    html = client.get(reverse("consultation_admin:record", args=[consultation.pk])).content.decode()
    return re.findall(rf'<option value="(activity:{part.pk}:[\d.]+)">', html)[-1]


def test_a_date_in_the_future_is_refused_and_nothing_is_stored(client, hearing):
    consultation, *_ = hearing
    response = client.post(
        reverse("consultation_admin:record", args=[consultation.pk]),
        {
            "channel": "email",
            "received_at": "2099-01-01T10:00",
            "target": "plan",
            "author_name": "Budoucí",
            "triad_side": "public",
            "text": "Text.",
        },
    )
    assert response.status_code == 200
    assert "Datum podání nemůže být v budoucnosti." in response.content.decode()
    assert not Comment.objects.exists()


def test_other_roles_cannot_record(client, hearing):
    consultation, _chapter, _part, people = hearing
    url = reverse("consultation_admin:record", args=[consultation.pk])
    for who in ("wg", "council"):
        client.force_login(people[who])
        response = client.get(url)
        # Wagtail answers a refused admin view with a redirect to the dashboard and a message
        assert response.status_code in (302, 403) and HEADING not in response.content.decode()
        data = {"channel": "post", "received_at": "2026-01-01T10:00", "target": "plan", "author_name": "X"}
        assert client.post(url, {**data, "triad_side": "public", "text": "Y"}).status_code in (302, 403)
    assert not Comment.objects.exists()
