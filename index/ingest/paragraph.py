"""A task table run into one paragraph: header, rows and cells with no separator at all. Pure.

Some copies of a Word table keep neither cell nor row boundaries:

    …责任分解表序号项目名称主要内容区政府分管领导牵头单位配合单位1增加教育资源供给实施新建…4580个。何海平教育局
    经开区…市国有公司2促进就业稳定增长…

The header is the run of column titles from 序号 to the first row's number (`flat.flat_header` reads its
role labels). A row is its number (the count's next: 1, 2, 3 …), its text up to a sentence end after which
come, in the header's order, a person's name (when a person column leads the roles: two or three characters
before a body's name) and the names of its units; a cell that holds two projects gives a second item of the
row (text, person, units again). The first unit stands in the first unit column (牵头单位), the rest in the
next (配合单位): the boundaries are lost, so the note is marked unclear and the answer says so.

Reading stops at the first row that does not fit; the text after it stays the last item's. Each row looks at
most MAX_SENTENCES sentence ends ahead for its units, so the reading is linear in the paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.roles import PERSON, parse_note
from ..text.labels import LABELS
from ..text.bodies import KINDS, body_english
from ..text.normalize import simplified
from .flat import STRONG_END, FlatHeader, flat_header, leading_units, unit_at
from .items import Item, Note, title_end

MAX_SENTENCES = 12      # sentence ends a cell's text may hold before its person and units
MAX_CELLS = 4           # projects one row may hold
_HEADER = re.compile(r"序号[\u4e00-\u9fff]{4,60}?(?=1[\u4e00-\u9fff])")
_ENDS = re.compile(r"[。；;]")
_PERSON = re.compile(r"[\u4e00-\u9fff]{2,3}")


@dataclass(frozen=True)
class _Cell:
    """One project of a row: its text, the person and units after it, and where it all lies (line offsets)."""

    text: tuple[int, int]
    person: str
    units: tuple[str, ...]
    units_at: tuple[int, int]


def paragraph_table(text: str, span: tuple[int, int], stack: list[Item]) -> bool:
    """Read the table run into the line at `span` into `stack`; False (nothing read) when the line holds none."""
    start, end = span
    line = text[start:end]
    m = _HEADER.search(line)
    header = flat_header(m.group()) if m else None
    if header is None:
        return False
    at, number, rows = m.end(), 1, []
    while at < len(line) and line.startswith(str(number), at) and not line[at + len(str(number))].isdigit():
        cells = _cells(line, at + len(str(number)), header)
        if not cells:
            break
        rows.append((number, cells))
        at, number = cells[-1].units_at[1], number + 1
    if not rows:
        return False
    parent = stack[-1]
    parent.pieces.append((start, start + m.start()))
    for number, cells in rows:
        for k, cell in enumerate(cells):
            parent.children.append(_item(text, start, cell, header, parent.depth + 1, f"{number}." if not k else ""))
    if at < len(line):
        parent.children[-1].pieces.append((start + at, end))
    return True


def _cells(line: str, at: int, header: FlatHeader) -> list[_Cell]:
    """The projects of the row whose text starts at `at`: each a text up to a sentence end followed by a
    person and units; none when the first does not end so."""
    cells: list[_Cell] = []
    while len(cells) < MAX_CELLS:
        cell = _cell(line, at, header)
        if cell is None:
            break
        cells.append(cell)
        at = cell.units_at[1]
        if line[at:at + 1].isdigit():
            break
    return cells


def _cell(line: str, at: int, header: FlatHeader) -> _Cell | None:
    """The project whose text starts at `at`: up to the first of MAX_SENTENCES sentence ends that the
    person (when the header has a person column) and units follow."""
    asks_person = LABELS.get(header.roles[0]) == PERSON
    for k, end in enumerate(m.end() for m in _ENDS.finditer(line, at)):
        if k >= MAX_SENTENCES:
            return None
        person = _person(line, end) if asks_person else ""
        if asks_person and not person:
            continue
        units, stop = leading_units(line, end + len(person), adjacent=True)
        if units:
            return _Cell((at, end), person, units, (end, stop))
    return None


def _person(line: str, at: int) -> str:
    """The person's name at `at`: three characters or two, that are no body's name themselves and come
    directly before one, a body whose name opens with a kind of office first (张菁 before 民政局, not 张菁民
    before 政局…)."""
    names = [line[at:at + n] for n in (3, 2)]
    names = [n for n in names if _PERSON.fullmatch(n) and not STRONG_END.search(n) and not body_english(n)]
    known = [n for n in names if _kind_first(unit_at(line, at + len(n)))]
    return next(iter(known or [n for n in names if unit_at(line, at + len(n))]), "")


def _kind_first(unit: str) -> bool:
    """Whether a unit's name opens with a kind of office (民政局, 区卫健委): where a name runs into it, it is cut
    right (赵晓|卫健委, not 赵晓卫|健委)."""
    plain = simplified(unit).lstrip("省市县区")
    return bool(plain) and any(plain.startswith(kind) for kind in KINDS)


def _item(text: str, start: int, cell: _Cell, header: FlatHeader, depth: int, number: str) -> Item:
    """A project as an item titled by its text's first sentence, its note the person and units."""
    a, b = cell.text
    body = text[start + a:start + b]
    item = Item(depth, f"{number}{body[:title_end(body)]}", start + a, start + a + title_end(body), False, "row")
    item.pieces.append((start + a, start + b))
    roles = [r for r in header.roles if LABELS.get(r) != PERSON]
    parts = [f"{header.roles[0]}：{cell.person}"] if cell.person else []
    if roles:
        parts.append(f"{roles[0]}：{cell.units[0]}")
    if len(roles) > 1 and cell.units[1:]:
        parts.append(f"{roles[1]}：{'、'.join(cell.units[1:])}")
    shown = "".join([cell.person, *cell.units])
    item.notes.append(Note(start + cell.units_at[0], start + cell.units_at[1], shown, parse_note("；".join(parts)),
                           unclear=True))
    return item
