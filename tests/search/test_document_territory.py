"""A document filed in a territory's collection belongs to that territory in search, wherever asked."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.test import TestCase

from cms.models import Publicity, TriadaDocument
from search.models import SearchEntry
from search.query import ranked_entries, run_search
from tests.factories import make_territory


@pytest.mark.django_db
def test_a_document_in_a_territory_collection_is_found_under_that_territory():
    with TestCase.captureOnCommitCallbacks(execute=True):
        home = make_territory("ORP Domažlice", hostname="testserver", default_site=True)
        other = make_territory("ORP Tachov", hostname="tachov.localhost")
        document = TriadaDocument(
            title="Katalog poskytovatelů Domažlicka", publicity=Publicity.PUBLIC, collection=home.collection
        )
        document.file.save("katalog.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        document.save()
    entry = SearchEntry.objects.get(source_key=f"document:{document.pk}")
    assert entry.territory_id == home.pk
    anonymous = AnonymousUser()
    assert [hit.title for hit in ranked_entries("katalog poskytovatelů", anonymous, home)] == [document.title]
    assert ranked_entries("katalog poskytovatelů", anonymous, other) == []
    everywhere = run_search("katalog poskytovatelů", anonymous, filters={"territory": str(home.pk)})
    assert [hit.title for hit in everywhere.page.object_list] == [document.title]
