"""Permission-checked serving of earlier versions of a document.

The current file is served by Wagtail's own view (guarded by the
before_serve_document hook); files are never reachable under /media/.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from cms.access import may_view_versions
from cms.models import DocumentVersion

from .versions import version_filename


def serve_version(request, version_id):
    """Serve an earlier version of a document, only to those who may see versions; others get the same 404 as a guess."""
    version = get_object_or_404(DocumentVersion.objects.select_related("document"), pk=version_id)
    if not version.file:
        raise Http404
    # Everyone who may not see versions gets the same 404 as for a guessed URL.
    if not may_view_versions(request.user, version.document):
        raise Http404
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=version_filename(version))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
