"""PDF with a text layer, read with pypdf in layout mode (which keeps each line's indentation).

A page holding a ruled table (a 任务分工 list: 序号 | 重点任务 | 牵头单位 …) is read with pdfplumber
instead: its tables become one ` | `-joined line per row (a merged cell's text filled down), and
its other lines keep their place above, between or below them.

The text comes back as paragraphs: a line broken by the page width, or across a page break, is
joined to the next, and a paragraph ends where a line stops short or the next line is indented.
Running headers and footers (the same line at the top or bottom of most pages, page numbers
aside) are dropped. Radicals that fonts map instead of ideographs are unified. A PDF with no text
layer (a scan) is refused: there is no OCR here.
"""
from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter

from ...errors import CorpusError
from . import Extract
from .radicals import unify

_PAGE_NUMBER = re.compile(r"[-—–\s]*(第\s*)?\d{1,4}(\s*页)?(\s*(/|of|共)\s*\d{1,4}\s*页?)?[-—–\s]*"
                          r"|[-—–\s]*(page|p\.)\s*\d{1,4}(\s*of\s*\d{1,4})?[-—–\s]*", re.IGNORECASE)
_SPACES = re.compile(r" {2,}")
_SHORT = 0.85        # a line under this share of the page's usual full line ends its paragraph
_INDENT = 2          # columns of extra indentation that open a paragraph
_ROW = " | "         # how a table row's cells are joined (as the Word reader does)
_RUNNING = 0.5       # a top or bottom line on at least this share of pages is a running header/footer


def read_pdf(data: bytes, name: str) -> Extract:
    reader = _reader(data, name)
    pages = [_lines(p, n, name) for n, p in enumerate(reader.pages, 1)]
    for n, lines in table_pages(data, [_has_table_header(lines) for lines in pages]).items():
        pages[n] = lines
    if not any(line.strip() for page in pages for line in page):
        raise CorpusError(f"{name}: no text layer on any of its {len(pages)} pages (a scanned PDF?); "
                          f"run OCR first, e.g. ocrmypdf {name} out.pdf, and add the result")
    pages = drop_running_lines(pages)
    text, starts = join_pages(pages)
    return Extract(text, "pdf", None, starts, _title(reader))


def _title(reader) -> dict:
    """The document information's title, unless it is empty or a file or page name."""
    title = str((reader.metadata or {}).get("/Title") or "").strip()
    junk = not title or title.lower() in ("about:blank", "untitled") or \
        re.search(r"\.(docx?|pdf|html?|wps)$", title, re.I)
    return {} if junk else {"title": title}


def _reader(data: bytes, name: str):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CorpusError(f"{name}: the PDF is password-protected; save an unprotected copy and add that")
        if not len(reader.pages):   # parsed now, so that a broken file fails here with its name
            raise CorpusError(f"{name}: the PDF has no pages; re-export it from the program that made it")
        return reader
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError) as e:   # DependencyError: AES without cryptography
        raise CorpusError(f"{name}: not a readable PDF ({e}); re-export it from the program that made it") from None


