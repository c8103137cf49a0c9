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
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, Task, TaskState


class BodyRole(models.TextChoices):
    """Which body decides a stage: the chapter's own working group, the steering group or the council."""

    OWN_WORKING_GROUP = "own_working_group", _("the chapter's own working group")
    STEERING_GROUP = "steering_group", _("steering group")
    COUNCIL = "council", _("town council")
    GENERAL_ASSEMBLY = "general_assembly", _("general assembly")


class ReviewPurpose(models.TextChoices):
    """What a stage decides: the draft that goes out for public comment, or the final text."""

    DRAFT = "draft", _("the draft for public comment")
    FINAL = "final", _("the final text")


class ChainOrder(models.TextChoices):
    """The two orders Czech territories use for one plan cycle."""

    COUNCIL_FIRST = "council_first", _("the council approves the draft for public comment, then adopts the final text")
    CONSULTATION_FIRST = (
        "consultation_first",
        _("public comment first, then the council's only resolution adopts the plan"),
    )


@register_setting(icon="tasks")
class ReviewCycleSettings(BaseSiteSetting):
    """How a territory runs its plan cycle; saving it rebuilds the territory's workflow."""

    order = models.CharField(
        _("order of the cycle"), max_length=30, choices=ChainOrder.choices, default=ChainOrder.COUNCIL_FIRST
    )
    min_consultation_days = models.PositiveSmallIntegerField(
        _("shortest public comment period (days)"),
        default=14,
        help_text=_("Czech methodology: at least 14 days. Shortening a period below this needs a written reason."),
    )

    class Meta:
        verbose_name = _("plan approval cycle")
        verbose_name_plural = _("plan approval cycles")

    @classmethod
    def for_territory(cls, territory):
        site = territory.get_site() if territory is not None else None
        if site is None:
            return cls(order=ChainOrder.COUNCIL_FIRST, min_consultation_days=14)
        return cls.for_site(site)


