"""Import of the national registry's open data for one territory.

The file (about 6,000 services for the whole country) is streamed with ijson,
record by record. The whole import is one transaction: a broken file (invalid
JSON, truncated, no `polozky`) leaves the catalogue exactly as it was; a broken
record is skipped and reported with a Czech message. Re-running with the same
file changes nothing. The registry owns the fields in `REGISTRY_FIELDS`,
forms, target groups, capacities and places; descriptions, life situations,
age groups, hours, activities and added municipalities are ours and survive
every import. Progress goes through a second database connection so the
admin page sees it while the transaction is still open.
"""

import hashlib
import json
import logging
import os
import urllib.request
from datetime import date

import ijson
from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from triada.enqueue import enqueue_on_commit

from .models import ImportRun, ImportStatus, Provider, Service, ServiceCapacity, ServicePlace
from .models.services import territory_municipalities
from .registry import CodeLists, RecordError, parse_record

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 100
MAX_REPORTED = 500


class ImportFileError(Exception):
    """The file as a whole cannot be imported; nothing was changed."""


class CountingReader:
    """Wraps the file to count bytes read, so progress can be shown while ijson streams a large file."""

    def __init__(self, raw):
        self.raw = raw
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = self.raw.read(size)
        self.bytes_read += len(chunk)
        return chunk


