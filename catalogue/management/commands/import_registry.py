from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalogue.importer import import_file
from catalogue.models import ImportStatus
from cms.models import TerritoryHomePage


class Command(BaseCommand):
    """The registry import from the command line (cron or first load); the admin starts the same import in the background."""

    help = "Import the national registry of social services (rpss.json) for a territory's municipalities."

    def add_arguments(self, parser):
        parser.add_argument("--territory", help="Slug of the territory's home page; all territories if omitted.")
        parser.add_argument("--source", default=None, help="Path or URL of rpss.json (default: the setting).")

    def handle(self, territory=None, source=None, **options):
        territories = TerritoryHomePage.objects.all()
        if territory:
            territories = territories.filter(slug=territory)
            if not territories:
                raise CommandError(f"No territory with the slug {territory!r}.")
        source = source or settings.TRIADA_CATALOGUE_REGISTRY_URL
        failed = False
        for home in territories:
            self.stdout.write(f"{home.title}: ", ending="")
            run = import_file(home, source)
            self.stdout.write(run.message)
            for error in run.report.get("errors", [])[:20]:
                self.stdout.write(f"  #{error['record']} {error['id'] or ''}: {error['message']}")
            failed |= run.status != ImportStatus.DONE
        if failed:
            raise CommandError("The import failed; nothing was changed.")
