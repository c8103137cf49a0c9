"""Build the two demo territories and print how to reach them."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from demo.loader import build_demo


class Command(BaseCommand):
    """`make run` and the demo-based tests call this; refuses where no demo password is set (production)."""

    help = "Build the demo: two fictional territories with plans, bodies, news and one account per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Port the demo sites are served on.")

    def handle(self, *args, **options):
        port = options["port"]
        try:
            result = build_demo(port=port)
        except ImproperlyConfigured as error:
            raise CommandError(str(error))
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS("Demo Triády je připravené."))
        for site in result.sites:
            out.write(f"  {site.site_name}: http://{site.hostname}:{port}/")
        out.write(f"  Administrace: http://{result.sites[0].hostname}:{port}/admin/")
        out.write("  Účty (uživatel – role – území):")
        for username, role, territories in result.accounts:
            out.write(f"    {username:<18} {role} – {territories}")
        out.write(f"  Heslo všech ukázkových účtů: {result.password}")
