"""Layout: read a clean document in its own order into numbered items, and items into tasks. Pure.

A clean notice, task list or 分工方案 is read line by line. A line that starts with a number
(`一、` `（一）` `1.` `1、` `(1)` `①` `第一条`, see `text.numbering`) or is a Markdown heading opens an
item; its depth is the rank of its numbering style in the order the document first uses them. The
item's title is its line up to the first sentence end (the whole line when it is a heading on its own
line, with or without 。), and its text runs to the next item. Tables (`a | b | c` rows, or pasted
one cell per line: `pasted`) whose header names a task and a role column give one item per row.

Tasks are then the items that carry the work (`tasks_of`): an item whose own text holds a note is a
task (items below it without notes are its body), and so is an item without a note at the depth where
the document's notes sit. Everything else is a path heading or a part (preamble, goals). Nothing here
assumes one document: items are keyed by their place in the tree, never by heading text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..text.units import provinces_of
from ..text.numbering import items_on_line
from ..text.labels import counted, may_open_label
from ..text.roles import Roles, is_role_clause, is_role_sentence, joint_clause, labelled_parts, parse_note
from .items import Item, Note, open_item
from .flat import flat_table
from .paragraph import paragraph_table
from .pasted import cell_text, number_header, pasted_table
from .tables import leave_groups, table_row
from .rows import (FLAT_HEADER, OPEN, bracket_depths, closing, header_labels, run_together, trailing_cells,
                   trailing_units, unit_bracket)

MAX_NOTE = 600          # characters a bracketed note may span (nested brackets included)


@dataclass(frozen=True)
class Tree:
    """A document as items: `root.children` are the top items; `root.pieces` the text before any."""

    root: Item
    text: str


def read_items(text: str) -> Tree:
    """The item tree of a clean document (see the module docstring)."""
    root = Item(0, "", 0, 0, True)
    stack, ranks, table = [root], {}, None    # open items; depth of each numbering style; the `|` table read
    headers = header_labels(text)
    ends = {end for end, _ in headers}
    lines, i, titled = _lines(text), 0, False
    while i < len(lines):
        start, end = lines[i]
        i += 1
        line = text[start:end]
        head = number_header(cell_text(text, start, end))
        outer = _stand_apart(stack, titled and (head or end in ends))
        after = _table_at(text, lines, i - 1, stack, head)
        if after is not None:
            leave_groups(stack)
            i, titled = after, False
            continue
        if outer and end not in ends:   # no table after all
            stack[1:] = outer
        if " | " in line:
            table = table_row(line, start, table, stack)
            if table:
                continue
        elif table:
            table = None
            leave_groups(stack)
        opened = open_item(text, start, end, ranks, stack, bool(headers) and headers[0][0] <= start)
        titled = opened is None and _title_line(line)
        if opened is None:
            stack[-1].pieces.append((start, end))
            continue
        while stack[-1].depth >= opened.depth:
            stack.pop()
        stack[-1].children.append(opened)
        stack.append(opened)
    _find_notes(root, text, _Reading(provinces_of(text), flattened=bool(FLAT_HEADER.search(text)), headers=headers))
    _share_closing_notes(root, text)
    return Tree(root, text)


def _table_at(text: str, lines: list[tuple[int, int]], i: int, stack: list[Item], head: bool) -> int | None:
    """Read the table that starts at line i (pasted one cell per line, a run-together header over a row per
    line, or a whole table run into the line) into `stack`: the index of the line after it, or None."""
    if head:
        return pasted_table(text, lines, i, stack)
    after = flat_table(text, lines, i, stack)
    if after is None and "序号" in text[slice(*lines[i])] and paragraph_table(text, lines[i], stack):
        return i + 1
    return after


def _stand_apart(stack: list[Item], table_after_title: bool) -> list[Item]:
    """Close the open items when a table starts after a title line of its own (`附件` / `…任务分解表`): the
    table is not the text of the notice's last item. The items closed, to reopen if no table follows."""
    if not table_after_title:
        return []
    outer = stack[1:]
    del stack[1:]
    return outer


