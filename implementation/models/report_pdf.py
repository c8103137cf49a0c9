"""The monitoring report's PDF, rendered once in the background and served from storage.

Rendering 150 activities takes tens of seconds, longer than a request may
last, so the PDF is made by a Celery task when a round closes (and again when
its confirmed content changes) and the URL only serves the stored file.
`fingerprint` is the SHA-256 of the HTML the PDF was made from: a task whose
HTML hashes the same stores nothing new, a changed report is rendered again.
`needs_render` is the durable row behind the task: a sweep picks it up if the
broker lost the message.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PdfState(models.TextChoices):
    """What the admin's report-PDF list shows per round: ready, waiting for the worker, or failed with its error."""

    READY = "ready", _("ready")
    WAITING = "waiting", _("waiting to be rendered")
    ERROR = "error", _("rendering failed")


class ReportPdfQuerySet(models.QuerySet):
    """Filters by render state (ready, waiting, failed) for the admin list and the sweep of lost renders."""

    def ready(self):
        return self.exclude(file="")

    def waiting(self):
        return self.filter(needs_render=True)

    def in_state(self, state):
        """The rows a person reads as ready / waiting / failed (see `ReportPdf.state`)."""
        if state == PdfState.ERROR:
            return self.waiting().exclude(error="")
        if state == PdfState.WAITING:
            return self.waiting().filter(error="")
        if state == PdfState.READY:
            return self.filter(needs_render=False).exclude(file="")
        return self


class ReportPdf(models.Model):
    """The stored monitoring-report PDF of a round, rendered by the worker and served from storage, never in a request."""

    round = models.OneToOneField(
        "implementation.MonitoringRound",
        on_delete=models.CASCADE,
        related_name="pdf",
        verbose_name=_("monitoring round"),
    )
    file = models.FileField(_("file"), upload_to="monitoring-reports/", blank=True)
    file_size = models.PositiveIntegerField(_("size in bytes"), default=0)
    fingerprint = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    needs_render = models.BooleanField(_("waiting to be rendered"), default=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)

    objects = ReportPdfQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring report PDF")
        verbose_name_plural = _("monitoring report PDFs")

    def __str__(self):
        return str(self.round)

    @property
    def is_ready(self):
        return bool(self.file)

    @property
    def state(self):
        if self.needs_render:
            return PdfState.ERROR if self.error else PdfState.WAITING
        return PdfState.READY if self.is_ready else PdfState.WAITING

    def get_state_display(self):
        return PdfState(self.state).label
