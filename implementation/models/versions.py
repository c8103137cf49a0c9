"""Versions of a plan made by the yearly update (aktualizace plánu).

Each update is a new PlanPage copied from the current one; this row links it
to the version it was made from, so the adopted versions form a readable
chain and any two of them can be compared.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PlanVersion(models.Model):
    """Links a plan to the plan it was copied from at an annual update, so versions can be listed and compared."""

    plan = models.OneToOneField(
        "cms.PlanPage", on_delete=models.CASCADE, related_name="version_info", verbose_name=_("plan version")
    )
    previous = models.ForeignKey(
        "cms.PlanPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_versions",
        verbose_name=_("made from"),
    )
    year = models.PositiveSmallIntegerField(_("update for the year"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")

    def __str__(self):
        return f"{self.plan.title} ({self.year})"
