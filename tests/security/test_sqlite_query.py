"""Finding 8: on the embedded default (SQLite FTS5), no typed query makes search answer 500.

Runs the real embedded set-up in a child process: a fresh SQLite database,
migrated, a published chapter, and the public search page and suggestions.
"""

import json

from tests.embedded import run_on_embedded_sqlite

QUERIES = [
    'a"',
    '"',
    '"senior',
    'seni" OR x',
    '"pečovatelská služba"',
    '"*',
    "NEAR(a b)",
    "a:b",
    "-",
    "^x",
    "'",
    "\\",
    "služba",
]

SCRIPT = """
import json, sys
import django
django.setup()
from django.test import Client, TestCase
from tests.factories import make_chapter, make_plan, make_territory

with TestCase.captureOnCommitCallbacks(execute=True):
    territory = make_territory("ORP Uvozovky", hostname="testserver", default_site=True)
    make_chapter(make_plan(territory), "Péče o seniory", paragraphs=("Pečovatelská služba pro seniory.",))
client = Client(raise_request_exception=False)
result = {}
for query in json.loads(sys.argv[1]):
    page = client.get("/hledat/", {"q": query})
    suggest = client.get("/hledat/naseptavac/", {"q": query})
    result[query] = [page.status_code, suggest.status_code, "Péče o seniory" in page.content.decode()]
print(json.dumps(result))
"""


def test_every_query_answers_on_sqlite(tmp_path):
    answers = run_on_embedded_sqlite(tmp_path, SCRIPT, json.dumps(QUERIES))
    assert {query: codes[:2] for query, codes in answers.items()} == {query: [200, 200] for query in QUERIES}
    # Escaping keeps the words: a quoted phrase still finds the chapter.
    # (words of the text, not the title, which the results page highlights)
    assert answers['"pečovatelská služba"'][2] and answers["služba"][2]
