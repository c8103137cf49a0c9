"""The minutes' life cycle: planned -> drafted -> the chair approves -> published (public or internal)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import TaskState, WorkflowPage

from cms.models import Publicity
from meetings.models import MinutesApproval, MinutesStatus
from meetings.workflow import MINUTES_WORKFLOW_NAME
from tests.factories import make_territory, make_user
from tests.meetings.helpers import admin_user, fresh, make_meeting, make_meeting_index, submit_minutes

MINUTES = "<p>Skupina projednala návrh kapitoly o seniorech.</p>"

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    territory = make_territory("ORP Zápisov", hostname="testserver")
    body = territory.wg_seniors
    chair = admin_user(groups=[body], username="predsedkyne")
    body.chair = chair
    body.save()
    people = {
        "chair": chair,
        "member": admin_user(groups=[body], username="clen"),
        "other": admin_user(groups=[territory.wg_families], username="cizi"),
        "coordinator": admin_user(groups=[territory.coordinator_group], username="koordinatorka"),
        "admin": make_user("spravce", is_superuser=True),
    }
    index = make_meeting_index(territory)
    meeting = make_meeting(index, body, "Jednání PS Senioři")
    return territory, index, meeting, people


def minutes_url(meeting):
    return fresh(meeting).minutes_url()


def approve_as(client, user, meeting):
    client.force_login(user)
    task_state = TaskState.objects.get(workflow_state__object_id=str(meeting.pk), status=TaskState.STATUS_IN_PROGRESS)
    url = reverse("wagtailadmin_pages:workflow_action", args=(meeting.pk, "approve", task_state.pk))
    response = client.post(url, {"comment": ""})
    client.logout()
    return response


def test_meeting_index_gets_the_default_minutes_workflow(setting):
    _territory, index, _meeting, _people = setting
    assert WorkflowPage.objects.get(page=index).workflow.name == MINUTES_WORKFLOW_NAME


def test_planned_drafted_approved_published(setting, client):
    _territory, _index, meeting, people = setting
    assert fresh(meeting).minutes_status == MinutesStatus.PLANNED
    assert client.get(fresh(meeting).url).status_code == 200
    assert client.get(minutes_url(meeting)).status_code == 404

    # Drafted: saved as a revision, nothing public changes.
    draft = fresh(meeting)
    draft.minutes = MINUTES
    draft.save_revision(user=people["coordinator"])
    assert fresh(meeting).minutes_status == MinutesStatus.DRAFTED
    assert client.get(minutes_url(meeting)).status_code == 404

    submit_minutes(fresh(meeting), people["coordinator"])
    assert fresh(meeting).minutes_status == MinutesStatus.IN_APPROVAL

    # Only the chair may approve: a member, another body's member and even a superuser are refused.
    # (Wagtail's admin turns the refusal into a redirect to the dashboard with an error.)
    for name in ("member", "other", "admin", "coordinator"):
        response = approve_as(client, people[name], meeting)
        assert response.status_code in (302, 403) and response.get("Location") == reverse("wagtailadmin_home"), name
        assert fresh(meeting).minutes_status == MinutesStatus.IN_APPROVAL
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS).specific
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, people["member"], "approve")
    assert not MinutesApproval.objects.exists()
    assert client.get(minutes_url(meeting)).status_code == 404

    response = approve_as(client, people["chair"], meeting)
    assert response.status_code == 302
    meeting = fresh(meeting)
    assert meeting.live and meeting.minutes_approved
    assert meeting.minutes_status == MinutesStatus.PUBLISHED_PUBLIC
    approval = MinutesApproval.objects.get(page=meeting)
    assert approval.approved_by == people["chair"]

    public = client.get(meeting.minutes_url())
    assert public.status_code == 200
    assert "Skupina projednala návrh kapitoly o seniorech." in public.content.decode()
    # The announcement links to the minutes; the list shows them too.
    assert meeting.minutes_url() in client.get(meeting.url).content.decode()


def test_publishing_without_the_chair_shows_no_minutes(setting, client):
    _territory, _index, meeting, people = setting
    page = fresh(meeting)
    page.minutes = MINUTES
    page.save_revision(user=people["coordinator"]).publish(user=people["coordinator"])
    page = fresh(meeting)
    assert page.live and not page.minutes_approved
    assert page.minutes_status == MinutesStatus.DRAFTED
    assert client.get(page.minutes_url()).status_code == 404
    assert "Skupina projednala" not in client.get(page.url).content.decode()


def test_changed_minutes_need_a_new_approval(setting, client):
    _territory, _index, meeting, people = setting
    page = fresh(meeting)
    page.minutes = MINUTES
    page.save_revision(user=people["coordinator"])
    submit_minutes(fresh(meeting), people["coordinator"])
    approve_as(client, people["chair"], meeting)
    assert client.get(minutes_url(meeting)).status_code == 200

    page = fresh(meeting)
    page.minutes = "<p>Dodatečně přepsaný zápis.</p>"
    page.save_revision(user=people["coordinator"]).publish(user=people["coordinator"])
    assert not fresh(meeting).minutes_approved
    assert client.get(minutes_url(meeting)).status_code == 404


def test_internal_minutes_only_for_the_body_and_the_coordinator(setting, client):
    territory, index, meeting, people = setting
    page = fresh(meeting)
    page.minutes = "<p>Interní: jednání o rozpočtu poskytovatele.</p>"
    page.minutes_publicity = Publicity.INTERNAL
    page.save_revision(user=people["coordinator"])
    submit_minutes(fresh(meeting), people["coordinator"])
    assert approve_as(client, people["chair"], meeting).status_code == 302
    meeting = fresh(meeting)
    assert meeting.minutes_status == MinutesStatus.PUBLISHED_INTERNAL
    url = meeting.minutes_url()

    assert client.get(url).status_code == 404  # the public
    for name, expected in (("other", 404), ("member", 200), ("chair", 200), ("coordinator", 200), ("admin", 200)):
        client.force_login(people[name])
        response = client.get(url)
        assert response.status_code == expected, name
        if expected == 200:
            assert "jednání o rozpočtu" in response.content.decode()
            assert "no-store" in response["Cache-Control"]
        client.logout()
    # Nowhere on the public pages either: the announcement, the list, the feed.
    for public_url in (meeting.url, index.url, index.url + "kalendar/"):
        body = client.get(public_url).content.decode()
        assert "jednání o rozpočtu" not in body
        assert url not in body


def test_internal_minutes_make_their_attachments_internal(setting, client):
    from django.core.files.base import ContentFile

    from cms.models import TriadaDocument
    from meetings.models import MeetingAttachment

    _territory, _index, meeting, people = setting
    document = TriadaDocument(title="Příloha zápisu", owning_body=meeting.body)
    document.file.save("priloha.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    assert document.is_public

    page = fresh(meeting)
    page.minutes = MINUTES
    page.minutes_publicity = Publicity.INTERNAL
    page.attachments = [MeetingAttachment(document=document)]
    page.save_revision(user=people["coordinator"])
    submit_minutes(fresh(meeting), people["coordinator"])
    approve_as(client, people["chair"], meeting)

    document.refresh_from_db()
    assert document.publicity == Publicity.INTERNAL
    assert client.get(document.url).status_code == 404
    client.force_login(people["member"])
    assert client.get(document.url).status_code == 200


def test_admin_editor_of_meetings_renders_and_saves(setting, client):
    _territory, index, meeting, people = setting
    client.force_login(people["admin"])
    add_url = reverse("wagtailadmin_pages:add", args=("meetings", "meetingpage", index.pk))
    assert client.get(add_url).status_code == 200
    response = client.get(reverse("wagtailadmin_pages:edit", args=(meeting.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    # The minutes go to their approval workflow by the visible "Odeslat ke schválení".
    for label in ("Zápis", "Účast", "usnesení", "Odeslat ke schválení"):
        assert label in html, label
