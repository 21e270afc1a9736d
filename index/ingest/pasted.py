"""Tables pasted from a web page one cell per line. Pure.

A task table copied out of a browser often arrives with each cell on a line of its own, its header
too (`序号` / `名称` / `工作任务` / `主要责任单位`), sometimes with `|` lines between cells and `||` lines
between rows. This module finds such a table by its header (the first cell 序号, then short column
words naming a task column and a role column: `tables.header_of`) and hands each row to
`tables.read_row` with its cells placed under their columns:

- with `|` lines, a row is the cells between two lines of two or more pipes (or up to the next
  numbered task cell, `2.…`); an empty cell is two `|` lines in a row;
- without them, a row starts at the next number (1, 2, 3 …) and holds up to one cell per column; a line
  before a repeated header (`二、常务副区长…牵头重点工作` then `序号`) ends the table: it heads the next one;
- a row of one cell is a group heading (`一、主要预期目标`, `经济社会发展主要预期目标分解(15项)`);
- a row of fewer cells than columns lost merged cells: the task cell (numbered, else the longest)
  is put under the task column, the cells after it under the last columns, a number under 序号; in a
  table with a person column, the first run of cells that fits the role columns by content (a name,
  then unit lists) is placed under them instead (`_aligned`);
- short lines between the header and the first row's number are more column titles (`1-10月推进情况`).

The table ends where a row would run past its columns, so reading stays linear and bounded.
"""
from __future__ import annotations

import re

from ..text.normalize import simplified
from ..text.roles import LEAD, MIXED, PERSON, SUPPORT, is_unit_list
from .items import Item
from .tables import Cell, Table, header_of, read_row

_SEPARATOR = re.compile(r"^[|｜]+$")
# 分 管 县领导; 年度投资金额 (万元)
_HEADER_CELL = re.compile(r"^(?:\d{4}年)?[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){1,9}"
                          r"(?:\s?[(（][\u4e00-\u9fff%]{1,4}[)）])?$")
MAX_EXTRA = 2   # cells beyond the columns a row may hold (a second project in one row) before the table is taken to end
_NUMBER = re.compile(r"^\d{1,3}$")
_CLOSING_PIPE = re.compile(r"(?<=[^|\s])\s*\|$")
_NUMBERED = re.compile(r"^\d{1,3}\s*[.．、]")
# a cell of persons' names: 徐国江, 王 嵘, 张三、李四
_PERSON_CELL = re.compile(r"[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){1,3}(?:[、，,][\u4e00-\u9fff]{2,4})*")
_HAN_TEXT = re.compile(r"[\u4e00-\u9fff]{4}")
# 一、预期目标 after a header is a group row, not a column title
_GROUP = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")


def pasted_table(text: str, lines: list[tuple[int, int]], i: int, stack: list[Item]) -> int | None:
    """Read the table pasted one cell per line that starts at `lines[i]` into `stack`; the index of the
    first line after it, or None when no such table starts there."""
    header, j = _header(text, lines, i)
    if header is None:
        return None
    piped = any(_SEPARATOR.match(text[a:b].strip()) for a, b in lines[j:j + 4])
    rows = _piped_rows if piped else _numbered_rows
    end = j
    for cells, stop in rows(text, lines, j, len(header.roles)):
        if len([c for c in cells if c.text]) == 1:
            read_row(cells[:1], header, stack, (cells[0].start, cells[0].start + len(cells[0].text)))
        elif any(c.text for c in cells):
            span = (cells[0].start, cells[-1].start + len(cells[-1].text))
            read_row(_placed(cells, header), header, stack, span)
        end = stop
    return end


def _header(text: str, lines: list[tuple[int, int]], i: int) -> tuple[Table | None, int]:
    """The header starting at line i (序号 first, then short column words) and the line after it."""
    cells, j = [], i
    while j < len(lines) and len(cells) < 12:
        line = cell_text(text, *lines[j])
        if _SEPARATOR.match(line):
            j += 1
            continue
        if not _HEADER_CELL.match(line) or (not cells and not number_header(line)):
            break
        cells.append(line)
        j += 1
    if len(cells) < 3:
        return None, i
    more = _more_titles(text, lines, j, 12 - len(cells))   # `1-10月推进情况`: a title the pattern does not take
    wide = header_of(cells + more) if more else None
    return (wide, j + len(more)) if wide else (header_of(cells), j)


def _more_titles(text: str, lines: list[tuple[int, int]], j: int, room: int) -> list[str]:
    """Short lines after a header, up to the first row's number, when they are all there is before it:
    column titles the header pattern does not take (`1-10月推进情况`, `是否达序`); else none."""
    titles = []
    for a, b in lines[j:j + room + 1]:
        line = cell_text(text, a, b)
        if _NUMBER.match(line):
            return titles
        if len(line) > 12 or "。" in line or _SEPARATOR.match(line) or _GROUP.match(line):
            return []
        titles.append(line)
    return []


def _piped_rows(text: str, lines: list[tuple[int, int]], j: int, width: int):
    """(cells, index after the row) for rows whose cells `|` lines separate and `||` lines close."""
    cells: list[Cell] = []
    pending_empty = False
    while j < len(lines):
        a, b = lines[j]
        line = text[a:b].strip()
        j += 1
        if _SEPARATOR.match(line) and len(line) >= 2:      # the row ends
            yield cells, j
            cells, pending_empty = [], False
            continue
        if _SEPARATOR.match(line):
            if pending_empty:
                cells.append(Cell("", a))
            pending_empty = True
            continue
        if _NUMBERED.match(line) and any(_NUMBERED.match(c.text) for c in cells):   # `2.…` starts a row
            yield cells, j - 1
            cells, pending_empty = [], True
        if not pending_empty and cells:                      # a cell of two lines (王 嵘 / 方 勇)
            cells[-1] = Cell(text[cells[-1].start:b], cells[-1].start)
            continue
        pending_empty = False
        cells.append(Cell(line, a))
        if len(cells) > width:                               # past its columns: the table has ended
            return
    if cells:
        yield cells, j


