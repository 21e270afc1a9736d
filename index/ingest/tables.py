"""Tables: the rows of a task table (序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限) as items. Pure.

The readers write a table as one ` | `-joined line per row (Word tables, PDF tables found by
pdfplumber, Markdown). A header row names its columns: one that holds the task (重点任务, 工作任务,
主要内容…), role columns by the label words of `text.roles` (牵头单位, 配合单位, 责任单位, 责任领导,
完成时限…), a number column (序号). Each row under it becomes an item whose note is its role cells;
columns left of the task column group the rows (a merged cell repeats down them), and a row of
fewer cells is a group heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.normalize import nfkc, simplified
from ..text.labels import label_of
from ..text.roles import DEADLINE, LABELS, LEAD, MIXED, PERSON, SUPPORT, Roles, parse_note
from .items import Item, Note, title_end

_TASK_COLUMN = re.compile(r"^(?:\d{4}年)?[\u4e00-\u9fff]{0,6}(?:任务|事项|措施|举措|工作|内容|目标|实事|项目|指标)"
                          r"(?:[和及]?(?:内容|名称|清单|要求|任务))?$")
_NUMBER_COLUMN = re.compile(r"^(?:序号|编号|序)$")
_NAME_COLUMN = re.compile(r"名称$")
_EMPTY = ("", "/", "—", "-", "无")


@dataclass
class Table:
    header: list[str]
    roles: list[str]                # per column: LEAD, SUPPORT, MIXED, PERSON, DEADLINE, "task", "number" or ""


@dataclass(frozen=True)
class Cell:
    """One cell of a row: its text and where that text starts in the document."""

    text: str
    start: int


def table_row(line: str, start: int, table: Table | None, stack: list[Item]) -> Table | None:
    """Read one `a | b | c` line: a header names the columns; a row under it becomes an item."""
    cells, pos = [], 0
    for part in line.strip().strip("|").split(" | "):
        at = line.find(part.strip(), pos) if part.strip() else pos
        cells.append(Cell(part.strip(), start + max(at, 0)))
        pos = max(at, 0) + len(part.strip())
    return read_row(cells, table, stack, (start, start + len(line)))


def header_of(texts: list[str]) -> Table | None:
    """The table whose header these cells are: a task column and a role column among them."""
    kinds = [_column(t) for t in texts]
    return Table(texts, kinds) if "task" in kinds and any(k in (LEAD, SUPPORT, MIXED, PERSON) for k in kinds) else None


def read_row(cells: list[Cell], table: Table | None, stack: list[Item], span: tuple[int, int]) -> Table | None:
    """One row of cells (`span`: where the row lies): a header starts a table, a row of fewer cells
    is a group heading, any other row under a header becomes an item whose note is its role cells."""
    texts = [c.text for c in cells]
    header = header_of(texts)
    if header:
        return header
    if table is None:
        return None
    a, b = span
    if len(cells) < len(table.roles) - 1:      # a group row ("一、优化营商环境") spanning the table
        leave_groups(stack)
        enter_group(stack, " ".join(t for t in texts if t), a, b - a)
        return table
    task_col, described = _task_columns(table)
    groups = [t for i, t in enumerate(texts[:task_col]) if table.roles[i] in ("task", "") and t]
    if groups:   # columns left of the task that group rows (目标 | 任务 | 主要内容): merged cells repeat them
        leave_groups(stack)
        for label in groups:
            enter_group(stack, label, a, b - a)
    parent = stack[-1]
    task = cells[task_col] if task_col < len(cells) else Cell("", a)
    number = next((t for t, k in zip(texts, table.roles) if k == "number"), "")
    cut = title_end(task.text)
    if number and task.text.startswith(number):   # `1` | `1.地区生产总值…`: the task cell has its number
        number = ""
    label = f"{number}{'.' if number and number[-1:].isdigit() else ''}{task.text[:cut]}".strip()
    item = Item(parent.depth + 1, label, a, task.start + cut, False, "row")
    item.pieces.append((task.start, task.start + len(task.text)))
    item.pieces += [(c.start, c.start + len(c.text)) for i, c in enumerate(cells) if i in described and c.text]
    note = _row_note(table, texts, task_col, span)
    if note:
        item.notes.append(note)
    parent.children.append(item)
    return table


def _row_note(table: Table, texts: list[str], task_col: int, span: tuple[int, int]) -> Note | None:
    """The note of a row: its role cells (牵头单位：X), with its other cells right of the task beside them
    (年度投资金额（万元）：1360, 建设地点：…), each under its column title; None for a row without a role cell."""
    roles, parts, noted = Roles(), [], False
    for i, (head, kind, cell) in enumerate(zip(table.header, table.roles, texts)):
        role = kind in (LEAD, SUPPORT, MIXED, PERSON, DEADLINE)
        if cell in _EMPTY or not (role or (kind == "" and i > task_col)):
            continue
        parts.append(f"{head}：{cell}")
        if role:
            roles, noted = roles.merged(parse_note(f"{label_of(head)}：{cell}")), True
    return Note(*span, "；".join(parts), roles) if noted else None


def _task_columns(table: Table) -> tuple[int, tuple[int, ...]]:
    """The column that titles a row, and the task columns after it that describe it: a name column
    (项目名称 | 建设内容) titles its row; else the last task column does (目标 | 任务: the first groups)."""
    tasks = [i for i, k in enumerate(table.roles) if k == "task"]
    named = [i for i in tasks if _NAME_COLUMN.search(re.sub(r"\s+", "", simplified(nfkc(table.header[i]))))]
    if named:
        return named[0], tuple(i for i in tasks if i > named[0])
    return tasks[-1], ()


def leave_groups(stack: list[Item]) -> None:
    while stack[-1].kind == "group":
        stack.pop()


def enter_group(stack: list[Item], label: str, start: int, length: int) -> None:
    """Open a table's group (a group row, or a grouping cell); a group already open under the same
    parent with the same label is re-entered, so rows of one merged cell share it."""
    parent = stack[-1]
    last = parent.children[-1] if parent.children else None
    if last is not None and last.kind == "group" and last.label == label:
        stack.append(last)
        return
    group = Item(parent.depth + 1, label, start, start + length, True, "group")
    parent.children.append(group)
    stack.append(group)


def _column(cell: str) -> str:
    plain = re.sub(r"\s+", "", simplified(nfkc(cell)))
    if _NUMBER_COLUMN.match(plain):
        return "number"
    label = label_of(plain)
    if label:
        return LABELS[label]
    return "task" if _TASK_COLUMN.match(plain) else ""
