"""Table rows that reached the text as plain lines. Pure.

Copies of task tables lose their grid in two ways that the text still shows:

- **A bracket of unit names alone** after a task's last sentence: its responsible units (`unit_bracket`).
- **Rows pasted as lines** (`3 工业总产值增长4%. 经信委`): the units stand alone after the row's last
  sentence end (`trailing_units`); the column header may sit at the end of a line of prose
  (`… 分解表 序号 名称 工作任务 牵头责任单位`), and then gives those units its role (`header_labels`).
- **Cells run together** (`牵头单位责任单位完成时限` as one run, each row ending
  `…督办。市行政审批局市司法局市级相关单位,各区县政府2022年9月底`): the units are kept, with their roles
  lost (`run_together`), only where the header shows the flattening (`FLAT_HEADER`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.labels import LABELS, LEAD, MIXED, SUPPORT, label_of
from ..text.roles import is_unit_list

OPEN, CLOSE = "([（〔【［", ")]）〕】］"

FLAT_HEADER = re.compile(r"(?:牵头单位|牵头部门)\s?(?:责任单位|配合单位|协同单位)\s?(?:完成时限|完成时间|时间节点)")
_DEADLINE = re.compile(r"(?:(?:19|20)\d{2}年)?(?:\d{1,2}月)?(?:底|前|中旬|上旬|下旬|底前)?(?:前)?$|"
                       r"(?:长期|持续|全年)\S{0,4}$")
_UNIT = re.compile(r"[\u4e00-\u9fff()（）]{2,16}?(?:局|委|办|厅|政府|管委会|单位|部门|中心|公司|银行)")
_TEXT_HEADER = re.compile(r"(?:序号|编号)((?:[ \u3000]+[\u4e00-\u9fff]{1,10}){2,12})[ \u3000]*$", re.M)
_SENTENCE_END = re.compile(r"[。；;]|\.(?=\s)")
_SPACED_WORD = re.compile(r"(?<!\S)[\u4e00-\u9fff](?:[ \u3000][\u4e00-\u9fff](?!\S))+")
_SPACED = re.compile(r"[。；;]|\.(?=\s)|(?<=\S)[ \u3000]+(?=\S)")


@dataclass(frozen=True)
class Tail:
    """Units at the end of a row: where they start in the line, their text, and the units read."""

    at: int
    text: str
    units: tuple[str, ...] = ()
    leads: int = 0                  # run together: how many of the units stand in the lead column


def bracket_depths(line: str) -> list[int]:
    """For each position of the line, how many brackets opened before it are still open (one pass,
    so a line of 50,000 sentence ends is read in linear time)."""
    depths, depth = [], 0
    for ch in line:
        depths.append(depth)
        depth += (ch in OPEN) - (ch in CLOSE and depth > 0)
    depths.append(depth)
    return depths


def inside_brackets(line: str, at: int) -> bool:
    """Whether position `at` of the line lies inside a bracket opened before it and not yet closed."""
    return bracket_depths(line[:at])[-1] > 0


def trailing_units(line: str, spaced: bool = False) -> Tail | None:
    """Unit names alone after the line's last sentence end (`增长8%以上. 财政局`), or None. `spaced`: under a
    column header written on a text line, where a space also ends the row's task cell (`公路投资1.65万亿元 交通运输部`).
    """
    ends = [m.end() for m in (_SPACED if spaced else _SENTENCE_END).finditer(line)]
    if not ends or ends[-1] >= len(line):
        return None
    cut = ends[-1] + len(line[ends[-1]:]) - len(line[ends[-1]:].lstrip())
    rest = line[cut:]
    return None if inside_brackets(line, cut) or not is_unit_list(rest) else Tail(cut, rest)


def closing(line: str, at: int, limit: int) -> int | None:
    """Where the bracket opened at `at` closes (one past it), looking at most `limit` characters on."""
    depth = 0
    for i in range(at, min(len(line), at + limit)):
        if line[i] in OPEN:
            depth += 1
        elif line[i] in CLOSE:
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def unit_bracket(line: str, at: int, inner: str) -> bool:
    """A bracket of unit names alone right after a sentence end: `…增长7%以上。(市发展改革委,各县〔市、区〕政府)`."""
    before = at - 1
    while before >= 0 and line[before].isspace():
        before -= 1
    return before >= 0 and line[before] in "。；;！？" and is_unit_list(inner[1:-1])


def header_labels(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """(where it ends, labels) of each column header written on a text line whose role columns name
    what a row's trailing cells are: the run of role columns that ends the header (`… 牵头单位 参与单位
    责任单位`), else its last role column (`序号 名称 工作任务 牵头责任单位 完成时限` → 牵头责任单位)."""
    out = []
    for m in _TEXT_HEADER.finditer(text):
        words = _SPACED_WORD.sub(lambda w: re.sub(r"\s", "", w.group()), m.group(1)).split()   # 工 作 任 务
        labels = [label_of(word) for word in words]
        roles = [label for label in labels if label and LABELS[label] in (LEAD, SUPPORT, MIXED)]
        last = []   # the run of role columns that ends the header
        for label in reversed(labels):
            if label not in roles:
                break
            last.insert(0, label)
        if roles:
            out.append((m.end(), tuple(last) or (roles[-1],)))
    return out


def trailing_cells(line: str, count: int) -> list[Tail]:
    """The last `count` space-separated cells of a row pasted under a text header, each a unit list
    (`… 市水利局 市发展改革委、农业局等 各县政府`), or [] when the row does not end with that many."""
    cells: list[Tail] = []
    end = len(line.rstrip())
    while len(cells) < count:
        cut = max(line.rfind(" ", 0, end), line.rfind("\u3000", 0, end)) + 1
        cell = line[cut:end]
        if not cut or not cell or inside_brackets(line, cut) or not is_unit_list(cell):
            return []
        cells.insert(0, Tail(cut, cell))
        end = len(line[:cut].rstrip())
    return cells


def run_together(line: str) -> Tail | None:
    """The units at the end of a row whose cells the copy ran together, or None when the tail after
    the last sentence end is not all units (a deadline at its end is dropped)."""
    end = max(line.rfind(c) for c in "。；;")
    tail = line[end + 1:].strip()
    parts = [p for p in re.split(r"[,，、]", _DEADLINE.sub("", tail)) if p]
    found = [(m.group(), i > 0) for p in parts for i, m in enumerate(_UNIT.finditer(p))]
    units = [u for u, _ in found]
    if end < 0 or not units or sum(map(len, units)) != sum(map(len, parts)):
        return None
    return Tail(end + 1 + len(line[end + 1:]) - len(line[end + 1:].lstrip()), tail, tuple(units), _leads(found))


def _leads(found: list[tuple[str, bool]]) -> int:
    """How many units the lead column holds, when the cells ran together: a cell boundary shows as two
    names with nothing between them (within a cell they are listed with 、 or ，), and the lead column
    names bodies, never a catch-all (`市级相关单位`, `各区县政府`): it ends at the last boundary before
    the first catch-all, or at the first boundary."""
    bounds = [i for i, (_, joined) in enumerate(found) if joined]
    general = next((i for i, (u, _) in enumerate(found) if u.startswith("各") or re.search(r"相关|有关", u)), None)
    before = [b for b in bounds if general is None or b <= general]
    return (before[-1] if general is not None else before[0]) if before else 0
