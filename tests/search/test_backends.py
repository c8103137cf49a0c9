"""What the Elasticsearch backend would send, checked without a server; ES being down."""

import socket

import pytest
from django.db import connection
from django.test import TestCase
from wagtail.search.backends import get_search_backend

from cms.models import NewsPage
from search.backends.elasticsearch8 import CzechElasticsearch8Mapping
from search.models import PendingIndexUpdate, SearchEntry
from search.pg_setup import czech_dictionary_in_use
from search.tasks import retry_pending_index_updates


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def es_backend(**params):
    return get_search_backend("search.backends.elasticsearch8", URLS=[closed_port_url()], **params)


def test_index_settings_analyse_czech_and_fold_after_stemming():
    analysis = es_backend().settings["settings"]["analysis"]
    czech = analysis["analyzer"]["czech"]
    assert czech["tokenizer"] == "standard"
    assert czech["filter"] == ["lowercase", "czech_stop", "czech_forms", "remove_duplicates"]
    assert analysis["filter"]["czech_forms"]["filters"] == [
        "czech_stemmer, asciifolding",
        "asciifolding, czech_stemmer",
    ]
    assert analysis["analyzer"]["default"]["filter"] == czech["filter"]
    assert analysis["filter"]["czech_stop"] == {"type": "stop", "stopwords": "_czech_"}
    assert analysis["filter"]["czech_stemmer"] == {"type": "stemmer", "language": "czech"}


def test_autocomplete_folds_on_index_and_query_side():
    analysis = es_backend().settings["settings"]["analysis"]
    assert "asciifolding" in analysis["analyzer"]["edgengram_analyzer"]["filter"]
    assert analysis["analyzer"]["autocomplete_search"]["filter"] == ["lowercase", "asciifolding"]
    mapping = CzechElasticsearch8Mapping(SearchEntry).get_mapping()["properties"]
    assert mapping["_edgengrams"]["search_analyzer"] == "autocomplete_search"
    assert mapping["title_edgengrams"] == {
        "type": "text",
        "analyzer": "edgengram_analyzer",
        "search_analyzer": "autocomplete_search",
    }


def test_mapping_has_the_filter_fields_the_results_page_uses():
    mapping = CzechElasticsearch8Mapping(SearchEntry).get_mapping()["properties"]
    assert mapping["kind_filter"] == {"type": "keyword"}
    for field in ("territory_id", "body_id", "is_public", "year", "date"):
        assert f"{field}_filter" in mapping, field
    # Titles weigh three times the text.
    assert "_all_text_boost_3_0" in mapping["title"]["copy_to"]
    assert "analyzer" not in mapping["text"]  # the index default: `czech`


def test_production_settings_configure_the_czech_elasticsearch_backend():
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "x9" * 30,
        "DATABASE_URL": "postgres://triada:heslo@postgres:5432/triada",
        "ELASTICSEARCH_URL": "http://elasticsearch:9200",
        "ELASTICSEARCH_REPLICAS": "1",
    }
    env.pop("TRIADA_DEMO_PASSWORD", None)
    script = "import json, triada.settings.production as p; print(json.dumps(p.WAGTAILSEARCH_BACKENDS))"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    params = json.loads(result.stdout)["default"]
    assert params["BACKEND"] == "search.backends.elasticsearch8"
    backend_params = {key: value for key, value in params.items() if key != "BACKEND"}
    backend = get_search_backend(params["BACKEND"], **backend_params)
    assert backend.hosts == [{"host": "elasticsearch", "port": 9200, "path_prefix": "", "scheme": "http"}]
    assert backend.get_index_for_model(SearchEntry).name == "triada_search_searchentry"
    index_settings = backend.settings["settings"]
    assert index_settings["index"]["number_of_replicas"] == 1
    assert index_settings["analysis"]["analyzer"]["default"]["filter"][2] == "czech_forms"


@pytest.mark.django_db
def test_postgresql_uses_the_czech_dictionary():
    assert czech_dictionary_in_use(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT triada_czech_tsvector('senioři v městech') @@ triada_czech_tsquery('seniorům & město')")
        assert cursor.fetchone()[0] is True


@pytest.mark.django_db
def test_publishing_works_when_elasticsearch_is_down_and_the_update_is_queued(corpus, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "elasticsearch": {
            "BACKEND": "search.backends.elasticsearch8",
            "URLS": [closed_port_url()],
            "TIMEOUT": 1,
            "QUEUE_NAME": "elasticsearch",
        },
    }
    news_index = corpus["news"].get_parent()
    with TestCase.captureOnCommitCallbacks(execute=True):
        news = NewsPage(title="Nabídka dobrovolnictví", slug="dobrovolnictvi")
        news_index.add_child(instance=news)
        news.save_revision().publish()
    news.refresh_from_db()
    assert news.live
    # The database search still has it; the update Elasticsearch refused is queued.
    assert SearchEntry.objects.filter(title="Nabídka dobrovolnictví").exists()
    queued = PendingIndexUpdate.objects.filter(backend_name="elasticsearch")
    assert queued.filter(model_label="search.searchentry").exists()
    assert (
        queued.filter(model_label="wagtailcore.page", object_pk=str(news.pk)).exists()
        or queued.filter(object_pk=str(news.pk)).exists()
    )
    # Still down: the retry keeps the updates and counts the attempt.
    count = queued.count()
    assert retry_pending_index_updates() == 0
    assert queued.count() == count
    assert all(update.attempts == 1 for update in queued)
    # Back up (here: the queue pointed at the working database backend) — the index catches up.
    queued.update(backend_name="default")
    assert retry_pending_index_updates() == count
    assert not PendingIndexUpdate.objects.exists()


@pytest.mark.django_db
def test_the_public_query_sent_to_elasticsearch_filters_internal_entries():
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import make_territory, make_user

    territory = make_territory("ORP Domažlice")
    backend = es_backend()
    public = backend.search("pečovatelská služba", SearchEntry.objects.visible_to(AnonymousUser()))
    sent = str(public._get_es_body())
    assert "{'term': {'is_public_filter': True}}" in sent
    assert "body_id_filter" not in sent
    member = make_user(groups=[territory.steering_group])
    members_body = str(backend.search("rezerva", SearchEntry.objects.visible_to(member))._get_es_body())
    assert "body_id_filter" in members_body and str(territory.steering_group.pk) in members_body
