"""The plan's status follows its chapters through the cycle.

`PlanPage.status` is what the public plan page and the coordinator's list
show ("rozpracovaný", "ve schvalování", "v připomínkovém řízení",
"schválený"). It is derived from the review states of the plan and its
chapters every time one of them changes (a `WorkflowState` save), so no
transition has to remember to set it. Only the council's final resolution
adopts a plan (transitions.update_plan_approval); an adopted or archived plan
is never moved back by a later review of a chapter.
"""

from wagtail.models import Page, TaskState, WorkflowState

ACTIVE = (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)


def derived_status(plan):
    """The status the plan's review states give it (never ADOPTED: only the final resolution adopts)."""
    from cms.models import ChapterPage, PlanStatus
    from workflows.review.provisioning import public_comment_task_model

    page_ids = [str(plan.pk)] + [str(pk) for pk in ChapterPage.objects.child_of(plan).values_list("pk", flat=True)]
    active = WorkflowState.objects.filter(
        base_content_type=plan.get_base_content_type(), object_id__in=page_ids, status__in=ACTIVE
    )
    if not active.exists():
        return PlanStatus.DRAFT
    public_comment = public_comment_task_model()
    if public_comment is not None and (
        TaskState.objects.filter(
            pk__in=active.values("current_task_state"),
            status=TaskState.STATUS_IN_PROGRESS,
            task__in=public_comment.objects.all(),
        ).exists()
    ):
        return PlanStatus.CONSULTATION
    return PlanStatus.IN_REVIEW


def refresh_plan_status(plan):
    """Store the derived status unless the plan is adopted or archived; True when it changed."""
    from cms.models import PlanPage, PlanStatus

    status = derived_status(plan)
    return bool(
        PlanPage.objects.filter(pk=plan.pk)
        .exclude(status__in=[PlanStatus.ADOPTED, PlanStatus.ARCHIVED, status])
        .update(status=status)
    )


def on_workflow_state_saved(sender, instance, **kwargs):
    """post_save of WorkflowState: the plan of that page may have changed status."""
    from django.contrib.contenttypes.models import ContentType

    from cms.models import PlanPage

    if instance.base_content_type_id != ContentType.objects.get_for_model(Page).pk:
        return  # not a page (e.g. a snippet under a workflow)
    plan = PlanPage.objects.filter(pk=instance.object_id).first() or _parent_plan(instance.object_id)
    if plan is not None:
        refresh_plan_status(plan)


def _parent_plan(page_id):
    from cms.models import PlanPage

    page = Page.objects.filter(pk=page_id).only("path", "depth").first()
    if page is None or page.depth < 2:
        return None
    return PlanPage.objects.filter(path=page.path[: -Page.steplen]).first()


ARCHIVED_LOG_ACTION = "triada.plan.archived"
RESTORED_LOG_ACTION = "triada.plan.restored"


def archive_plan(plan, user):
    """Mark an adopted plan as archived (a newer plan replaced it); True when it changed.

    The status column is read-only in the editor, so this is the one way a
    coordinator retires a plan. Only the column changes: the text, its revisions
    and its resolutions stay as they were, and the public page says "archivovaný".
    """
    from cms.models import PlanStatus

    return _move_status(plan, user, PlanStatus.ADOPTED, PlanStatus.ARCHIVED, ARCHIVED_LOG_ACTION)


def restore_plan(plan, user):
    """Undo `archive_plan`: the plan counts as adopted again; True when it changed."""
    from cms.models import PlanStatus

    return _move_status(plan, user, PlanStatus.ARCHIVED, PlanStatus.ADOPTED, RESTORED_LOG_ACTION)


def _move_status(plan, user, from_status, to_status, log_action):
    from django.db import transaction
    from wagtail.log_actions import log

    from cms.models import PlanPage
    from cms.signals import public_content_changed

    with transaction.atomic():
        changed = PlanPage.objects.filter(pk=plan.pk, status=from_status).update(status=to_status)
        if changed:
            plan.status = to_status
            log(instance=plan, action=log_action, user=user)
            transaction.on_commit(lambda: public_content_changed.send(sender=PlanPage, instance=plan))
    return bool(changed)
