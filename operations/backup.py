"""Backup and restore: `pg_dump` of the database plus the media folder, with a manifest.

A backup folder holds `database.dump` (pg_dump custom format), `media.tar.gz`
and `manifest.json`: the row count of every model (so every revision, comment,
settlement and document) and the SHA-256 of every media file. `restore`
loads both and then checks the restored site against the manifest, so a
restore that lost anything fails loudly instead of looking fine.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

PG_BIN_DIRS = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"]


def pg_tool(name):
    """Path of a PostgreSQL client tool; the versioned Debian directories first, because PATH may hold an older major version."""
    for directory in PG_BIN_DIRS:
        candidate = Path(directory) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise CommandError(f"{name} was not found; install the PostgreSQL client tools.")
    return found


def pg_environment():
    """libpq environment for the configured database; refuses SQLite, whose backup is a file copy."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError("Backup and restore need PostgreSQL (the embedded SQLite file can simply be copied).")
    env = {**os.environ, "PGDATABASE": database["NAME"], "PGUSER": database.get("USER") or ""}
    env.update({"PGHOST": str(database.get("HOST") or ""), "PGPORT": str(database.get("PORT") or "")})
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def model_counts():
    """Rows per model, written into the manifest so a restore can prove nothing was lost."""
    counts = {}
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy and model._meta.db_table in tables:
            counts[model._meta.label_lower] = model._base_manager.count()
    return counts


def media_hashes():
    """SHA-256 of every uploaded file, so a restore can prove each file came back unchanged."""
    root = Path(settings.MEDIA_ROOT)
    hashes = {}
    if root.exists():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                hashes[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def manifest():
    """What a restore checks against: when the backup was made, rows per model, hashes of the media files."""
    return {"created": timezone.now().isoformat(), "counts": model_counts(), "media": media_hashes()}


def backup(target):
    """Dump the database (pg_dump custom format) and copy the media with a manifest into `target`."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    connection.close()
    subprocess.run(
        [
            pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target / "database.dump"),
        ],
        env=pg_environment(),
        check=True,
    )
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        if root.exists():
            archive.add(root, arcname="media")
    data = manifest()
    (target / "manifest.json").write_text(json.dumps(data, indent=1, sort_keys=True))
    return data


def restore(source):
    """Replace the database and media folder with the backup in `source`, then verify them."""
    source = Path(source)
    expected = json.loads((source / "manifest.json").read_text())
    connection.close()
    subprocess.run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--dbname",
            settings.DATABASES["default"]["NAME"],
            str(source / "database.dump"),
        ],
        env=pg_environment(),
        check=True,
    )
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar.gz", "r:gz") as archive:
        for member in archive.getmembers():
            if not member.name.startswith("media"):
                raise CommandError(f"Unexpected path in the media archive: {member.name}")
            relative = Path(member.name).relative_to("media")
            if member.isfile():
                destination = root / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as stream, open(destination, "wb") as out:
                    shutil.copyfileobj(stream, out)
    return verify(expected)


def verify(expected):
    """The differences between the site now and a manifest: {} when everything came back."""
    differences = {}
    counts = model_counts()
    for label, count in expected["counts"].items():
        if counts.get(label) != count:
            differences[label] = (count, counts.get(label))
    hashes = media_hashes()
    for name, digest in expected["media"].items():
        if hashes.get(name) != digest:
            differences[f"media:{name}"] = (digest, hashes.get(name))
    return differences
