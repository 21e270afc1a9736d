"""Readers: one per file format, behind the `Reader` protocol, each turning a file's bytes into an
`Extract` (its text, the start of each page, the encoding, and metadata the file states itself).

The format is decided by content, never by name alone: `sniff` looks at the magic bytes, so a
PDF renamed `.txt` is read as a PDF and a text file named `.pdf` is refused. `read_file` is what
ingest and uploads call.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field, replace
from typing import Protocol

from ...errors import CorpusError
from .glosses import without_glosses
from .pages import without_page_marks

# Suffixes the corpus scan picks up; legacy formats are listed so that they are refused by name.
SUFFIXES = {".txt": "txt", ".md": "md", ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html",
            ".doc": "legacy", ".wps": "legacy"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<meta", b"<!--")


@dataclass(frozen=True)
class Extract:
    """What a reader got out of one file. `pages[i]` is the offset in `text` where page i+1
    starts (PDF only); `meta` is what the file says of itself (title, date), below any sidecar."""

    text: str
    format: str
    encoding: str | None = None
    pages: tuple[int, ...] = ()
    meta: dict = field(default_factory=dict, hash=False, compare=False)


class Reader(Protocol):
    """Turns the bytes of one format into an `Extract`, or raises `CorpusError` naming `name`."""

    def __call__(self, data: bytes, name: str) -> Extract: ...


def sniff(data: bytes, suffix: str = "") -> str:
    """The format of `data` by content: pdf, docx, legacy (OLE .doc/.wps), html, or text (txt/md)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE):
        return "legacy"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else "zip"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(_HTML_STARTS) or (suffix in (".html", ".htm") and b"<" in head):
        return "html"
    return "md" if suffix == ".md" else "txt"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def reader_for(fmt: str) -> Reader:
    from . import docx, html, pdf, text

    return {"txt": text.read_text, "md": text.read_text, "pdf": pdf.read_pdf, "docx": docx.read_docx,
            "html": html.read_html}[fmt]


def read_file(data: bytes, name: str, suffix: str) -> Extract:
    """Read the bytes of a file called `name`, whose suffix claims `suffix`; the content decides
    the reader, and a suffix that names another known format is refused."""
    fmt = sniff(data, suffix)
    claimed = SUFFIXES.get(suffix)
    if fmt == "legacy" or (claimed == "legacy" and fmt in ("txt", "md")):   # OLE, or RTF saved as .doc
        raise CorpusError(f"{name}: a legacy Word/WPS (.doc/.wps) file; save it as .docx in Word or WPS, "
                          f"or run: libreoffice --headless --convert-to docx {name}")
    if claimed in ("pdf", "docx") and fmt != claimed:
        raise CorpusError(f"{name}: named {suffix} but its content is not {claimed.upper()} "
                          f"(it starts {data[:8]!r}); rename it or replace it with the real file")
    if fmt == "zip":
        raise CorpusError(f"{name}: a ZIP archive that is not a Word .docx; unpack it and add its documents")
    extract = reader_for(fmt)(data, name)
    if not extract.pages:   # a PDF's page offsets stay
        extract = replace(extract, text=without_glosses(extract.text))
        paged = without_page_marks(extract.text)
        if paged:
            extract = replace(extract, text=paged[0], pages=paged[1])
    return replace(extract, format=fmt)
