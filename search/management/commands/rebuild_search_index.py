"""Rebuild the public search entries and the search index, with a progress bar."""

import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from search.models import SearchEntry
from search.sources import describe, iter_all_sources, upsert_entries

# Entries upserted per statement batch.
BATCH = 500


class ProgressBar:
    """A one-line text progress bar; plain lines when the output is not a terminal."""

    def __init__(self, stdout, label, total, width=30):
        self.stdout, self.label, self.total, self.width = stdout, label, max(total, 1), width
        self.tty = hasattr(stdout, "isatty") and stdout.isatty()
        self.started = time.monotonic()
        self.last_percent = -1

    def update(self, done):
        percent = int(100 * done / self.total)
        if percent == self.last_percent:
            return
        self.last_percent = percent
        filled = int(self.width * done / self.total)
        line = f"{self.label:<20} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total} {percent:3d}%"
        if self.tty:
            self.stdout.write("\r" + line, ending="")
            self.stdout.flush()
        elif percent % 25 == 0 or done == self.total:
            self.stdout.write(line)

    def finish(self, done):
        self.update(done)
        if self.tty:
            self.stdout.write(f"  {time.monotonic() - self.started:.1f} s")


class Command(BaseCommand):
    """Run after a restore or a change of what is indexed: rebuilds everything search shows from published content."""

    help = "Rebuild the search entries from published content, then Wagtail's search index."

    def add_arguments(self, parser):
        parser.add_argument(
            "--entries-only", action="store_true", help="Only rebuild the search entries, not the backend index."
        )

    def handle(self, *args, entries_only=False, **options):
        started = timezone.now()
        kept = 0
        for label, queryset in iter_all_sources():
            total = queryset.count()
            bar = ProgressBar(self.stdout, str(label), total)
            done, pairs = 0, []
            for obj in queryset.iterator(chunk_size=200):
                pairs += describe(obj)
                done += 1
                if len(pairs) >= BATCH:
                    # Without the backend: update_index below indexes everything once.
                    kept += len(upsert_entries(pairs, index=entries_only))
                    pairs = []
                bar.update(done)
            kept += len(upsert_entries(pairs, index=entries_only))
            bar.finish(done)
        # Every current entry was rewritten above; what was not is stale.
        stale = SearchEntry.objects.filter(updated_at__lt=started)
        removed = 0
        for entry in stale.iterator():
            entry.delete()
            removed += 1
        self.stdout.write(
            _("Search entries: %(kept)s current, %(removed)s removed.") % {"kept": kept, "removed": removed}
        )
        if not entries_only:
            self.stdout.write(_("Rebuilding the search index…"))
            call_command("update_index", stdout=self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout)
        self.stdout.write(self.style.SUCCESS(_("Search index rebuilt.")))
