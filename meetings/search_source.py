"""How search finds meetings: the announcement, and the minutes once the chair approved them.

Registered from MeetingsConfig.ready(); search itself knows nothing of meetings.
"""

from django.utils.translation import gettext as _

from cms.models import Publicity, TriadaDocument
from search import registry
from search.models import EntryKind
from search.sources import entry, html_to_text, page_key, register_page


def describe_meeting(meeting, common, date=None):
    """The announcement, and the minutes once approved (public or internal to the body)."""
    body = meeting.body
    start = meeting.start.date()
    announcement_public = bool(body.is_public)
    entries = [
        entry(
            page_key(meeting),
            kind=EntryKind.MEETING,
            title=meeting.title,
            text=f"{meeting.place} {html_to_text(meeting.agenda)}",
            meta=_("Meeting · %(body)s") % {"body": body.name},
            body=body,
            date=start,
            year=start.year,
            target_groups=sorted(body.target_groups.values_list("code", flat=True)),
            **{**common, "is_public": announcement_public},
        )
    ]
    if meeting.minutes_approved and meeting.has_minutes:
        resolutions = " ".join(resolution.text for resolution in meeting.resolutions.all())
        minutes_public = announcement_public and meeting.minutes_publicity == Publicity.PUBLIC
        entries.append(
            entry(
                f"{page_key(meeting)}:minutes",
                kind=EntryKind.MEETING,
                title=_("Minutes: %(title)s") % {"title": meeting.title},
                text=f"{html_to_text(meeting.minutes)} {resolutions}",
                meta=_("Minutes · %(body)s") % {"body": body.name},
                body=body,
                date=start,
                year=start.year,
                target_groups=sorted(body.target_groups.values_list("code", flat=True)),
                **{**common, "url": meeting.minutes_url(), "is_public": minutes_public},
            )
        )
    return entries


def register():
    """Register the meeting page source, and the attachments that follow a meeting's publicity."""
    from meetings.models import MeetingPage

    register_page(MeetingPage, describe_meeting, _("meetings"))
    # Attachments change publicity with the minutes (updated in bulk, no signal), so they follow the page.
    registry.register_page_follower(
        "meetings.attachments", lambda pk: TriadaDocument.objects.filter(meeting_attachments__page_id=pk)
    )
