from django.core.management.base import BaseCommand

from catalogue.registry_testdata import write_registry_file


class Command(BaseCommand):
    """Makes a registry file of any size for tests and benchmarks, without the national download."""

    help = "Write a test file in the national registry's open-data format (rpss.json)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--count", type=int, default=240)
        parser.add_argument("--seed", type=int, default=13)
        parser.add_argument("--no-malformed", action="store_true")

    def handle(self, path, count, seed, no_malformed, **options):
        write_registry_file(path, count, seed=seed, malformed=not no_malformed)
        self.stdout.write(f"{path}: {count} records")
