"""Signal handlers of the catalogue, connected in `CatalogueConfig.ready()`.

Publishing, unpublishing or deleting a service updates its search entries
after the commit; a finished import re-indexes its territory in one task.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import published, unpublished

from triada.enqueue import enqueue_on_commit


def _service_changed(sender, instance, **kwargs):
    from .tasks import index_service

    pk = instance.pk
    enqueue_on_commit(index_service, pk)


def _import_finished(sender, instance, **kwargs):
    from .models import ImportStatus
    from .tasks import index_territory_services

    if instance.status == ImportStatus.DONE and (instance.added or instance.changed or instance.ended):
        territory_pk = instance.territory_id
        enqueue_on_commit(index_territory_services, territory_pk)


def connect():
    """Connect the catalogue's receivers; called from CatalogueConfig.ready()."""
    from .models import ImportRun, Service

    published.connect(_service_changed, sender=Service, dispatch_uid="catalogue_service_published")
    unpublished.connect(_service_changed, sender=Service, dispatch_uid="catalogue_service_unpublished")
    post_delete.connect(_service_changed, sender=Service, dispatch_uid="catalogue_service_deleted")
    post_save.connect(_import_finished, sender=ImportRun, dispatch_uid="catalogue_import_finished")
