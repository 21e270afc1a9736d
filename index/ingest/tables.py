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
from ..text.roles import DEADLINE, LABELS, LEAD, MIXED, PERSON, SUPPORT, Roles, parse_note
from .layout import Item, Note, title_end

_TASK_COLUMN = re.compile(r"^[\u4e00-\u9fff]{0,4}(?:任务|事项|措施|举措|工作|内容)(?:内容|名称|清单|要求)?$")
_NUMBER_COLUMN = re.compile(r"^(?:序号|编号|序)$")
_EMPTY = ("", "/", "—", "-", "无")


@dataclass
class Table:
    header: list[str]
    roles: list[str]                # per column: LEAD, SUPPORT, MIXED, PERSON, DEADLINE, "task", "number" or ""


def table_row(line: str, start: int, table: Table | None, stack: list[Item]) -> Table | None:
    """Read one `a | b | c` line: a header names the columns; a row under it becomes an item."""
    cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
    kinds = [_column(c) for c in cells]
    if "task" in kinds and any(k in (LEAD, SUPPORT, MIXED, PERSON) for k in kinds):
        return Table(cells, kinds)
    if table is None:
        return None
    if len(cells) < len(table.roles) - 1:      # a group row ("一、优化营商环境") spanning the table
        leave_groups(stack)
        _enter_group(stack, " ".join(c for c in cells if c), start, len(line))
        return table
    task_col = max(i for i, k in enumerate(table.roles) if k == "task")
    groups = [c for i, c in enumerate(cells[:task_col]) if table.roles[i] in ("task", "") and c]
    if groups:   # columns left of the task that group rows (目标 | 任务 | 主要内容): merged cells repeat them
        leave_groups(stack)
        for label in groups:
            _enter_group(stack, label, start, len(line))
    parent = stack[-1]
    task = cells[task_col] if task_col < len(cells) else ""
    number = next((c for c, k in zip(cells, table.roles) if k == "number"), "")
    offset = line.find(task) if task else 0
    cut = title_end(task)
    label = f"{number}{'.' if number and number[-1:].isdigit() else ''}{task[:cut]}".strip()
    item = Item(parent.depth + 1, label, start, start + offset + cut, False, "row")
    item.pieces.append((start + max(offset, 0), start + max(offset, 0) + len(task)))
    roles = Roles()
    parts = []
    for head, kind, cell in zip(table.header, table.roles, cells):
        if kind in (LEAD, SUPPORT, MIXED, PERSON, DEADLINE) and cell not in _EMPTY:
            parts.append(f"{head}：{cell}")
            roles = roles.merged(parse_note(f"{_label_of(head)}：{cell}"))
    if parts:
        item.notes.append(Note(start, start + len(line), "；".join(parts), roles))
    parent.children.append(item)
    return table


def leave_groups(stack: list[Item]) -> None:
    while stack[-1].kind == "group":
        stack.pop()


def _enter_group(stack: list[Item], label: str, start: int, length: int) -> None:
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
    label = _label_of(plain)
    if label:
        return LABELS[label]
    return "task" if _TASK_COLUMN.match(plain) else ""


def _label_of(header: str) -> str:
    plain = re.sub(r"\s+", "", simplified(nfkc(header)))
    return next((w for w in sorted(LABELS, key=len, reverse=True) if plain.startswith(w)), "")