def _numbered_rows(text: str, lines: list[tuple[int, int]], j: int, width: int):
    """(cells, index after the row) for rows that start at the next number, one line per cell."""
    first = cell_text(text, *lines[j]) if j < len(lines) else ""
    expected, cells = (int(first) if _NUMBER.match(first) else 1), []   # a table may continue from row 80
    while j < len(lines):
        a, b = lines[j]
        line = cell_text(text, a, b)
        if _SEPARATOR.match(line):   # a `|` line between rows whose cells close with ` |`
            j += 1
            continue
        if j + 1 < len(lines) and number_header(cell_text(text, *lines[j + 1])):
            if cells:                            # a line before a repeated header (序号 …) titles the next table
                yield cells, j
            return
        grown = _merged(cells + [Cell(line, a)], width)
        if _NUMBER.match(line) and int(line) == expected:
            if cells:
                yield cells, j
            cells, expected = [Cell(line, a)], expected + 1
        elif cells and cells[0].text.isdigit() and len(grown) > width:
            yield cells, j                                # a complete row, then a line: a group heading
            cells = [Cell(line, a)]
        elif cells and not cells[0].text.isdigit() and not _next_is(text, lines, j + 1, expected):
            return                               # two lines outside any row (a row's stray cell before the next: kept)
        else:
            cells = grown
            if len(cells) > width + MAX_EXTRA:
                return
        j += 1
    if cells:
        yield cells, j


def _next_is(text: str, lines: list[tuple[int, int]], j: int, number: int) -> bool:
    return j < len(lines) and cell_text(text, *lines[j]) == str(number)


def number_header(cell: str) -> bool:
    """Whether a cell is the number column's header that opens a pasted table (序号, 序號, 编号)."""
    return simplified(cell) in ("序号", "编号")


def cell_text(text: str, a: int, b: int) -> str:
    """A line as a cell: without a closing `|` that some copies put after every cell (`序号 |`)."""
    return _CLOSING_PIPE.sub("", text[a:b].strip())


def _merged(cells: list[Cell], width: int) -> list[Cell]:
    """A row's cells with a unit cell that spilled over several lines joined again (`县水务局` / `县住建局`
    under one 责任单位), first pair first, only while the row holds more cells than the table has columns."""
    while len(cells) > width:
        pair = next((k for k in range(3, len(cells))   # after the number and the task cell
                     if is_unit_list(cells[k].text) and is_unit_list(cells[k - 1].text)), None)
        if pair is None:
            return cells
        cells = cells[:pair - 1] + [Cell(cells[pair - 1].text + "\n" + cells[pair].text, cells[pair - 1].start)] + \
            cells[pair + 1:]
    return cells


def _aligned(cells: list[Cell], table: Table) -> list[Cell] | None:
    """A row whose cells do not fit the columns (the header stopped before progress columns, a merged
    cell is missing), placed by content: its role cells are the first run that fits the header's run of
    role columns (a person's name under 分管领导, unit lists under the unit columns), the task the first
    cell before them; None when no run fits."""
    roles = table.roles
    block = [i for i, k in enumerate(roles) if k in (LEAD, SUPPORT, MIXED, PERSON)]
    if not block or block != list(range(block[0], block[-1] + 1)) or "task" not in roles[:block[0]]:
        return None
    fits = {PERSON: lambda t: bool(_PERSON_CELL.fullmatch(t)) and not is_unit_list(t)}
    for p in range(1, len(cells) - len(block) + 1):
        run = cells[p:p + len(block)]
        if all(fits.get(roles[c], is_unit_list)(cell.text) for c, cell in zip(block, run)) and \
                any(_HAN_TEXT.search(c.text) for c in cells[:p]):
            placed = [Cell("", cells[0].start)] * len(roles)
            placed[block[0]:block[-1] + 1] = run
            task = next(c for c in cells[:p] if _HAN_TEXT.search(c.text))
            placed[max(i for i, k in enumerate(roles[:block[0]]) if k == "task")] = task
            if roles[0] == "number" and _NUMBER.match(cells[0].text):
                placed[0] = cells[0]
            return placed
    return None


def _placed(cells: list[Cell], table: Table) -> list[Cell]:
    """The row's cells under the table's columns (see the module docstring for rows that lost cells)."""
    width = len(table.roles)
    if len(cells) == width:
        return cells
    aligned = _aligned(cells, table) if any(k == PERSON for k in table.roles) else None
    if aligned:
        return aligned
    task_col = max(i for i, k in enumerate(table.roles) if k == "task")
    numbered = [i for i, c in enumerate(cells) if _NUMBERED.match(c.text)]
    at = numbered[0] if numbered else max(range(len(cells)), key=lambda k: len(cells[k].text))
    placed = [Cell("", cells[at].start)] * width
    placed[task_col] = cells[at]
    after = cells[at + 1:][-(width - task_col - 1):] if width - task_col - 1 else []
    for k, cell in enumerate(after):
        placed[width - len(after) + k] = cell
    before = cells[:at][-task_col:] if task_col else []
    for k, cell in enumerate(before):
        column = 0 if _NUMBER.match(cell.text) and table.roles[0] == "number" else task_col - len(before) + k
        placed[column] = cell
    return placed
