"""Path-safe serving of image files, the only files ever served from MEDIA_ROOT.

Documents and their versions are served only by the permission-checked views
(Wagtail's document view with the `before_serve_document` hook, and
`cms.library.views.serve_version`). Images are public, but a file path taken
from a URL is never joined to MEDIA_ROOT as such: the view answers only for a
single file name directly inside `images/` or `original_images/` that the
database knows as an image or a rendition. Anything else — `..` in any
spelling, backslashes, `;`, a sub-folder, an unknown file — is a 404.
"""

import mimetypes
import re

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from cms.models import TriadaImage, TriadaRendition

# One plain file name: no separators, no parent references, no parameters.
SAFE_NAME = re.compile(r"^[\w][\w.\-]*$")
FOLDERS = {"images": TriadaRendition, "original_images": TriadaImage}


@require_safe
def serve_image(request, folder, name):
    """An image or rendition file by its stored name, or 404."""
    model = FOLDERS.get(folder)
    if model is None or not SAFE_NAME.match(name) or ".." in name:
        raise Http404
    stored_name = f"{folder}/{name}"
    item = model.objects.filter(file=stored_name).only("pk", "file").first()
    if item is None:
        raise Http404
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    content_type, _encoding = mimetypes.guess_type(name)
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response
