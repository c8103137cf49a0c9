from django.core.management.base import BaseCommand, CommandError

from operations.backup import restore


class Command(BaseCommand):
    """Restore a backup and prove it complete (row counts and file hashes from the manifest)."""

    help = "Replace the database and media folder with a backup made by `backup`, then verify them."

    def add_arguments(self, parser):
        parser.add_argument("source", help="folder written by `manage.py backup`")

    def handle(self, source, **options):
        differences = restore(source)
        if differences:
            raise CommandError(f"The restored site differs from the backup: {differences}")
        self.stdout.write("Restored and verified: every row count and file matches the backup.")
