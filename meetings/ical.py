"""iCalendar feeds of upcoming meetings (RFC 5545), times in Europe/Prague."""

from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from icalendar import Calendar, Event

PRAGUE = ZoneInfo("Europe/Prague")
PRODID = "-//Triáda//Jednání skupin KPSS//CS"


def meeting_uid(meeting):
    """Stable across edits, moves and renames: the page id never changes."""
    return f"jednani-{meeting.pk}@triada"


def build_calendar(meetings, *, name, request=None):
    """An iCalendar of meetings (public ones only are passed in), so people add the bodies' meetings to their own calendars."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Prague")
    stamp = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.start.astimezone(PRAGUE))
        event.add("dtend", meeting.end_or_default.astimezone(PRAGUE))
        event.add("summary", f"{meeting.title} – {meeting.body.name}")
        event.add("location", meeting.place)
        if meeting.agenda:
            event.add("description", Truncator(strip_tags(meeting.agenda)).chars(2000))
        url = meeting.get_full_url(request)
        if url:
            event.add("url", url)
        event.add("last-modified", meeting.last_published_at or stamp)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def calendar_response(request, meetings, *, name, slug):
    """The calendar as an .ics response that calendar apps can subscribe to."""
    calendar = build_calendar(meetings, name=name, request=request)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}.ics"'
    return response
