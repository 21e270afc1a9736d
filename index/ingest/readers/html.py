"""Web pages (`.html`/`.htm`) saved from a browser, read with trafilatura: the article body
without navigation, menus or footers, its headings as Markdown headings (which the structure
stage maps to sections), tables as " | "-joined rows, and the page's title and date as metadata."""
from __future__ import annotations

import re

from ...errors import CorpusError
from . import Extract
from .text import decode

_TABLE_ROW = re.compile(r"^\|(.*)\|\s*$")


def read_html(data: bytes, name: str) -> Extract:
    import trafilatura

    markup, encoding = decode(data, name)
    text = trafilatura.extract(markup, output_format="markdown", include_tables=True, include_comments=False,
                               include_images=False, include_links=False, favor_precision=True, deduplicate=False)
    if not (text or "").strip():
        raise CorpusError(f"{name}: no article text found in the page; save the page's text, "
                          f"or the linked PDF, instead")
    found = trafilatura.extract_metadata(markup)
    meta = {"title": (found.title or "").strip(), "date": (found.date or "").strip()} if found else {}
    lines = [_row(line) for line in text.split("\n") if line.strip()]
    if lines and meta.get("title") and lines[0].lstrip("# ").strip() == meta["title"]:
        lines = lines[1:]   # the page's own title is metadata, not a section
    return Extract("\n".join(lines), "html", encoding, (), {k: v for k, v in meta.items() if v})


def _row(line: str) -> str:
    m = _TABLE_ROW.match(line.strip())
    if not m:
        return line.strip()
    return " | ".join(c.strip() for c in m.group(1).split("|") if c.strip())
