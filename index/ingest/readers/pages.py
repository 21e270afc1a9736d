"""Page numbers a document-sharing site wrote into a copied text (`1、…`, `2、…`), taken out. Pure.

Such a copy gives each page as one long line that opens with the page's number and 、, and cuts
sentences, even words, where the page ends (`…及个体工商` / `2、户提供融资担保…`). The numbers then
look like the items of a list, and every heading of the text is read as part of page 1's item.

A text is taken for such a copy only on that evidence: every non-blank line opens with the next page
number (1、 2、 3、 …), the pages are long (MIN_PAGE characters on average) and at least half of them,
the last one aside, end in the middle of a sentence. A list of numbered items, one per line, ends its
lines with their sentences and is left as it is. The numbers are removed and the pages joined where a
sentence runs on; their starts become the extract's page offsets.
"""
from __future__ import annotations

import re

MIN_PAGE = 200
_MARK = re.compile(r"(\d{1,4})、")
_ENDS = "。！？；.!?;)）」”】〕"


def without_page_marks(text: str) -> tuple[str, tuple[int, ...]] | None:
    """(the text without its page numbers, each page's start), or None when the text shows no such marks."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2 or sum(map(len, lines)) < MIN_PAGE * len(lines):
        return None
    for number, line in enumerate(lines, 1):
        m = _MARK.match(line)
        if not m or int(m.group(1)) != number:
            return None
    cut = sum(line[-1] not in _ENDS for line in lines[:-1])
    if cut * 2 < len(lines) - 1:
        return None
    out, starts = "", []
    for line in lines:
        body = line[_MARK.match(line).end():]
        if out and out[-1] in _ENDS:
            out += "\n"
        starts.append(len(out))
        out += body
    return out, tuple(starts)
