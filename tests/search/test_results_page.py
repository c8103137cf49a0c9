"""The public results page: facets, snippets, escaping, pagination, suggestions."""

from datetime import date

import pytest
from django.test import TestCase

from cms.models import NewsPage
from search.forms import MAX_QUERY_CHARS

pytestmark = pytest.mark.django_db


def unmarked(response):
    return response.content.decode().replace("<mark>", "").replace("</mark>", "")


def test_results_are_highlighted_and_counted(corpus, client):
    response = client.get("/hledat/", {"q": "pecovatelska sluzba"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Pečovatelská</mark> <mark>služba</mark>" in html
    assert 'id="search-count"' in html and "aria-live" in html
    assert 'href="/komunitni-plan-20262028/analyza-potreb-senioru/"' in html


def test_facets_narrow_the_results_and_are_a_labelled_form(corpus, client):
    response = client.get("/hledat/", {"q": "služby"})
    html = response.content.decode()
    assert '<label for="filter-kind">' in html and '<select id="filter-kind" name="kind">' in html
    documents_only = client.get("/hledat/", {"q": "služby", "kind": "document"}).content.decode()
    assert "Dotazníkové šetření" in documents_only
    assert "Analýza potřeb seniorů" not in documents_only
    seniors_only = client.get("/hledat/", {"q": "služby", "target_group": "seniori"}).content.decode()
    assert "Analýza potřeb seniorů" in seniors_only
    assert "Dotazníkové šetření" not in seniors_only


def test_user_text_is_escaped(corpus, client):
    news_index = corpus["news"].get_parent()
    with TestCase.captureOnCommitCallbacks(execute=True):
        news = NewsPage(
            title="<script>alert(1)</script> Burza", slug="burza", date=date(2026, 1, 5), lead="<b>burza</b>"
        )
        news_index.add_child(instance=news)
        news.save_revision().publish()
    html = client.get("/hledat/", {"q": "burza"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Burza</mark>" in html
    assert "&lt;b&gt;<mark>burza</mark>&lt;/b&gt;" in html


def test_pagination_and_date_order(corpus, client):
    news_index = corpus["news"].get_parent()
    with TestCase.captureOnCommitCallbacks(execute=True):
        for day in range(1, 13):
            news = NewsPage(title=f"Dílna pro pečující {day}", slug=f"dilna-{day}", date=date(2026, 1, day))
            news_index.add_child(instance=news)
            news.save_revision().publish()
    first = unmarked(client.get("/hledat/", {"q": "dílna pečující", "order": "date"}))
    assert first.index("Dílna pro pečující 12") < first.index("Dílna pro pečující 11")
    assert 'rel="next"' in first and "Dílna pro pečující 1<" not in first
    second = unmarked(client.get("/hledat/", {"q": "dílna pečující", "order": "date", "page": 2}))
    assert "Dílna pro pečující 1<" in second


def test_bad_input_gets_a_message_and_no_search(corpus, client):
    response = client.get("/hledat/", {"q": "x" * (MAX_QUERY_CHARS + 1), "year": "dvacet"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert 'id="search-count"' not in html


def test_suggestions_fold_both_sides(corpus, client):
    data = client.get("/hledat/naseptavac/", {"q": "analyza"}).json()
    assert "4. Analýza potřeb seniorů" not in [s["title"] for s in data["suggestions"]]
    assert "1. Analýza potřeb seniorů" in [s["title"] for s in data["suggestions"]]
    assert "Analýza poskytovatelů" in [s["title"] for s in data["suggestions"]]
    accented = client.get("/hledat/naseptavac/", {"q": "Analý"}).json()
    assert "1. Analýza potřeb seniorů" in [s["title"] for s in accented["suggestions"]]


def test_search_box_include_renders(client, corpus):
    from django.template.loader import render_to_string

    html = render_to_string("search/includes/search_box.html")
    assert 'role="search"' in html and 'action="/hledat/"' in html and "<label" in html
