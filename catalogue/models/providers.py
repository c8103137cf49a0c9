"""Providers (organisations) and their development plans."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, RevisionMixin, WorkflowMixin


class ProviderQuerySet(models.QuerySet):
    """`in_territory()`: the providers a territory's catalogue lists."""

    def in_territory(self, territory):
        return self.filter(territories=territory)


class Provider(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """An organisation that provides services; keyed by IČO when it has one.

    Moderated like services: a provider account's edits are drafts until a
    coordinator publishes them, so the public always sees the approved row.
    """

    name = models.CharField(_("name"), max_length=255)
    ico = models.CharField(_("company ID (IČO)"), max_length=8, blank=True, db_index=True)
    legal_form = models.CharField(_("legal form"), max_length=255, blank=True)
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    web = models.URLField(_("web address"), blank=True)
    logo = models.ForeignKey(
        "cms.TriadaImage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("logo")
    )
    territories = ParentalManyToManyField(
        "cms.TerritoryHomePage", blank=True, related_name="catalogue_providers", verbose_name=_("territories")
    )
    # Provider accounts: who may propose changes to this organisation's entries.
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="catalogue_providers", verbose_name=_("provider accounts")
    )
    from_registry = models.BooleanField(_("from the registry"), default=False, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="catalogue_provider")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="catalogue_provider",
        for_concrete_model=False,
    )

    objects = ProviderQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("ico"),
        FieldPanel("legal_form"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("web")], heading=_("Contacts")
        ),
        FieldPanel("logo"),
        FieldPanel("territories"),
        InlinePanel("planned_changes", label=_("development plan")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        permissions = [("manage_provider_accounts", _("Can assign provider accounts"))]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions


class PlannedChangeKind(models.TextChoices):
    """What a provider plans to change, so the plan can answer it (new service, capacity, ending)."""

    NEW_SERVICE = "new", _("new service")
    CAPACITY = "capacity", _("capacity change")
    END = "end", _("ending a service")
    OTHER = "other", _("other change")


class PlannedChange(Orderable):
    """One line of a provider's development plan for the coming years."""

    provider = ParentalKey(Provider, on_delete=models.CASCADE, related_name="planned_changes")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of change"), max_length=20, choices=PlannedChangeKind.choices)
    service = models.ForeignKey(
        "catalogue.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_changes",
        verbose_name=_("service"),
    )
    description = models.TextField(_("what changes"))
    reason = models.TextField(_("reason"), blank=True)
    capacity_change = models.IntegerField(_("capacity change"), null=True, blank=True)
    activity = models.ForeignKey(
        "cms.StrategicItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="catalogue_planned_changes",
        limit_choices_to={"kind": "activity"},
        verbose_name=_("activity of the strategic part"),
    )

    panels = [
        FieldPanel("year"),
        FieldPanel("kind"),
        FieldPanel("service"),
        FieldPanel("description"),
        FieldPanel("reason"),
        FieldPanel("capacity_change"),
        FieldPanel("activity"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["year", "sort_order"]
        verbose_name = _("planned change")
        verbose_name_plural = _("planned changes")

    def __str__(self):
        return f"{self.year}: {self.get_kind_display()}"
