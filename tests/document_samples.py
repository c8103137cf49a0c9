"""Real files of every allowed type, made by the libraries that write them."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf_bytes(marker="v1", size=None):
    data = PDF + f"% {marker}\n".encode()
    if size is not None and size > len(data):
        data += b"%" + b"x" * (size - len(data) - 2) + b"\n"
    return data


def docx_bytes():
    import docx

    document = docx.Document()
    document.add_paragraph("Zápis z jednání")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Rozpočet"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt_bytes():
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text="Zápis"))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def ods_bytes():
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table

    document = OpenDocumentSpreadsheet()
    document.spreadsheet.addElement(Table(name="List1"))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "JPEG")
    return buffer.getvalue()


SAMPLES = {
    "pdf": pdf_bytes,
    "docx": docx_bytes,
    "xlsx": xlsx_bytes,
    "odt": odt_bytes,
    "ods": ods_bytes,
    "png": png_bytes,
    "jpg": jpeg_bytes,
    "jpeg": jpeg_bytes,
}


def upload(name, content):
    return SimpleUploadedFile(name, content)


def stored_files(root):
    """Every file under the media root's document folders (for "nothing left behind")."""
    from pathlib import Path

    found = set()
    for folder in ("documents", "document_versions", "uploaded_files"):
        base = Path(root) / folder
        if base.exists():
            found |= {str(path) for path in base.rglob("*") if path.is_file()}
    return found
