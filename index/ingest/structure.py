"""Structure: split a document into sentences, notes and headings, each with its source span.

Headings (`一、…`, `(一)…`/`（一）…`, `1.…`, and Markdown `#`) may sit mid-line in this corpus, so they are
recognised where a unit starts: at the start of a line, after a sentence end, or after a note.
Each content unit gets the section path in force where it occurs (best effort: the text is scrambled).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..text.units import parse_units
from ..types import Responsibility, Span

_CN_NUM = "一二三四五六七八九十"
_NOTE_START = re.compile(r"[(（]\s*责任单位\s*[:：]")
_CHAPTER = re.compile(rf"[{_CN_NUM}]{{1,3}}、[^(（。！？；;!?\n]{{1,24}}?(?=[(（。\n]|$)")
_SECTION = re.compile(rf"[(（][{_CN_NUM}]{{1,3}}[)）][^。！？；;!?\n(（]{{1,40}}?。")
_ITEM = re.compile(r"\d{1,2}[.．](?![\d])[^。！？；;!?\n(（]{1,40}?。")
_MD_HEADING = re.compile(r"(#{1,3})[ \t]+([^\n]+)")
_SENTENCE_END = re.compile(r"[。！？；;!?]|\.(?=\s)|\n|[(（]\s*责任单位\s*[:：]")
_ENDS = "。！？；;!?."
_MAX_NOTE = 600


@dataclass(frozen=True)
class TextUnit:
    """A raw piece of a document: kind is "heading", "note" or "text"; level is 1–3 for headings."""

    kind: str
    start: int
    end: int
    text: str
    level: int = 0


def split_units(text: str) -> list[TextUnit]:
    """Cut the whole text into consecutive units, skipping whitespace between them."""
    units, pos, n = [], 0, len(text)
    while pos < n:
        if text[pos].isspace():
            pos += 1
            continue
        unit = _match_unit(text, pos)
        units.append(unit)
        pos = unit.end
    return units


def _match_unit(text: str, pos: int) -> TextUnit:
    if _NOTE_START.match(text, pos):
        end = _closing_paren(text, pos)
        if end:
            return TextUnit("note", pos, end, text[pos:end])
    md = _MD_HEADING.match(text, pos) if pos == 0 or text[pos - 1] == "\n" else None
    if md:
        title = md.group(2).strip()
        return TextUnit("heading", pos, md.end(), title, numbered_level(title) or len(md.group(1)))
    for level, pattern in ((1, _CHAPTER), (2, _SECTION), (3, _ITEM)):
        m = pattern.match(text, pos)
        if m:
            return TextUnit("heading", pos, m.end(), m.group(), level)
    m = _SENTENCE_END.search(text, pos + 1)
    end = len(text) if m is None else (m.end() if m.group() in _ENDS else m.start())
    return TextUnit("text", pos, end, text[pos:end].rstrip())


_NUMBERED = ((1, re.compile(rf"[{_CN_NUM}]{{1,3}}、")), (2, re.compile(rf"[(（][{_CN_NUM}]{{1,3}}[)）]")),
             (3, re.compile(r"\d{1,2}[.．](?!\d)")))


def numbered_level(title: str) -> int:
    """1–3 when a heading's own numbering says its level (一、 (一) 1.), else 0. A Word or web
    heading's style level is the author's or the site's choice; the plan's numbering is not."""
    return next((level for level, pattern in _NUMBERED if pattern.match(title)), 0)


def _closing_paren(text: str, pos: int) -> int | None:
    """End of the parenthesised note opened at `pos`; notes nest, e.g. `省民(宗)委`."""
    depth = 0
    for i in range(pos, min(len(text), pos + _MAX_NOTE)):
        if text[i] in "(（":
            depth += 1
        elif text[i] in ")）":
            depth -= 1
            if depth == 0:
                return i + 1
        elif text[i] == "\n":
            return None
    return None


def heading_label(unit: TextUnit) -> str:
    """Heading as shown in a section path: `(二)发展目标`, without the closing full stop."""
    return unit.text.rstrip("。").strip()


def section_paths(units: list[TextUnit]) -> list[tuple[str, ...]]:
    """The section path in force at each unit (chapter › section › item)."""
    slots: list[str] = ["", "", ""]
    paths = []
    for u in units:
        if u.kind == "heading":
            slots[u.level - 1] = heading_label(u)
            slots[u.level:] = [""] * (3 - u.level)
        paths.append(tuple(s for s in slots if s))
    return paths


class LineIndex:
    """Maps character offsets of one text to 1-based line numbers."""

    def __init__(self, text: str):
        self._starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def span(self, start: int, end: int) -> Span:
        line_start = bisect.bisect_right(self._starts, start)
        line_end = bisect.bisect_right(self._starts, max(start, end - 1))
        return Span(start, end, line_start, line_end)


def parse_responsibility(note: str, provinces: tuple[str, ...] = ()) -> Responsibility:
    """Split a `(责任单位:A、B牵头，C、D等部门按职责分工负责)` note into lead and supporting units,
    each written out in full (`两省X` → X of each province; see `text.units`)."""
    inner = note.strip()[1:-1]
    inner = re.sub(r"^\s*责任单位\s*[:：]\s*", "", inner)
    lead_part, sep, rest = inner.partition("牵头")
    if not sep:
        lead_part, rest = "", inner
    def names(part):
        return tuple(dict.fromkeys(u.name for u in parse_units(part, provinces)))
    return Responsibility(lead=names(lead_part), support=names(rest), text=note)
