"""The label words of responsibility notes and table columns, each with its role. Data.

MIXED: the text after the label says the roles itself (X牵头，Y配合), or names units that are all
responsible. Longer labels are tried first, so 牵头责任单位 is not read as 责任单位.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import nfkc, simplified
from .numbering import ordinal

LEAD, SUPPORT, RESPONSIBLE, PERSON, DEADLINE, MIXED = "lead", "support", "responsible", "person", "deadline", "mixed"
OTHER = "other"     # a field of the note that names no one responsible (数据提供单位: who supplies the figures)

LABELS: dict[str, str] = {
    "牵头责任单位": LEAD, "牵头单位": LEAD, "牵头部门": LEAD, "牵头处室": LEAD, "主责单位": LEAD,
    "主责部门": LEAD, "主办单位": LEAD, "牵头机构": LEAD,
    "牵头负责部门": LEAD, "牵头负责单位": LEAD, "牵头科室": LEAD, "主办科室": LEAD,
    "协同责任单位": SUPPORT, "配合责任单位": SUPPORT, "配合单位": SUPPORT, "配合部门": SUPPORT, "参与单位": SUPPORT,
    "参与部门": SUPPORT, "协办单位": SUPPORT, "协同单位": SUPPORT, "协同部门": SUPPORT, "协助单位": SUPPORT,
    "参加单位": SUPPORT, "配合科室": SUPPORT, "配合处室": SUPPORT, "协办科室": SUPPORT,
    "责任单位": MIXED, "责任部门": MIXED, "部门分工": MIXED, "实施单位": MIXED, "落实单位": MIXED,
    "责任主体": MIXED, "承办单位": MIXED, "责任科室": MIXED, "责任处室": MIXED, "责任股室": MIXED,
    "负责科室": MIXED, "负责处室": MIXED,
    "分管省领导": PERSON, "分管市领导": PERSON, "分管县领导": PERSON, "分管区领导": PERSON, "牵头负责领导": PERSON,
    "牵头省领导": PERSON, "牵头市领导": PERSON, "牵头县领导": PERSON, "牵头领导": PERSON, "责任领导": PERSON,
    "分管领导": PERSON, "负责领导": PERSON, "联系领导": PERSON, "包抓领导": PERSON, "责任人": PERSON,
    "数据提供单位": OTHER, "数据来源单位": OTHER, "统计单位": OTHER,
    "完成时限": DEADLINE, "完成时间": DEADLINE, "时间节点": DEADLINE, "时限要求": DEADLINE, "完成期限": DEADLINE,
}
LABEL_WORDS = sorted(LABELS, key=len, reverse=True)
# `牵头单位：X`, or in running text `牵头单位为X` / `主责单位是X` (not 是否, 为主, 为准…).
# A qualifier before a label word belongs to it (项目责任人, 主要责任单位), not to the units before it.
LABEL = re.compile(rf"(?:项目|主要|具体|直接)?({'|'.join(LABEL_WORDS)})"
                   r"\s*(?:[:：]|(?:均|都)?[为是](?![否主准了重核第先要在应必]))\s*")
# A field of a note that is no label word (实际完成情况：, 进展情况：, 备注：) ends the labelled part before it.
OTHER_FIELD = re.compile(r"(?:^|(?<=[\s。；;，,]))[\u4e00-\u9fff]{2,8}[:：]")

_LABEL_STARTS = frozenset(word[0] for word in LABELS) | frozenset("项主具直")   # and the qualifiers of LABEL


@lru_cache(maxsize=4096)
def _folded_char(ch: str) -> str:
    return simplified(nfkc(ch))[:1]


def may_open_label(text: str) -> bool:
    """A cheap test (its first character, folded) that `text` may start with a label word: lets a
    caller skip `labelled_parts` at most sentence ends of a long line."""
    return bool(text) and _folded_char(text[0]) in _LABEL_STARTS


def label_of(header: str) -> str:
    """The label word a column header starts with (`主要责任单位` → 责任单位), or ""."""
    plain = re.sub(r"^(?:主要|具体)", "", re.sub(r"\s+", "", simplified(nfkc(header))))
    return next((w for w in LABEL_WORDS if plain.startswith(w)), "")


# A note line that says how many of the items above it it covers: `4项目标的责任单位均为市发展改革委。`,
# `该目标责任单位为市经委。`, `以上任务牵头单位为X` (all of the run above).
_COUNTED = re.compile(rf"(?:以上|上述|前述)?(?:([0-9]{{1,3}}|[一二两三四五六七八九十]{{1,3}})项|该|本|以上|上述)"
                      rf"(?:项)?(?:目标|任务|指标|工作|事项)?的?({'|'.join(LABEL_WORDS)})(?:均|都)?(?:为|是)\s*(.+?)[。.;；]?$")


@dataclass(frozen=True)
class Counted:
    """A note line that names its units for the items above it: its text as a labelled note, and how
    many items it covers (the one it follows included; 0: every item of the run above)."""

    note: str
    covers: int


def counted(line: str) -> Counted | None:
    """The note a counted line states (`4项目标的责任单位均为X` → 责任单位：X, 4 items), or None."""
    m = _COUNTED.match(simplified(nfkc(line.strip())))
    if not m:
        return None
    covers = ordinal(m.group(1)) if m.group(1) else (1 if m.group(0)[:1] in "该本" else 0)
    return Counted(f"{m.group(2)}：{m.group(3)}", covers)


def labelled_parts(text: str) -> list[tuple[str, str]]:
    """[(label word, the text after it up to the next label)] of a labelled note or line;
    [] when `text` starts with no label."""
    plain = simplified(nfkc(text))
    marks = list(LABEL.finditer(plain))
    if not marks or plain[:marks[0].start()].strip(" ([（〔【［<《"):
        return []
    ends = [m.start() for m in marks[1:]] + [len(plain)]
    return [(m.group(1), _trim(_before_other_field(plain[m.end():end]))) for m, end in zip(marks, ends)]


def _before_other_field(body: str) -> str:
    other = OTHER_FIELD.search(body)
    return body[:other.start()] if other else body


_OPENERS, _CLOSERS = "([（〔【［<《", ")]）〕】］>》"


def _count(text: str, chars: str) -> int:
    return sum(text.count(c) for c in chars)


def _trim(body: str) -> str:
    """A labelled part without the separators around it, and without a closing bracket that closes
    the note rather than a unit's own `(含…)`."""
    body = body.strip(" 　，,；;。")
    while body[-1:] in _CLOSERS and _count(body, _OPENERS) < _count(body, _CLOSERS):
        body = body[:-1].rstrip(" 　，,；;。")
    return body


_ROLE_WORDS = "|".join(w for w in LABEL_WORDS if LABELS[w] in (LEAD, SUPPORT, MIXED, PERSON))
# A note's traces in text no reader took as a note: a bracket naming a lead (…，列第一位的为牵头单位), or
# role columns whose header ran together (牵头单位配合单位).
_ROLE_TRACE = re.compile(rf"[(（〔【][^()（）〔〕【】]{{0,200}}牵头|"
                         rf"(?:{_ROLE_WORDS})(?:{_ROLE_WORDS})")


def mentions_roles(text: str) -> bool:
    """Whether a text still shows a responsibility note (a label with its units, a bracket naming a
    lead, role columns run together): where no note was read, the layout defeated the reader."""
    plain = simplified(nfkc(text))
    return bool(LABEL.search(plain) or _ROLE_TRACE.search(plain))
