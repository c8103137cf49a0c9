"""The public strategic part: the whole tree, item pages, and a "Připomínkovat" link beside every activity
while the part is open for comments."""

import re

import pytest
from django.urls import reverse

from cms.models import StrategicItem
from tests.factories import make_strategic_part
from tests.workflows.test_consultation_support import build, start_consultation

pytestmark = pytest.mark.django_db


def activity_links(html):
    return re.findall(r'<a class="comment-link" href="([^"]*cil=activity[^"]*)">Připomínkovat<span', html)


def test_every_activity_gets_its_own_comment_link_during_the_consultation(client):
    _territory, plan, _chapter, workflow, people = build()
    part = make_strategic_part(plan, size=(2, 4, 9), number=4)
    url = part.get_url_parts()[2]

    before = client.get(url).content.decode()
    assert 'id="aktivita-2-2-2"' in before
    assert activity_links(before) == []

    consultation = start_consultation(workflow, part, people["coordinator"])
    html = client.get(url).content.decode()
    links = activity_links(html)
    codes = list(StrategicItem.objects.for_plan(plan).published().activities().values_list("code", flat=True))
    assert len(codes) == 9
    comment_url = reverse("consultation_comment", args=[consultation.pk])
    assert links == [f"{comment_url}?cil=activity:{part.pk}:{code}" for code in codes]
    # Each link says, to a screen reader, which activity it is about.
    assert '<span class="visually-hidden"> (aktivita 1.1.1: Aktivita 1.1.1)</span>' in html
    # Each link sits inside its activity, after its heading (so Tab reaches it in reading order).
    article = html[html.index('id="aktivita-2-1-1"') :]
    article = article[: article.index("</article>")]
    assert f"cil=activity:{part.pk}:2.1.1" in article

    form = client.get(links[0].replace("&amp;", "&")).content.decode()
    assert re.search(rf'<option value="activity:{part.pk}:1\.1\.1" selected>', form)


def test_the_item_pages_and_the_whole_plan_show_the_new_tree(client):
    _territory, plan, _chapter, _workflow, _people = build()
    part = make_strategic_part(plan, size=(2, 3, 5), number=4)
    base = part.get_url_parts()[2]
    item = client.get(f"{base}polozka/1.2.1/")
    assert item.status_code == 200
    assert "Aktivita 1.2.1" in item.content.decode()
    assert client.get(f"{base}polozka/9.9.9/").status_code == 404
    whole = client.get(plan.get_url_parts()[2] + "?cely=1").content.decode()
    assert 'id="aktivita-2-1-1"' in whole
    assert "Připomínkovat" not in whole
