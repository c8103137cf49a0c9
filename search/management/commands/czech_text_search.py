"""(Re)install the `czech` text search configuration, e.g. after installing hunspell-cs."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from search.pg_setup import install_czech_text_search


class Command(BaseCommand):
    """Run once per PostgreSQL server (or after a dictionary update): full-text search needs the Czech configuration."""

    help = "Create or refresh PostgreSQL's `czech` text search configuration (hunspell-cs + unaccent)."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The Czech text search configuration exists only on PostgreSQL.")
        if install_czech_text_search(connection):
            self.stdout.write(self.style.SUCCESS("The czech configuration uses the hunspell-cs dictionary."))
        else:
            self.stdout.write(self.style.WARNING("hunspell-cs is missing: czech = unaccent + simple (no inflection)."))
        self.stdout.write("Run `manage.py rebuild_search_index` so existing content is indexed the new way.")
