"""The chapter page on the embedded default (SQLite): its one plain-SQL statement for the pager and target groups.

`ChapterPage._routed_neighbours` is written as SQL by hand, so it runs here on
the database `make run` uses, in a child process with the embedded settings:
a fresh SQLite database, migrated, a plan of three chapters (one restricted).
"""

from tests.embedded import run_on_embedded_sqlite

SCRIPT = """
import json
import django
django.setup()
from django.test import Client, TestCase
from wagtail.models import PageViewRestriction
from cms.models import TargetGroup
from tests.factories import make_chapter, make_plan, make_territory

with TestCase.captureOnCommitCallbacks(execute=True):
    territory = make_territory("ORP Vestec", hostname="testserver", default_site=True)
    plan = make_plan(territory)
    first = make_chapter(plan, "Úvod do plánu", number=1)
    hidden = make_chapter(plan, "Interní podklady", number=2)
    middle = make_chapter(plan, "Péče o seniory", number=3, paragraphs=("Pečovatelská služba.",))
    last = make_chapter(plan, "Rodiny s dětmi", number=4)
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    groups = [
        TargetGroup.objects.create(code="seniori", name="Senioři", sort_order=2),
        TargetGroup.objects.create(code="pecujici", name="Pečující osoby", sort_order=1),
    ]
    middle.target_groups.set(groups)
    middle.save_revision().publish()
response = Client().get(middle.url)
html = response.content.decode()
print(json.dumps({
    "status": response.status_code,
    "previous": 'rel="prev"' in html and f'href="{first.get_url_parts()[2]}"' in html and "1. Úvod do plánu" in html,
    "next": 'rel="next"' in html and f'href="{last.get_url_parts()[2]}"' in html and "4. Rodiny s dětmi" in html,
    "hidden": "Interní podklady" in html,
    "groups": html.index("Pečující osoby") < html.index("Senioři") if "Senioři" in html else False,
}))
"""


def test_chapter_pager_and_target_groups_on_sqlite(tmp_path):
    answer = run_on_embedded_sqlite(tmp_path, SCRIPT)
    # The restricted chapter 2 is skipped: chapter 3's previous chapter is chapter 1.
    assert answer == {"status": 200, "previous": True, "next": True, "hidden": False, "groups": True}
