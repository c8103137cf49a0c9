"""Anchors survive edits: a paragraph comment follows its block across revisions, or says the text changed."""

import pytest
from django.urls import reverse

from tests.workflows.test_consultation_support import (  # noqa: F401 (fixture)
    block_ids,
    build,
    form_data,
    fresh_rate_limits,
    start_consultation,
)
from workflows.consultation import exports, services
from workflows.models import Comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


def _new_revision(chapter, blocks, user=None):
    page = chapter.get_latest_revision().as_object()
    page.body = [{"type": "paragraph", "value": f"<p>{text}</p>", "id": block_id} for block_id, text in blocks]
    return page.save_revision(user=user)


@pytest.fixture
def commented():
    _territory, _plan, chapter, workflow, people = build()
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    first, second, third = block_ids(chapter)
    return consultation, chapter, people, (first, second, third)


def _comment_on(client, consultation, chapter, block_id):
    target = f"paragraph:{chapter.pk}:{block_id}"
    form = client.get(reverse("consultation_comment", args=[consultation.pk]), {"cil": target})
    assert "Druhý odstavec o terénních službách." in form.content.decode()  # the quoted paragraph is shown
    response = client.post(reverse("consultation_comment", args=[consultation.pk]), form_data(consultation, target))
    assert response.status_code == 302
    return Comment.objects.get()


def test_the_quote_is_stored_at_submission(client, commented):
    consultation, chapter, _people, (_first, second, _third) = commented
    comment = _comment_on(client, consultation, chapter, second)
    assert comment.target == "paragraph"
    assert comment.block_id == second
    assert comment.quoted_text == "Druhý odstavec o terénních službách."
    assert comment.quoted_revision == chapter.get_latest_revision()


def test_a_comment_follows_its_paragraph_through_edits_and_reordering(client, commented):
    consultation, chapter, people, (first, second, third) = commented
    comment = _comment_on(client, consultation, chapter, second)
    # The working group rewrites the paragraph and puts a new one before it; the block id stays.
    revision = _new_revision(
        chapter,
        [
            ("f3c1d0e4-0000-4000-8000-000000000001", "Nový úvod."),
            (first, "První."),
            (second, "Přepsaný druhý."),
            (third, "Třetí."),
        ],
        user=people["wg"],
    )
    revision.publish()
    chapter.refresh_from_db()
    anchor = services.AnchorResolver().resolve(comment)
    assert anchor == {"exists": True, "url": f"{chapter.url}#blok-{second}", "changed": False}
    # The anchor exists on the published page.
    html = client.get(chapter.url).content.decode()
    assert f'id="blok-{second}"' in html and "Přepsaný druhý." in html
    row = exports.rows(consultation)[0]
    assert "text byl změněn" not in row["part"]


def test_a_removed_paragraph_shows_text_changed_with_the_original_quote(client, commented):
    consultation, chapter, people, (first, second, third) = commented
    comment = _comment_on(client, consultation, chapter, second)
    _new_revision(chapter, [(first, "První."), (third, "Třetí.")], user=people["wg"]).publish()
    anchor = services.AnchorResolver().resolve(comment)
    assert anchor["changed"] and not anchor["exists"]
    row = exports.rows(consultation)[0]
    assert "text byl změněn" in row["part"]
    assert "Druhý odstavec o terénních službách." in row["part"]
    # The public table and the admin show it too.
    table = client.get(reverse("consultation_settlement", args=[consultation.pk])).content.decode()
    assert "text byl změněn" in table and "Druhý odstavec o terénních službách." in table
    client.force_login(people["wg"])
    admin = client.get(reverse("consultation_admin:comment", args=[comment.pk])).content.decode()
    assert "text byl změněn" in admin, admin[admin.find("<dl>") : admin.find("</dl>")]


def test_an_activity_comment_targets_the_strategic_item_by_code(client):
    from cms.models import StrategicPartPage, set_strategy

    _territory, plan, _chapter, workflow, people = build()
    part = StrategicPartPage(title="Strategická část", slug="strategie", number=9)
    set_strategy(
        part,
        [
            {
                "type": "priority",
                "value": {
                    "number": 1,
                    "title": "Dostupné služby pro seniory",
                    # Stored as the admin stores it: list items carry their own ids.
                    "measures": [
                        {
                            "type": "item",
                            "id": "6d1f3f0e-1111-4c2b-9a55-000000000011",
                            "value": {
                                "number": 1,
                                "title": "Rozvoj terénních služeb",
                                "activities": [
                                    {
                                        "type": "item",
                                        "id": "6d1f3f0e-1111-4c2b-9a55-000000000111",
                                        "value": {"number": 1, "title": "Posílit pečovatelskou službu"},
                                    }
                                ],
                            },
                        }
                    ],
                },
            }
        ],
    )
    plan.add_child(instance=part)
    part.save_revision().publish()
    workflow.start(part, people["coordinator"])
    consultation = part.consultations.get()
    form = client.get(reverse("consultation_comment", args=[consultation.pk])).content.decode()
    assert "Aktivita 1.1.1 Posílit pečovatelskou službu" in form
    target = f"activity:{part.pk}:1.1.1"
    response = client.post(reverse("consultation_comment", args=[consultation.pk]), form_data(consultation, target))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.target == "activity"
    assert comment.strategic_item is not None and comment.strategic_item.code == "1.1.1"
    assert comment.block_id == "6d1f3f0e-1111-4c2b-9a55-000000000111"
    assert comment.target_label.endswith("aktivita 1.1.1")
    assert "Posílit pečovatelskou službu" in comment.quoted_text
