"""Responsibility notes as data: which words label a role, and how a note's text splits into roles. Pure.

Real documents state who does a task in many ways:

- a bracket after the task, labelled or not, in any bracket width:
  `（责任单位：X牵头，Y按职责分工负责）`, `〔责任单位：X、Y按职责分工负责〕`, `【牵头单位：X】`, `（X、Y牵头，Z配合）`;
- labelled lines after the task: `牵头单位：X` + `配合单位：Y`, `牵头责任单位：X。协同责任单位：Y。`,
  `部门分工：X牵头，各地、各部门配合。`, and lines naming people (`分管省领导：`, `责任人：`);
- inside the task's own text: `由某副市长负责，市发改委牵头，相关部门配合`;
- table columns headed by the same label words (序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限).

`LABELS` (`text/labels.py`) maps each label word to its role; `parse_note` reads a note into lead, support and
responsible units (named without a lead: none is invented) and persons, apart from units, on Simplified text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .labels import (  # noqa: F401
    DEADLINE, LABEL, LABELS, LEAD, MIXED, OTHER, PERSON, RESPONSIBLE, SUPPORT, labelled_parts)
from .normalize import nfkc, simplified
from .names import split_names, split_persons
from .remarks import FIRST_LEADS, first_lead_sentences, without_first_leads, without_unlisted
from .units import parse_units

# Verbs that give a clause its role inside a note's text.
_LEAD_VERB = re.compile(r"(?:共同|分别)?牵头(?:负责|抓总|落实)?|负总责|主办|承办(?=$|[，,；;。])")   # X承办，Y协办
_SUPPORT_VERB = re.compile(r"(?:按(?:照)?职责分工|按职责|依职责)?(?:分别)?(?:负责|落实)|配合|参与|协同|协助|协办")
_APPLIES_AFTER = re.compile(r"[，,；;、]?\s*(?:下同|以下同|后同)\s*$")
# A person or a post, not a unit: 张某某, 副市长, 分管副省长, 市政府秘书长; `由…负责` names them.
_POST = re.compile(r"(?:副?(?:省|市|县|区|州)长|(?:常务)?副(?:省|市|县|区)长|副?秘书长|副?书记|同志|副主席|"
                   r"副?主任(?!委)|分管(?:副?(?:省|市|县|区)长|领导|负责同志)|负责同志|主要负责人|主要领导)$")
_BY_PERSON = re.compile(r"由?([^，,；;。由]{1,30}?)(?:同志)?(?:负责|统筹|牵头|挂帅|分管)")
# The end of a unit's name: what an unlabelled bracket must list to count as a note.
_UNIT_END = re.compile(r"(?:委|厅|局|办|部|署|院|会|室|司|中心|政府|公司|集团|银行|行|处|所|站|队|团|社|馆|联|专班|组|"
                       r"部门|单位|机构|机关|区|县|市|州|乡镇|街道|园区|学校|大学|海关|管委会|委员会|联合会|协会)$")
_CLAUSES = re.compile(r"[，,；;。]|(?:(?<=牵头)|(?<=负责)|(?<=配合))[、\s](?=\S)")   # X和Y分别牵头、Z
# A remark in brackets: 列第一位的为牵头单位 (the first named leads), 下同 (for later tasks); see text/remarks.py.
_REMARK = re.compile(r"[(（]([^()（）。]*(?:第一位|首位)[^()（）]*|\s*(?:下同|以下同)\s*)[)）]")
_ETC = re.compile(r"(?<=.)等(?:[省市县区]直)?(?:有关|相关|其他)?(?:部门|单位)?$")
_PREFIX = re.compile(r"^(?:由|请|会同|并|和|及|以及)")
_MARKS = "★☆▲*＊"   # a table's mark of the lead unit, before or after its name (带★的为牵头单位)


@dataclass(frozen=True)
class Roles:
    """What a note says: units by role (names as written, Simplified), persons, a deadline, and
    whether it says it also holds for the tasks after it (`下同`)."""

    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    deadline: str = ""
    applies_after: bool = False
    carried: tuple[str, ...] = ()   # with applies_after: units named after the roles (涉及X，不再分工，下同)
    first_leads: bool = False       # the note says the first unit it lists leads (a convention for later notes)

    @property
    def units(self) -> tuple[str, ...]:
        return self.lead + self.support + self.responsible

    def __bool__(self) -> bool:
        return bool(self.units or self.persons)

    def merged(self, other: Roles) -> Roles:
        """Both notes' roles (a task with a bracket and a labelled line, or a table row's columns)."""
        if other == Roles():
            return self
        if self == Roles():
            return other
        cat = _union
        lead, support = cat(self.lead, other.lead), cat(self.support, other.support)
        responsible = cat(self.responsible, other.responsible)
        if lead:   # once a lead is named, units named without a role support it
            support, responsible = cat(support, tuple(u for u in responsible if u not in lead)), ()
        return Roles(lead, support, responsible, cat(self.persons, other.persons),
                     self.deadline or other.deadline, self.applies_after or other.applies_after,
                     cat(self.carried, other.carried), self.first_leads or other.first_leads)


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a + b))


def parse_note(text: str, provinces: tuple[str, ...] = (), first_leads: bool = False) -> Roles:
    """The roles a note states: labelled (`牵头单位：X 配合单位：Y`), or a role sentence in a bracket
    or the task's text (`X牵头，Y按职责分工负责`). Unit lists are written out (`两省X` → X of each
    province, see `units.parse_units`). A remark in brackets (`（列第一位的为牵头单位，下同）`) is
    read as a convention, not as a unit; `first_leads`: an earlier note set that convention."""
    plain = simplified(nfkc(text))
    found = [m for m in _REMARK.finditer(plain) if not _names_first(m.group(1))]
    for m in reversed(found):   # a bracket that opens with units and a verb is the note itself
        plain = plain[:m.start()] + plain[m.end():]
    remarks = " ".join([m.group(1) for m in found] + first_lead_sentences(plain))
    text = without_first_leads(plain)
    first_leads = first_leads or bool(FIRST_LEADS.search(remarks))
    roles = _parse(text, provinces, first_leads)
    if re.search(r"下同|以下同", remarks):
        roles = replace(roles, applies_after=True)
    return replace(roles, first_leads=True) if first_leads else roles


def _parse(text: str, provinces: tuple[str, ...], first_leads: bool) -> Roles:
    parts = labelled_parts(text)
    if not parts:
        found = _free(_inner(text), provinces)
        if first_leads and found.responsible and not found.lead:
            found = Roles(found.responsible[:1], found.responsible[1:], (), found.persons,
                          applies_after=found.applies_after)
        return found
    roles = Roles()
    for label, body in parts:
        role = LABELS[label]
        marked = [_marked(n) for n in split_names(body)] if role == MIXED else []
        if any(marked):   # ★区发改委、统计局 or 区财政局*、区发改局: the marked unit leads
            names = [n.strip(_MARKS) for n in split_names(body)]
            found = Roles(_units("、".join(n for n, m in zip(names, marked) if m), provinces),
                          _units("、".join(n for n, m in zip(names, marked) if not m), provinces))
        elif role == MIXED:
            found = _free(body, provinces, labelled=True)
            if first_leads and found.responsible and not found.lead:
                found = Roles(found.responsible[:1], found.responsible[1:], (), found.persons)
        elif role == PERSON:
            found = Roles(persons=split_persons(body))
        elif role == DEADLINE:
            found = Roles(deadline=body)
        elif role == OTHER:
            continue
        else:
            found = Roles(**{role: _units(_strip_verbs(body), provinces)})
        roles = roles.merged(found)
    return _third_column(roles, parts, provinces)


def _third_column(roles: Roles, parts: list[tuple[str, str]], provinces: tuple[str, ...]) -> Roles:
    """With a lead and a support label both named, a plain 责任单位 beside them is a third role, the
    units responsible (牵头单位 X；参与单位 Y；责任单位：各县政府), not more support."""
    kinds = {LABELS[label] for label, _ in parts}
    if not {LEAD, SUPPORT, MIXED} <= kinds:
        return roles
    plain = [u for label, body in parts if LABELS[label] == MIXED
             for u in _free(body, provinces, labelled=True).responsible]
    return replace(roles, support=tuple(u for u in roles.support if u not in plain),
                   responsible=_union(roles.responsible, tuple(plain)))


def _marked(name: str) -> bool:
    return name[:1] in _MARKS or name[-1:] in _MARKS


def is_role_sentence(text: str) -> bool:
    """Whether an unlabelled bracket's text is a note: clauses of unit names with role verbs
    (`X、Y牵头，Z按职责分工负责`, `X主办，Y协办`, `X负责`; a clause of names alone before the verb's,
    `X牵头，Y等部门，Z配合`), not a remark or an abbreviation (`（以下简称省发改委）`)."""
    plain = _inner(simplified(nfkc(text)))
    body = _APPLIES_AFTER.sub("", without_unlisted(without_first_leads(plain)))
    clauses = [c for c in _CLAUSES.split(body) if c.strip()]
    verbed = [c for c in clauses if not is_unit_list(re.sub(r"等(?:有关|相关)?(?:部门|单位)$", "", c))]
    if clauses and not verbed and FIRST_LEADS.search(plain):   # （X、Y，列第一位的为牵头单位）
        return True
    return bool(verbed) and verbed[-1] == clauses[-1] and all(map(is_role_clause, verbed)) and any(
        _LEAD_VERB.search(c) or re.search(r"负责$|配合$|协办$", c) for c in clauses)   # （省发改委负责）


def _names_first(remark: str) -> bool:
    """Whether a bracket that holds a remark opens with the units it speaks of (`X牵头，Y配合，下同`,
    `X、Y，列第一位的为牵头单位`): then it is the note itself, not a remark beside one."""
    first = _CLAUSES.split(remark)[0]
    return is_role_clause(first) or is_unit_list(first)


def is_role_clause(clause: str) -> bool:
    """One clause of a role sentence: `由某副市长负责`, or unit names followed by a role verb."""
    clause = simplified(nfkc(clause)).strip()
    if _persons_in(clause):
        return True
    named = _strip_verbs(clause)
    if named == clause.strip() or not named:
        return False
    return all(map(_unit_like, split_names(named)))


def _free(body: str, provinces: tuple[str, ...], labelled: bool = False) -> Roles:
    """Roles of a note's unlabelled text: clause by clause, `X牵头` leads, `Y配合`/`按职责分工负责`
    supports; `由某副市长负责` names a person. With no lead anywhere, every unit is responsible. A
    clause with no role verb adds only names that are units (`具体任务均涉及相关市(州)人民政府`); with
    `下同`, the units named after the last role clause are carried to the later tasks. After a label
    (`责任单位：`) the first clause is a unit list whatever its names end with."""
    applies_after = bool(_APPLIES_AFTER.search(body))
    body = without_unlisted(_APPLIES_AFTER.sub("", body))
    lead: list[str] = []
    rest: list[str] = []
    persons: list[str] = []
    trailing: list[str] = []
    for clause in (c.strip() for c in _CLAUSES.split(body)):
        if not clause:
            continue
        named = _persons_in(clause)
        if named:
            persons += named
            continue
        stripped = _strip_verbs(clause)
        names = _units(stripped, provinces)
        if stripped == clause:   # no role verb: a unit list (责任单位：X、Y), or a remark naming some
            listed = labelled and not lead and not rest
            names = names if listed or all(map(_unit_like, names)) else tuple(filter(_unit_like, names))
            trailing += names
        else:
            trailing = []
        (lead if _LEAD_VERB.search(clause) else rest).extend(names)
    lead_t, rest_t = tuple(dict.fromkeys(lead)), tuple(dict.fromkeys(u for u in rest if u not in lead))
    carried = tuple(trailing) if applies_after and len(trailing) < len(rest_t) else ()
    if lead_t:
        return Roles(lead_t, rest_t, (), tuple(persons), applies_after=applies_after, carried=carried)
    return Roles((), (), rest_t, tuple(persons), applies_after=applies_after, carried=carried)


# 由X会同Y等部门研究提出落实意见 (the State Council's division-of-work wording): X leads, Y supports.
_JOINTLY = re.compile(r"由([^，,；;。由]{2,60}?)会同([^，,；;。]{2,200}?)(?:等(?:有关|相关)?(?:部门|单位))?"
                      r"(?=研究|负责|共同|制定|提出|落实|抓好|推进|组织|[，,；;。])")


def joint_clause(text: str) -> tuple[int, int, Roles] | None:
    """(start, end, roles) of a `由X会同Y…` clause in the text, or None."""
    m = _JOINTLY.search(simplified(nfkc(text)))
    if not m or not is_unit_list(m.group(1)) or not is_unit_list(m.group(2)):
        return None
    return m.start(), min(m.end(), len(text)), Roles(_units(m.group(1), ()), _units(m.group(2), ()))


_HEAD_UNIT = re.compile(r"(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\))?\s*([^，,。；;:：]{2,40}?)"
                        r"(?:牵头|负责|主抓)的?(?:重点)?(?:工作|任务|事项)")


def heading_lead(label: str) -> tuple[str, ...]:
    """The units a section heading puts in the lead of the tasks under it (`（一）省监察厅牵头的工作`), or ()."""
    m = _HEAD_UNIT.match(simplified(nfkc(label)))
    return parse_note(m.group(1) + "牵头").lead if m and is_unit_list(m.group(1)) else ()


def is_unit_list(text: str) -> bool:
    """Whether a text is nothing but unit names (`发改委`, `市商务局、苏州海关`): the last cell of a
    task table pasted as one line per row."""
    if len(text) > 80:
        return False
    names = [_ETC.sub("", n) for n in split_names(simplified(nfkc(text)).strip().rstrip("。.； "))]   # X、Y等
    return 0 < len(names) <= 12 and all(
        _unit_like(n) and 2 <= len(n) <= 20 and not _LEAD_VERB.search(n) and not _SUPPORT_VERB.search(n)
        for n in names)


def _persons_in(clause: str) -> tuple[str, ...]:
    """The people in charge a clause names: `由某副市长负责`, or posts alone (`分管副省长、协管副秘书长负责`);
    () for any other clause."""
    person = _BY_PERSON.match(clause)
    if not person or not _POST.search(person.group(1).strip()):
        return ()
    names = split_names(person.group(1))
    return names if clause.startswith("由") or all(_POST.search(n) for n in names) else ()


def _unit_like(name: str) -> bool:
    return bool(_UNIT_END.search(re.sub(r"[(（][^)）]*[)）]", "", name))) or name.startswith("各")


def _inner(text: str) -> str:
    """A bracketed note's text without its brackets and a leading `责任单位：`."""
    text = text.strip().rstrip("。")
    if text[:1] in "([（〔【［" and text[-1:] in ")]）〕】］":
        text = text[1:-1]
    return LABEL.sub("", text, count=1) if LABEL.match(text.strip()) else text


def _strip_verbs(clause: str) -> str:
    clause = _PREFIX.sub("", clause.strip())
    clause = re.sub(r"(?:等(?:相关|有关|其他)?(?:部门|单位)?)?(?:按(?:照)?职责分工|按职责|依职责)?(?:分别|共同)?"
                    r"(?:牵头负责|牵头抓总|牵头落实|牵头|负总责|负责落实|负责|落实|主办|承办|配合|参与|协同|协助|协办)$",
                    "", clause)
    return clause.strip()


def _units(part: str, provinces: tuple[str, ...]) -> tuple[str, ...]:
    """Unit names of a list, `两省X` written out for each province; `X等` loses its `等`, and `X等省直有关部门`
    its `等…` (the bodies named stand for the rest)."""
    shielded = "、".join(n.replace("、", "\x00") for n in split_names(part))   # a bracket's 、 splits nothing
    names = [_ETC.sub("", u.name.replace("\x00", "、")) for u in parse_units(shielded, provinces)]
    return tuple(dict.fromkeys(n for n in names if n))
