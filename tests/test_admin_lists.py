"""Admin lists on Wagtail's generic views do a fixed number of queries, however many rows they show."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import PlanningBodyKind
from tests.factories import make_body, make_territory, make_user

pytestmark = pytest.mark.django_db

URL = "/admin/snippets/cms/planningbody/"


def list_bodies(client):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(URL).content.decode()
    return html, len(queries)


def test_the_planning_body_list_counts_members_in_one_query(client):
    territory = make_territory("ORP Lipov")
    client.force_login(make_user("spravce", is_superuser=True))
    first = make_body(territory, PlanningBodyKind.WORKING_GROUP, "PS Senioři")
    for index in range(3):
        make_user(f"clen{index}", groups=[first.group])
    list_bodies(client)  # warms the per-process caches (the request's site) as a running server has them
    html, few = list_bodies(client)
    for index in range(8):
        body = make_body(territory, PlanningBodyKind.WORKING_GROUP, f"PS {index}")
        make_user(f"clenka{index}", groups=[body.group])
    html_many, many = list_bodies(client)
    assert many == few  # was one extra query per body
    row = re.search(r"PS Senioři.*?</tr>", html_many, re.S).group(0)
    assert re.search(r">\s*3\s*<", row)  # the three members, counted
