"""Task tables whose cells the copy ran together, one row per line. Pure.

A table copied from a web page as text may lose every cell boundary while keeping one row per line:

    类别序号重点督办内容牵头单位全年完成情况
    经济社会发展主要预期目标1地区生产总值增长6%左右。区发展改革委西城区地区生产总值增速由…

The header is one run of column titles (序号 and a role column among them, no space, no sentence end).
Each row holds, in the header's order, its group cell (a merged cell: repeated, or left out after the
first row), its number, its task up to its first sentence end, the names of its units and then the text
of the columns after them. Unit names are told apart by the lexicon of government bodies
(`text.bodies`), else by the first suffix that ends a body's name (局, 委, 办…).

A row is read only when its number continues the count (1, 2, 3 …) and unit names follow its task; the
first line that is not such a row ends the table, and the lines from there on are read as usual. So a
table whose rows start with their own number and end with their units (`rows.run_together`) is left to
that reader. Each line is read once and each unit name is looked for in at most MAX_NAME characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.bodies import body_english
from ..text.labels import LABEL_WORDS, LABELS
from ..text.normalize import nfkc, simplified
from ..text.roles import DEADLINE, LEAD, MIXED, PERSON, SUPPORT, parse_note
from .items import Item, Note, title_end
from .tables import enter_group, leave_groups

MAX_HEADER = 80         # characters of a header line
MAX_TASK = 300          # characters of a row's task before its first sentence end
MAX_NAME = 20           # characters of one unit's name
MAX_UNITS = 12
_ROLE_KINDS = (LEAD, SUPPORT, MIXED, PERSON, DEADLINE)
_HEADER_ROLE = re.compile("|".join(w for w in LABEL_WORDS if LABELS[w] in _ROLE_KINDS))
_ROW = re.compile(r"(?P<group>[^\d\s。；;，,：:]{0,30}?)(?P<number>\d{1,3})(?=[^\d.．%])[.．、]?")
# the suffix that ends a body's name when the lexicon does not know it
STRONG_END = re.compile(r"(?:局|委|办|厅|部|署|院|中心|政府|管委会|委员会|公司|集团|银行|街道)$")
_NAME = re.compile(r"[\u4e00-\u9fff()（）]+")
_SENTENCE_END = "。；;"


@dataclass(frozen=True)
class FlatHeader:
    """A run-together header: its group title (before 序号), task title, role columns in order, and the
    title of the text after them (全年完成情况), if any."""

    group: str
    task: str
    roles: tuple[str, ...]          # label words, in order
    after: str


def flat_header(line: str) -> FlatHeader | None:
    """The header a line is when it runs column titles together (序号 first or after a group title, a
    task title, then role labels), else None."""
    if len(line) > MAX_HEADER or ("序号" not in line and "序號" not in line):
        return None
    plain = simplified(nfkc(line))
    if len(plain) > MAX_HEADER or re.search(r"\s|[。；;，,：:]", plain) or "序号" not in plain:
        return None
    group, _, rest = plain.partition("序号")
    marks = list(_HEADER_ROLE.finditer(rest))
    if not marks or not marks[0].start():
        return None
    between = [rest[a.end():b.start()] for a, b in zip(marks, marks[1:])]
    if any(between):        # role columns stand together
        return None
    return FlatHeader(group, rest[:marks[0].start()], tuple(m.group() for m in marks), rest[marks[-1].end():])


def flat_table(text: str, lines: list[tuple[int, int]], i: int, stack: list[Item]) -> int | None:
    """Read the table whose run-together header is `lines[i]` into `stack`; the index of the first line
    after it, or None when no row follows the header."""
    header = flat_header(text[slice(*lines[i])])
    if header is None:
        return None
    j, number = i + 1, 1
    while j < len(lines):
        row = _row(text, lines[j], number, header)
        if row is None:
            break
        if row.group:
            leave_groups(stack)
            enter_group(stack, row.group, lines[j][0], len(row.group))
        _add(stack, row, header)
        j, number = j + 1, number + 1
    return j if number > 1 else None


@dataclass(frozen=True)
class _Row:
    start: int
    end: int
    group: str
    label: str                      # number and task title
    task: tuple[int, int]           # where the task's text lies
    units: tuple[str, ...]
    units_at: tuple[int, int]       # where its unit names lie
    rest: tuple[int, int]           # the text of the columns after the units


def _row(text: str, span: tuple[int, int], number: int, header: FlatHeader) -> _Row | None:
    start, end = span
    line = text[start:end]
    m = _ROW.match(line)
    if not m or int(m.group("number")) != number:
        return None
    cut = m.end() + title_end(line[m.end():m.end() + MAX_TASK])
    if cut >= len(line) or line[cut] not in _SENTENCE_END:
        return None
    at = cut + 1
    units, stop = leading_units(line, at, adjacent=len(header.roles) > 1)
    if not units:
        return None
    task = line[m.end():cut]
    return _Row(start, end, m.group("group"), f"{number}.{task}", (start + m.end(), start + cut + 1), units,
                (start + at, start + stop), (start + stop, end))


def leading_units(line: str, at: int, adjacent: bool = False) -> tuple[tuple[str, ...], int]:
    """The unit names that start at `at` (`区发展改革委、区财政局…`) and where they end. A name is followed
    by another after 、 or ，; `adjacent`: also with nothing between them (role cells run together)."""
    units: list[str] = []
    while len(units) < MAX_UNITS:
        name = unit_at(line, at)
        if not name:
            break
        units += _split_catch_all(name)
        at += len(name)
        if line[at:at + 1] in ("、", "，", ",") and unit_at(line, at + 1):
            at += 1
        elif not adjacent:
            break
    return tuple(units), at


def _split_catch_all(name: str) -> list[str]:
    """A name read up to a body's suffix that runs into a catch-all (`高新园(邹区镇)各街道`): the two names."""
    cut = name.find("各", 3)
    return [name[:cut], name[cut:]] if cut > 0 and name[:cut].count("(") == name[:cut].count(")") else [name]


