"""Models of the consultation part: the public-comment stage, comments and their settlement.

A `Consultation` is the period during which the public comments on a draft
(the whole plan or some of its chapters). The review workflow reaches it
through `PublicCommentTask`: starting the task opens a consultation; the task
completes only when the period is over and every comment is settled, and then
Wagtail's finish action publishes the chapter.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Task, TaskState

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")


class ModerationMode(models.TextChoices):
    """Whether public comments appear at once or after the coordinator's review; each territory chooses."""

    IMMEDIATE = "immediate", _("publish at once")
    AFTER_REVIEW = "after_review", _("publish after review")


class ConsultationQuerySet(models.QuerySet):
    """`open_at()`: consultations accepting comments at a moment, for the public pages and the closing job."""

    def open_at(self, moment=None):
        moment = moment or timezone.now()
        return self.filter(starts_at__lte=moment, ends_at__gt=moment, closed_at__isnull=True)

    def period_over(self, moment=None):
        return self.filter(ends_at__lte=moment or timezone.now())

    def not_closed(self):
        return self.filter(closed_at__isnull=True)

    def for_plan(self, plan):
        return self.filter(plan=plan)

    def public(self):
        return self.filter(starts_at__lte=timezone.now())


class Consultation(models.Model):
    """A public consultation (veřejné připomínkování) of a plan or of some of its chapters."""

    plan = models.ForeignKey(
        "cms.PlanPage", on_delete=models.CASCADE, related_name="consultations", verbose_name=_("plan")
    )
    chapters = models.ManyToManyField(
        "cms.ChapterPage",
        blank=True,
        related_name="consultations",
        verbose_name=_("chapters"),
        help_text=_("Leave empty when the whole plan is open for comments."),
    )
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("comments accepted from"))
    ends_at = models.DateTimeField(_("comments accepted until"))
    hearing_at = models.DateTimeField(_("public hearing (date and time)"), null=True, blank=True)
    hearing_place = models.CharField(_("public hearing (place)"), max_length=255, blank=True)
    instructions = models.TextField(
        _("how to comment"),
        blank=True,
        help_text=_("Other ways to comment (address, e-mail); shown on the public page as plain text."),
    )
    moderation = models.CharField(
        _("moderation"), max_length=20, choices=ModerationMode.choices, default=ModerationMode.IMMEDIATE
    )
    period_change_reason = models.TextField(
        _("reason for the shorter period"),
        blank=True,
        help_text=_(
            "Required when the period is shorter than the territory's minimum; shown in the settlement table."
        ),
    )
    last_number = models.PositiveIntegerField(default=0, editable=False)
    closing_soon_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="consultation_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultation_detail", args=[self.pk])

    def is_open(self, moment=None):
        moment = moment or timezone.now()
        return self.closed_at is None and self.starts_at <= moment < self.ends_at

    def period_is_over(self, moment=None):
        return (moment or timezone.now()) >= self.ends_at

    @property
    def ends_at_local(self):
        return timezone.localtime(self.ends_at, PRAGUE)

    @property
    def starts_at_local(self):
        return timezone.localtime(self.starts_at, PRAGUE)

    def covered_chapters(self):
        """The chapters open for comments: the chosen ones, or every chapter of the plan."""
        from cms.models import ChapterPage

        chosen = list(self.chapters.values_list("pk", flat=True))
        if chosen:
            return ChapterPage.objects.filter(pk__in=chosen).order_by("number", "path")
        return ChapterPage.objects.child_of(self.plan).order_by("number", "path")

    def covers(self, chapter):
        return self.covered_chapters().filter(pk=chapter.pk).exists()

    def unsettled_comments(self):
        return self.comments.unsettled()

    def can_complete(self, moment=None):
        return self.period_is_over(moment) and not self.unsettled_comments().exists()


class TriadSide(models.TextChoices):
    """Which side of the triad (commissioner, provider, user of services) or the wider public a commenter speaks for; the settlement table shows it."""

    COMMISSIONER = "commissioner", _("commissioner")
    PROVIDER = "provider", _("provider")
    USER = "user", _("user of services")
    PUBLIC = "public", _("public")


class CommentTarget(models.TextChoices):
    """What a comment is about (whole plan, chapter, paragraph), so the settlement table can name the place."""

    PLAN = "plan", _("whole plan")
    CHAPTER = "chapter", _("chapter")
    PARAGRAPH = "paragraph", _("paragraph")
    ACTIVITY = "activity", _("activity")


