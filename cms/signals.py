"""Keep derived content data in step with what is published."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from wagtail.models import Site
from wagtail.signals import page_published

from cms.models import StrategicPartPage, sync_strategic_items
from cms.sites import forget_sites

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
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(forget_sites, sender=Site, dispatch_uid=f"cms.forget_cached_sites_on_{name}")
    page_published.connect(
        on_strategic_part_published,
        sender=StrategicPartPage,
        dispatch_uid="cms.sync_strategic_items_on_publish",
    )
