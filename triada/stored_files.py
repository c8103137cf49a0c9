"""Serving a PDF that a background task renders into storage.

Several apps keep a PDF that takes longer to render than a request may wait
(the plan, the monitoring report, the service catalogue). They all answer the
same way, so they share this: the stored file with its size and an ETag, or,
while the task is still running, a "being prepared" page with 503 and
Retry-After, never cached, so a browser or a crawler comes back for the file.
Like every `triada` helper it imports none of our apps; the caller decides who
may see what before it gets here.
"""

from django.http import FileResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

RETRY_AFTER_SECONDS = 30


def serve_stored_pdf(
    request,
    stored_file,
    *,
    filename,
    pending_template,
    context=None,
    etag=None,
    retry_after=RETRY_AFTER_SECONDS,
    max_age=300,
):
    """The PDF in `stored_file` (a FieldFile), or the pending page while it is empty.

    `filename` names the download (shown inline); `etag` identifies the rendered
    text (e.g. its fingerprint) so a client that has it gets nothing new.
    """
    if not stored_file:
        return pdf_pending(request, pending_template, context, retry_after=retry_after)
    response = FileResponse(stored_file.open("rb"), content_type="application/pdf", filename=filename)
    response["Content-Length"] = str(stored_file.size)
    if etag:
        response["ETag"] = f'"{etag}"'
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def pdf_pending(request, template, context=None, *, retry_after=RETRY_AFTER_SECONDS):
    """503 + Retry-After with the app's Czech "PDF se připravuje" page; not stored by caches."""
    response = TemplateResponse(request, template, context or {}, status=503)
    response["Retry-After"] = str(retry_after)
    patch_cache_control(response, no_store=True)
    return response