def unit_at(line: str, at: int) -> str:
    """The unit name that starts at `at`: the longest the lexicon of bodies reads, else the shortest
    that ends with a body's suffix; "" when none does."""
    run = _NAME.match(line, at, at + MAX_NAME)
    if not run:
        return ""
    word = run.group()
    known = [word[:n] for n in range(len(word), 1, -1) if body_english(simplified(word[:n]))]
    if known:   # the longest, unless a shorter one ends where a next name starts (卫健委|区财政局, 民政局|各街道)
        return next((k for k in reversed(known[1:]) if STRONG_END.search(k) and word[len(k)] in "省市县区各"),
                    known[0])
    return next((word[:n] for n in range(3, len(word) + 1) if STRONG_END.search(word[:n])), "")


def _add(stack: list[Item], row: _Row, header: FlatHeader) -> None:
    """The row as an item under the open group, its note the units under the header's role labels."""
    parent = stack[-1]
    item = Item(parent.depth + 1, row.label, row.start, row.task[1] - 1, False, "row")
    item.pieces.append(row.task)
    if row.rest[1] > row.rest[0]:
        item.pieces.append(row.rest)
    units = "、".join(row.units)
    if len(header.roles) == 1:
        note, unclear = f"{header.roles[0]}：{units}", False
    elif len(row.units) == len(header.roles):     # one name per role cell
        note, unclear = "；".join(f"{label}：{unit}" for label, unit in zip(header.roles, row.units)), False
    else:                                          # the cells' bounds are lost: no unit's role is known
        note, unclear = f"责任单位：{units}", True
    item.notes.append(Note(*row.units_at, units, parse_note(note), unclear=unclear))
    parent.children.append(item)
