"""Builders shared by the consultation tests (no tests here).

A minimal workflow with only the public-comment stage keeps these tests
independent of the review stages; the review tests run the full chain.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from wagtail.models import Workflow, WorkflowTask

from tests.factories import make_chapter, make_plan, make_territory, make_user
from workflows.models import Consultation, PublicCommentTask

PARAGRAPHS = ("První odstavec o seniorech.", "Druhý odstavec o terénních službách.", "Třetí odstavec.")


def build(hostname="testserver", *, period_days=14, publish_chapter=True, moderation="immediate"):
    """A territory with a plan, one chapter of the seniors' working group, and people in each role."""
    territory = make_territory("ORP Připomínkov", hostname=hostname, default_site=True)
    territory.refresh_from_db()
    coordinators = territory.coordinator_group
    if coordinators is None:
        coordinators, _ = Group.objects.get_or_create(name="Koordinátoři Připomínkov")
        territory.coordinator_group = coordinators
        territory.save(update_fields=["coordinator_group"])
    # Everyone in a role may enter the admin (what cms.roles grants; repeated so these tests stand alone).
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for body in (territory.steering_group, territory.council, territory.wg_seniors, territory.wg_families):
        body.group.permissions.add(access_admin)
    coordinators.permissions.add(access_admin)
    plan = make_plan(territory)
    chapter = make_chapter(
        plan, "Senioři", number=3, group=territory.wg_seniors, paragraphs=PARAGRAPHS, publish=publish_chapter
    )
    task = PublicCommentTask.objects.create(name="Veřejné připomínky", period_days=period_days, moderation=moderation)
    workflow = Workflow.objects.create(name="Připomínkování")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    people = {
        "coordinator": make_user("koordinatorka", groups=[coordinators]),
        "steering": make_user("ridici", groups=[territory.steering_group]),
        "wg": make_user("seniori", groups=[territory.wg_seniors]),
        "other_wg": make_user("rodiny", groups=[territory.wg_families]),
        "council": make_user("zastupitel", groups=[territory.council]),
    }
    for user in people.values():
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return territory, plan, chapter, workflow, people


def start_consultation(workflow, chapter, user):
    workflow.start(chapter, user)
    return Consultation.objects.get(chapters=chapter)


def block_ids(chapter):
    revision = chapter.get_latest_revision()
    return [str(block.id) for block in revision.as_object().body]


def form_data(consultation, target="plan", **overrides):
    data = {
        "target": target,
        "author_name": "Jana Nováková",
        "author_email": "jana@example.cz",
        "organisation": "",
        "triad_side": "public",
        "text": "Chybí denní stacionář.",
        "proposed_wording": "",
        "website": "",
    }
    data.update(overrides)
    return data


def after(consultation, **delta):
    return consultation.ends_at + datetime.timedelta(**delta)


@pytest.fixture(autouse=False)
def fresh_rate_limits():
    """The rate-limit counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()
