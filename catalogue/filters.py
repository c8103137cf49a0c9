"""The public catalogue's facets: combinable filters with counts from GET parameters."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cms.models import LifeSituation, Municipality, ServiceForm, ServiceType, TargetGroup

from .models import Service
from .models.services import territory_municipalities


@dataclass
class Facet:
    """One filter of the public catalogue: its URL parameter, lookup, code list and Czech label."""

    param: str
    lookup: str
    model: type
    label: str
    selected: list = field(default_factory=list)
    options: list = field(default_factory=list)


def facet_definitions():
    """The public catalogue's filters, in the order shown."""
    return [
        Facet("skupina", "target_groups", TargetGroup, _("Who it is for")),
        Facet("situace", "life_situations", LifeSituation, _("Life situation")),
        Facet("druh", "service_type", ServiceType, _("Type of service")),
        Facet("forma", "forms", ServiceForm, _("Form of service")),
        Facet("obec", "municipalities", Municipality, _("Municipality")),
    ]


class CatalogueFilter:
    """AND across facets, OR within one; each option's count is what choosing it would show."""

    def __init__(self, territory, params):
        self.territory = territory
        self.base = Service.objects.public().in_territory(territory)
        self.facets = facet_definitions()
        for facet in self.facets:
            wanted = [code for code in params.getlist(facet.param) if code][:50]
            if wanted:
                facet.selected = list(facet.model.objects.filter(code__in=wanted).values_list("code", flat=True))

    @property
    def active(self):
        return any(facet.selected for facet in self.facets)

    def _apply(self, queryset, skip=None):
        for facet in self.facets:
            if facet is skip or not facet.selected:
                continue
            matching = Service.objects.filter(**{f"{facet.lookup}__code__in": facet.selected}).values("pk")
            queryset = queryset.filter(pk__in=matching)
        return queryset

    def results(self):
        return (
            self._apply(self.base)
            .select_related("provider", "service_type")
            .prefetch_related("forms", "target_groups", "municipalities")
            .order_by("name", "pk")
        )

    def build_options(self):
        local_codes = set(territory_municipalities(self.territory).values_list("code", flat=True))
        for facet in self.facets:
            counts = dict(
                self._apply(self.base, skip=facet)
                .values_list(f"{facet.lookup}__code")
                .annotate(n=Count("pk", distinct=True))
                .values_list(f"{facet.lookup}__code", "n")
            )
            items = facet.model.objects.active()
            if facet.model is Municipality:
                items = items.filter(code__in=local_codes)
            facet.options = [
                {
                    "code": item.code,
                    "name": str(item),
                    "count": counts.get(item.code, 0),
                    "checked": item.code in facet.selected,
                }
                for item in items
                if counts.get(item.code) or item.code in facet.selected
            ]
        return self.facets

    def removal_links(self, params):
        """(label, query string without that one value) for each chosen value."""
        links = []
        for facet in self.facets:
            names = dict(facet.model.objects.filter(code__in=facet.selected).values_list("code", "name"))
            for code in facet.selected:
                rest = params.copy()
                rest.setlist(facet.param, [c for c in facet.selected if c != code])
                rest.pop("strana", None)
                links.append({"facet": facet.label, "name": names.get(code, code), "query": rest.urlencode()})
        return links
