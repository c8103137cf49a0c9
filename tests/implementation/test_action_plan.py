"""The action plan: a page under the plan, approved by the steering group and then the council, with a PDF."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from implementation.models import ActionPlanItem, ActionPlanPage
from implementation.workflow import workflow_name
from tests.factories import make_user
from tests.implementation.helpers import build_world
from tests.workflows.review_setup import act, resolution_data, stage_of
from workflows.models.review import CouncilResolution

pytestmark = pytest.mark.django_db


def test_action_plan_is_approved_by_steering_group_then_council(client):
    world = build_world()
    secretary = make_user("tajemnice", groups=[world.territory.council])
    action_plan = ActionPlanPage(title="Akční plán 2026", slug="akcni-plan-2026", year=2026, live=False)
    world.plan.add_child(instance=action_plan)
    action_plan.items.add(
        ActionPlanItem(activity=world.activities[0], planned_cost=420000, funding_sources="rozpočet obce, MPSV")
    )
    action_plan.save_revision(user=world.coordinator)
    workflow = action_plan.get_workflow()
    assert workflow.name == workflow_name(world.territory)
    workflow.start(ActionPlanPage.objects.get(pk=action_plan.pk), world.coordinator)
    assert stage_of(action_plan) == "SteeringGroupApprovalTask"
    with pytest.raises(PermissionDenied):
        act(action_plan, world.wg_member, "approve")  # not the working group's stage
    assert stage_of(action_plan) == "SteeringGroupApprovalTask"
    act(action_plan, world.steering_member, "approve")
    assert stage_of(action_plan) == "CouncilDecisionTask"
    act(action_plan, secretary, "record_resolution", **resolution_data(number="ZM/7/2026"))
    action_plan = ActionPlanPage.objects.get(pk=action_plan.pk)
    assert action_plan.live
    resolution = CouncilResolution.objects.get(page=action_plan)
    assert resolution.number == "ZM/7/2026"
    world.plan.refresh_from_db()
    assert world.plan.approval_resolution_number != "ZM/7/2026"  # the action plan's resolution is not the plan's

    page = client.get(action_plan.url).content.decode()
    assert "1.1.1" in page and "420" in page
    pdf = client.get(action_plan.url + "pdf/")
    reader = PdfReader(BytesIO(pdf.content))
    assert "Rozšíření pečovatelské služby" in "".join(p.extract_text() for p in reader.pages)
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_action_plan_accepts_only_the_plans_activities():
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from cms.models import StrategicItem
    from tests.factories import make_plan
    from tests.site_content import make_strategic_part

    world = build_world()
    other_plan = make_plan(world.territory, title="Předchozí plán 2023–2025", period=(2023, 2025))
    make_strategic_part(other_plan, number=3)
    foreign = StrategicItem.objects.for_plan(other_plan).activities().first()
    form_class = ActionPlanPage.get_edit_handler().get_form_class()

    def form_for(activity):
        data = nested_form_data(
            {
                "title": "Akční plán 2026",
                "slug": "akcni-plan-2026",
                "year": 2026,
                "intro": rich_text("<p>Úvod</p>"),
                "items": inline_formset([{"activity": activity.pk, "planned_cost": "1000"}]),
                "comments": inline_formset([]),
            }
        )
        return form_class(data, instance=ActionPlanPage(), parent_page=world.plan, for_user=world.coordinator)

    assert form_for(world.activities[0]).is_valid()
    refused = form_for(foreign)
    assert not refused.is_valid()
    assert refused.formsets["items"].forms[0].errors["activity"]
