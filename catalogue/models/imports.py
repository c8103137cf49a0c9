"""One run of the registry import, with its progress and report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportStatus(models.TextChoices):
    """The life of one registry import run, shown to the coordinator while it runs in the background."""

    QUEUED = "queued", pgettext_lazy("registry import", "queued")
    RUNNING = "running", pgettext_lazy("registry import", "running")
    DONE = "done", pgettext_lazy("registry import", "done")
    FAILED = "failed", pgettext_lazy("registry import", "failed")


class ImportRunQuerySet(models.QuerySet):
    """`for_territories()`: a coordinator sees only the import runs of territories they coordinate."""

    def for_territories(self, territories):
        return self.filter(territory__in=territories)


class ImportRun(models.Model):
    """Progress is written from a second connection while the import's
    transaction is open, so the admin page can show it; the report lists
    what was added, changed and ended since the previous run."""

    territory = models.ForeignKey(
        "cms.TerritoryHomePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("territory")
    )
    source = models.CharField(_("source"), max_length=1000)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    processed = models.PositiveIntegerField(_("records read"), default=0)
    in_scope = models.PositiveIntegerField(_("records of the territory"), default=0)
    added = models.PositiveIntegerField(_("added"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    ended = models.PositiveIntegerField(_("ended"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("broken records"), default=0)
    file_size = models.PositiveBigIntegerField(default=0)
    bytes_read = models.PositiveBigIntegerField(default=0)
    message = models.TextField(_("message"), blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")

    def __str__(self):
        return f"{self.territory} {self.created_at:%d.%m.%Y %H:%M}"

    @property
    def percent(self):
        if self.status == ImportStatus.DONE:
            return 100
        if not self.file_size:
            return 0
        return min(99, int(100 * self.bytes_read / self.file_size))

    @property
    def is_active(self):
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
