"""Reading a PDF the way assistive technology and a reader would: pypdf and poppler."""

import io
import re
import subprocess
import tempfile

from pypdf import PdfReader


def reader(pdf_bytes):
    return PdfReader(io.BytesIO(pdf_bytes))


def outline(pdf):
    """[(level, title, page number 1-based)] of the bookmarks, depth first."""
    result = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                result.append((level, item.title, pdf.get_destination_page_number(item) + 1))

    walk(pdf.outline, 1)
    return result


def structure_elements(pdf):
    """The tagged structure's elements in document order: [(role, attributes dict)]."""
    elements = []
    root = pdf.trailer["/Root"]["/StructTreeRoot"]

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        role = node.get("/S")
        if role is not None:
            elements.append((str(role).lstrip("/"), {key: node[key] for key in ("/Alt", "/Lang") if key in node}))
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    walk(root.get("/K"))
    return elements


def page_texts(pdf_bytes):
    """pdftotext of every page (poppler), as a list of strings."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf_bytes)
        handle.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return text.split("\f")


def pdfinfo(pdf_bytes):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf_bytes)
        handle.flush()
        out = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^([^:]+):\s*(.*)$", out, flags=re.M))


def toc_entries(page_text):
    """[(title, page)] from a contents page: "1. Úvod ........ 3"."""
    entries = []
    for line in page_text.splitlines():
        match = re.match(r"^\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            entries.append((match.group(1).strip(), int(match.group(2))))
    return entries
