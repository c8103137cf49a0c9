"""Keep derived content data in step with what is published."""

from django.dispatch import Signal
from wagtail.signals import page_published

from cms.models import StrategicPartPage, sync_strategic_items

#: Sent when something the public sees changed without a publish (e.g. a plan
#: archived): apps that keep copies of public pages (the page cache) drop them.
#: Arguments: sender (the model), instance.
public_content_changed = Signal()


def on_strategic_part_published(sender, instance, **kwargs):
    """Mirror the published strategic part into StrategicItem rows, which other apps and the public item URLs read."""
    sync_strategic_items(instance)


def connect():
    """Connect cms's own receivers; called once from CmsConfig.ready()."""
    from cms.library import signals as library_signals

    library_signals.connect()
    page_published.connect(
        on_strategic_part_published,
        sender=StrategicPartPage,
        dispatch_uid="cms.sync_strategic_items_on_publish",
    )
