"""Responsibility questions: "who leads this task?" and "which tasks does this unit lead?". Pure.

`asks_who_leads` and `asks_which_tasks` read the question's own words (Chinese and English): only
a real question about responsibility qualifies ("leading industries" does not). `Units` is the
catalogue of every unit the outline's notes name, so that a question can name one the way people
do: 省财政厅 (both provinces), 甘肃省财政厅 (one), or in English through the glossary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..text.normalize import nfkc, simplified
from ..text.units import PROVINCE_EN, PROVINCE_NAMES
from ..types import Task

_WHO_ZH = re.compile(r"牵头|由谁|归谁(管|负责)?|谁(来)?(负责|主抓|抓|管|主管|分管|统筹|承担)|谁牵头|"
                     r"哪(个|些|一个|家)[\u4e00-\u9fff]{0,4}?((?<!大)厅|局|委|办|科室|处室|股室)"
                     r"(?=负责|牵头|主抓|承担|主管|管|的事|[？?，,。]|$)|"
                     r"哪(个|些|一个|家)[\u4e00-\u9fff]{0,4}?(部门|单位|机构|机关)|责任单位|负责单位|主责|"
                     r"哪(位|一位|个|些)[\u4e00-\u9fff]{0,4}?(领导|负责人|同志|副?(市|省|县|区)长)|领导是谁|责任人|"
                     r"谁是(牵头|负责|责任|分管)?领导|(牵头|负责|责任|分管)领导")
_WHO_EN = re.compile(
    r"\bwho\b|\bwhich (?:(?:provincial|municipal|city|county|district|state|local|government|lead|leading|zone|"
    r"park) ){0,2}"
    r"(departments?|agenc(y|ies)|units?|bod(y|ies)|authorit(y|ies)|bureaus?|"
    r"organi[sz]ations?|offices?|governments?|institutions?|leaders?|officials?|"
    r"(vice[- ])?(mayors?|governors?))\b|\bresponsible\b|\b(?:share|shares|bears?|takes?) responsibility\b|"
    r"\b(?:answerable|accountable)\b|\bin charge\b|\banswers? for\b|\bleads?\b(?! (to|industr))|\btakes? the lead\b|"
    r"\bheads? (up )?(this|the|that)\b|\blead (units?|departments?|agenc(y|ies)|role)\b", re.I)
# A place between "which" and the body (Which Yinzhou district leader…) asks who; the place stays in the topic.
_WHO_PLACED_EN = re.compile(r"\b[Ww]hich (?:[A-Z][\w'’-]* ){1,2}(?:(?:district|county|city|municipal|provincial|zone|"
                            r"park|town) ){0,2}(?i:departments?|agenc(?:y|ies)|units?|bod(?:y|ies)|bureaus?|offices?|"
                            r"leaders?|officials?)\b")
_WHICH_ZH = re.compile(r"哪些|哪几|什么(任务|工作|事项)|多少(项|个)?(任务|工作)|(负责|牵头|主抓|管|参与|配合)了?什么")
_WHICH_BODY = re.compile(r"哪(?:些|几|个|位)[\u4e00-\u9fff]{0,6}?(?:领导|部门|单位|机构|机关|负责人|同志|科室|处室|"
                         r"股室|厅|局|委)(?![\u4e00-\u9fff]{0,2}(?:任务|工作|事项))")
_WHICH_EN = re.compile(r"\b(which|what)\b.{0,30}\b(tasks?|work|areas?|items?|projects?|responsibilit(y|ies))\b|"
                       r"\b(take|takes|taking) part\b|\binvolved\b|\bparticipates?\b|"
                       r"\bwhat\b.{0,60}\b(responsible for|in charge of|leads?|lead on|coordinates?|oversees?)\b", re.I)
_LEAD_ROLE = re.compile(r"牵头|主责|\blead(s|ing)?\b|\bled\b|\bin charge\b|\bheads?\b", re.I)


# Who benefits, qualifies or receives asks about the people a measure serves, not about its lead.
_SERVED = re.compile(r"\bwho\b.{0,40}?\b(benefit\w*|eligible|qualif\w*|receives?|gets?|can (apply|use|claim|enjoy))\b",
                     re.I)
# Who issued, published or signed the document asks about its issuers, not about a task's lead.
_ISSUED = re.compile(r"印发|发布|签发|颁布|下发|"
                     r"\b(issu(e|es|ed|ing)|publish(es|ed|ing)?|releas(e|es|ed|ing)|signs?|signed)\b",
                     re.I)
_DUTY = re.compile(r"牵头|负责|主责|责任|\blead|\bresponsib|\bin charge\b", re.I)


def asks_who_leads(question: str) -> bool:
    text = simplified(nfkc(question))
    if (_ISSUED.search(text) or _SERVED.search(text)) and not _DUTY.search(text):
        return False
    return bool(_WHO_ZH.search(text) or _WHO_EN.search(text) or _WHO_PLACED_EN.search(text))


_BOILERPLATE = re.compile(r"(这|该|此)(项|个)(任务|工作)|相关(任务|工作)|(由|是)?(哪个|哪些|哪一个|哪家)|单位|部门|"
                          r"\b(which|what) (body|bodies)\b|\b(is|are)\b|\bthe (task|work) (of|on)\b|[？?]")


def topic(question: str) -> str:
    """The question without its "who leads" words: what the task is about, to find the task by."""
    text = simplified(nfkc(question))
    for pattern in (_WHO_ZH, _WHO_EN, _BOILERPLATE):
        text = pattern.sub(" ", text)
    return " ".join(text.split()) or question


def asks_which_tasks(question: str) -> bool:
    """A question for the tasks of a unit (the unit itself is found by `Units.named_in`): 哪些任务,
    负责什么, "What is it responsible for?"; never one that asks who."""
    text = simplified(nfkc(question))
    if re.search(r"谁|\bwho\b", text, re.I) or _WHICH_BODY.search(text):   # 由哪些省政府领导负责 asks who
        return False
    return bool(_WHICH_ZH.search(text) or _WHICH_EN.search(text))


def asked_role(question: str) -> str:
    """"lead" when the question asks what a unit leads, "any" when it asks what it takes part in."""
    text = simplified(nfkc(question))
    if re.search(r"参与|配合|涉及|take part|involved|participat|support", text, re.I):
        return "any"
    return "lead" if _LEAD_ROLE.search(text) else "any"


@dataclass(frozen=True)
class TaskRole:
    """One task a unit appears in, and its role there ("lead" or "support")."""

    task: Task
    role: str
    units: tuple[str, ...]       # the unit's names as the note has them, written out
    doubt: str = ""              # why its note may be a lost task's (responsibility.doubts), "" if sure


class Units:
    """Every unit the notes name, and the forms a question may use for it."""

    def __init__(self, tasks: Iterable[Task]) -> None:
        self.tasks = [t for t in tasks if t.responsible]
        names = {n for t in self.tasks for n in t.responsible.units}
        self.forms: dict[str, set[str]] = {}
        for name in names:
            for form in _forms(name):
                if len(form) >= 2:   # a one-character "unit" (市) would be found in every place name
                    self.forms.setdefault(form, set()).add(name)

    def names(self) -> list[str]:
        return sorted({n for group in self.forms.values() for n in group})

    def named_in(self, question: str, terms: Iterable[str] = ()) -> set[str]:
        """The units a question names (longest form first), in its own words or through `terms`
        (Chinese terms bridged from an English question); a province the question names narrows them."""
        text = simplified(nfkc(question))
        found: set[str] = set()
        for source in [text, *terms]:
            for form in sorted(self.forms, key=len, reverse=True):
                if form in source:
                    found |= self.forms[form]
                    source = source.replace(form, " ")
        named = {zh for zh, en in PROVINCE_EN.items() if zh in text or re.search(rf"\b{en}\b", text, re.I)}
        if not named:
            return found
        return {n for n in found if not _province(n) or any(_province(n).startswith(p) for p in named)}

    def tasks_of(self, units: set[str], role: str) -> list[TaskRole]:
        """The tasks whose note names any of `units`, as lead (or, for role "any", also as support, or as
        responsible where the note names no lead)."""
        out = []
        for task in self.tasks:
            r = task.responsible
            for name, names in (("lead", r.lead), ("support", r.support), ("responsible", r.responsible)):
                mine = tuple(n for n in names if n in units)
                if mine and (name == "lead" or role == "any"):
                    out.append(TaskRole(task, name, mine))
                    break
        return out


def _province(name: str) -> str:
    m = _IN_PROVINCE.match(name)
    return m.group(2) if m else ""


# Names people use for the same provincial body: the short form a note uses, its official full
# form, and its everyday abbreviation (发改委, 住建厅, 卫健委…). Each group is one body.
ALIASES = (
    ("发展改革委", "发展和改革委员会", "发改委"), ("工业和信息化厅", "工信厅"),
    ("人力资源社会保障厅", "人力资源和社会保障厅", "人社厅"), ("住房城乡建设厅", "住房和城乡建设厅", "住建厅"),
    ("卫生健康委", "卫生健康委员会", "卫健委"), ("文化和旅游厅", "文旅厅"), ("交通运输厅", "交通厅"),
    ("通信管理局", "通管局"), ("市场监管局", "市场监督管理局"), ("应急厅", "应急管理厅"),
    ("地方金融监管局", "地方金融监督管理局", "金融监管局"), ("林草局", "林业和草原局"), ("医保局", "医疗保障局"),
    ("科技厅", "科学技术厅"), ("退役军人厅", "退役军人事务厅"), ("民(宗)委", "民族宗教事务委员会", "民宗委"),
)
_ALIAS = {form: group for group in ALIASES for form in group}
_IN_PROVINCE = re.compile(rf"^(.*?)((?:{'|'.join(PROVINCE_NAMES)})(?:省|自治区))(.{{2,}})$")


def _forms(name: str) -> set[str]:
    """甘肃省财政厅 → {甘肃省财政厅, 省财政厅, 两省财政厅, 财政厅}, with the body's other names
    (甘肃省发改委, 省发展和改革委员会…); 国家税务总局甘肃省税务局 also → 国家税务总局, 省税务局, 税务局;
    other names stand as they are."""
    m = _IN_PROVINCE.match(name)
    if not m or len(m.group(3)) < 3 or m.group(1) and len(m.group(1)) < 4:
        return {name}
    parent, province, kind = m.groups()
    kinds = _ALIAS.get(kind, (kind,))
    forms = {name} | {f"{p}{k}" for k in kinds for p in ("", "省", "两省", "两省区", province)}
    return forms | {parent} if parent else forms