def _title_line(line: str) -> bool:
    """A short line of its own that ends no sentence (`附件`, `2016年民生实事目标任务分解表`): a table's title."""
    return len(line) <= 40 and line[-1:] not in "。：:；;，,"


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, without its surrounding spaces; a line holding several items
    (`(一)…(省发改委负责)(二)…`) gives one line per item; a table row's cells (`a | b | c`) stay one line
    whatever numbering a cell holds."""
    return [(m.start() + a, m.start() + b) for m in re.finditer(r"\S(?:[^\n]*\S)?", text)
            for a, b in (items_on_line(m.group()) if m.group().count(" | ") < 2 else [(0, len(m.group()))])]


@dataclass
class _Reading:
    """What reading the notes in order carries forward: the document's provinces (for `两省X`), and
    whether a note said that the first unit listed leads (列第一位的为牵头单位，下同)."""

    provinces: tuple[str, ...]
    first_leads: bool = False
    flattened: bool = False      # a table header whose column names run together: its rows' cells do too
    headers: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)   # rows.header_labels


def _find_notes(item: Item, text: str, reading: _Reading) -> None:
    """Every item's notes, in reading order: brackets, labelled lines, then a role sentence inside it (in
    the title, for an item whose line is its title: `(二)关于…的问题，由X会同Y等部门负责落实`)."""
    if item.kind != "row":
        titled = item.depth and item.heading_only and item.kind == "item"   # a table's group row is no title line
        own = item.pieces or ([(item.start, item.title_end)] if titled else [])
        for a, b in own:
            item.notes += notes_in(text, a, b, reading)
        if not item.notes and item.depth:
            item.notes += _inline_notes(text, own, reading)
        if not item.notes and item.depth and reading.flattened and item.pieces:
            a, b = item.pieces[-1]
            tail = run_together(text[a:b])
            if tail:
                roles = Roles(tail.units[:tail.leads], tail.units[tail.leads:]) if tail.leads else \
                    Roles(responsible=tail.units)
                item.notes.append(Note(a + tail.at, b, tail.text, roles, unclear=True))
    for child in item.children:
        _find_notes(child, text, reading)


def _share_closing_notes(item: Item, text: str) -> None:
    """A note alone on its line after sibling items none of which has a note closes all of them
    (`(1)… (2)… (3)…` then `（责任单位：…）`): each of those siblings gets it."""
    run: list[Item] = []
    for child in item.children:
        _share_closing_notes(child, text)
        alone = [n for n in child.notes if n.alone and child.pieces and n.end >= child.pieces[-1][1]]
        if alone and run and len(child.notes) == len(alone):
            covers = alone[-1].covers
            for sibling in run if not covers else run[len(run) - covers + 1:] if covers > 1 else ():
                sibling.notes.append(replace(alone[-1], shared=True))
        run = [] if child.notes else run + [child]


def notes_in(text: str, start: int, end: int, reading: _Reading | None = None) -> list[Note]:
    """The notes of one line: a labelled line (`牵头单位：X；配合单位：Y`), labelled text after a
    sentence end, and bracketed notes (labelled, or a role sentence such as `（X牵头，Y配合）`)."""
    reading = reading or _Reading(())
    line = text[start:end]
    if labelled_parts(line):
        return [_note(start, end, line, reading, alone=True)]
    count = counted(line) if "为" in line or "為" in line or "是" in line else None
    if count:
        return [replace(_note(start, end, count.note, reading, alone=True), text=line, covers=count.covers)]
    out: list[Note] = []
    depths = bracket_depths(line)
    for m in re.finditer(r"[。；;]\s*(?=\S)", line):
        if depths[m.start()]:   # （牵头单位：X；配合单位：Y） is one note
            continue
        rest = line[m.end():]
        if may_open_label(rest) and labelled_parts(rest):
            out.append(_note(start + m.end(), end, rest, reading))
            line = line[:m.end()]
            break
    if not out and not reading.flattened:   # a flattened row's tail is read by `run_together`
        out += _trailing_units(start, line, reading)
    i = 0
    while i < len(line):
        if line[i] in OPEN:
            close = closing(line, i, MAX_NOTE)
            if close:
                inner = line[i:close]
                if labelled_parts(inner) or is_role_sentence(inner) or unit_bracket(line, i, inner):
                    note = _note(start + i, start + close, inner, reading, alone=i == 0 and close == len(line))
                    if note.roles:
                        out.append(note)
                i = close if close else i + 1
                continue
        i += 1
    return sorted(out, key=lambda n: n.start)


def _note(start: int, end: int, text: str, reading: _Reading, alone: bool = False, inline: bool = False) -> Note:
    roles = parse_note(text, reading.provinces, reading.first_leads)
    reading.first_leads = reading.first_leads or roles.first_leads
    return Note(start, end, text, roles, inline, alone)


def _trailing_units(start: int, line: str, reading: _Reading) -> list[Note]:
    """A row pasted as a line: its trailing units, in the role of the column header above it, if any."""
    labels = next((labels for end, labels in reversed(reading.headers) if end <= start), ())
    cells = trailing_cells(line, len(labels)) if len(labels) > 1 else []
    if cells:   # 牵头单位 参与单位 责任单位: one cell each
        shown = line[cells[0].at:].rstrip()
        note = _note(start + cells[0].at, start + len(line), "；".join(f"{label}：{cell.text}" for label, cell in
                                                                      zip(labels, cells)), reading)
        return [replace(note, text=shown)]
    label = labels[-1] if labels else ""
    tail = trailing_units(line, spaced=bool(label))
    if tail is None:
        return []
    note = _note(start + tail.at, start + len(line), f"{label}：{tail.text}" if label else tail.text, reading)
    return [replace(note, text=tail.text)]


_CLAUSE = re.compile(r"[^，,；;。]+")


def _inline_notes(text: str, pieces: list[tuple[int, int]], reading: _Reading) -> list[Note]:
    """A role sentence inside the task's text: `由某副市长负责，市发改委牵头，相关部门配合，…` (the
    first run of clauses that each name units with a role verb, one of them a lead), or `由X会同Y…`."""
    for a, b in pieces:
        joint = joint_clause(text[a:b])
        if joint:
            return [Note(a + joint[0], a + joint[1], text[a + joint[0]:a + joint[1]], joint[2], inline=True)]
    for a, b in pieces:
        run: list[re.Match] = []
        for m in [*_CLAUSE.finditer(text, a, b), None]:
            if m is not None and is_role_clause(m.group()):
                run.append(m)
                continue
            if run:
                note = _note(run[0].start(), run[-1].end(), text[run[0].start():run[-1].end()], reading, inline=True)
                if note.roles.lead:
                    return [note]
            run = []
    return []
