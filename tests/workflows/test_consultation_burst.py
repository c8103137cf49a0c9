"""The last-minute burst: one comment must be cheap on a real-size plan (150 activities under comment).

The form and the check of a submitted target read the cached outline of the revision under
comment instead of loading every chapter's revision on every request (bench: `python -m bench
consultation`). These tests hold what a commenter sees to the text frozen for the consultation,
a newly published text to its new outline, and a request to a number of queries that does not
grow with the plan.
"""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cms.models import StrategicPartPage, set_strategy
from tests.factories import make_strategic_part, strategy_tree
from tests.workflows.test_consultation_support import (  # noqa: F401 (fixture)
    build,
    form_data,
    fresh_rate_limits,
    start_consultation,
)
from workflows.models import Comment, Consultation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


@pytest.fixture
def real_size():
    """A chapter and a strategic part of 150 activities in one open consultation (each frozen at its submission)."""
    territory, plan, chapter, workflow, people = build()
    part = make_strategic_part(plan, size=(8, 30, 150), group=territory.wg_seniors)
    start_consultation(workflow, chapter, people["coordinator"])
    workflow.start(part, people["coordinator"])  # the same day: the same consultation
    consultation = Consultation.objects.get()
    assert consultation.covers(part)
    return consultation, chapter, part, people


def _form(client, consultation, target=None):
    url = reverse("consultation_comment", args=[consultation.pk]) + (f"?cil={target}" if target else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _activities(html, part):
    return re.findall(rf'<option value="activity:{part.pk}:([\d.]+)">Aktivita [\d.]+ ([^<]*)</option>', html)


def _retitle_draft(part, code, title):
    """The working group saves a new draft in which activity `code` has another title."""
    tree = strategy_tree(8, 30, 150)
    p, m, a = (int(n) for n in code.split("."))
    tree[p - 1]["measures"][m - 1]["activities"][a - 1]["title"] = title
    page = StrategicPartPage.objects.get(pk=part.pk)
    set_strategy(page, tree)
    return page.save_revision()


def test_form_and_comment_on_an_activity_cost_a_fixed_number_of_queries(
    client, real_size, django_assert_max_num_queries
):
    consultation, _chapter, part, _people = real_size
    _form(client, consultation)  # the first visitor reads the revisions once
    with django_assert_max_num_queries(12):  # was 154: each chapter's revision loaded on every request
        html = _form(client, consultation)
    assert len(_activities(html, part)) == 150
    with django_assert_max_num_queries(32):  # was 40, the strategic part loaded again to check the code
        response = client.post(
            reverse("consultation_comment", args=[consultation.pk]),
            form_data(consultation, target=f"activity:{part.pk}:8.3.1", text="Chybí odlehčovací služba."),
        )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.number == 1 and comment.strategic_item is not None
    assert comment.strategic_item.code == "8.3.1"
    assert comment.quoted_text.startswith("Aktivita 8.3.1")
    assert comment.target_label == "10. Strategická část, aktivita 8.3.1"
    assert comment.quoted_revision == part.revisions.order_by("-created_at").first()


def test_a_later_draft_changes_nothing_the_public_comments_on(client, real_size):
    consultation, _chapter, part, _people = real_size
    assert ("1.1.1", "Aktivita 1.1.1") in _activities(_form(client, consultation), part)
    frozen = part.revisions.order_by("-created_at").first()
    _retitle_draft(part, "1.1.1", "Aktivita přepsaná v konceptu")
    html = _form(client, consultation)
    assert ("1.1.1", "Aktivita 1.1.1") in _activities(html, part)
    assert "přepsaná v konceptu" not in html
    client.post(
        reverse("consultation_comment", args=[consultation.pk]),
        form_data(consultation, target=f"activity:{part.pk}:1.1.1"),
    )
    comment = Comment.objects.get()
    assert comment.quoted_revision == frozen and "přepsaná" not in comment.quoted_text


def test_a_new_publication_is_what_a_plan_wide_consultation_shows_next(client, real_size):
    """Without a frozen revision (a consultation of the whole plan) the public reads the live text, as published now."""
    consultation, _chapter, part, _people = real_size
    now = timezone.now()
    plan_wide = Consultation.objects.create(
        plan=consultation.plan, title="Celý plán", starts_at=now, ends_at=now + datetime.timedelta(days=14)
    )
    assert ("2.1.1", "Aktivita 2.1.1") in _activities(_form(client, plan_wide), part)
    _retitle_draft(part, "2.1.1", "Aktivita schválená v nové verzi").publish()
    html = _form(client, plan_wide)
    assert ("2.1.1", "Aktivita schválená v nové verzi") in _activities(html, part)


def test_an_unknown_activity_is_refused_in_czech_and_nothing_is_stored(client, real_size):
    consultation, _chapter, part, _people = real_size
    response = client.post(
        reverse("consultation_comment", args=[consultation.pk]),
        form_data(consultation, target=f"activity:{part.pk}:9.9.9"),
    )
    assert response.status_code == 400
    assert "Zvolená aktivita v tomto návrhu neexistuje." in response.content.decode()
    assert not Comment.objects.exists()
    consultation.refresh_from_db()
    assert consultation.last_number == 0


def test_a_comment_on_an_activity_is_stored_when_the_cache_is_down(client, real_size):
    """Redis (the cache in production) stopped: the outline is read from the revision, the comment is not lost."""
    from tests.services import free_port

    consultation, _chapter, part, _people = real_size
    dead_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    with override_settings(CACHES=dead_redis):
        response = client.post(
            reverse("consultation_comment", args=[consultation.pk]),
            form_data(consultation, target=f"activity:{part.pk}:3.1.1"),
        )
    assert response.status_code == 302
    assert Comment.objects.get().strategic_item.code == "3.1.1"
