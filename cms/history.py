"""What the public saw of a page at a given moment, read from Wagtail's publish log.

Earlier versions of a plan are printed as they were published (publication's
PDF of an adopted version, its annexes): each page is shown in the revision
that was live then, not today's.
"""

from wagtail.models import PageLogEntry


def revision_live_at(page, moment):
    """The revision of `page` the public saw at `moment`, or None when it was not published then."""
    entry = (
        PageLogEntry.objects.filter(
            page=page, action__in=["wagtail.publish", "wagtail.unpublish"], timestamp__lte=moment
        )
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None or entry.action != "wagtail.publish" or entry.revision_id is None:
        return None
    return entry.revision