def user_group_ids(user):
    """The user's auth group ids, read once per user object (see `cms.access.group_ids`)."""
    from cms.access import group_ids

    return group_ids(user)


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

    purpose = models.CharField(
        _("decides on"), max_length=10, choices=ReviewPurpose.choices, default=ReviewPurpose.DRAFT
    )

    admin_form_fields = Task.admin_form_fields + ["body_role", "purpose", "due_days"]

    # Actions every body task offers; subclasses list theirs.
    action_names = ()

    class Meta:
        abstract = True

    # --- who holds the task -------------------------------------------------
    def get_body(self, obj, bodies=None):
        """The PlanningBody that decides this stage for `obj`, or None.

        `bodies`: the territory's bodies in order, when the caller lists many pages of one
        territory (a plan's approval history) and must not query per page.
        """
        from cms.models import PlanningBody, PlanningBodyKind

        page = _specific_page(obj)
        if self.body_role == BodyRole.OWN_WORKING_GROUP:
            group_id = getattr(page, "responsible_group_id", None)
            if bodies is not None and group_id is not None:
                return next((body for body in bodies if body.pk == group_id), None) or page.responsible_group
            group = getattr(page, "responsible_group", None)
            if group is not None:
                return group
            kind = PlanningBodyKind.STEERING_GROUP
        else:
            kind = self.body_role  # the other roles share their value with PlanningBodyKind
        if bodies is not None:
            return next((body for body in bodies if body.kind == kind), None)
        territory = territory_of(page)
        if territory is None:
            return None
        return PlanningBody.objects.filter(territory=territory, kind=kind).order_by("sort_order", "pk").first()

    def user_in_body(self, obj, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        body = self.get_body(obj)
        return bool(body and body.group_id and body.group_id in user_group_ids(user))

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
        from workflows.review import selectors

        return selectors.task_states_held_by(user, task=self)

    def start(self, workflow_state, user=None):
        from workflows.review import transitions

        page = _specific_page(workflow_state.content_object)
        if getattr(page, "locked", False) and page.locked_by_id and not self.user_in_body(page, page.locked_by):
            page.locked, page.locked_by, page.locked_at = False, None, None
            page.save(update_fields=["locked", "locked_by", "locked_at"])
        earlier = transitions.stage_needing_reapproval(workflow_state, self)
        if earlier is not None:
            # The text changed after an earlier stage approved it: go back there.
            return earlier.start(workflow_state, user=user)
        task_state = super().start(workflow_state, user=user)
        transitions.stage_started(self, task_state, page, user)
        return task_state

    def on_action(self, task_state, user, action_name, **kwargs):
        """Perform `action_name` under a row lock; refuse anyone outside the body.

        The lock on the WorkflowState row serialises two people acting on the
        same chapter at once: the second sees the task already decided and is
        told so (a ReviewConflict), instead of a second transition happening.
        """
        from workflows.review import transitions

        result = transitions.perform_action(self, task_state, user, action_name, kwargs)
        return result.redirect_url

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
        from workflows.review import transitions

        if action_name == "approve":
            return transitions.approve(self, task_state, page, user, data.get("comment", ""))
        return transitions.request_changes(self, task_state, page, user, data["comment"])

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
            if self.purpose == ReviewPurpose.FINAL:
                actions += [
                    ("approve", _("Confirm the final text"), False),
                    ("approve", _("Confirm the final text with comment"), True),
                ]
            else:
                actions += [("approve", _("Approve"), False), ("approve", _("Approve with comment"), True)]
        return actions

    def do_action(self, task_state, page, user, action_name, data):
        from workflows.review import transitions

        if action_name == "approve":
            return transitions.approve_with_quorum(self, task_state, page, user, data.get("comment", ""))
        return transitions.request_changes(self, task_state, page, user, data["comment"])

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

    def user_can_access_editor(self, obj, user):
        """The secretary records resolutions from the dashboard and the review page, never in the editor."""
        return False

    def locked_for_user(self, obj, user):
        return True

    def get_member_actions(self, obj, user):
        if self.purpose == ReviewPurpose.FINAL:
            return [("record_resolution", _("Record the resolution adopting the plan"), True)]
        return [("record_resolution", _("Record the resolution on the draft"), True)]

    def get_form_for_action(self, action):
        from workflows.review.forms import CouncilResolutionForm

        return CouncilResolutionForm

    def do_action(self, task_state, page, user, action_name, data):
        from workflows.review import transitions

        return transitions.record_resolution(self, task_state, page, user, data)

    @classmethod
    def get_description(cls):
        return _("The council's secretary records the resolution: number, date, meeting and outcome.")


class ResolutionOutcome(models.TextChoices):
    """What the council resolved: adopted, or returned for changes."""

    ADOPTED = "adopted", _("adopted")
    RETURNED = "returned", _("returned for changes")


class CouncilResolutionQuerySet(models.QuerySet):
    """Filters over council resolutions (adopted, final, per plan) for the approval history and versions."""

    def adopted(self):
        return self.filter(outcome=ResolutionOutcome.ADOPTED)

    def final(self):
        return self.filter(purpose=ReviewPurpose.FINAL)

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
    purpose = models.CharField(
        _("decided on"), max_length=10, choices=ReviewPurpose.choices, default=ReviewPurpose.FINAL
    )
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


class UnapprovedPublicationQuerySet(models.QuerySet):
    """`of_live_revision()`: whether the live text of a page was published outside the review chain, so the public page says it was not approved."""

    def of_live_revision(self, page):
        if not page.live_revision_id:
            return self.none()
        return self.filter(page_id=page.pk, revision_id=page.live_revision_id)


class UnapprovedPublication(models.Model):
    """A chapter published outside the approval workflow (superusers only).

    Kept per revision: the public page says the text was not approved for as
    long as that revision is live; a later publication through the workflow
    ends the notice.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+", verbose_name=_("revision")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    objects = UnapprovedPublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("publication outside the approval workflow")
        verbose_name_plural = _("publications outside the approval workflow")

    def __str__(self):
        return f"{self.page_id} @ {self.revision_id}"


__all__ = [
    "BodyRole",
    "ChainOrder",
    "ReviewCycleSettings",
    "ReviewPurpose",
    "UnapprovedPublication",
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
