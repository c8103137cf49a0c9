"""The public never finds drafts, internal documents or internal minutes; members do."""

from datetime import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import TestCase
from django.utils import timezone

from cms.models import Publicity
from search.query import ranked_entries, suggestions
from search.signals import sync_page
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def titles(query, user, territory=None):
    return [hit.title for hit in ranked_entries(query, user, territory)]


def test_drafts_are_never_found(corpus, client):
    assert titles("krizové lůžko", AnonymousUser()) == []
    superuser = make_user(is_superuser=True)
    # Not even by staff: the public search shows what is published.
    assert titles("krizové lůžko", superuser) == []
    response = client.get("/hledat/", {"q": "krizové lůžko"})
    assert "Krizová lůžka" not in response.content.decode()


def test_internal_documents_only_for_those_who_may_see_them(corpus, client):
    territory = corpus["territory"]
    query = "reorganizace rezerva"
    assert titles(query, AnonymousUser()) == []
    assert suggestions("Interní", AnonymousUser(), territory) == []
    response = client.get("/hledat/", {"q": query, "scope": "all"})
    assert "Interní rozpočtová rezerva" not in response.content.decode()

    outsider = make_user(groups=[territory.wg_seniors])
    assert titles(query, outsider) == []
    member = make_user(groups=[territory.steering_group])
    assert titles(query, member) == ["Interní rozpočtová rezerva"]
    assert titles(query, make_user(is_superuser=True)) == ["Interní rozpočtová rezerva"]

    client.force_login(member)
    response = client.get("/hledat/", {"q": query})
    assert "Interní rozpočtová <mark>rezerva</mark>" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_unpublishing_removes_a_page_from_the_results(corpus):
    news = corpus["news"]
    assert "Veřejné projednání návrhu plánu" in titles("sokolovně", AnonymousUser())
    with TestCase.captureOnCommitCallbacks(execute=True):
        news.unpublish()
    assert titles("sokolovně", AnonymousUser()) == []


def test_unpublishing_the_strategic_part_removes_its_items(corpus):
    assert "1.1.1 Rozšíření kapacity odlehčovací služby" in titles("odlehčovací služby", AnonymousUser())
    with TestCase.captureOnCommitCallbacks(execute=True):
        corpus["strategic"].unpublish()
    assert titles("odlehčovací služby", AnonymousUser()) == []


@pytest.fixture
def meetings(corpus):
    from meetings import models as pages

    territory = corpus["territory"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        index = pages.MeetingIndexPage(title="Jednání", slug="jednani")
        territory.add_child(instance=index)
        index.save_revision().publish()
        made = {}
        for key, publicity, minutes in [
            ("public", Publicity.PUBLIC, "Schválen harmonogram terénního šetření mezi pečujícími."),
            ("internal", Publicity.INTERNAL, "Projednána personální situace koordinátorky a odměny."),
        ]:
            meeting = pages.MeetingPage(
                title=f"Jednání řídící skupiny ({key})",
                slug=f"jednani-{key}",
                body=territory.steering_group,
                kind=pages.MeetingKind.STEERING_GROUP,
                start=timezone.make_aware(datetime(2026, 3, 1, 14, 0)),
                place="Zasedací místnost radnice",
                minutes=f"<p>{minutes}</p>",
                minutes_publicity=publicity,
            )
            index.add_child(instance=meeting)
            meeting.save_revision().publish()
            made[key] = meeting
    # The chair's approval (the meetings app's workflow) is what makes minutes count.
    pages.MeetingPage.objects.filter(pk__in=[m.pk for m in made.values()]).update(minutes_approved=True)
    for meeting in made.values():
        sync_page(meeting.pk)
    return made


def test_internal_minutes_never_reach_the_public(corpus, meetings):
    territory = corpus["territory"]
    assert "Zápis: Jednání řídící skupiny (public)" in titles("harmonogram šetření", AnonymousUser())
    assert titles("personální situace odměny", AnonymousUser()) == []
    member = make_user(groups=[territory.steering_group])
    found = titles("personální situace odměny", member)
    assert found == ["Zápis: Jednání řídící skupiny (internal)"]
    # The meeting itself (its announcement) is public; its internal minutes are not.
    assert "Jednání řídící skupiny (internal)" in titles("zasedací místnost", AnonymousUser())
