"""Planning bodies: working groups, the steering group, the council.

Each body is tied to a Django auth Group; membership of that group is
membership of the body, so Wagtail's permission machinery and ours agree.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class PlanningBodyKind(models.TextChoices):
    """The kinds of body the review chain routes by: working groups draft, the steering group approves, the council adopts."""

    WORKING_GROUP = "working_group", _("working group")
    STEERING_GROUP = "steering_group", _("steering group")
    COUNCIL = "council", _("town council")
    GENERAL_ASSEMBLY = "general_assembly", _("general assembly")
    OTHER = "other", _("other body")


class PlanningBodyQuerySet(models.QuerySet):
    """Filters by territory and kind, so the review chain and the admin ask for bodies the same way."""

    def for_territory(self, territory):
        return self.filter(territory=territory)

    def working_groups(self):
        return self.filter(kind=PlanningBodyKind.WORKING_GROUP)

    def steering_groups(self):
        return self.filter(kind=PlanningBodyKind.STEERING_GROUP)

    def councils(self):
        return self.filter(kind__in=[PlanningBodyKind.COUNCIL, PlanningBodyKind.GENERAL_ASSEMBLY])

    def of_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(group__user=user)

    def public(self):
        return self.filter(is_public=True)


class PlanningBody(index.Indexed, ClusterableModel):
    """A group of people who plan together (working group, steering group, council) in one territory.

    It owns one Django auth group, so membership is what grants rights in the admin, and it is a
    snippet so the coordinator keeps the list, chair and contacts without developer help.
    """

    territory = models.ForeignKey(
        "cms.TerritoryHomePage", on_delete=models.CASCADE, related_name="bodies", verbose_name=_("territory")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PlanningBodyKind.choices)
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="planning_body", verbose_name=_("user group")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_bodies",
        verbose_name=_("chair"),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    target_groups = ParentalManyToManyField("cms.TargetGroup", blank=True, verbose_name=_("target groups"))
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collection of documents"),
    )
    is_public = models.BooleanField(_("shown on the public site"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = PlanningBodyQuerySet.as_manager()

    panels = [
        FieldPanel("territory"),
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("group"),
        FieldPanel("chair"),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        FieldPanel("target_groups"),
        FieldPanel("is_public"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description"), index.FilterField("kind")]

    class Meta:
        ordering = ["territory", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["territory", "slug"], name="unique_body_slug_per_territory")]
        verbose_name = _("planning body")
        verbose_name_plural = _("planning bodies")

    def __str__(self):
        return self.name

    @property
    def members(self):
        return self.group.user_set.filter(is_active=True).order_by("last_name", "first_name")

    def has_member(self, user):
        return user.is_authenticated and self.group.user_set.filter(pk=user.pk).exists()
