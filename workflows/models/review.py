"""Models of the review part: the stages a chapter passes before it is published.

The stages are Wagtail workflow tasks, so editors drive them from the normal
page editor. Each task names a *role* (the chapter's own working group, the
steering group, the council, the general assembly) rather than a fixed auth
group: the body is resolved from the page when the task runs, so one
workflow serves every chapter of a territory and every working group.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Task, TaskState


class BodyRole(models.TextChoices):
    OWN_WORKING_GROUP = "own_working_group", _("the chapter's own working group")
    STEERING_GROUP = "steering_group", _("steering group")
    COUNCIL = "council", _("town council")
    GENERAL_ASSEMBLY = "general_assembly", _("general assembly")


def _specific_page(obj):
    return obj.specific if isinstance(obj, Page) else obj


def territory_of(page):
    """The TerritoryHomePage above `page` (or `page` itself), or None (see `cms.access.territory_of`)."""
    from cms.access import territory_of as access_territory_of

    return access_territory_of(page)


class BodyTask(Task):
    """A review stage held by one planning body, resolved from the page.

    OWN_WORKING_GROUP is the chapter's `responsible_group`; a page without one
    (the plan page itself, or a chapter nobody owns yet) is held by the
    territory's steering group, so nothing slips through unreviewed.
    """

    body_role = models.CharField(_("body"), max_length=30, choices=BodyRole.choices)
    due_days = models.PositiveSmallIntegerField(
        _("days to decide"), default=14, help_text=_("The task is due this many days after it starts.")
    )

    admin_form_fields = Task.admin_form_fields + ["body_role", "due_days"]

    # Actions every body task offers; subclasses list theirs.
    action_names = ()

    class Meta:
        abstract = True

    # --- who holds the task -------------------------------------------------
    def get_body(self, obj):
        """The PlanningBody that decides this stage for `obj`, or None."""
        from cms.models import PlanningBody, PlanningBodyKind

        page = _specific_page(obj)
        if self.body_role == BodyRole.OWN_WORKING_GROUP:
            group = getattr(page, "responsible_group", None)
            if group is not None:
                return group
            kind = PlanningBodyKind.STEERING_GROUP
        else:
            kind = self.body_role  # the other roles share their value with PlanningBodyKind
        territory = territory_of(page)
        if territory is None:
            return None
        return PlanningBody.objects.filter(territory=territory, kind=kind).order_by("sort_order", "pk").first()

    def user_in_body(self, obj, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        cache = user.__dict__.setdefault("_triada_body_checks", {})
        key = (self.pk, obj.pk)
        if key not in cache:
            body = self.get_body(obj)
            cache[key] = bool(body and body.group_id and user.groups.filter(pk=body.group_id).exists())
        return cache[key]

    # --- Wagtail's task API ---------------------------------------------------
    def user_can_access_editor(self, obj, user):
        return self.user_in_body(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_in_body(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_in_body(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self.user_in_body(obj, user):
            return []
        return self.get_member_actions(obj, user)

    def get_member_actions(self, obj, user):
        return []

    def get_form_for_action(self, action):
        from workflows.review.forms import ApproveWithCommentForm, RequestChangesForm

        if action == "reject":
            return RequestChangesForm
        return ApproveWithCommentForm

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not user.is_authenticated:
            return TaskState.objects.none()
        ids = [
            state.pk
            for state in self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).select_related("workflow_state")
            if (page := state.workflow_state.content_object) is not None and self.user_in_body(page, user)
        ]
        return TaskState.objects.filter(pk__in=ids)

    def start(self, workflow_state, user=None):
        from workflows.review import services

        page = _specific_page(workflow_state.content_object)
        if getattr(page, "locked", False) and page.locked_by_id and not self.user_in_body(page, page.locked_by):
            page.locked, page.locked_by, page.locked_at = False, None, None
            page.save(update_fields=["locked", "locked_by", "locked_at"])
        earlier = services.stage_needing_reapproval(workflow_state, self)
        if earlier is not None:
            # The text changed after an earlier stage approved it: go back there.
            return earlier.start(workflow_state, user=user)
        task_state = super().start(workflow_state, user=user)
        services.stage_started(self, task_state, page, user)
        return task_state

    def on_action(self, task_state, user, action_name, **kwargs):
        """Perform `action_name` under a row lock; refuse anyone outside the body.

        The lock on the WorkflowState row serialises two people acting on the
        same chapter at once: the second sees the task already decided and is
        told so (a ReviewConflict), instead of a second transition happening.
        """
        from workflows.review import services

        return services.perform_action(self, task_state, user, action_name, kwargs)

    def do_action(self, task_state, page, user, action_name, data):
        """Carry out an allowed action on a locked, in-progress task state."""
        raise PermissionDenied

    # --- deadlines -------------------------------------------------------------
    def get_due_at(self, task_state):
        """When the stage should be decided: `due_days` after the task started."""
        if not self.due_days or task_state is None or task_state.started_at is None:
            return None
        return task_state.started_at + timedelta(days=self.due_days)


class WorkingGroupReviewTask(BodyTask):
    """Stage 1: the chapter's own working group approves or asks for changes."""

    action_names = ("approve", "reject")

    class Meta:
        verbose_name = _("working group review")
        verbose_name_plural = _("working group reviews")

    def save(self, *args, **kwargs):
        self.body_role = self.body_role or BodyRole.OWN_WORKING_GROUP
        super().save(*args, **kwargs)

    def get_member_actions(self, obj, user):
        return [("reject", _("Request changes"), True), ("approve", _("Approve"), False)]

    def do_action(self, task_state, page, user, action_name, data):
        from workflows.review import services

        if action_name == "approve":
            return services.approve(self, task_state, page, user, data.get("comment", ""))
        return services.request_changes(self, task_state, page, user, data["comment"])

    @classmethod
    def get_description(cls):
        return _("Members of the chapter's own working group approve it or request changes.")


