"""Builders for meeting tests: an index with the minutes workflow, meetings, people."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import Workflow

from meetings.models import MeetingIndexPage, MeetingKind, MeetingPage
from meetings.workflow import MINUTES_WORKFLOW_NAME
from tests.factories import make_user


def admin_user(groups=(), **kwargs):
    user = make_user(groups=groups, **kwargs)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def make_meeting_index(territory, title="Jednání"):
    index = MeetingIndexPage(title=title, slug="jednani")
    territory.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_meeting(index, body, title="Jednání PS", *, days=-7, publish=True, place="Městský úřad, zasedačka", **fields):
    start = timezone.now().replace(microsecond=0) + timedelta(days=days)
    meeting = MeetingPage(
        title=title,
        body=body,
        kind=fields.pop("kind", MeetingKind.WORKING_GROUP),
        start=start,
        place=place,
        agenda=fields.pop("agenda", "<ol><li>Zahájení</li></ol>"),
        live=False,
        **fields,
    )
    index.add_child(instance=meeting)
    revision = meeting.save_revision()
    if publish:
        revision.publish()
    meeting.refresh_from_db()
    return meeting


def submit_minutes(meeting, user):
    """Start the minutes workflow on the meeting's latest revision."""
    workflow = Workflow.objects.get(name=MINUTES_WORKFLOW_NAME)
    return workflow.start(meeting, user)


def fresh(meeting):
    return MeetingPage.objects.get(pk=meeting.pk)
