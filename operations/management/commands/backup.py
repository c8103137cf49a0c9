from django.core.management.base import BaseCommand

from operations.backup import backup


class Command(BaseCommand):
    """The backup an operator runs (or schedules); the format is what `restore` verifies."""

    help = "Back up the PostgreSQL database and the media folder into a folder (see operations/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument("target", help="folder to write database.dump, media.tar.gz and manifest.json into")

    def handle(self, target, **options):
        data = backup(target)
        rows = sum(data["counts"].values())
        self.stdout.write(f"Backed up {rows} rows and {len(data['media'])} files into {target}.")