class SteeringGroupApprovalTask(BodyTask):
    """Stage 2: the steering group; completes when `quorum` members approved."""

    quorum = models.PositiveSmallIntegerField(
        _("approvals needed"), default=1, help_text=_("How many members must approve before the stage completes.")
    )
    admin_form_fields = BodyTask.admin_form_fields + ["quorum"]
    action_names = ("approve", "reject")

    class Meta:
        verbose_name = _("steering group approval")
        verbose_name_plural = _("steering group approvals")

    def save(self, *args, **kwargs):
        self.body_role = self.body_role or BodyRole.STEERING_GROUP
        super().save(*args, **kwargs)

    @classmethod
    def get_task_state_class(cls):
        return SteeringApprovalTaskState

    def get_member_actions(self, obj, user):
        actions = [("reject", _("Request changes"), True)]
        state = _specific_page(obj).current_workflow_task_state
        already = isinstance(state, SteeringApprovalTaskState) and state.approvals.filter(user=user).exists()
        if not already:
            actions += [("approve", _("Approve"), False), ("approve", _("Approve with comment"), True)]
        return actions

    def do_action(self, task_state, page, user, action_name, data):
        from workflows.review import services

        if action_name == "approve":
            return services.approve_with_quorum(self, task_state, page, user, data.get("comment", ""))
        return services.request_changes(self, task_state, page, user, data["comment"])

    @classmethod
    def get_description(cls):
        return _("Members of the steering group approve; the stage completes after the set number of approvals.")


class SteeringApprovalTaskState(TaskState):
    """A steering-group task state that remembers who approved so far."""

    class Meta:
        verbose_name = _("steering group approval state")
        verbose_name_plural = _("steering group approval states")

    @property
    def approvals_needed(self):
        return max(1, self.task.specific.quorum)

    def approvers(self):
        return [approval.user for approval in self.approvals.select_related("user").order_by("created_at")]

    def get_comment(self):
        return self.comment


class SteeringApproval(models.Model):
    """One member's approval within a steering-group task state."""

    task_state = models.ForeignKey(SteeringApprovalTaskState, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task_state", "user"], name="one_steering_approval_per_user")]
        verbose_name = _("steering group member's approval")
        verbose_name_plural = _("steering group members' approvals")

    def __str__(self):
        return f"{self.user} – {self.created_at:%d.%m.%Y %H:%M}"


class CouncilDecisionTask(BodyTask):
    """Stage 3: the council's secretary records the resolution (usnesení)."""

    action_names = ("record_resolution",)

    class Meta:
        verbose_name = _("council decision")
        verbose_name_plural = _("council decisions")

    def save(self, *args, **kwargs):
        self.body_role = self.body_role or BodyRole.COUNCIL
        super().save(*args, **kwargs)

    def get_member_actions(self, obj, user):
        return [("record_resolution", _("Record the resolution"), True)]

    def get_form_for_action(self, action):
        from workflows.review.forms import CouncilResolutionForm

        return CouncilResolutionForm

    def do_action(self, task_state, page, user, action_name, data):
        from workflows.review import services

        return services.record_resolution(self, task_state, page, user, data)

    @classmethod
    def get_description(cls):
        return _("The council's secretary records the resolution: number, date, meeting and outcome.")


class ResolutionOutcome(models.TextChoices):
    ADOPTED = "adopted", _("adopted")
    RETURNED = "returned", _("returned for changes")


class CouncilResolutionQuerySet(models.QuerySet):
    def adopted(self):
        return self.filter(outcome=ResolutionOutcome.ADOPTED)

    def for_plan(self, plan):
        return self.filter(plan=plan)


class CouncilResolution(models.Model):
    """The council's (or general assembly's) resolution on a chapter or the plan."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="council_resolutions", verbose_name=_("page")
    )
    plan = models.ForeignKey(
        "cms.PlanPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_resolutions",
        verbose_name=_("plan"),
    )
    body = models.ForeignKey(
        "cms.PlanningBody", on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("body")
    )
    task_state = models.ForeignKey(
        "wagtailcore.TaskState", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision decided on"),
    )
    number = models.CharField(_("resolution number"), max_length=100)
    date = models.DateField(_("date of the resolution"))
    meeting = models.CharField(_("meeting"), max_length=255)
    scan = models.ForeignKey(
        "cms.TriadaDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scan of the resolution"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ResolutionOutcome.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = CouncilResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "recorded_at"]
        verbose_name = _("council resolution")
        verbose_name_plural = _("council resolutions")

    def __str__(self):
        return _("Resolution no. %(number)s of %(date)s") % {"number": self.number, "date": self.date}


__all__ = [
    "BodyRole",
    "BodyTask",
    "CouncilDecisionTask",
    "CouncilResolution",
    "ResolutionOutcome",
    "SteeringApproval",
    "SteeringApprovalTaskState",
    "SteeringGroupApprovalTask",
    "WorkingGroupReviewTask",
    "territory_of",
]
