"""Admin hooks of the review part: dashboard panel, admin views, editor messages, publication rules."""

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.models import WorkflowState

from workflows.models.review import BodyTask
from workflows.review import admin_urls, feedback, plan_status, publication, selectors


class WaitingForMyGroupPanel(Component):
    """Dashboard panel "Čeká na moji skupinu": stages my bodies hold."""

    name = "triada_waiting_for_my_group"
    template_name = "workflows/review/waiting_panel.html"
    order = 90

    def __init__(self, items):
        self.items = items

    def get_context_data(self, parent_context):
        return {"items": self.items}


@hooks.register("construct_homepage_panels")
def add_waiting_panel(request, panels):
    """The dashboard panel of stages waiting for the user's bodies, shown to members of any body."""
    items = selectors.waiting_for_user(request.user)
    from cms.models import PlanningBody

    if items or PlanningBody.objects.of_user(request.user).exists():
        panels.append(WaitingForMyGroupPanel(items))


@hooks.register("register_admin_urls")
def register_review_urls():
    """The review's admin URLs (plan matrix, conflicts, resolutions) under /admin/schvalovani/."""
    return [path("schvalovani/", include(admin_urls, namespace="workflows_review"))]


class ReviewMenuItem(MenuItem):
    """Shown to coordinators only: the plan approval overview is their tool."""

    def is_shown(self, request):
        return selectors.user_coordinates_any_plan(request.user)


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    """ "Plan approval" in the admin menu."""
    return ReviewMenuItem(_("Plan approval"), reverse("workflows_review:plan_index"), icon_name="tasks", order=250)


@hooks.register("register_page_header_buttons")
def review_header_button(page, user, view_name=None, next_url=None):
    """A "Review" button in the header of plan and chapter pages, leading to their review page (stages, comments, decisions)."""
    specific_class = page.specific_class
    if specific_class is None or not hasattr(specific_class, "get_workflow"):
        return
    from cms.models import ChapterPage, PlanPage

    if issubclass(specific_class, (ChapterPage, PlanPage)):
        yield Button(
            _("Review"), reverse("workflows_review:chapter_review", args=[page.pk]), icon_name="tasks", priority=64
        )


@hooks.register("before_edit_page")
def before_edit(request, page):
    """GET: say where the chapter stands and what saving will do. POST: remember the stage acted on."""
    if request.method == "POST":
        feedback.remember_stage(request, page)
        return None
    state = page.current_workflow_state
    if state is None or state.current_task_state is None:
        return None
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        show_current_stage(request, page, state.current_task_state.specific)
        return None
    if state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    task_state = state.current_task_state
    task = task_state.task.specific
    if not isinstance(task, BodyTask) or not task_state.comment:
        return None
    messages.warning(
        request,
        _("Changes requested at the stage “%(stage)s” (%(body)s): %(comment)s")
        % {"stage": task.name, "body": selectors.body_name(task, page), "comment": task_state.comment},
    )
    return None


def show_current_stage(request, page, task_state):
    """Tell the editor which stage and body hold the page and by when, as a message on the edit view."""
    task = task_state.task.specific
    values = {"stage": task.name, "body": selectors.body_name(task, page)}
    due = selectors.due_at(task_state, task=task)
    if due is None:
        messages.info(request, _("Stage “%(stage)s”, held by %(body)s.") % values)
    else:
        values["due"] = date_format(timezone.localtime(due), "j. n. Y")
        if selectors.is_overdue(task_state, task=task):
            messages.warning(request, _("Stage “%(stage)s”, held by %(body)s, was due on %(due)s: overdue.") % values)
        else:
            messages.info(request, _("Stage “%(stage)s”, held by %(body)s, is due on %(due)s.") % values)
    if page.permissions_for_user(request.user).can_edit() and not task.locked_for_user(page, request.user):
        target = selectors.restart_target(page)
        if target is not None:
            messages.warning(
                request,
                _(
                    "Saving a change returns the chapter to the stage “%(stage)s” (%(body)s): "
                    "every stage from there on decides again. Saving without a change restarts nothing."
                )
                % {"stage": target.name, "body": selectors.body_name(target, page)},
            )


@hooks.register("after_edit_page")
def after_edit(request, page):
    """Tell the person in Czech what their workflow action did (or that someone was faster)."""
    return feedback.report_action(request, page)


class SubmitForApprovalMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit action, named for what it does here: "Odeslat ke schválení"."""

    label = _("Submit for approval")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        state = context["page"].current_workflow_state if context.get("page") else None
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            context["label"] = _("Resubmit for approval")
        else:
            context["label"] = self.label
        return context


@hooks.register("construct_page_action_menu")
def submit_for_approval_first(menu_items, request, context):
    """The main button is "Odeslat ke schválení" while a chapter can be submitted; "Publish" only by approval."""
    publication.hide_publish_button(menu_items, request, context)
    for index, item in enumerate(menu_items):
        if getattr(item, "name", "") == "action-submit":
            menu_items.pop(index)
            menu_items.insert(0, SubmitForApprovalMenuItem(order=item.order))
            break


hooks.register("before_publish_page", publication.refuse_direct_publication)
hooks.register("after_publish_page", publication.record_direct_publication)
hooks.register("before_bulk_action", publication.refuse_bulk_publication)
hooks.register("after_bulk_action", publication.record_bulk_publication)
hooks.register("triada_page_banners", publication.unapproved_banner)


@hooks.register("triada_plan_sections")
def plan_approval_history(request, page):
    """The plan page's approval history section: completed stages with dates, bodies and resolutions."""
    rows = selectors.plan_history(page)
    if not rows:
        return []
    return [
        {
            "id": "historie-schvalovani",
            "title": _("Approval history"),
            "template": "workflows/review/plan_history.html",
            "context": {"approval_rows": rows},
        }
    ]


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    """Names of the review's own log actions, so the page history reads in Czech."""
    actions.register_action(
        "triada.review.partial_approval", _("Approve (partial)"), _("Approved; waiting for more approvals")
    )
    actions.register_action(
        publication.LOG_ACTION,
        _("Published outside the approval workflow"),
        _("Published outside the approval workflow"),
    )
    actions.register_action(plan_status.ARCHIVED_LOG_ACTION, _("Archive plan"), _("Plan archived"))
    actions.register_action(plan_status.RESTORED_LOG_ACTION, _("Restore plan"), _("Plan adopted again"))
