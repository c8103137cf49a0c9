"""The public-comment stage: opening, public draft, the completeness gate, closing by beat."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import TaskState

from tests.factories import PASSWORD
from tests.workflows.test_consultation_support import build, form_data, start_consultation
from workflows.consultation import services
from workflows.consultation.tasks import close_due_consultations
from workflows.models import ConsultationEvent, PublicCommentTaskState

pytestmark = pytest.mark.django_db
PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")


def test_starting_the_task_opens_a_fourteen_day_consultation_in_prague_time():
    _territory, _plan, chapter, workflow, people = build()
    start = datetime.datetime(2026, 3, 20, 9, 30, tzinfo=PRAGUE)  # DST starts on 29 March
    with time_machine.travel(start, tick=False):
        consultation = start_consultation(workflow, chapter, people["coordinator"])
    assert consultation.starts_at == start
    # 14 calendar days later at the same wall-clock time, across the DST change.
    assert consultation.ends_at_local == datetime.datetime(2026, 4, 3, 9, 30, tzinfo=PRAGUE)
    state = PublicCommentTaskState.objects.get(consultation=consultation)
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert state.task.specific.get_due_at(state) == consultation.ends_at
    assert list(ConsultationEvent.objects.values_list("kind", flat=True)) == ["opened"]


def test_draft_is_public_with_banner_and_deadline_even_when_never_published(client):
    _territory, _plan, chapter, workflow, people = build(publish_chapter=False)
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    page = client.get(reverse("consultation_chapter", args=[consultation.pk, chapter.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Návrh k připomínkám" in html
    assert consultation.ends_at_local.strftime("%-d. %-m. %Y") in html
    assert "Druhý odstavec o terénních službách." in html
    assert "Připomínkovat tento odstavec" in html


def test_live_chapter_url_serves_the_submitted_draft_during_consultation(client):
    _territory, _plan, chapter, workflow, people = build()
    chapter.body = [{"type": "paragraph", "value": "<p>Nový návrh textu.</p>"}]
    chapter.save_revision(user=people["wg"])
    start_consultation(workflow, chapter, people["coordinator"])
    html = client.get(chapter.url).content.decode()
    assert "Nový návrh textu." in html
    assert "Návrh k připomínkám" in html


def _workflow_action(client, chapter, action="close_and_publish"):
    state = PublicCommentTaskState.objects.get(workflow_state__object_id=str(chapter.pk))
    url = reverse("wagtailadmin_pages:workflow_action", args=[chapter.pk, action, state.pk])
    return client.post(url)


def test_gate_refuses_while_the_period_runs_and_while_a_comment_is_unsettled(client):
    _territory, _plan, chapter, workflow, people = build()
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    client.post(
        reverse("consultation_comment", args=[consultation.pk]),
        form_data(consultation, target=f"chapter:{chapter.pk}"),
    )
    comment = consultation.comments.get()
    # Routed to the working group owning the chapter; another working group cannot settle it.
    with pytest.raises(PermissionDenied):
        services.settle_comment(comment, user=people["other_wg"], outcome="accepted", justification="Ano.")
    client.login(username="koordinatorka", password=PASSWORD)

    response = _workflow_action(client, chapter)
    assert "odmitnuto=1" in response["Location"]
    detail = client.get(response["Location"]).content.decode()
    assert "nelze uzavřít před koncem lhůty" in detail
    chapter.refresh_from_db()
    assert PublicCommentTaskState.objects.get().status == TaskState.STATUS_IN_PROGRESS

    with time_machine.travel(consultation.ends_at + datetime.timedelta(minutes=1), tick=False):
        client.force_login(people["coordinator"])  # the session of two weeks ago has expired
        response = _workflow_action(client, chapter)
        assert "odmitnuto=1" in response["Location"]
        assert "nejsou vypořádány" in client.get(response["Location"]).content.decode()
        assert PublicCommentTaskState.objects.get().status == TaskState.STATUS_IN_PROGRESS
        # The beat task refuses too.
        assert close_due_consultations() == 0

        # The working group proposes; that alone does not complete the task.
        services.settle_comment(comment, user=people["wg"], outcome="rejected", justification="Není v kompetenci.")
        assert PublicCommentTaskState.objects.get().status == TaskState.STATUS_IN_PROGRESS
        # The steering group confirms: the check on settlement completes the task and publishes.
        services.confirm_settlement(comment, user=people["steering"])

    assert PublicCommentTaskState.objects.get().status == TaskState.STATUS_APPROVED
    consultation.refresh_from_db()
    assert consultation.closed_at is not None
    chapter.refresh_from_db()
    assert chapter.live and not chapter.has_unpublished_changes
    kinds = list(ConsultationEvent.objects.values_list("kind", flat=True))
    assert kinds == ["opened", "comment_created", "comment_settled", "closed"]


def test_beat_task_closes_a_consultation_without_comments_after_the_period():
    _territory, _plan, chapter, workflow, people = build(publish_chapter=False)
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    with time_machine.travel(consultation.ends_at - datetime.timedelta(seconds=1), tick=False):
        assert close_due_consultations() == 0
    with time_machine.travel(consultation.ends_at, tick=False):
        assert close_due_consultations() == 1
        assert close_due_consultations() == 0
    chapter.refresh_from_db()
    assert chapter.live


def test_closing_soon_is_raised_once_three_days_before_the_end():
    _territory, _plan, chapter, workflow, people = build()
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    with time_machine.travel(consultation.ends_at - datetime.timedelta(days=4), tick=False):
        close_due_consultations()
    assert not ConsultationEvent.objects.filter(kind="closing_soon").exists()
    with time_machine.travel(consultation.ends_at - datetime.timedelta(days=2), tick=False):
        close_due_consultations()
        close_due_consultations()
    assert ConsultationEvent.objects.filter(kind="closing_soon").count() == 1


@pytest.mark.parametrize(
    "role, allowed", [("coordinator", True), ("steering", True), ("wg", False), ("council", False)]
)
def test_only_coordinator_and_steering_group_get_the_close_action(client, role, allowed):
    _territory, _plan, chapter, workflow, people = build()
    start_consultation(workflow, chapter, people["coordinator"])
    state = PublicCommentTaskState.objects.get()
    actions = [name for name, *_ in state.task.specific.get_actions(chapter, people[role])]
    assert (actions == ["close_and_publish"]) is allowed
    client.force_login(people[role])
    response = _workflow_action(client, chapter)
    if not allowed:
        assert response.status_code in (302, 403)
        assert "odmitnuto" not in response.get("Location", "")
    assert PublicCommentTaskState.objects.get().status == TaskState.STATUS_IN_PROGRESS


def test_coordinator_adjusts_the_period_and_adds_a_hearing_shown_on_the_public_page(client):
    _territory, _plan, chapter, workflow, people = build()
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    url = reverse("consultation_admin:edit", args=[consultation.pk])
    data = {
        "starts_at": consultation.starts_at_local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": "2030-01-31T16:00",
        "hearing_at": "2030-01-20T17:00",
        "hearing_place": "Zasedací místnost radnice",
        "instructions": "Připomínky lze poslat i poštou.",
        "moderation": "immediate",
    }
    client.force_login(people["wg"])
    client.post(url, data)
    consultation.refresh_from_db()
    assert consultation.hearing_place == ""  # a working group member may not
    client.force_login(people["coordinator"])
    client.post(url, {**data, "ends_at": data["starts_at"]})  # end before start: refused, nothing changes
    consultation.refresh_from_db()
    assert consultation.hearing_place == ""
    client.post(url, data)
    consultation.refresh_from_db()
    assert consultation.ends_at_local == datetime.datetime(2030, 1, 31, 16, 0, tzinfo=PRAGUE)
    state = PublicCommentTaskState.objects.get()
    assert state.task.specific.get_due_at(state) == consultation.ends_at
    client.logout()
    html = client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()
    assert "Zasedací místnost radnice" in html and "20. 1. 2030 17:00" in html
    assert "31. 1. 2030 16:00" in html
    assert "Připomínky lze poslat i poštou." in html


def test_logged_in_users_get_their_name_and_email_prefilled(client):
    _territory, _plan, chapter, workflow, people = build()
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    client.force_login(people["wg"])
    html = client.get(reverse("consultation_comment", args=[consultation.pk])).content.decode()
    assert 'value="Test Seniori"' in html
    assert 'value="seniori@example.cz"' in html


def test_the_working_group_works_comments_in_during_the_stage_and_nobody_else_edits():
    _territory, _plan, chapter, workflow, people = build()
    start_consultation(workflow, chapter, people["coordinator"])
    task = PublicCommentTaskState.objects.get().task.specific
    # The public comments on the revision frozen at the start; the chapter's working group edits meanwhile.
    assert not task.locked_for_user(chapter, people["wg"])
    assert task.user_can_access_editor(chapter, people["wg"])
    assert not task.locked_for_user(chapter, people["coordinator"])  # who closes the stage
    assert task.locked_for_user(chapter, people["other_wg"])


def test_the_dashboard_lists_the_stage_for_the_coordinator(client):
    """Wagtail ORs every task type's moderatable states: ours must combine with the others."""
    _territory, _plan, chapter, workflow, people = build()
    start_consultation(workflow, chapter, people["coordinator"])
    assert list(TaskState.objects.reviewable_by(people["coordinator"])) == [
        PublicCommentTaskState.objects.get().taskstate_ptr
    ]
    assert not TaskState.objects.reviewable_by(people["wg"]).exists()
    client.force_login(people["coordinator"])
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
