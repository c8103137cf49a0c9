"""Create or update the groups and permissions of every territory's roles."""

from django.core.management.base import BaseCommand

from cms.roles import ensure_all_roles


class Command(BaseCommand):
    """Run on deploy (docker/bin/setup): new permissions of a release reach every territory's groups."""

    help = "Create or update the auth groups, page and collection permissions of every territory (idempotent)."

    def handle(self, *args, **options):
        count = ensure_all_roles()
        self.stdout.write(f"Roles set up for {count} territories.")
