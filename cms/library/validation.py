"""Checks every uploaded file: allowed type, content matching the extension, size, name.

The content check reads the file itself (magic bytes; for office formats the
zip's [Content_Types].xml or ODF mimetype entry), because an extension alone
proves nothing. Errors are ValidationErrors with a Czech message, raised
before anything is saved, so a refused upload leaves nothing behind.
"""

import os
import re
import zipfile

from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

OOXML_MAIN_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
ALLOWED_EXTENSIONS = ("pdf", "docx", "odt", "xlsx", "ods", "png", "jpg", "jpeg")
ALLOWED_LABEL = "PDF, DOCX, ODT, XLSX, ODS, PNG, JPEG"
# [Content_Types].xml is small; a larger one is not an honest office document.
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_NAME_LENGTH = 100


def max_upload_bytes():
    """The upload limit, read at call time so settings (and tests) can change it."""
    return int(getattr(settings, "TRIADA_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))


def extension_of(name):
    """The lower-case extension of a file name, without the dot ("" when there is none)."""
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def sanitize_filename(name):
    """A safe, ASCII, path-free file name that keeps the (lower-cased) extension.

    "../Zápis z jednání 3/2026.PDF" -> "2026.pdf"; "Zápis č. 3.PDF" -> "Zapis_c._3.pdf".
    """
    base = os.path.basename((name or "").replace("\\", "/"))
    stem, extension = os.path.splitext(base)
    stem = anyascii(stem)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-")
    stem = re.sub(r"_+", "_", stem)[:MAX_NAME_LENGTH] or "dokument"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())
    return f"{stem}.{extension}" if extension else stem


def _head(uploaded, length=16):
    uploaded.seek(0)
    head = uploaded.read(length)
    uploaded.seek(0)
    return head


def _content_matches(uploaded, extension):
    if extension in MAGIC:
        head = _head(uploaded)
        return any(head.startswith(magic) for magic in MAGIC[extension])
    if _head(uploaded, 4) != b"PK\x03\x04":
        return False
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            if extension in OOXML_MAIN_TYPES:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > MAX_MANIFEST_BYTES:
                    return False
                manifest = archive.read(info).decode("utf-8", "replace")
                return OOXML_MAIN_TYPES[extension] in manifest
            info = archive.getinfo("mimetype")
            if info.file_size > 200:
                return False
            return archive.read(info).decode("ascii", "replace").strip() == ODF_MIMETYPES[extension]
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return False
    finally:
        uploaded.seek(0)


def validate_upload(uploaded):
    """Raise ValidationError (Czech message) unless `uploaded` may be stored; sanitise its name."""
    extension = extension_of(uploaded.name)
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Files of type “%(extension)s” cannot be uploaded. Allowed types: %(allowed)s."),
            code="disallowed_type",
            params={"extension": extension.upper() or _("without extension"), "allowed": ALLOWED_LABEL},
        )
    limit = max_upload_bytes()
    if uploaded.size is not None and uploaded.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The largest allowed size is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    if not uploaded.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if not _content_matches(uploaded, extension):
        raise ValidationError(
            _(
                "The content of the file does not match its extension .%(extension)s. "
                "Save the file in that format and upload it again."
            ),
            code="content_mismatch",
            params={"extension": extension},
        )
    uploaded.name = sanitize_filename(uploaded.name)
    return uploaded
