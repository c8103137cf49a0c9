"""Lists of upcoming and past meetings per territory and body; the chair's open resolutions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import MeetingResolution, ResolutionStatus
from tests.factories import make_territory
from tests.meetings.helpers import admin_user, fresh, make_meeting, make_meeting_index

pytestmark = pytest.mark.django_db


def section(html, heading):
    start = html.index(heading)
    end = html.find("<h2", start + 1)
    return html[start : end if end != -1 else len(html)]


def test_upcoming_and_past_lists_per_territory_and_body(client):
    territory = make_territory("ORP Seznamov", hostname="testserver")
    other = make_territory("ORP Jinde")
    index = make_meeting_index(territory)
    make_meeting(index, territory.wg_seniors, "Budoucí jednání seniorů", days=4)
    make_meeting(index, territory.wg_seniors, "Minulé jednání seniorů", days=-4)
    make_meeting(index, territory.wg_families, "Budoucí jednání rodin", days=6)
    make_meeting(make_meeting_index(other), other.wg_seniors, "Jednání v jiném území", days=3)

    html = client.get(index.url).content.decode()
    upcoming = section(html, "Připravovaná jednání</h2>")
    past = section(html, "Proběhlá jednání</h2>")
    assert "Budoucí jednání seniorů" in upcoming and "Budoucí jednání rodin" in upcoming
    assert "Minulé jednání seniorů" in past and "Minulé jednání seniorů" not in upcoming
    assert "Jednání v jiném území" not in html

    html = client.get(index.url + "skupina/ps-seniori/").content.decode()
    assert "Budoucí jednání seniorů" in html and "Minulé jednání seniorů" in html
    assert "Budoucí jednání rodin" not in html
    assert client.get(index.url + "skupina/neexistuje/").status_code == 404


def test_open_resolutions_for_the_chair(client):
    territory = make_territory("ORP Usnesení", hostname="testserver")
    chair = admin_user(groups=[territory.wg_seniors], username="predseda")
    territory.wg_seniors.chair = chair
    territory.wg_seniors.save()
    index = make_meeting_index(territory)
    meeting = make_meeting(index, territory.wg_seniors, "Jednání se usneseními")
    page = fresh(meeting)
    page.resolutions = [
        MeetingResolution(text="Rozeslat návrh kapitoly", due_date=timezone.localdate() - timedelta(days=1)),
        MeetingResolution(text="Připravit dotazník", status=ResolutionStatus.IN_PROGRESS),
        MeetingResolution(text="Splněný úkol", status=ResolutionStatus.DONE),
    ]
    page.save_revision().publish()
    families = make_meeting(index, territory.wg_families, "Jednání rodin")
    page = fresh(families)
    page.resolutions = [MeetingResolution(text="Úkol jiné skupiny")]
    page.save_revision().publish()

    url = reverse("meetings_open_resolutions")
    client.force_login(chair)
    html = client.get(url).content.decode()
    assert "Rozeslat návrh kapitoly" in html and "Připravit dotazník" in html
    assert "po termínu" in html
    assert "Splněný úkol" not in html
    assert "Úkol jiné skupiny" not in html  # another body's resolutions are not the chair's business

    # A member who chairs nothing sees none; the coordinator sees the whole territory.
    client.force_login(admin_user(groups=[territory.wg_seniors], username="clen"))
    assert "Rozeslat návrh kapitoly" not in client.get(url).content.decode()
    client.force_login(admin_user(groups=[territory.coordinator_group], username="koordinatorka"))
    html = client.get(url).content.decode()
    assert "Rozeslat návrh kapitoly" in html and "Úkol jiné skupiny" in html
