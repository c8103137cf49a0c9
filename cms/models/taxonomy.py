"""Reference vocabularies shared by plans, the catalogue and monitoring.

Loaded from the project's own fixture (`load_taxonomy`); the slug `code` is
the stable key so that reloading updates rows instead of duplicating them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class TaxonomyQuerySet(models.QuerySet):
    """`active()`: retired codes stay in the database for old plans but are no longer offered."""

    def active(self):
        return self.filter(is_active=True)


class TaxonomyItem(index.Indexed, models.Model):
    """A code-list entry shared by every territory (service types, target groups …), so plans, the catalogue
    and search can be compared and filtered across territories.
    """

    code = models.SlugField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=255)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    source = models.TextField(_("source"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = TaxonomyQuerySet.as_manager()

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class TargetGroup(TaxonomyItem):
    """Cílová skupina: who a service or an activity is for."""

    registry_code = models.CharField(_("registry code"), max_length=100, blank=True)

    class Meta(TaxonomyItem.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class AgeGroup(TaxonomyItem):
    """Age bands the catalogue and the strategic part filter services by."""

    class Meta(TaxonomyItem.Meta):
        verbose_name = _("age group")
        verbose_name_plural = _("age groups")


class ServiceForm(TaxonomyItem):
    """Forma: pobytová, ambulantní, terénní."""

    registry_code = models.CharField(_("registry code"), max_length=100, blank=True)

    class Meta(TaxonomyItem.Meta):
        verbose_name = _("form of service")
        verbose_name_plural = _("forms of service")


class ServiceType(TaxonomyItem):
    """Druh sociální služby as defined by zákon 108/2006 Sb. §37–§70."""

    paragraph = models.CharField(_("paragraph"), max_length=20, help_text=_("For example §40."))
    category = models.CharField(_("category"), max_length=100, blank=True)
    allowed_forms = models.ManyToManyField(ServiceForm, blank=True, verbose_name=_("allowed forms"))
    registry_code = models.CharField(_("registry code"), max_length=100, blank=True)

    class Meta(TaxonomyItem.Meta):
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self):
        return f"{self.name} ({self.paragraph})" if self.paragraph else self.name


class LifeSituation(TaxonomyItem):
    """Plain-language situations ("caring for a parent") the public catalogue lets citizens start from."""

    class Meta(TaxonomyItem.Meta):
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")


class Municipality(TaxonomyItem):
    """A municipality (obec) that a territory covers."""

    district = models.CharField(_("district"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta(TaxonomyItem.Meta):
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
