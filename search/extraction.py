"""Text out of PDF, DOCX and ODT files, within limits, failing cleanly.

Uploaded files are untrusted: a PDF may be broken or encrypted, a scan has no
text layer, a DOCX/ODT is a ZIP that may unpack to gigabytes. Every limit
ends in an `Extraction` with a status and a short Czech-translatable reason
instead of an exception, so a bad file never stops the worker or the upload.
"""

import io
import logging
import shutil
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from cms.models.media import ExtractionStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """Bounds of one extraction (file size, unpacked size, pages, characters, seconds), so a hostile upload cannot exhaust the worker."""

    max_file_bytes: int = 100 * 1024 * 1024
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    max_chars: int = 2_000_000
    max_seconds: float = 120.0

    @classmethod
    def from_settings(cls):
        return cls(**getattr(settings, "TRIADA_EXTRACTION_LIMITS", {}))


@dataclass
class Extraction:
    """The result of extracting one file: status, text and what was cut off, recorded on the document."""

    status: str
    text: str = ""
    error: str = ""
    pages: int = 0
    truncated: bool = False
    seconds: float = 0.0


class ExtractionLimit(Exception):
    """Raised inside a reader when a limit is hit; the extraction ends as failed with this Czech reason."""

    pass


EXTRACTABLE = {"pdf", "docx", "odt"}


def extract(data_or_path, extension, limits=None):
    """Extract the text of a file given as bytes or a path; never raises for a bad file."""
    limits = limits or Limits.from_settings()
    extension = (extension or "").lower().lstrip(".")
    started = time.monotonic()
    if extension not in EXTRACTABLE:
        return Extraction(
            ExtractionStatus.SKIPPED,
            error=_("Text is not extracted from %(ext)s files.") % {"ext": extension.upper() or "?"},
        )
    data = data_or_path
    if not isinstance(data, (bytes, bytearray)):
        with open(data_or_path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        return Extraction(
            ExtractionStatus.FAILED,
            error=_("The file is larger than %(mb)s MB, the limit for text extraction.")
            % {"mb": limits.max_file_bytes // (1024 * 1024)},
        )
    reader = {"pdf": _pdf, "docx": _docx, "odt": _odt}[extension]
    deadline = started + limits.max_seconds
    try:
        text, pages, truncated = reader(bytes(data), limits, deadline)
    except ExtractionLimit as limit:
        return Extraction(ExtractionStatus.FAILED, error=str(limit), seconds=time.monotonic() - started)
    except Exception as error:  # noqa: BLE001 (a broken upload may raise anything from the parser)
        logger.info("Text extraction failed: %r", error)
        return Extraction(
            ExtractionStatus.FAILED,
            error=_("The file could not be read (%(reason)s).") % {"reason": type(error).__name__},
            seconds=time.monotonic() - started,
        )
    text = " ".join(text.split())
    if len(text) > limits.max_chars:
        text, truncated = text[: limits.max_chars], True
    seconds = time.monotonic() - started
    if not text:
        return Extraction(
            ExtractionStatus.NO_TEXT,
            error=_("The file contains no text (a scan without a text layer?)."),
            pages=pages,
            seconds=seconds,
        )
    return Extraction(ExtractionStatus.DONE, text=text, pages=pages, truncated=truncated, seconds=seconds)


def _check_time(deadline):
    if time.monotonic() > deadline:
        raise ExtractionLimit(_("Text extraction took too long and was stopped."))


def _pdf(data, limits, deadline):
    """poppler's pdftotext (≈10× pypdf's speed) where it is installed, pypdf otherwise."""
    if shutil.which("pdftotext"):
        return _pdf_poppler(data, limits, deadline)
    return _pdf_pypdf(data, limits, deadline)


def _pdf_poppler(data, limits, deadline):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as source:
        source.write(data)
        source.flush()
        try:
            result = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", "-l", str(limits.max_pages), "-opw", "", source.name, "-"],
                capture_output=True,
                timeout=max(0.1, deadline - time.monotonic()),
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise ExtractionLimit(_("Text extraction took too long and was stopped.")) from error
    if result.returncode != 0:
        if b"password" in result.stderr.lower():
            raise ExtractionLimit(_("The PDF is encrypted with a password."))
        raise ValueError(result.stderr.decode("utf-8", "replace")[:200] or f"pdftotext exit {result.returncode}")
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    text = "\n".join(pages)
    truncated = len(pages) >= limits.max_pages or len(text) > limits.max_chars
    return text, len(pages), truncated


def _pdf_pypdf(data, limits, deadline):
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Files "protected" only against editing open with an empty password.
        try:
            if not reader.decrypt(""):
                raise ExtractionLimit(_("The PDF is encrypted with a password."))
        except (FileNotDecryptedError, NotImplementedError) as error:
            raise ExtractionLimit(_("The PDF is encrypted with a password.")) from error
    parts, size, truncated = [], 0, False
    for number, page in enumerate(reader.pages, start=1):
        if number > limits.max_pages:
            truncated = True
            break
        _check_time(deadline)
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > limits.max_chars:
            truncated = True
            break
    return "\n".join(parts), len(parts), truncated


def _check_zip(data, limits):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > limits.max_unpacked_bytes:
        raise ExtractionLimit(
            _("The file unpacks to more than %(mb)s MB, the limit for text extraction.")
            % {"mb": limits.max_unpacked_bytes // (1024 * 1024)}
        )


def _docx(data, limits, deadline):
    import docx

    _check_zip(data, limits)
    document = docx.Document(io.BytesIO(data))
    parts, size = [], 0
    for paragraph in document.paragraphs:
        parts.append(paragraph.text)
        size += len(paragraph.text)
        if size > limits.max_chars:
            return "\n".join(parts), 1, True
    _check_time(deadline)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
                size += len(cell.text)
        _check_time(deadline)
        if size > limits.max_chars:
            return "\n".join(parts), 1, True
    # DOCX has no fixed pages; count the explicit page breaks.
    pages = 1 + sum(paragraph._p.xml.count('w:type="page"') for paragraph in document.paragraphs)
    return "\n".join(parts), pages, False


def _odt(data, limits, deadline):
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    _check_zip(data, limits)
    document = load(io.BytesIO(data))
    parts, state = [], {"size": 0, "pages": 1}
    paragraph_tags = {(TEXTNS, "p"), (TEXTNS, "h")}

    def walk(node):
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname in paragraph_tags:
                value = teletype.extractText(child)
                parts.append(value)
                state["size"] += len(value)
                if state["size"] > limits.max_chars:
                    raise _Full
            elif qname == (TEXTNS, "soft-page-break"):
                state["pages"] += 1
            elif getattr(child, "childNodes", None):
                walk(child)
        _check_time(deadline)

    try:
        walk(document.text)
    except _Full:
        return "\n".join(parts), state["pages"], True
    return "\n".join(parts), state["pages"], False


class _Full(Exception):
    """The character limit is reached: stop walking, keep what was read."""