def open_source(source):
    """(binary stream, size) of a local path or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        response = urllib.request.urlopen(source, timeout=60)  # noqa: S310 - the URL is a setting
        return response, int(response.headers.get("Content-Length") or 0)
    try:
        return open(source, "rb"), os.path.getsize(source)
    except OSError as error:
        raise ImportFileError(_("The file cannot be opened: %(error)s") % {"error": error.strerror or error})


class ProgressWriter:
    """Writes the run's progress outside the import's transaction (not on SQLite, which locks)."""

    def __init__(self, run):
        self.run = run
        self.enabled = connection.vendor == "postgresql"
        self.conn = connections.create_connection("default") if self.enabled else None

    def write(self, **values):
        if not self.enabled:
            return
        table = ImportRun._meta.db_table
        columns = ", ".join(f'"{name}" = %s' for name in values)
        with self.conn.cursor() as cursor:
            cursor.execute(f'UPDATE "{table}" SET {columns} WHERE id = %s', [*values.values(), self.run.pk])

    def close(self):
        if self.conn is not None:
            self.conn.close()


def _hash(parsed):
    return hashlib.sha256(json.dumps(parsed, sort_keys=True, default=str).encode()).hexdigest()


class Importer:
    """One registry import run: streams the national file, keeps the territory's services in scope, and reports
    what was added, changed, ended and refused.
    """

    def __init__(self, run):
        self.run = run
        self.territory = run.territory.specific
        self.report = {"added": [], "changed": [], "ended": [], "errors": []}
        self.counts = {"processed": 0, "in_scope": 0, "added": 0, "changed": 0, "ended": 0, "unchanged": 0}
        self.error_count = 0

    def execute(self):
        """Run the import; returns the run (saved) whatever happens."""
        run = self.run
        progress = ProgressWriter(run)
        ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING)
        try:
            stream, size = open_source(run.source)
            run.file_size = size
            progress.write(status=ImportStatus.RUNNING, file_size=size)
            with stream, transaction.atomic():
                self._import(CountingReader(stream), progress)
        except ImportFileError as error:
            self._fail(str(error))
        except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as error:
            self._fail(_("The file is not valid JSON; nothing was imported (%(error)s).") % {"error": error})
        except Exception as error:  # noqa: BLE001 - the run must end with a message whatever broke
            logger.exception("Registry import %s failed", run.pk)
            self._fail(_("The import failed; nothing was imported (%(error)s).") % {"error": error})
        else:
            run.status = ImportStatus.DONE
            run.message = _(
                "Imported: %(added)d added, %(changed)d changed, %(ended)d ended, %(broken)d broken records."
            ) % {
                "added": self.counts["added"],
                "changed": self.counts["changed"],
                "ended": self.counts["ended"],
                "broken": self.error_count,
            }
        finally:
            progress.close()
        run.finished_at = timezone.now()
        run.save()
        return run

    def _fail(self, message):
        self.run.status = ImportStatus.FAILED
        self.run.message = message
        self.run.added = self.run.changed = self.run.ended = self.run.unchanged = 0
        self.report["added"] = self.report["changed"] = self.report["ended"] = []
        self.run.report = self.report
        self.counts = dict.fromkeys(self.counts, 0)

    def _import(self, reader, progress):
        codes = CodeLists()
        municipality_ids = set(territory_municipalities(self.territory).values_list("pk", flat=True))
        existing = {
            s.registry_id: s
            for s in Service.objects.from_registry().only("pk", "registry_id", "registry_hash", "ended_on", "name")
        }
        providers = {p.ico: p for p in Provider.objects.exclude(ico="")}
        provider_territory = set(
            Provider.territories.through.objects.filter(territoryhomepage=self.territory).values_list(
                "provider_id", flat=True
            )
        )
        seen = set()
        index = -1
        for index, record in enumerate(ijson.items(reader, "polozky.item", use_float=True)):
            self.counts["processed"] += 1
            if index % PROGRESS_EVERY == 0:
                progress.write(processed=index, bytes_read=reader.bytes_read, in_scope=self.counts["in_scope"])
            try:
                parsed = parse_record(record, codes)
            except RecordError as error:
                self._record_error(index, record, str(error))
                continue
            seen.add(parsed["registry_id"])
            if not municipality_ids.intersection(parsed["municipalities"]):
                continue
            self.counts["in_scope"] += 1
            self._apply(parsed, existing, providers, provider_territory)
        if index < 0:
            # An empty or foreign file must not end every service of the territory.
            raise ImportFileError(_("The file has no records under the root key “polozky”; nothing was imported."))
        self._end_missing(seen)
        run = self.run
        run.processed = self.counts["processed"]
        run.in_scope = self.counts["in_scope"]
        run.added, run.changed = self.counts["added"], self.counts["changed"]
        run.ended, run.unchanged = self.counts["ended"], self.counts["unchanged"]
        run.error_count = self.error_count
        run.bytes_read = reader.bytes_read
        run.report = {key: value[:MAX_REPORTED] for key, value in self.report.items()}

    def _record_error(self, index, record, message):
        self.error_count += 1
        registry_id = record.get("identifikator") if isinstance(record, dict) else None
        if len(self.report["errors"]) < MAX_REPORTED:
            self.report["errors"].append({"record": index + 1, "id": registry_id, "message": message})

    def _provider(self, data, providers, provider_territory):
        provider = providers.get(data["ico"])
        if provider is None:
            provider = Provider.objects.create(
                ico=data["ico"], name=data["name"], legal_form=data["legal_form"], web=data["web"], from_registry=True
            )
            providers[data["ico"]] = provider
        elif provider.name != data["name"] or provider.legal_form != data["legal_form"]:
            provider.name, provider.legal_form = data["name"], data["legal_form"]
            provider.save(update_fields=["name", "legal_form", "updated_at"])
        if provider.pk not in provider_territory:
            # A ParentalManyToManyField defers .add() until save(); write the link row directly.
            Provider.territories.through.objects.create(provider=provider, territoryhomepage=self.territory)
            provider_territory.add(provider.pk)
        return provider

    def _apply(self, parsed, existing, providers, provider_territory):
        digest = _hash(parsed)
        service = existing.get(parsed["registry_id"])
        provided_to = parsed["fields"]["provided_to"]
        ended_on = date.fromisoformat(provided_to) if provided_to and provided_to <= date.today().isoformat() else None
        if service is not None and service.registry_hash == digest and service.ended_on == ended_on:
            self.counts["unchanged"] += 1
            return
        provider = self._provider(parsed["provider"], providers, provider_territory)
        fields = {k: v for k, v in parsed["fields"].items() if k != "service_type"}
        fields.update(service_type_id=parsed["fields"]["service_type"], provider=provider)
        if service is None:
            service = Service.objects.create(
                registry_id=parsed["registry_id"],
                live=True,
                ended_on=ended_on,
                registry_hash=digest,
                last_import=self.run,
                **fields,
            )
            existing[service.registry_id] = service
            for relation in ("municipalities", "forms", "target_groups"):
                _link(service, relation, parsed[relation], new=True)
            self.counts["added"] += 1
            self.report["added"].append([service.registry_id, service.name])
        else:
            service = Service.objects.get(pk=service.pk)
            before = self._snapshot(service)
            self._patch_draft(service, fields)
            for name, value in fields.items():
                setattr(service, name, value)
            service.ended_on = ended_on
            service.registry_hash = digest
            service.last_import = self.run
            service.save()
            _link(service, "municipalities", parsed["municipalities"], replace=False)
            after = {k: str(v) if v is not None else None for k, v in parsed["fields"].items()}
            after.update(forms=parsed["forms"], target_groups=parsed["target_groups"])
            changed = sorted(key for key in after if before.get(key) != after[key])
            if ended_on != before["ended_on"]:
                changed.append("ended_on")
            self.counts["changed"] += 1
            self.report["changed"].append([service.registry_id, service.name, changed])
            ServiceCapacity.objects.filter(service=service).delete()
            ServicePlace.objects.filter(service=service).delete()
            _link(service, "forms", parsed["forms"])
            _link(service, "target_groups", parsed["target_groups"])
        ServiceCapacity.objects.bulk_create(
            ServiceCapacity(service=service, form_id=form, capacity_type=kind, count=count, note=note, sort_order=i)
            for i, (form, kind, count, note) in enumerate(parsed["capacities"])
        )
        ServicePlace.objects.bulk_create(
            ServicePlace(service=service, name=name, address=address, municipality_id=municipality, sort_order=i)
            for i, (name, address, municipality) in enumerate(parsed["places"])
        )

    @staticmethod
    def _patch_draft(service, fields):
        """A pending draft gets the registry's values too, so publishing it later does not undo the import."""
        if not service.has_unpublished_changes or service.latest_revision_id is None:
            return
        revision = service.latest_revision
        for name, value in fields.items():
            key = name.removesuffix("_id")
            revision.content[key] = getattr(value, "pk", value)
        revision.save(update_fields=["content"])

    @staticmethod
    def _snapshot(service):
        return {
            "name": service.name,
            "service_type": str(service.service_type_id),
            "email": service.email,
            "phone": service.phone,
            "web": service.web,
            "provided_from": service.provided_from.isoformat() if service.provided_from else None,
            "provided_to": service.provided_to.isoformat() if service.provided_to else None,
            "forms": sorted(service.forms.values_list("pk", flat=True)),
            "target_groups": sorted(service.target_groups.values_list("pk", flat=True)),
            "ended_on": service.ended_on,
        }

    def _end_missing(self, seen):
        """Registry services of this territory that the file no longer lists have ended."""
        gone = (
            Service.objects.from_registry()
            .in_territory(self.territory)
            .filter(ended_on__isnull=True)
            .exclude(registry_id__in=seen)
        )
        today = date.today()
        for service in gone.only("pk", "registry_id", "name"):
            self.report["ended"].append([service.registry_id, service.name])
            self.counts["ended"] += 1
        gone.update(ended_on=today, updated_at=timezone.now())


def _link(service, relation, ids, replace=True, new=False):
    """Write M2M rows directly: a ParentalManyToManyField would defer them until the next save()."""
    through = getattr(Service, relation).through
    target = getattr(Service, relation).field.m2m_reverse_field_name()
    rows = through.objects.filter(service=service)
    if replace and not new:
        rows.exclude(**{f"{target}__in": ids}).delete()
    present = set() if new else set(rows.values_list(target, flat=True))
    through.objects.bulk_create(through(service=service, **{f"{target}_id": pk}) for pk in ids if pk not in present)


def start_import(territory, source=None, user=None):
    """Create a run and enqueue its task once the transaction commits."""
    from .tasks import run_import

    run = ImportRun.objects.create(
        territory=territory, source=source or settings.TRIADA_CATALOGUE_REGISTRY_URL, started_by=user
    )
    enqueue_on_commit(run_import, run.pk)
    return run


def import_file(territory, source, user=None):
    """Run an import synchronously (management command, demo, tests)."""
    run = ImportRun.objects.create(territory=territory, source=str(source), started_by=user)
    return Importer(run).execute()
