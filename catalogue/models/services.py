"""Services of the catalogue: registered social services and related services."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, RevisionMixin, WorkflowMixin


class ServiceKind(models.TextChoices):
    """Registered social services come from the national registry; related services are entered by hand."""

    REGISTERED = "registered", _("registered social service")
    RELATED = "related", _("related service")


class CapacityType(models.TextChoices):
    """The registry's capacity types (typ.id of formy[].kapacity[])."""

    CLIENTS = "klient", _("clients")
    CONTACTS = "kontakt", _("contacts")
    INTERVENTIONS = "interv", _("interventions")
    BEDS = "luzka", _("beds")
    CALLS = "hovor", _("calls")


# Fields the registry owns: an import overwrites them; everything else is ours.
REGISTRY_FIELDS = ("name", "provider", "service_type", "email", "phone", "web", "provided_from", "provided_to")
REGISTRY_M2M = ("forms", "target_groups")


def territory_municipalities(territory):
    """The municipalities of a territory as stored (not a page's unsaved cluster)."""
    from cms.models import Municipality

    return Municipality.objects.filter(territoryhomepage=territory)


class ServiceQuerySet(models.QuerySet):
    """Domain filters: what the public sees and which territory a service serves."""

    def public(self):
        """What the public sees: published, not ended."""
        return self.filter(live=True, ended_on__isnull=True)

    def in_territory(self, territory):
        """Services serving a municipality of `territory`; one with no municipality yet belongs to its provider's territories."""
        municipalities = territory_municipalities(territory)
        ids = self.filter(
            models.Q(municipalities__in=municipalities)
            | models.Q(municipalities__isnull=True, provider__territories=territory)
        ).values("pk")
        return self.filter(pk__in=ids)

    def from_registry(self):
        return self.exclude(registry_id="")


# Not `index.Indexed`: the public finds services through search.SearchEntry (written in
# one background task per import), and the admin lists search with the ORM; indexing
# every row on save would cost a search-backend write per imported record.
class Service(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """One service of a provider; a snippet with drafts, revisions and a workflow, because a provider
    account's edits must be approved before the public catalogue changes.
    """

    provider = models.ForeignKey(
        "catalogue.Provider", on_delete=models.PROTECT, related_name="services", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind.choices, default=ServiceKind.REGISTERED)
    registry_id = models.CharField(
        _("registry identifier"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("Identifikátor in the registry."),
    )
    service_type = models.ForeignKey(
        "cms.ServiceType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalogue_services",
        verbose_name=_("type of service"),
    )
    forms = ParentalManyToManyField("cms.ServiceForm", blank=True, verbose_name=_("forms"))
    target_groups = ParentalManyToManyField("cms.TargetGroup", blank=True, verbose_name=_("target groups"))
    age_groups = ParentalManyToManyField("cms.AgeGroup", blank=True, verbose_name=_("age groups"))
    life_situations = ParentalManyToManyField("cms.LifeSituation", blank=True, verbose_name=_("life situations"))
    municipalities = ParentalManyToManyField("cms.Municipality", blank=True, verbose_name=_("municipalities served"))
    activities = ParentalManyToManyField(
        "cms.StrategicItem",
        blank=True,
        related_name="catalogue_services",
        limit_choices_to={"kind": "activity"},
        verbose_name=_("activities of the strategic part"),
    )
    description = models.TextField(_("description"), blank=True)
    hours = models.TextField(_("opening hours"), blank=True)
    how_to_get = models.TextField(_("how to get the service"), blank=True, help_text=_("Fees, whom to contact."))
    contact_person = models.CharField(_("contact person"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    web = models.URLField(_("web address"), blank=True, max_length=500)
    provided_from = models.DateField(_("provided since"), null=True, blank=True)
    provided_to = models.DateField(_("provided until"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    registry_hash = models.CharField(max_length=64, blank=True, editable=False)
    last_import = models.ForeignKey(
        "catalogue.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="catalogue_service")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="catalogue_service",
        for_concrete_model=False,
    )

    objects = ServiceQuerySet.as_manager()

    registry_panels = [
        FieldPanel("name"),
        FieldPanel("provider"),
        FieldPanel("kind"),
        FieldPanel("registry_id"),
        FieldPanel("service_type"),
        FieldPanel("forms"),
        FieldPanel("target_groups"),
        InlinePanel("capacities", label=_("capacity")),
        InlinePanel("places", label=_("places")),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("web")],
            heading=_("Contacts"),
        ),
        FieldRowPanel([FieldPanel("provided_from"), FieldPanel("provided_to"), FieldPanel("ended_on")]),
    ]
    local_panels = [
        FieldPanel("description"),
        FieldPanel("life_situations"),
        FieldPanel("age_groups"),
        FieldPanel("municipalities"),
        FieldPanel("hours"),
        FieldPanel("how_to_get"),
        FieldPanel("contact_person"),
        FieldPanel("activities"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(registry_panels, heading=_("Registry")),
            ObjectList(local_panels, heading=_("Catalogue")),
        ]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["live", "ended_on"])]

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    @property
    def slug(self):
        return slugify(self.name)[:80] or "sluzba"

    @property
    def is_registered(self):
        return self.kind == ServiceKind.REGISTERED


class ServiceCapacity(Orderable):
    """One capacity figure of a service (beds, clients, hours) per form of service, as the registry reports them."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="capacities")
    form = models.ForeignKey("cms.ServiceForm", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    capacity_type = models.CharField(_("capacity type"), max_length=20, choices=CapacityType.choices)
    count = models.PositiveIntegerField(_("number"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    panels = [FieldPanel("form"), FieldPanel("capacity_type"), FieldPanel("count"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")

    def __str__(self):
        return f"{self.count or '–'} {self.get_capacity_type_display()}"


class ServicePlace(Orderable):
    """Where the service is provided (the registry's zařízení)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("name"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    municipality = models.ForeignKey(
        "cms.Municipality", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    panels = [FieldPanel("name"), FieldPanel("address"), FieldPanel("municipality")]

    class Meta(Orderable.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return self.address or self.name
