"""Admin views and hooks of the governed document library."""

from django.http import Http404
from wagtail import hooks

from cms.access import may_view_document


@hooks.register("before_serve_document")
def refuse_internal_documents(document, request):
    """Internal documents exist only for those allowed to see them: 404 for everyone else."""
    if not may_view_document(request.user, document):
        raise Http404


# The admin API's document and image endpoints, limited by the access layer.
from cms.admin import api  # noqa: E402, F401
