"""Word `.docx`, read with python-docx: paragraphs and tables in document order.

Paragraphs in Heading 1–3 styles (or an outline level) become Markdown headings, which the
structure stage maps to the section tree; deeper headings become level 3. A table becomes one
line per row, cells joined by " | ". The Title style, and the core properties, give the title.
"""
from __future__ import annotations

import io
import re
import zipfile

from ...errors import CorpusError
from . import Extract

_HEADING = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)


def read_docx(data: bytes, name: str) -> Extract:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise CorpusError(f"{name}: not a readable .docx ({e}); open it in Word or WPS and save it again") from None
    lines, title = [], None
    for block in doc.iter_inner_content():
        if hasattr(block, "rows"):
            lines += table_lines(block)
            continue
        text = block.text.strip()
        if not text:
            continue
        style = block.style.name if block.style is not None else ""
        if style == "Title":
            title = title or text
            continue
        level = heading_level(style)
        lines.append(f"{'#' * min(level, 3)} {text}" if level else text)
    meta = {"title": title or (doc.core_properties.title or "").strip()}
    return Extract("\n".join(lines), "docx", None, (), {k: v for k, v in meta.items() if v})


def heading_level(style: str) -> int:
    """1–9 for a heading style ("Heading 2", "标题 2"), 0 for any other."""
    m = _HEADING.match(style.strip())
    return int(m.group(1)) if m else 0


def table_lines(table) -> list[str]:
    """One line per row, its cells joined by " | ": a cell merged across columns once, an empty cell
    kept (so the columns stay in line with the header), a cell merged down the rows repeated."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append(" | ".join(cells))
    return lines
