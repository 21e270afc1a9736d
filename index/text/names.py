"""A written list of names split into its names: at 、，；/, 及 and a 和 between bodies, never inside brackets. Pure.

`各区县政府(含南太湖新区、长合区管委会)` is one name, and a run of bare administrative levels belongs to the
name after it (`各县、市、区政府` is one group of governments).
"""
from __future__ import annotations

import re

_HAN = re.compile(r"[\u4e00-\u9fff]")
# 和 joins two names only after a whole body's name (省直有关部门和各市人民政府), never inside one (工业和信息化局)
_BODY_END = re.compile(r"(?:部门|单位|政府|委|厅|局|办)$")


def split_names(part: str) -> tuple[str, ...]:
    """The names of a list, split at 、，；/ and 及 outside brackets:
    `各区县政府(含南太湖新区、长合区管委会)` is one name."""
    items, depth, current = [], 0, ""
    for i, ch in enumerate(part):
        depth += (ch in "(（〔【[") - (ch in ")）〕】]")
        between_han = 0 < i < len(part) - 1 and bool(_HAN.match(part[i - 1]) and _HAN.match(part[i + 1]))
        joined = ch == "和" and between_han and (part[i + 1] == "各" or bool(_BODY_END.search(current[-2:])))
        spaced = ch in " \u3000" and i + 1 < len(part) and bool(_HAN.match(part[i + 1]) and
                                                                 _BODY_END.search(current[-2:]))   # its end only
        cut = ch in "、，,;；/\n" or (ch == "及" and between_han) or joined or spaced   # 县教体局 各相关乡镇政府
        if depth <= 0 and cut:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return tuple(dict.fromkeys(_levels([x.strip(" 　") for x in items if x.strip(" 　()（）")])))


_LEVEL = re.compile(r"^各?(?:省|市|县|区|镇|乡|街|县级市|县市区|县市|区县|市县|市州|市区)(?:级)?$")


def _levels(items: list[str]) -> list[str]:
    """`各县、市、区政府` and `各区、县级市政府` are one group of governments, not 各县 + 市 + 区政府:
    a run of bare administrative levels is joined to the name after it that starts with one."""
    out: list[str] = []
    run: list[str] = []
    for item in items:
        if _LEVEL.match(item):
            run.append(item)
            continue
        if run and (_LEVEL.match(item[:1]) or item.startswith(("县级市", "区县", "县市"))):
            out.append("、".join(run + [item]))
        else:
            out += run + [item]
        run = []
    if len(run) > 1:
        out.append("、".join(run))
    else:
        out += run
    return out


# A piece of a person list that is a post alone (`市政府党组成员`, in `市政府党组成员、公安局局长王小洪`):
# the same person's first post, joined to the piece after it.
_PERSON_AND = re.compile(r"(?<=[\u4e00-\u9fff]{2})[和与](?=[\u4e00-\u9fff]{2})")   # 王小洪和副市长杨斌
_POST_ONLY = re.compile(r"(?:成员|委员|常委|局长|厅长|主任|书记|秘书长|(?:省|市|县|区)长|负责人)$")


# Two-character names padded to the width of three with a space inside (`陆 明`), run together in a cell
# whose lines were joined (`陆 明俞 悦`).
_PADDED_NAMES = re.compile(r"(?:[\u4e00-\u9fff][ \u3000][\u4e00-\u9fff]){2,}")
_PADDED_NAME = re.compile(r"[\u4e00-\u9fff][ \u3000][\u4e00-\u9fff]")


def split_persons(part: str) -> tuple[str, ...]:
    """The persons of a leader list: split as names, at 和/与 between two persons
    (`公安局局长王小洪和副市长杨斌`), and between padded two-character names run together (`陆 明俞 悦`);
    a post alone belongs to the person after it."""
    pieces = [p for name in split_names(part) for p in _PERSON_AND.split(name)]
    pieces = [name for p in pieces for name in (_PADDED_NAME.findall(p) if _PADDED_NAMES.fullmatch(p) else [p])]
    out: list[str] = []
    for piece in pieces:
        if out and _POST_ONLY.search(out[-1]) and not _POST_ONLY.search(piece):
            out[-1] = f"{out[-1]}、{piece}"
        else:
            out.append(piece)
    return tuple(dict.fromkeys(out))
