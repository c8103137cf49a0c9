"""The meetings part of the demo.

Each public body gets a past meeting whose minutes went through the chair's
approval, and an upcoming one; one working group keeps its minutes internal.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Workflow

from cms.models import PlanningBody, Publicity
from meetings.models import MeetingIndexPage, MeetingKind, MeetingPage, MeetingResolution
from meetings.workflow import MINUTES_WORKFLOW_NAME

from .registry import step

KIND_BY_BODY = {
    "working_group": MeetingKind.WORKING_GROUP,
    "steering_group": MeetingKind.STEERING_GROUP,
    "council": MeetingKind.COUNCIL,
    "general_assembly": MeetingKind.COUNCIL,
}


def _meeting_index(territory):
    index = MeetingIndexPage.objects.child_of(territory).first()
    if index is None:
        index = MeetingIndexPage(title="Jednání skupin", slug="jednani")
        territory.add_child(instance=index)
        index.save_revision().publish()
    return index


def approve_minutes(meeting, submitter):
    """Run the minutes through the "Schválení zápisu" workflow as the chair would."""
    workflow = Workflow.objects.get(name=MINUTES_WORKFLOW_NAME)
    meeting.save_revision(user=submitter)
    state = workflow.start(meeting, submitter)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state.specific, meeting.body.chair, "approve")


@step(order=70)
def meetings(demo):
    """Each body: a past meeting with approved minutes (one kept internal) and an upcoming one."""
    territory = demo.territory
    index = _meeting_index(territory)
    if MeetingPage.objects.child_of(index).exists():
        return
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    submitter = (demo.users.get("coordinator") or [None])[0]
    bodies = PlanningBody.objects.for_territory(territory).select_related("chair")
    for position, body in enumerate(bodies):
        kind = KIND_BY_BODY.get(body.kind, MeetingKind.WORKING_GROUP)
        past = MeetingPage(
            title=f"{position + 1}. jednání – {body.name}",
            slug=f"{body.slug}-{position + 1}-jednani",
            body=body,
            kind=kind,
            start=now - timedelta(days=30 + 7 * position, hours=-3),
            place="Zasedací místnost městského úřadu",
            agenda="<ol><li>Zahájení</li><li>Stav rozpracovaných kapitol plánu</li><li>Různé</li></ol>",
        )
        index.add_child(instance=past)
        past.save_revision(user=submitter).publish()
        if body.chair_id:
            past.minutes = (
                "<p>Jednání zahájila předsedající, skupina je usnášeníschopná.</p>"
                "<p>Skupina projednala stav kapitol a připomínky poskytovatelů.</p>"
            )
            past.guests_count = 2
            past.minutes_publicity = Publicity.INTERNAL if position == len(bodies) - 1 else Publicity.PUBLIC
            past.members_present.set(list(body.members[:5]))
            past.resolutions = [
                MeetingResolution(
                    text="Skupina ukládá koordinátorce rozeslat návrh kapitoly členům.",
                    responsible="koordinátorka KPSS",
                    due_date=(now + timedelta(days=14)).date(),
                ),
                MeetingResolution(text="Skupina bere na vědomí informaci o financování služeb."),
            ]
            approve_minutes(past, submitter)
        upcoming = MeetingPage(
            title=f"{position + 2}. jednání – {body.name}",
            slug=f"{body.slug}-{position + 2}-jednani",
            body=body,
            kind=kind,
            start=now + timedelta(days=10 + 7 * position, hours=3),
            place="Komunitní centrum, Náměstí 1",
            agenda="<ol><li>Kontrola usnesení</li><li>Akční plán na příští rok</li></ol>",
        )
        index.add_child(instance=upcoming)
        upcoming.save_revision(user=submitter).publish()
