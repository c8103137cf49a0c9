"""Admin hooks of the review part: dashboard panel, admin views, editor messages."""

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button

from workflows.models.review import BodyTask
from workflows.review import admin_urls, services


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
    from cms.models import PlanningBody

    if PlanningBody.objects.of_user(request.user).exists():
        panels.append(WaitingForMyGroupPanel(services.waiting_for_user(request.user)))


@hooks.register("register_admin_urls")
def register_review_urls():
    return [path("schvalovani/", include(admin_urls, namespace="workflows_review"))]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        from cms.models import PlanPage

        user = request.user
        if user.is_superuser:
            return True
        return any(services.user_can_submit_plan(user, plan) for plan in PlanPage.objects.all()[:50])


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return ReviewMenuItem(_("Plan approval"), reverse("workflows_review:plan_index"), icon_name="tasks", order=250)


@hooks.register("register_page_header_buttons")
def review_header_button(page, user, view_name=None, next_url=None):
    specific_class = page.specific_class
    if specific_class is None or not hasattr(specific_class, "get_workflow"):
        return
    from cms.models import ChapterPage, PlanPage

    if issubclass(specific_class, (ChapterPage, PlanPage)):
        yield Button(
            _("Review"), reverse("workflows_review:chapter_review", args=[page.pk]), icon_name="tasks", priority=64
        )


@hooks.register("before_edit_page")
def show_requested_changes(request, page):
    """Put the request for changes where the working group edits the chapter."""
    if request.method != "GET":
        return None
    state = page.current_workflow_state
    if state is None or state.current_task_state is None:
        return None
    if state.status == "in_progress":
        show_current_stage(request, page, state.current_task_state.specific)
        return None
    if state.status != "needs_changes":
        return None
    task_state = state.current_task_state
    task = task_state.task.specific
    if not isinstance(task, BodyTask) or not task_state.comment:
        return None
    messages.warning(
        request,
        _("Changes requested at the stage “%(stage)s” (%(body)s): %(comment)s")
        % {"stage": task.name, "body": services.body_name(task, page), "comment": task_state.comment},
    )
    return None


def show_current_stage(request, page, task_state):
    task = task_state.task.specific
    if not isinstance(task, BodyTask):
        return
    due = task.get_due_at(task_state)
    values = {"stage": task.name, "body": services.body_name(task, page)}
    if due is None:
        messages.info(request, _("Stage “%(stage)s”, held by %(body)s.") % values)
        return
    values["due"] = date_format(timezone.localtime(due), "j. n. Y")
    if services.is_overdue(task_state):
        messages.warning(request, _("Stage “%(stage)s”, held by %(body)s, was due on %(due)s: overdue.") % values)
    else:
        messages.info(request, _("Stage “%(stage)s”, held by %(body)s, is due on %(due)s.") % values)


@hooks.register("after_edit_page")
def report_conflict(request, page):
    message = getattr(request.user, "_triada_review_conflict", None)
    if message:
        messages.warning(request, message)
        del request.user._triada_review_conflict
    return None


@hooks.register("triada_plan_sections")
def plan_approval_history(request, page):
    rows = services.plan_history(page)
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
    actions.register_action(
        "triada.review.partial_approval", _("Approve (partial)"), _("Approved; waiting for more approvals")
    )
