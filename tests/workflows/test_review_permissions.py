"""Who may act at which stage, checked on the server through the admin's real URLs."""

import pytest
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from cms.models import ChapterPage
from tests.factories import PASSWORD
from tests.workflows.review_setup import act, build_world, current, resolution_data, stage_of, submit

pytestmark = pytest.mark.django_db

STAGES = ["WorkingGroupReviewTask", "SteeringGroupApprovalTask", "CouncilDecisionTask"]
ROLES = ["coordinator", "wg_member", "other_wg_member", "steering_member", "secretary", "anonymous"]
ALLOWED = {
    ("WorkingGroupReviewTask", "wg_member"): {"approve", "reject"},
    ("SteeringGroupApprovalTask", "steering_member"): {"approve", "reject"},
    ("CouncilDecisionTask", "secretary"): {"record_resolution"},
}
POST_DATA = {
    "approve": {"comment": ""},
    "reject": {"comment": "Doplňte prosím zdroje dat."},
    "record_resolution": resolution_data(),
}


@pytest.fixture
def world():
    return build_world()


def reach(world, stage):
    chain = STAGES + ["PublicCommentTask"]
    steps = [
        lambda: act(world.chapter, world.wg_member, "approve"),
        lambda: act(world.chapter, world.steering_member, "approve"),
        lambda: act(world.chapter, world.secretary, "record_resolution", **resolution_data()),
    ]
    submit(world)
    for step in steps[: chain.index(stage)]:
        step()
    assert stage_of(world.chapter) == stage


def login(client, world, role):
    if role != "anonymous":
        user = getattr(world, role)
        assert client.login(username=user.username, password=PASSWORD)


def post_action(client, page, action, task_state, data):
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {k: ("" if v is None else v) for k, v in data.items()})


def refused(response):
    """The admin answers PermissionDenied with 403, or a redirect to the dashboard with an error."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def snapshot(page):
    state, task_state = current(page)
    return (state.status, task_state.pk, task_state.status, TaskState.objects.for_instance(page).count())


@pytest.mark.parametrize("stage", STAGES + ["PublicCommentTask"])
@pytest.mark.parametrize("role", ROLES)
def test_role_action_matrix(client, world, stage, role):
    """Every role tries every action at every stage; only the stage's own body succeeds."""
    reach(world, stage)
    login(client, world, role)
    allowed = ALLOWED.get((stage, role), set())
    # Refused actions first (they must change nothing), then one allowed action.
    for action in sorted({"approve", "reject", "record_resolution"} - allowed) + sorted(allowed)[:1]:
        before = snapshot(world.chapter)
        _state, task_state = current(world.chapter)
        response = post_action(client, world.chapter, action, task_state, POST_DATA[action])
        if action in allowed:
            assert response.status_code == 302, (stage, role, action)
            assert snapshot(world.chapter) != before, (stage, role, action)
            finished = TaskState.objects.get(pk=task_state.pk)
            assert finished.status in (TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED)
            assert finished.finished_by == getattr(world, role)
        else:
            if role == "anonymous":
                assert response.status_code == 302 and "/admin/login/" in response["Location"]
            else:
                assert refused(response), (stage, role, action)
            assert snapshot(world.chapter) == before, (stage, role, action)


@pytest.mark.parametrize("stage, role", [(s, r) for (s, r), actions in ALLOWED.items() if "approve" in actions])
def test_members_approve_through_the_admin_url(client, world, stage, role):
    reach(world, stage)
    login(client, world, role)
    _state, task_state = current(world.chapter)
    response = post_action(client, world.chapter, "approve", task_state, {"comment": ""})
    assert response.status_code == 302
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED
    assert stage_of(world.chapter) == STAGES[STAGES.index(stage) + 1]


def test_task_state_of_another_chapter_cannot_be_approved_through_own_chapter_url(client, world):
    """Wagtail authorises the page in the URL; we re-check against the task state's own page."""
    submit(world)
    submit(world, world.other_chapter, world.other_wg_member)
    _state, victim_state = current(world.chapter)
    login(client, world, "other_wg_member")
    url = reverse("wagtailadmin_pages:workflow_action", args=[world.other_chapter.pk, "approve", victim_state.pk])
    response = client.post(url, {"comment": ""})
    assert refused(response)
    assert TaskState.objects.get(pk=victim_state.pk).status == TaskState.STATUS_IN_PROGRESS


def test_superuser_outside_the_body_cannot_decide(client, world):
    reach(world, "WorkingGroupReviewTask")
    login(client, world, "superuser")
    _state, task_state = current(world.chapter)
    response = post_action(client, world.chapter, "approve", task_state, {"comment": ""})
    assert refused(response)
    assert stage_of(world.chapter) == "WorkingGroupReviewTask"


def test_chapter_is_locked_for_everyone_outside_the_current_body(world):
    reach(world, "WorkingGroupReviewTask")
    chapter = ChapterPage.objects.get(pk=world.chapter.pk)
    lock = chapter.get_lock()
    assert not lock.for_user(world.wg_member)
    for outsider in (world.other_wg_member, world.steering_member, world.secretary, world.coordinator):
        assert lock.for_user(outsider)
    act(world.chapter, world.wg_member, "approve")
    chapter = ChapterPage.objects.get(pk=world.chapter.pk)
    lock = chapter.get_lock()
    assert lock.for_user(world.wg_member) and not lock.for_user(world.steering_member)


