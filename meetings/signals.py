"""Signal handlers of the meetings app, connected in MeetingsConfig.ready()."""

from django.db.models.signals import post_migrate, post_save
from wagtail.signals import page_published

from cms.models import Publicity


def on_meeting_published(sender, instance, **kwargs):
    """Recompute whether what is now live is what the chair approved.

    Internal minutes also make their attachments internal, so a file cannot
    leak through the document library.
    """
    from .models import MeetingPage

    meeting = MeetingPage.objects.get(pk=instance.pk)
    approved = meeting.is_minutes_approved()
    if approved != meeting.minutes_approved:
        MeetingPage.objects.filter(pk=meeting.pk).update(minutes_approved=approved)
    if meeting.minutes_publicity == Publicity.INTERNAL:
        from cms.models import TriadaDocument

        TriadaDocument.objects.filter(meeting_attachments__page=meeting).exclude(publicity=Publicity.INTERNAL).update(
            publicity=Publicity.INTERNAL
        )


def on_meeting_index_saved(sender, instance, created, raw=False, **kwargs):
    """A new meeting index gets the minutes-approval workflow, so minutes cannot go public without the chair."""
    if created and not raw:
        from .workflow import assign_minutes_workflow

        assign_minutes_workflow(instance)


def on_post_migrate(sender, app_config=None, using="default", **kwargs):
    """Make sure the minutes workflow exists after migrating, also on an empty database."""
    if app_config is None or app_config.label != "meetings":
        return
    from .workflow import ensure_minutes_workflow

    ensure_minutes_workflow()


def connect():
    """Connect the meetings receivers; called once from MeetingsConfig.ready()."""
    from .models import MeetingIndexPage, MeetingPage

    page_published.connect(on_meeting_published, sender=MeetingPage, dispatch_uid="meetings.meeting_published")
    post_save.connect(on_meeting_index_saved, sender=MeetingIndexPage, dispatch_uid="meetings.index_workflow")
    post_migrate.connect(on_post_migrate, dispatch_uid="meetings.ensure_minutes_workflow")
