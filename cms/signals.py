"""Keep derived content data in step with what is published."""

from wagtail.signals import page_published

from cms.models import StrategicPartPage, sync_strategic_items


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