def test_locked_chapter_edit_post_changes_nothing(client, world):
    reach(world, "SteeringGroupApprovalTask")
    login(client, world, "wg_member")
    chapter = ChapterPage.objects.get(pk=world.chapter.pk)
    revisions = chapter.revisions.count()
    client.post(
        reverse("wagtailadmin_pages:edit", args=[chapter.pk]),
        {"title": "Přepsáno", "slug": chapter.slug, "number": 1, "body-count": 0},
    )
    assert ChapterPage.objects.get(pk=chapter.pk).revisions.count() == revisions
    assert ChapterPage.objects.get(pk=chapter.pk).get_latest_revision_as_object().title == "Senioři"


def test_rejection_comment_is_shown_in_the_editor(client, world):
    reach(world, "SteeringGroupApprovalTask")
    act(world.chapter, world.steering_member, "reject", comment="Chybí tabulka kapacit <b>služeb</b>.")
    login(client, world, "wg_member")
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world.chapter.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chybí tabulka kapacit &lt;b&gt;služeb&lt;/b&gt;." in html
    assert "<b>služeb</b>" not in html


def test_second_decision_on_a_decided_stage_gets_a_czech_message(client, world):
    world.wg_member2 = type(world.wg_member).objects.create_user("seniorka2", password=PASSWORD)
    world.wg_member2.groups.add(world.territory.wg_seniors.group)
    reach(world, "WorkingGroupReviewTask")
    _state, task_state = current(world.chapter)
    act(world.chapter, world.wg_member, "approve")  # first one wins
    assert client.login(username="seniorka2", password=PASSWORD)
    response = post_action(client, world.chapter, "approve", task_state, {"comment": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workflows_review:conflict", args=[world.chapter.pk]))
    followed = client.get(response["Location"], follow=True)
    assert followed.status_code == 200
    assert "Někdo jiný" in followed.content.decode()
    assert stage_of(world.chapter) == "SteeringGroupApprovalTask"
    assert TaskState.objects.for_instance(world.chapter).filter(status="approved").count() == 1


def test_plan_matrix_and_submit_all_for_coordinator_only(client, world):
    matrix = reverse("workflows_review:plan_matrix", args=[world.plan.pk])
    submit_all = reverse("workflows_review:submit_plan", args=[world.plan.pk])
    for role in ("wg_member", "steering_member", "secretary"):
        client.logout()
        login(client, world, role)
        assert refused(client.get(matrix))
        assert refused(client.post(submit_all))
    assert not WorkflowState.objects.exists()
    client.logout()
    assert client.post(submit_all).status_code == 302  # anonymous: to the login page
    assert not WorkflowState.objects.exists()

    login(client, world, "coordinator")
    response = client.post(submit_all, follow=True)
    assert response.status_code == 200
    assert WorkflowState.objects.filter(status="in_progress").count() == 2
    html = response.content.decode()
    assert "PS Senioři" in html and "PS Rodiny s dětmi" in html  # who holds each chapter
    assert "Senioři" in html and "Rodiny s dětmi" in html
    # Again: nothing is started twice.
    client.post(submit_all)
    assert WorkflowState.objects.count() == 2


def test_dashboard_panel_waiting_for_my_group(client, world):
    reach(world, "WorkingGroupReviewTask")
    login(client, world, "wg_member")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Čeká na moji skupinu" in html and "Senioři" in html
    client.logout()
    login(client, world, "other_wg_member")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Čeká na moji skupinu" in html and "Nic nečeká" in html


def test_chapter_review_page_history_and_compare_link(client, world):
    submit(world)
    approve_all = [
        (world.wg_member, "approve", {}),
        (world.steering_member, "approve", {"comment": "Schvalujeme."}),
        (world.secretary, "record_resolution", resolution_data()),
    ]
    for user, action, data in approve_all:
        act(world.chapter, user, action, **data)
    login(client, world, "coordinator")
    response = client.get(reverse("workflows_review:chapter_review", args=[world.chapter.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Schvalujeme." in html and "ZM/12/2026" in html
    assert "/revisions/compare/" in html
    client.logout()
    assert client.get(reverse("workflows_review:chapter_review", args=[world.chapter.pk])).status_code == 302


def test_editor_shows_stage_due_date_and_overdue_and_links_the_review(client, world):
    from datetime import timedelta

    from django.utils import timezone

    reach(world, "WorkingGroupReviewTask")
    login(client, world, "wg_member")
    edit_url = reverse("wagtailadmin_pages:edit", args=[world.chapter.pk])
    html = client.get(edit_url).content.decode()
    assert "rozhoduje PS Senioři, termín:" in html
    assert reverse("workflows_review:chapter_review", args=[world.chapter.pk]) in html
    _state, task_state = current(world.chapter)
    TaskState.objects.filter(pk=task_state.pk).update(started_at=timezone.now() - timedelta(days=20))
    html = client.get(edit_url).content.decode()
    assert "je po termínu" in html


def test_review_page_shows_partial_quorum(client, world):
    from workflows.models import SteeringGroupApprovalTask

    task = SteeringGroupApprovalTask.objects.get(pk=world.workflow.tasks[1].pk)
    task.quorum = 2
    task.save()
    reach(world, "SteeringGroupApprovalTask")
    act(world.chapter, world.steering[0], "approve", comment="Za mě ano.")
    login(client, world, "coordinator")
    html = client.get(reverse("workflows_review:chapter_review", args=[world.chapter.pk])).content.decode()
    assert "Zatím schválilo 1 z 2 požadovaných členů" in html
    assert world.steering[0].last_name in html and world.steering[1].last_name not in html
