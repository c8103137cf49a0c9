"""The whole plan as a PDF, one file per published version of its text."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    """Where a plan PDF stands; the page shows "being prepared" until it is ready."""

    PENDING = "pending", _("waiting to be generated")
    READY = "ready", _("ready")
    FAILED = "failed", _("generation failed")


class PlanPublicationQuerySet(models.QuerySet):
    """Filters over plan PDFs (ready, per plan) for the plan page, the API and the admin list."""

    def ready(self):
        return self.filter(status=PublicationStatus.READY).exclude(file="")

    def for_plan(self, plan):
        return self.filter(plan=plan)

    def latest_ready(self, plan):
        return self.for_plan(plan).ready().order_by("-generated_at", "-pk").first()


class PlanPublication(models.Model):
    """A PDF of a plan as published at one moment.

    `fingerprint` identifies the published text (the live revisions of the plan
    and its chapters, plus the annexes' own fingerprints), so publishing a new
    text makes a new row and the earlier PDFs stay downloadable.
    """

    plan = models.ForeignKey(
        "cms.PlanPage", on_delete=models.CASCADE, related_name="publications", verbose_name=_("plan")
    )
    plan_revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan revision"),
    )
    # Set for a PDF of an earlier version: the moment that version was published (None: the live text).
    as_of = models.DateTimeField(_("text as published on"), null=True, blank=True)
    fingerprint = models.CharField(_("fingerprint of the text"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.PENDING
    )
    file = models.FileField(_("file"), upload_to="publications/", blank=True)
    file_size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    render_seconds = models.FloatField(_("render time (s)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)

    objects = PlanPublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "fingerprint"], name="unique_plan_publication_version"),
        ]
        verbose_name = _("plan PDF")
        verbose_name_plural = _("plan PDFs")

    def __str__(self):
        return f"{self.plan_id} {self.fingerprint[:12]} ({self.status})"

    @property
    def is_ready(self):
        return self.status == PublicationStatus.READY and bool(self.file)
