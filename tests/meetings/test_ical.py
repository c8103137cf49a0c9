"""The iCalendar feeds parse with a real parser and carry exactly the upcoming public meetings."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.factories import make_territory
from tests.meetings.helpers import fresh, make_meeting, make_meeting_index

pytestmark = pytest.mark.django_db
PRAGUE = ZoneInfo("Europe/Prague")


@pytest.fixture
def feeds():
    territory = make_territory("ORP Kalendářov", hostname="testserver")
    index = make_meeting_index(territory)
    seniors = territory.wg_seniors
    families = territory.wg_families
    hidden = territory.council
    hidden.is_public = False
    hidden.save()
    meetings = {
        "seniors_soon": make_meeting(index, seniors, "Jednání PS Senioři – březen", days=3),
        "seniors_later": make_meeting(index, seniors, "Jednání PS Senioři – duben", days=30),
        "families_soon": make_meeting(index, families, "Jednání PS Rodiny", days=5),
        "seniors_past": make_meeting(index, seniors, "Jednání PS Senioři – leden", days=-20),
        "draft": make_meeting(index, seniors, "Nezveřejněné jednání", days=7, publish=False),
        "hidden_body": make_meeting(index, hidden, "Zasedání neveřejného orgánu", days=8),
    }
    return territory, index, meetings


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    return calendar, events


def test_territory_feed(client, feeds):
    _territory, index, meetings = feeds
    calendar, events = parse(client.get(index.url + "kalendar/"))
    expected = {meetings[key] for key in ("seniors_soon", "seniors_later", "families_soon")}
    assert set(events) == {f"jednani-{m.pk}@triada" for m in expected}
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Prague"]
    for meeting in expected:
        event = events[f"jednani-{meeting.pk}@triada"]
        start = event.decoded("DTSTART")
        assert start == meeting.start
        assert str(start.tzinfo) == "Europe/Prague"
        assert event["DTSTART"].params["TZID"] == "Europe/Prague"
        assert event.decoded("DTEND") > start
        assert meeting.title in str(event["SUMMARY"])
        assert str(event["LOCATION"]) == meeting.place
        assert str(event["URL"]).endswith(meeting.url)


def test_body_feed_and_stable_uids(client, feeds):
    _territory, index, meetings = feeds
    url = index.url + "skupina/ps-seniori/kalendar/"
    _calendar, events = parse(client.get(url))
    assert set(events) == {f"jednani-{meetings[k].pk}@triada" for k in ("seniors_soon", "seniors_later")}

    # Renaming and moving a meeting keeps its UID, so calendars update the event.
    page = fresh(meetings["seniors_soon"])
    page.title = "Jednání PS Senioři – přesunuto"
    page.start = datetime(2030, 5, 4, 16, 30, tzinfo=PRAGUE)
    page.save_revision().publish()
    _calendar, events = parse(client.get(url))
    event = events[f"jednani-{page.pk}@triada"]
    assert "přesunuto" in str(event["SUMMARY"])
    assert event.decoded("DTSTART") == datetime(2030, 5, 4, 16, 30, tzinfo=PRAGUE)
    assert event["DTSTART"].to_ical() == b"20300504T163000"


def test_feed_of_a_non_public_or_unknown_body_is_404(client, feeds):
    territory, index, _meetings = feeds
    assert client.get(index.url + f"skupina/{territory.council.slug}/kalendar/").status_code == 404
    assert client.get(index.url + "skupina/neexistuje/kalendar/").status_code == 404
