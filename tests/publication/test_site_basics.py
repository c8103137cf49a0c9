"""sitemap.xml, robots.txt, the favicon, Atom feeds and Open Graph tags, per territory."""

import re

import feedparser
import pytest
from lxml import etree
from wagtail.models import Page

from cms.models import StrategicPartPage
from meetings.models import MeetingPage
from tests.publication.world import HOST, OTHER_HOST, SECRET

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def item_full_url(item):
    part = item.strategic_part
    return part.get_full_url() + part.reverse_subpage("strategic_item", args=[item.code])


def sitemap_locations(client, host):
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    response.render()
    tree = etree.fromstring(response.content)
    return {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}


def test_sitemap_lists_exactly_the_live_public_pages_of_the_territory(client, world):
    territory = world["territory"]
    expected = set()
    for page in territory.get_descendants(inclusive=True).specific():
        response = client.get(page.url, HTTP_HOST=HOST)
        # What a visitor can read: served, no password or login asked, reached through live pages.
        readable = response.status_code == 200 and not page.get_view_restrictions().exists()
        if isinstance(page, MeetingPage) and not page.body.is_public:
            readable = False  # the meetings app lists only meetings of public bodies
        ancestors_live = all(a.live for a in page.get_ancestors(inclusive=True).filter(depth__gte=territory.depth))
        if readable and ancestors_live:
            expected.add(page.get_full_url())
            if isinstance(page, StrategicPartPage):  # each current item has its own page
                expected |= {item_full_url(item) for item in page.items.current()}
    listed = sitemap_locations(client, HOST)
    assert listed == expected
    assert all(loc.startswith(f"http://{HOST}/") for loc in listed)
    # Nothing hidden: no draft, no restricted chapter, nothing under the draft plan.
    hidden = [p.get_full_url() for p in Page.objects.filter(title__contains=SECRET)]
    assert hidden and not set(hidden) & listed


def test_sitemap_of_another_territory_lists_only_its_pages(client, world):
    listed = sitemap_locations(client, OTHER_HOST)
    assert listed and all(loc.startswith(f"http://{OTHER_HOST}/") for loc in listed)
    assert world["other_plan"].get_full_url() in listed


def test_robots_txt_points_at_the_territorys_sitemap(client, world):
    response = client.get("/robots.txt", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert f"Sitemap: http://{HOST}/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_favicon_is_served_and_linked(client, world):
    response = client.get("/favicon.ico", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # ICO header
    html = client.get("/", HTTP_HOST=HOST).content.decode()
    assert 'rel="icon"' in html


@pytest.mark.parametrize(
    ("path", "expected", "hidden_kind"),
    [
        ("/atom/aktuality/", "Začalo připomínkování plánu", "aktualita"),
        ("/atom/pripominky/", "Připomínkování plánu 2026–2028", "připomínkování"),
        ("/atom/jednani/", "Jednání PS Senioři", "jednání"),
    ],
)
def test_atom_feeds_validate_and_carry_only_public_items(client, world, path, expected, hidden_kind):
    response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    titles = [entry.title for entry in parsed.entries]
    assert any(expected in title for title in titles), titles
    assert SECRET not in body.decode()
    # RFC 4287 essentials: feed id/title/updated/author, each entry id/title/updated/link.
    feed = etree.fromstring(body)
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "ORP Otevřená data"
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert (entry.find(f"{ATOM}{name}").text or "").strip(), name
        assert entry.find(f"{ATOM}link").get("href").startswith(f"http://{HOST}/")


def test_feeds_are_per_territory(client, world):
    parsed = feedparser.parse(client.get("/atom/aktuality/", HTTP_HOST=OTHER_HOST).content)
    assert parsed.entries == []


def test_pages_carry_open_graph_tags_and_feed_links(client, world):
    news = world["news"]
    html = client.get(news.url, HTTP_HOST=HOST).content.decode()
    tags = dict(re.findall(r'<meta property="(og:[a-z_]+)" content="([^"]*)"', html))
    assert tags["og:title"] == news.title
    assert tags["og:type"] == "article"
    assert tags["og:url"] == news.get_full_url()
    assert tags["og:site_name"] == "ORP Otevřená data"
    assert tags["og:locale"] == "cs_CZ"
    assert tags["og:description"] == news.lead
    assert html.count('type="application/atom+xml"') == 3
