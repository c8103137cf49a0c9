"""The project pool (zásobník projektových záměrů).

Intents come from the public form or are entered by staff; the working group
assesses them. Every change of status is kept with its reason and author.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IntentStatus(models.TextChoices):
    """Where a project intent stands in the pool; the public sees only some states, every change is kept with its reason."""

    NEW = "new", _("new")
    ASSESSED = "assessed", _("assessed")
    IN_ACTION_PLAN = "in_action_plan", _("included in the action plan")
    REALISED = "realised", _("realised")
    POSTPONED = "postponed", _("postponed")
    REJECTED = "rejected", _("rejected")


# What the public list shows: intents the working group accepted.
PUBLIC_INTENT_STATUSES = (IntentStatus.ASSESSED, IntentStatus.IN_ACTION_PLAN, IntentStatus.REALISED)
# A decision the public or the submitter may ask about needs a reason.
STATUSES_NEEDING_REASON = (IntentStatus.POSTPONED, IntentStatus.REJECTED)


class SubmitterKind(models.TextChoices):
    """Who proposes a project, so the pool shows whether providers, municipalities or citizens speak."""

    PROVIDER = "provider", _("provider of social services")
    MUNICIPALITY = "municipality", _("municipality")
    CITIZENS = "citizens", _("citizens' group")
    OTHER = "other", _("other")


class IntentChannel(models.TextChoices):
    """How an intent arrived: the public form (the submitter gets e-mails) or entered by staff (nobody is written to)."""

    WEB = "web", _("public form")
    STAFF = "staff", _("entered by staff")


class ProjectIntentQuerySet(models.QuerySet):
    """Domain filters over intents (per plan, public states), shared by the public pool and the admin."""

    def for_plan(self, plan):
        return self.filter(plan=plan)

    def public(self):
        return self.filter(status__in=PUBLIC_INTENT_STATUSES)


class ProjectIntent(models.Model):
    """A project someone proposes for the plan; assessed by the coordinator and possibly taken into an action plan."""

    plan = models.ForeignKey(
        "cms.PlanPage", on_delete=models.CASCADE, related_name="project_intents", verbose_name=_("plan")
    )
    title = models.CharField(_("project title"), max_length=255)
    description = models.TextField(_("description"))
    submitter_name = models.CharField(_("submitter"), max_length=200)
    submitter_kind = models.CharField(
        _("submitter is"), max_length=20, choices=SubmitterKind.choices, default=SubmitterKind.OTHER
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("contact e-mail"))
    phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    target_groups = models.ManyToManyField("cms.TargetGroup", blank=True, verbose_name=_("target groups"))
    strategic_item = models.ForeignKey(
        "cms.StrategicItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_intents",
        verbose_name=_("measure or activity it serves"),
    )
    budget = models.DecimalField(_("total budget (CZK)"), max_digits=14, decimal_places=0, null=True, blank=True)
    funding_sought = models.DecimalField(
        _("funding sought (CZK)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    funding_source = models.CharField(_("where the funding is sought"), max_length=255, blank=True)
    timeline = models.CharField(_("timeline"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=IntentStatus.choices, default=IntentStatus.NEW)
    status_reason = models.TextField(_("reason"), blank=True)
    assessing_body = models.ForeignKey(
        "cms.PlanningBody",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_intents",
        verbose_name=_("assessing working group"),
    )
    channel = models.CharField(_("received through"), max_length=10, choices=IntentChannel.choices)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectIntentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project intent")
        verbose_name_plural = _("project intents")

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.status in PUBLIC_INTENT_STATUSES


class IntentStatusChange(models.Model):
    """One change of an intent's status with its reason, kept so decisions can be explained later."""

    intent = models.ForeignKey(ProjectIntent, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(_("previous status"), max_length=20, choices=IntentStatus.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=20, choices=IntentStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("change of an intent's status")
        verbose_name_plural = _("changes of intents' status")

    def __str__(self):
        return f"{self.intent} → {self.new_status}"
