"""The embedded default (SQLite, triada.settings.dev) folds diacritics and understands inflection.

Runs the real thing in a child process: a fresh SQLite database, migrated,
a published chapter, and the public search path.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from django.contrib.auth.models import AnonymousUser
from django.test import TestCase
from search.query import ranked_entries
from tests.factories import make_chapter, make_plan, make_territory

with TestCase.captureOnCommitCallbacks(execute=True):
    territory = make_territory("ORP Sušice")
    plan = make_plan(territory)
    make_chapter(plan, "Péče o seniory", paragraphs=("Pečovatelská služba v Sušici a okolních obcích.",), number=1)
    make_chapter(
        plan, "Mikroregion", paragraphs=("Jednání valné hromady se koná v zasedací místnosti.",), number=2
    )
for query in ["pecovatelska sluzba", "PEČOVATELSKÁ služba", "susici", "Sušici", "zasedaci mistnost", "valna hromada"]:
    print(query, "->", [hit.title for hit in ranked_entries(query, AnonymousUser(), territory)])
"""


def test_sqlite_search_is_diacritics_insensitive(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "triada.settings.dev",
        "TRIADA_SQLITE_PATH": str(tmp_path / "triada.sqlite3"),
        "TRIADA_MEDIA_ROOT": str(tmp_path / "media"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=600
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" -> ") for line in result.stdout.strip().splitlines())
    for query in ["pecovatelska sluzba", "PEČOVATELSKÁ služba", "susici", "Sušici"]:
        assert lines[query] == "['1. Péče o seniory']", (query, lines[query])
    # Inflection: the query's forms differ from the text's, the project's stemmer joins them.
    for query in ["zasedaci mistnost", "valna hromada"]:
        assert lines[query] == "['2. Mikroregion']", (query, lines[query])
