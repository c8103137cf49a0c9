"""The request's site from the cache (cms/sites.py): never a stale answer after a Site changes.

Every public page used to ask the database which Site the host belongs to;
now the answer is cached for all workers. What a coordinator or an
administrator changes in Settings → Sites must still apply on the next
request: a new address, a removed site, a site added for a host that had
none, the default site moved. A flood of made-up Host headers must not grow
the cache without bound.
"""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.models import Site

from cms.models import StandardPage
from cms.sites import CACHE_KEY, MAX_HOSTS, site_for_request
from tests.factories import make_territory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_site_cache():
    cache.delete(CACHE_KEY)
    yield
    cache.delete(CACHE_KEY)


def page_on(territory, title):
    page = StandardPage(title=title, slug="o-planovani")
    territory.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_site_given_a_new_address_answers_there_at_once(client):
    territory = make_territory("ORP Stará adresa", hostname="stara.localhost")
    page_on(territory, "O plánování na Staré adrese")
    assert "O plánování na Staré adrese" in client.get("/o-planovani/", HTTP_HOST="stara.localhost").content.decode()
    site = Site.objects.get(root_page=territory)
    site.hostname = "nova.localhost"
    site.save()
    assert "O plánování na Staré adrese" in client.get("/o-planovani/", HTTP_HOST="nova.localhost").content.decode()
    assert client.get("/o-planovani/", HTTP_HOST="stara.localhost").status_code == 404


def test_a_removed_site_is_not_served_from_the_cache(client):
    territory = make_territory("ORP Zrušená", hostname="zrusena.localhost")
    page_on(territory, "O plánování v Zrušené")
    assert client.get("/o-planovani/", HTTP_HOST="zrusena.localhost").status_code == 200
    Site.objects.get(root_page=territory).delete()
    response = client.get("/o-planovani/", HTTP_HOST="zrusena.localhost")
    assert response.status_code == 404
    assert "O plánování v Zrušené" not in response.content.decode()


def test_a_host_without_a_site_gets_one_when_it_is_added(client):
    assert client.get("/o-planovani/", HTTP_HOST="pozdeji.localhost").status_code == 404  # remembered: no site
    territory = make_territory("ORP Později", hostname="pozdeji.localhost")
    page_on(territory, "O plánování Později")
    assert "O plánování Později" in client.get("/o-planovani/", HTTP_HOST="pozdeji.localhost").content.decode()


def test_moving_the_default_site_applies_to_unknown_hosts(client):
    first = make_territory("ORP První", hostname="prvni.localhost", default_site=True)
    second = make_territory("ORP Druhé", hostname="druhe.localhost")
    page_on(first, "Stránka Prvního")
    page_on(second, "Stránka Druhého")
    assert "Stránka Prvního" in client.get("/o-planovani/", HTTP_HOST="jina.localhost").content.decode()
    first_site = Site.objects.get(root_page=first)
    first_site.is_default_site = False
    first_site.save()
    second_site = Site.objects.get(root_page=second)
    second_site.is_default_site = True
    second_site.save()
    assert "Stránka Druhého" in client.get("/o-planovani/", HTTP_HOST="jina.localhost").content.decode()


def test_made_up_hosts_do_not_grow_the_cache_without_bound():
    factory = RequestFactory()
    make_territory("ORP Skutečné", hostname="skutecne.localhost")
    default = Site.objects.filter(is_default_site=True).first()  # Wagtail's own, or None
    for number in range(MAX_HOSTS + 50):
        assert site_for_request(factory.get("/", HTTP_HOST=f"vymysleny-{number}.localhost")) == default
    assert len(cache.get(CACHE_KEY)) == MAX_HOSTS
    # A real host past the limit is still answered (from the database).
    assert site_for_request(factory.get("/", HTTP_HOST="skutecne.localhost")).hostname == "skutecne.localhost"


def test_the_plain_page_no_longer_asks_for_its_site(client):
    territory = make_territory("ORP Dotazy", hostname="dotazy.localhost")
    page_on(territory, "Stránka bez dotazu na web")
    client.get("/o-planovani/", HTTP_HOST="dotazy.localhost")  # the first request fills the cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/o-planovani/", HTTP_HOST="dotazy.localhost").status_code == 200
    assert not [query for query in queries.captured_queries if "wagtailcore_site" in query["sql"]]