def _lines(page, number: int, name: str) -> list[str]:
    from pypdf.errors import PyPdfError

    try:
        text = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=False)
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as e:
        raise CorpusError(f"{name}: page {number} cannot be read ({type(e).__name__}: {e}); "
                          f"re-export the PDF from the program that made it") from None
    return [unify(line.rstrip()) for line in text.split("\n") if line.strip()]


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Each page without its running header, running footer and bare page number."""
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip())

    tops = Counter(key(p[0]) for p in pages if p)
    bottoms = Counter(key(p[-1]) for p in pages if p)
    need = max(2, _RUNNING * len(pages))
    out = []
    for page in pages:
        page = list(page)
        while page and (tops[key(page[0])] >= need or _PAGE_NUMBER.fullmatch(page[0])):
            page.pop(0)
        while page and (bottoms[key(page[-1])] >= need or _PAGE_NUMBER.fullmatch(page[-1])):
            page.pop()
        out.append(page)
    return out


def join_pages(pages: list[list[str]]) -> tuple[str, tuple[int, ...]]:
    """The pages' lines as paragraphs (one per line of the result), and where each page starts."""
    widths = [len(line) for page in pages for line in page]
    full = statistics.median_high(widths) if widths else 0
    margin = min((_indent(line) for page in pages for line in page), default=0)
    parts: list[str] = []
    starts: list[int] = []
    size = 0
    flat = [(i, line) for i, page in enumerate(pages) for line in page]
    for n, (page_no, line) in enumerate(flat):
        while len(starts) <= page_no:
            starts.append(size)
        piece = _SPACES.sub(" ", line.strip())   # justified lines come back with stretched spaces
        if parts and parts[-1] != "\n" and _ascii_word_end(parts[-1]) and piece[:1].isascii() and piece[:1].isalnum():
            piece = " " + piece
        parts.append(piece)
        size += len(piece)
        nxt = flat[n + 1][1] if n + 1 < len(flat) else None
        if nxt is None or len(line) < _SHORT * full or _indent(nxt) >= margin + _INDENT or _ROW in line or _ROW in nxt:
            parts.append("\n")
            size += 1
    while len(starts) < len(pages):
        starts.append(size)
    return "".join(parts).rstrip("\n"), tuple(starts)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _ascii_word_end(piece: str) -> bool:
    """Whether a line ends in Latin text ("databases," or "2025"), so the next line's word needs a space;
    a Chinese line ending in an ASCII bracket ("…负责)") does not."""
    tail = piece[-2:]
    return (bool(tail) and tail.isascii() and tail[-1] not in " -/"
            and (tail[-1].isalnum() or tail[:1].isalnum()))


# Column names of a task table. pdfplumber's table search costs ~0.1 s a page, so it runs only on a
# page with a line naming two of them (a header row), and on the pages after one where it found a table.
_TABLE_WORDS = ("序号", "重点任务", "工作任务", "主要任务", "重点工作", "牵头单位", "责任单位", "配合单位",
                "完成时限", "时间节点", "责任领导", "责任人")


_HEADER_WORD = re.compile("|".join(sorted(_TABLE_WORDS, key=len, reverse=True)))


def _has_table_header(lines: list[str]) -> bool:
    """A line naming two column words apart (`序号 重点工作 责任领导`; `重点工作任务` is one phrase)."""
    return any(len({m.group() for m in _HEADER_WORD.finditer(line)}) >= 2 for line in lines)


def table_pages(data: bytes, headed: list[bool]) -> dict[int, list[str]]:
    """{page index: its lines} for the pages where pdfplumber finds a table of two or more columns
    and rows (looked for where `headed` says a header row shows, or a table ran on from the page
    before): text lines and table rows in reading order (top to bottom)."""
    out: dict[int, list[str]] = {}
    if not any(headed):
        return out
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception:   # pdfplumber refuses what pypdf read: keep pypdf's lines  # noqa: BLE001
        return out
    with pdf:
        for n, page in enumerate(pdf.pages):
            if not (headed[n] or n - 1 in out):
                continue
            tables = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.rows[0].cells) >= 2]
            if not tables:
                continue
            boxes = [t.bbox for t in tables]
            outside = page.filter(lambda o: not any(_within(o, b) for b in boxes))
            placed = [(line["top"], unify(line["text"])) for line in outside.extract_text_lines()]
            placed += [(t.bbox[1] + i * 1e-3, row) for t in tables for i, row in enumerate(table_rows(t.extract()))]
            out[n] = [text for _, text in sorted(placed, key=lambda p: p[0]) if text.strip()]
    return out


def _within(obj: dict, box: tuple) -> bool:
    x0, top, x1, bottom = box
    return obj.get("x0", -1) >= x0 - 1 and obj.get("x1", 1e9) <= x1 + 1 and \
        obj.get("top", -1) >= top - 1 and obj.get("bottom", 1e9) <= bottom + 1


def table_rows(rows: list[list[str | None]]) -> list[str]:
    """One line per row, cells joined by " | "; a cell merged with the one above (None) repeats its text."""
    out, above = [], []
    for row in rows:
        cells = [_cell(c) if c is not None else (above[i] if i < len(above) else "") for i, c in enumerate(row)]
        above = cells
        if any(cells):
            out.append(_ROW.join(cells))
    return out


def _cell(text: str) -> str:
    """A cell's lines joined: no space between Chinese characters, one between Latin words."""
    parts = [unify(p.strip()) for p in text.split("\n") if p.strip()]
    joined = ""
    for p in parts:
        joined += (" " if joined and joined[-1].isascii() and joined[-1].isalnum() and p[0].isascii() else "") + p
    return joined
