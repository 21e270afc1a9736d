"""Answer sentences: pick the sentences of the top passages that best answer the question. Pure.

Extractive only. Each sentence of the top hits is scored by its cosine with the question (its stored vector) plus
the IDF-weighted share of the question's tokens it contains (on the English side, with its passage's
section path), as in RAGFlow's `insert_citations`.
The best sentence, and a second one when it scores nearly as well, become the answer, each with a
numbered citation. For "who leads" questions the lead and supporting units of the cited passage's
(责任单位:…) note are returned as a separate field and appended to the answer text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from ..text.normalize import fold
from ..text.tokens import body_words
from ..types import Hit, Responsibility, Task
from .responsibility import LONE_ITEM, ROLES_UNCLEAR, TEXT_GAP, UNREAD_NOTE, TaskAnswer

TOP_PASSAGES = 3          # sentences are drawn from the best three hits
SECOND_WITHIN = 0.03      # a second sentence joins the answer when this close to the best score
KEY_MARGIN = 0.03         # a sentence this close to the best that holds more key terms answers first
DENSE_WEIGHT = 0.9        # the rest is lexical overlap (0.4–1.0 measured with python -m eval; docs/evaluation.md)
_DIGITS = re.compile(r"\d+(?:\.\d+)?(?:%|％)?")
NOT_FOUND = {"zh": "未在文件中找到答案。以下是最接近的段落，并非答案。",
             "en": "The documents do not say. The closest passages follow; they are not an answer."}
LOW_CONFIDENCE = {"zh": "把握不大：下面的答案可能不完整或不准确，请核对引用的原文。",
                  "en": "Low confidence: this answer may be incomplete or wrong; check the cited passages."}


@dataclass(frozen=True)
class AnswerSentence:
    """One answer sentence, the citation number of its passage, and the spans to highlight."""

    text: str
    citation: int
    highlights: tuple[tuple[int, int], ...]
    text_en: str = ""   # the reference translation of the sentence, "" when there is none


@dataclass(frozen=True)
class Evidence:
    """A sentence the answer rests on (shown or framing the one shown), its English and its passage."""

    text: str
    text_en: str
    hit: Hit


@dataclass(frozen=True)
class Answer:
    """What `ask` returns: the verdict, the answer sentences with citations, and all hits."""

    question: str
    lang: str
    found: bool
    answer_sentences: tuple[AnswerSentence, ...]
    citations: tuple[Hit, ...]
    hits: tuple[Hit, ...]
    responsible: Responsibility | None      # the note of the one task a "who leads" question resolves to
    duty: TaskAnswer | None = None           # the tasks of a responsibility question, None for others
    verdict: str = "found"                   # found | low_confidence | not_found; `found` is false only for the last

    @property
    def text(self) -> str:
        """The answer as plain text, with its citation marks and any responsible units."""
        joiner = "" if self.lang == "zh" else " "
        body = joiner.join(f"{s.text}[{s.citation}]" for s in self.answer_sentences)
        if self.duty:
            body = joiner.join(x for x in (duty_text(self.duty, self.lang), body) if x)
        return body

    def to_dict(self) -> dict:
        duty = self.duty
        return {
            "found": self.found, "verdict": self.verdict, "answer": self.text if self.found else NOT_FOUND[self.lang],
            "answer_sentences": [{"text": s.text, "citation": s.citation, "highlights": list(s.highlights),
                                  "text_en": s.text_en} for s in self.answer_sentences],
            "responsible_units": self.responsible.to_dict() if self.responsible else None,
            "task": task_dict(duty.tasks[0].task, duty.tasks[0].doubt) if duty and duty.kind == "who_leads" else None,
            "tasks": [{**task_dict(t.task, t.doubt), "role": t.role or None, "citation": n,
                       **_roles(t.task.responsible)}
                      for t, n in zip(duty.tasks, duty.citations)] if duty else [],
            "citations": [{"number": n, **h.to_dict()} for n, h in enumerate(self.citations, 1)],
            "hits": [h.to_dict() for h in self.hits],
        }


def _roles(r: Responsibility | None) -> dict:
    keys = ("lead", "support", "responsible", "persons")
    return {k: list(getattr(r, k)) if r else [] for k in keys}


def task_dict(task: Task, doubt: str = "") -> dict:
    """A task as `ask --json` shows it: heading (null when lost), section path, note (null when lost),
    whether that note may belong to another task whose heading the text lost, and why
    (`responsibility.doubts`), and the line after which the copy lost text inside the task."""
    return {"task_id": task.task_id, "ref": task.ref, "doc_id": task.doc_id, "heading": task.heading,
            "section": list(task.section),
            "note": task.responsible.text if task.responsible else None, "note_uncertain": bool(doubt),
            "uncertain_reason": doubt or None, "gap_line": task.gap_line}


NO_NOTE = {"zh": "原文未写明这项任务的责任单位。",
           "en": "The document does not name the responsible units for this task."}
DOUBT = {LONE_ITEM: {"zh": "存疑：原文这一节只有第1项，其后一项的标题可能已丢失，这条责任单位说明也可能属于那一项。",
                     "en": "Uncertain: in the text this section has only an item 1; the heading of an item after "
                           "it may be lost, and this note may belong to that item."},
         TEXT_GAP: {"zh": "存疑：原文第{line}行处，这项任务的正文中间缺了一段，缺失处可能有另一项任务的标题，"
                          "这条责任单位说明也可能属于那一项。",
                    "en": "Uncertain: the text lost a passage inside this task (at line {line}); the heading "
                          "of another task may have been there, and this note may belong to that task."},
         UNREAD_NOTE: {"zh": "存疑：这项任务的原文写有责任分工（如“牵头单位”），但其版式未能读出，请查看引文原文。",
                       "en": "Uncertain: the text of this task states who is responsible (a label such as 牵头单位), "
                             "but its layout could not be read; see the cited text."},
         ROLES_UNCLEAR: {"zh": "存疑：原文是一张表格，复制时各栏连成了一行，这些单位分不出哪些牵头、哪些配合。",
                         "en": "Uncertain: the source is a table whose columns ran together when it was copied; "
                               "which of these units lead and which support cannot be told."}}


def doubt_text(reason: str, lang: str, gap_line: int | None = None) -> str:
    """The line that says why a task's note may be another's ("" when it is not in doubt)."""
    return DOUBT[reason][lang].format(line=gap_line) if reason in DOUBT else ""


_WORDS = {"zh": ("牵头", "配合", "任务", "；", "：", "相关任务"),
          "en": ("Lead", "Support", "Task", "; ", ": ", "Tasks")}
_MORE = {"zh": {"responsible": "责任单位（原文未分牵头与配合）", "persons": "负责领导",
                "inherited": "（此说明写在前文，适用于其后各项）"},
         "en": {"responsible": "Responsible (the text names no lead)", "persons": "Leaders",
                "inherited": "(stated once above for the tasks after it)"}}


def units_text(r: Responsibility, lang: str) -> str:
    """A note's units by role, then the note verbatim: lead and support (— where the note names none);
    units named without a lead as responsible, never as a lead; leaders (persons) apart from units."""
    lead, support, _, sep, colon, _ = _WORDS[lang]
    more = _MORE[lang]
    parts = [f"{lead}{colon}{'、'.join(r.lead) or '—'}", f"{support}{colon}{'、'.join(r.support) or '—'}"] \
        if r.lead or not r.responsible else [f"{more['responsible']}{colon}{'、'.join(r.responsible)}"]
    if r.persons:
        parts.append(f"{more['persons']}{colon}{'、'.join(r.persons)}")
    if r.text:
        parts.append(r.text + (more["inherited"] if r.inherited else ""))
    return sep.join(parts)


def duty_text(duty: TaskAnswer, lang: str) -> str:
    """Plain-text units of each task a responsibility question resolves to, with its citation."""
    _, _, task_word, _, colon, _ = _WORDS[lang]
    lines = []
    for t, n in zip(duty.tasks, duty.citations):
        name = t.task.heading or " › ".join(t.task.section) or task_word
        r = t.task.responsible
        unread = t.doubt == UNREAD_NOTE and not r
        units = units_text(r, lang) if r else "" if unread else NO_NOTE[lang]  # the note verbatim beside the names
        role = f" ({t.role})" if t.role else ""
        doubt = f" {doubt_text(t.doubt, lang, t.task.gap_line)}" if t.doubt and (r or unread) else ""
        lines.append(f"{name}{role}{colon}{units}[{n}]{doubt}")
    if duty.kind == "which_tasks" and not duty.tasks:
        return f"{'、'.join(duty.units)}{colon}—"
    return "\n".join(lines)


def sentence_score(cosine: float, tokens: Sequence[str], query: dict[str, float], idf: dict[str, float]) -> float:
    """DENSE_WEIGHT · cosine + (1 − DENSE_WEIGHT) · IDF-weighted share of query tokens present."""
    total = sum(idf.get(t, 0.0) * w for t, w in query.items())
    present = set(tokens)
    overlap = sum(idf.get(t, 0.0) * w for t, w in query.items() if t in present) / total if total else 0.0
    return DENSE_WEIGHT * cosine + (1 - DENSE_WEIGHT) * overlap


def choose(scored: list[tuple[float, int, str]], held: Callable[[int, str], int] | None = None
           ) -> list[tuple[float, int, str]]:
    """The best (score, hit index, sentence), plus the runner-up when within SECOND_WITHIN. With
    `held` (how many of the question's key terms a sentence of a hit holds), the sentence within KEY_MARGIN
    of the best that holds the most of them leads, and the closest in meaning follows it: a long
    list of targets is less close to a question about one of them than a sentence of generic words."""
    ranked = sorted(scored, key=lambda x: (-x[0], x[1]))
    if not ranked:
        return []
    if held and KEY_MARGIN:
        near = [r for r in ranked if ranked[0][0] - r[0] <= KEY_MARGIN]
        lead = max(near, key=lambda r: held(r[1], r[2]))   # the first of equals: the closer in meaning
        ranked = [lead, *(r for r in ranked if r is not lead)]
    best = [ranked[0]]
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] <= SECOND_WITHIN:
        best.append(ranked[1])
    return best


# Words of any policy sentence: marking them shows nothing about why the sentence answers.
GENERIC_TERMS = frozenset("部门 单位 负责 牵头 参与 配合 责任 推进 推动 加强 加快 支持 建设 发展 实施 工作 任务 "
                          "提升 完善 健全 促进 共同 两省 省级 相关".split())


def highlights(sentence: str, terms: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Spans of the sentence to mark: query terms as whole words (two or more characters, generic
    policy words left out: 改革 is not marked inside 发展改革委) and numbers."""
    folded = fold(sentence)
    if len(folded) != len(sentence):
        return ()
    spans = [(m.start(), m.end()) for m in _DIGITS.finditer(folded)]
    names = body_words(folded)
    for term in sorted({t for t in terms if len(t) >= 2 and t not in GENERIC_TERMS}, key=len, reverse=True):
        spans += [m.span() for m in re.finditer(re.escape(term), folded) if not _inside_name(m.span(), names)]
    return tuple(merge(spans))


def _inside_name(span: tuple[int, int], names: list[tuple[int, int]]) -> bool:
    """Whether a match starts or ends strictly inside a body's name (改革 in 发展改革委)."""
    a, b = span
    return any(s < a < e or s < b < e for s, e in names)


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]