class CommentChannel(models.TextChoices):
    """How a comment arrived (web, e-mail, post): comments received on paper are recorded by staff too."""

    WEB = "web", _("web form")
    EMAIL = "email", _("e-mail")
    POST = "post", _("post")
    HEARING = "hearing", _("public hearing")
    OTHER = "other", _("other")


class ModerationStatus(models.TextChoices):
    """Whether a comment is shown publicly, waits for review or was hidden (with a reason)."""

    PENDING = "pending", _("awaiting review")
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden")


class HiddenReason(models.TextChoices):
    """Why a comment is not shown (spam, abuse, personal data); the reason is recorded, the comment is kept."""

    SPAM = "spam", _("spam")
    ABUSIVE = "abusive", _("abusive content")
    PERSONAL_DATA = "personal_data", _("personal data")
    OTHER = "other", _("other reason")


class Outcome(models.TextChoices):
    """The settlement of a comment, as the settlement table states it."""

    ACCEPTED = "accepted", _("accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("partly accepted")
    REJECTED = "rejected", _("not accepted")
    DISREGARDED = "disregarded", _("disregarded")


class CommentQuerySet(models.QuerySet):
    """Domain filters over comments (settled, unsettled, published), shared by the admin, the public pages and exports."""

    def unsettled(self):
        return self.filter(confirmed_at__isnull=True)

    def settled(self):
        return self.filter(confirmed_at__isnull=False)

    def awaiting_confirmation(self):
        return self.filter(confirmed_at__isnull=True).exclude(outcome="")

    def published(self):
        return self.filter(moderation_status=ModerationStatus.PUBLISHED)


class Comment(models.Model):
    """One comment (připomínka) and its settlement (vypořádání).

    The quote of the targeted paragraph is copied at submission time so the
    comment stays readable when the paragraph is later rewritten or removed.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments", verbose_name=_("consultation")
    )
    number = models.PositiveIntegerField(_("number"))

    # What the comment is about.
    target = models.CharField(_("part of the document"), max_length=20, choices=CommentTarget.choices)
    chapter = models.ForeignKey(
        "cms.ChapterPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_comments",
        verbose_name=_("chapter"),
    )
    block_id = models.CharField(_("paragraph (block id)"), max_length=64, blank=True)
    strategic_item = models.ForeignKey(
        "cms.StrategicItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_comments",
        verbose_name=_("activity"),
    )
    target_label = models.CharField(_("part of the document (as submitted)"), max_length=300, blank=True)
    quoted_text = models.TextField(_("quoted text (at submission)"), blank=True)
    quoted_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Who.
    author_name = models.CharField(_("name"), max_length=200)
    author_email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    triad_side = models.CharField(_("speaks for"), max_length=20, choices=TriadSide.choices, default=TriadSide.PUBLIC)
    consent_publish_name = models.BooleanField(_("consent to publish the name"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # What.
    text = models.TextField(pgettext_lazy("public comment", "comment"))
    proposed_wording = models.TextField(_("proposed wording"), blank=True)

    # How and when it came.
    channel = models.CharField(_("channel"), max_length=20, choices=CommentChannel.choices, default=CommentChannel.WEB)
    received_at = models.DateTimeField(_("received at"))
    is_late = models.BooleanField(_("late"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Moderation.
    moderation_status = models.CharField(
        _("moderation"), max_length=20, choices=ModerationStatus.choices, default=ModerationStatus.PUBLISHED
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=20, choices=HiddenReason.choices, blank=True)
    hidden_note = models.TextField(_("note on hiding"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    # Settlement: proposed by the working group, confirmed by the steering group.
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    reflected_revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reflected in revision"),
    )
    reflected_block_id = models.CharField(_("reflected in block"), max_length=64, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settled by"),
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "number"]
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="unique_comment_number"),
        ]
        indexes = [models.Index(fields=["consultation", "confirmed_at"])]

    def __str__(self):
        return f"{self.consultation_id}/{self.number}"

    @property
    def is_settled(self):
        return self.confirmed_at is not None

    @property
    def is_hidden(self):
        return self.moderation_status == ModerationStatus.HIDDEN

    @property
    def anchor(self):
        return f"blok-{self.block_id}" if self.block_id else ""


class ConsultationEventKind(models.TextChoices):
    """The kinds of ConsultationEvent, the audit trail of a consultation written with each change."""

    OPENED = "opened", _("consultation opened")
    CLOSING_SOON = "closing_soon", _("consultation closing soon")
    CLOSED = "closed", _("consultation closed")
    COMMENT_CREATED = "comment_created", _("comment received")
    COMMENT_SETTLED = "comment_settled", _("comment settled")
    COMMENT_HIDDEN = "comment_hidden", _("comment hidden")


class ConsultationEvent(models.Model):
    """A record of every event raised by the consultation, written with the change itself.

    Until (and beside) the notification system, this is the proof that an
    event was raised; it is also the consultation's audit trail.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="events")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=ConsultationEventKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("consultation event")
        verbose_name_plural = _("consultation events")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


def default_period(start, days):
    """End of a period of `days` calendar days from `start`, at the same Prague wall-clock time."""
    local = timezone.localtime(start, PRAGUE)
    end_local = datetime.datetime.combine(local.date() + datetime.timedelta(days=days), local.time(), PRAGUE)
    return end_local


class PublicCommentTask(Task):
    """The public-comment stage: opens a consultation and waits until it is over and settled."""

    period_days = models.PositiveSmallIntegerField(
        _("comment period (days)"), default=14, help_text=_("Practice and law: at least 14 days.")
    )
    moderation = models.CharField(
        _("moderation"), max_length=20, choices=ModerationMode.choices, default=ModerationMode.IMMEDIATE
    )

    admin_form_fields = Task.admin_form_fields + ["period_days", "moderation"]

    class Meta:
        verbose_name = _("public comment task")
        verbose_name_plural = _("public comment tasks")

    @classmethod
    def get_description(cls):
        return _(
            "Opens a public consultation of the draft; completes when the period is over and every comment is settled."
        )

    @property
    def due_days(self):
        return self.period_days

    def get_due_at(self, task_state):
        consultation = getattr(task_state.specific, "consultation", None)
        return consultation.ends_at if consultation else None

    @transaction.atomic
    def start(self, workflow_state, user=None):
        from workflows.consultation.services import open_consultation_for

        task_state = super().start(workflow_state, user=user)
        state = task_state.specific
        state.consultation = open_consultation_for(workflow_state.content_object.specific, self, user=user)
        state.save(update_fields=["consultation"])
        return state

    def _user_can_close(self, obj, user):
        from workflows.consultation.permissions import can_manage_consultation_of

        return can_manage_consultation_of(user, obj.specific)

    def _user_works_comments_in(self, obj, user):
        """The chapter's working group (or, for a chapter without one, the steering group) edits the text."""
        from cms.access import group_ids, territory_of
        from cms.models import PlanningBody, PlanningBodyKind

        page = obj.specific
        body = getattr(page, "responsible_group", None)
        if body is None:
            body = PlanningBody.objects.filter(
                territory=territory_of(page), kind=PlanningBodyKind.STEERING_GROUP
            ).first()
        return bool(body and body.group_id in group_ids(user))

    def user_can_access_editor(self, obj, user):
        return self._user_can_close(obj, user) or self._user_works_comments_in(obj, user)

    def locked_for_user(self, obj, user):
        """The working group works accepted comments into the text during this stage (the public
        comments on the revision frozen when the stage started); nobody else edits it meanwhile."""
        if user.is_superuser or self._user_can_close(obj, user):
            return False
        return not self._user_works_comments_in(obj, user)

    def get_actions(self, obj, user):
        if self._user_can_close(obj, user):
            return [("close_and_publish", _("Close the consultation"), False)]
        return []

    def get_template_for_action(self, action):
        return ""

    def on_action(self, task_state, user, action_name, **kwargs):
        from workflows.consultation.services import close_and_publish

        if action_name != "close_and_publish":
            raise PermissionDenied
        obj = task_state.workflow_state.content_object
        if not self._user_can_close(obj, user):
            raise PermissionDenied
        done = close_and_publish(task_state.specific, user=user)
        if not done:
            consultation = task_state.specific.consultation
            return reverse("consultation_admin:detail", args=[consultation.pk]) + "?odmitnuto=1"
        return None

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from workflows.consultation.permissions import manageable_consultations

        # Wagtail ORs these querysets across task types: it must be on the base TaskState model.
        return TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            task=self,
            pk__in=PublicCommentTaskState.objects.filter(consultation__in=manageable_consultations(user)).values("pk"),
        )


class PublicCommentTaskState(TaskState):
    """The task state of the public-comment stage, linked to the consultation it opened, so the stage and its comments stay together."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task_states",
        verbose_name=_("consultation"),
    )

    class Meta:
        verbose_name = _("public comment task state")
        verbose_name_plural = _("public comment task states")


PublicCommentTask.task_state_class = PublicCommentTaskState
