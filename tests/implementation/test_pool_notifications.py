"""The submitter of a project intent hears of the working group's decision, through the real outbox.

A real Celery worker delivers over SMTP to a sink in this process, so what is
asserted is the e-mail the submitter really receives.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from implementation.models import IntentStatus, ProjectIntent
from notifications.models import NotificationEvent
from tests.implementation.helpers import build_world
from tests.notifications.test_delivery import delivered, subjects_by_recipient

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _edit_post(intent, **extra):
    data = {
        "plan": intent.plan_id,
        "title": intent.title,
        "description": intent.description,
        "submitter_name": intent.submitter_name,
        "submitter_kind": intent.submitter_kind,
        "organisation": intent.organisation,
        "email": intent.email,
        "phone": intent.phone,
        "funding_source": "",
        "timeline": "",
        "status": intent.status,
        "status_reason": "",
    }
    data.update(extra)
    return data


def test_the_public_submitter_is_told_the_new_status_and_reason(celery_worker, smtp_sink, client):
    world = build_world()
    cache.clear()
    form = reverse("implementation_pool_form", args=[world.plan.pk])
    posted = client.post(
        form,
        {
            "title": "Sdílené auto pro terénní službu",
            "description": "Auto pro pečovatelky.",
            "submitter_name": "Spolek Soused",
            "submitter_kind": "citizens",
            "email": "spolek@example.cz",
            "website": "",
        },
    )
    assert posted.status_code == 302
    public = ProjectIntent.objects.get()
    staff = ProjectIntent.objects.create(
        plan=world.plan,
        title="Záměr zapsaný koordinátorkou",
        description="x",
        submitter_name="Charita",
        email="charita@example.cz",
        channel="staff",
    )

    client.force_login(world.wg_member)
    edit = reverse("project_intents:edit", args=[public.pk])
    # Rejecting without a reason is refused and tells nobody anything.
    refused = client.post(edit, _edit_post(public, status=IntentStatus.REJECTED))
    assert refused.status_code == 200 and ProjectIntent.objects.get(pk=public.pk).status == IntentStatus.NEW
    reason = "Záměr nespadá do území <b>Lipova</b>."
    client.post(edit, _edit_post(public, status=IntentStatus.REJECTED, status_reason=reason))
    assert ProjectIntent.objects.get(pk=public.pk).status == IntentStatus.REJECTED
    # A staff-entered intent: the person named in it never wrote to us, no mail.
    client.post(
        reverse("project_intents:edit", args=[staff.pk]), _edit_post(staff, status=IntentStatus.IN_ACTION_PLAN)
    )
    assert ProjectIntent.objects.get(pk=staff.pk).status == IntentStatus.IN_ACTION_PLAN

    messages = delivered(smtp_sink, 1)
    assert subjects_by_recipient(messages) == {
        "spolek@example.cz": ["Váš projektový záměr „Sdílené auto pro terénní službu“: zamítnut"]
    }
    message = messages[0][1]
    text = message.get_body(("plain",)).get_content()
    assert "Pracovní skupina posoudila váš projektový záměr" in text and reason in text
    assert f"/plneni/{world.plan.pk}/zasobnik/" in text
    html = message.get_body(("html",)).get_content()
    assert "&lt;b&gt;Lipova&lt;/b&gt;" in html and "<b>Lipova</b>" not in html
    assert NotificationEvent.objects.count() == 1  # nothing recorded for the staff-entered intent
