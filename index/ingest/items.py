"""Items: the numbered item (or Markdown heading) a line opens, its title, and the notes it will hold. Pure.

A line that starts with a number (`一、` `（一）` `1.` `1、` `(1)` `①` `第一条`, see `text.numbering`) or is a
Markdown heading opens an item; its depth is the rank of its numbering style in the order the document
first uses them. Its title is the line up to the first sentence end outside brackets (the whole line when
it is a heading on its own line, with or without 。).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..text.numbering import Number, leading_number
from ..text.roles import Roles
from .rows import CLOSE, OPEN, trailing_units

MAX_TITLE = 60          # characters: a longer numbered line without a sentence end is text, not a title
MAX_DEPTH = 8           # numbering styles ranked; deeper ones are read as text
_MD = re.compile(r"(#{1,6})[ \t]+")
_ENDS = "。！？；：:!?;"


@dataclass(frozen=True)
class Note:
    """A note found in the text: its verbatim text, where it stands, and what it says."""

    start: int
    end: int
    text: str
    roles: Roles
    inline: bool = False            # a role sentence inside the task's text, which stays part of it
    alone: bool = False             # the note is a line of its own
    shared: bool = False            # given to a sibling by `_share_closing_notes`
    unclear: bool = False           # units whose roles the text lost (a flattened table row)
    covers: int = 0                 # a counted note (4项目标的责任单位均为X): the items it covers, 0 for all above


@dataclass
class Item:
    """One numbered item (or table row, or Markdown heading) and the text it holds."""

    depth: int
    label: str                      # as shown in a section path: `（一）指导思想`, `3.加快…`
    start: int                      # where its line starts
    title_end: int                  # where its title ends (its line's end for a heading line)
    heading_only: bool              # the line holds the title alone
    kind: str = "item"              # "item", "row" (of a task table) or "group" (a table's group row)
    value: int = 0                  # its number (3 for `3.`), 0 when it has none
    pieces: list[tuple[int, int]] = field(default_factory=list)   # its own text ranges, in order
    notes: list[Note] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)


def _unambiguous(number: Number, stack: list[Item], ranks: dict[str, int]) -> Number | None:
    """The number, unless its style is ambiguous and the open items do not settle it: `1 地区生产总值…`
    (a pasted table row) only in a run from 1; `11.121人才梯队` continues 10. (`3.5%` is a decimal)."""
    sibling = next((it for it in reversed(stack) if it.value), None)
    follows = bool(sibling) and sibling.value == number.value - 1
    if number.style == "n ":
        return number if number.value == 1 or (follows and sibling.depth == ranks.get("n ")) else None
    if number.style == "n.?":
        return replace(number, style="n.") if follows and sibling.depth == ranks.get("n.") else None
    return number


def open_item(text: str, start: int, end: int, ranks: dict[str, int], stack: list[Item],
               spaced: bool = False) -> Item | None:
    """The item a line opens, or None for a line of text. A style first seen on a number that
    continues an open item's (`3、` after `2.`) takes that item's depth: the author switched marks."""
    line = text[start:end]
    md = _MD.match(line)
    at = md.end() if md else 0
    number = leading_number(line, at)
    if number is None and not md:
        return None
    number = _unambiguous(number, stack, ranks) if number is not None else None
    if number is None and not md:
        return None
    if number is not None:
        style = number.style
        if style not in ranks:
            sibling = next((it for it in reversed(stack) if it.value and it.value == number.value - 1), None)
            if sibling is None and len(ranks) >= MAX_DEPTH:
                return None
            ranks[style] = sibling.depth if sibling else max(ranks.values(), default=0) + 1
        depth = ranks[style]
        body = number.end
    else:
        depth, body = len(md.group(1)), at
    rest = line[body:]
    cut, heading_only = _title(rest, number is not None, spaced)
    gap = " " if number is not None and number.style == "n " else ""   # `1 地区…` keeps its number apart
    label = (line[at:body].strip() + gap + rest[:cut].strip()).rstrip("。.． ")
    item = Item(depth, label, start, start + (len(line) if heading_only else body + cut), heading_only,
                value=number.value if number else 0)
    if not heading_only:
        item.pieces.append((start + body, end))
    return item


def _title(rest: str, numbered: bool, spaced: bool) -> tuple[int, bool]:
    """Where an item's title ends in the text after its number, and whether that is the whole line (a
    numbered line that long is text). `spaced`: a row pasted under a text header, whose units follow a
    space (`8 公路投资1.65万亿元 交通运输部`), ends its title there."""
    cut = title_end(rest)
    tail = trailing_units(rest, spaced=True) if spaced and cut >= len(rest) else None
    cut = tail.at if tail else cut
    heading_only = cut >= len(rest.rstrip("。.． "))
    if numbered and heading_only and len(rest) > MAX_TITLE:
        return min(len(rest), MAX_TITLE), False
    return cut, heading_only


def title_end(rest: str) -> int:
    """Where an item's title ends: its first sentence end outside brackets, or its line's end."""
    depth = 0
    for i, ch in enumerate(rest):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in _ENDS or ch == "." and rest[i + 1:i + 2].isspace()):   # `增长8%以上. 财政局`
            return i
    return len(rest)
