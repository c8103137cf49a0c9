"""The catalogue of services: the test registry file imported through the real importer, per territory."""

from django.contrib.auth import get_user_model

from catalogue.access import add_provider_account, ensure_catalogue_roles
from catalogue.importer import import_file
from catalogue.models import CatalogueIndexPage, Provider, Service
from catalogue.registry_testdata import FIXTURE_FILE
from catalogue.setup import PlannedChangeKind, add_planned_change, ensure_catalogue_page, link_activities
from cms.models import StrategicItem

from .registry import step


@step(order=80)
def catalogue(demo):
    """A catalogue for each territory, development plans linked to activities, and a provider account."""
    territory = demo.territory
    if CatalogueIndexPage.objects.child_of(territory).exists():
        return
    ensure_catalogue_page(territory)
    import_file(territory, FIXTURE_FILE, user=demo.admin)
    ensure_catalogue_roles()
    activities = list(StrategicItem.objects.current().activities().for_plan(demo.plan)) if demo.plan else []
    services = list(Service.objects.public().in_territory(territory).order_by("registry_id"))
    if activities:
        for index, service in enumerate(services[:12]):
            link_activities(service, [activities[index % len(activities)]])
    providers = list(Provider.objects.filter(services__in=services).distinct().order_by("ico")[:3])
    year = demo.plan.period_from if demo.plan else 2026
    for index, provider in enumerate(providers):
        activity = activities[index % len(activities)] if activities else None
        service = provider.services.order_by("registry_id").first()
        add_planned_change(
            provider,
            year,
            PlannedChangeKind.CAPACITY,
            "Rozšíření kapacity terénní služby o dva úvazky.",
            reason="Roste počet seniorů v menších obcích.",
            service=service,
            activity=activity,
            capacity=10,
        )
        add_planned_change(
            provider,
            year + 1,
            PlannedChangeKind.NEW_SERVICE,
            "Nová odlehčovací služba pro pečující.",
            reason="Pečující potřebují alespoň občas vydechnout.",
            activity=activity,
        )
    if providers:
        username = f"poskytovatel-{territory.slug}"[:150]
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": "Poskytovatel", "last_name": providers[0].name[:150]}
        )
        if created:
            user.set_password(demo.password)
            user.save()
        add_provider_account(providers[0], user)
