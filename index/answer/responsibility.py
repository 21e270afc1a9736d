"""Who leads which task: resolve a question to tasks of the outline, never to a neighbour's note. Pure.

"Who leads X": X is the task whose passages rank best for the question (its heading, body and
note are one passage group), raised by the share of its heading's words the question holds (an
official names a task by its heading; one stray sentence filed under another task should not
outweigh that), and the answer is that task's own note. When the next tasks rank
almost as well (within `tie` of the best score), up to three are listed, each with its units.
A task whose note the text lost is named with no units. "Which tasks does Y lead": every task
whose note names Y, as lead or as support.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Collection, Mapping, Sequence

from ..text.amounts import percents
from ..text.labels import mentions_roles
from ..text.normalize import nfkc, simplified
from ..text.numbering import leading_number
from ..types import Chunk, Hit, Task
from .unit_questions import TaskRole, Units, asked_role, asks_which_tasks, asks_who_leads, topic

MAX_TIED = 3
CROSS_DOC_TIE = 0.85   # chosen on the dev documents of eval/policies (docs/real-documents.md)
_ORDINAL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_HEADING_NUMBER = re.compile(rf"^\s*(?:[(（]\s*{_ORDINAL}\s*[)）]|{_ORDINAL}\s*[.、．])\s*")  # 2. (三) 3、 of a heading


@dataclass(frozen=True)
class TaskAnswer:
    """The responsibility side of an answer: what was asked and the tasks that answer it."""

    kind: str                       # "who_leads" or "which_tasks"
    tasks: tuple[TaskRole, ...]     # who_leads: 1–3 candidate tasks, best first; which_tasks: all of Y's
    units: tuple[str, ...] = ()     # which_tasks: the units the question names
    role: str = ""                  # which_tasks: "lead" or "any"
    citations: tuple[int, ...] = ()  # the citation number of each task's note passage

    @property
    def across_documents(self) -> bool:
        """Whether the tasks shown come from more than one document (the question did not say which)."""
        return len({t.task.doc_id for t in self.tasks}) > 1


def classify(question: str, units: Units, terms: Sequence[str] = ()) -> tuple[str, set[str]]:
    """("which_tasks", named units), ("who_leads", ∅) or ("", ∅) for any other question."""
    named = units.named_in(question, terms)
    if named and asks_which_tasks(question):
        return "which_tasks", named
    return ("who_leads" if asks_who_leads(question) else ""), set()


def respond(question: str, search: Callable[[str], Sequence[Hit]], tasks: dict[tuple[str, str], Task],
            units: Units, tie: float, terms: Sequence[str] = (),
            fit: Callable[[str], Callable[[Task], float]] | None = None,
            docs: Collection[str] = ()) -> TaskAnswer | None:
    """The responsibility answer to `question`, or None when it asks no such thing. `search` ranks
    passages for a text: the task is found by the question's topic, without its "who leads" words,
    which would otherwise match every note. `fit(topic)` scores a task's heading for that topic;
    `docs`: the documents the question names (by place or year), whose tasks come first."""
    kind, named = classify(question, units, terms)
    if kind == "which_tasks":
        role = asked_role(question)
        return TaskAnswer(kind, tuple(units.tasks_of(named, role)), tuple(sorted(named)), role)
    if kind == "who_leads":
        about = topic(question)
        ranked = rank_tasks(search(about), tasks, fit(about) if fit else None, docs, disagreement(question))
        if not ranked:
            return None
        shown = tied(ranked, tie)
        rival = None if docs else rival_elsewhere(ranked, fit(about) if fit else None, disagreement(question))
        if rival is not None and rival not in shown:
            shown.append(rival)
        return TaskAnswer(kind, tuple(TaskRole(t, "", ()) for t in shown))
    return None


def fits_elsewhere(top: Chunk, shown: Sequence[Task], tasks: dict[tuple[str, str], Task]) -> bool:
    """Whether the passage that fits a task's topic best (`top`) is not the shown tasks': a task not shown
    (its heading fitted the question less), or text outside any task in another document than theirs
    (that document may hold the task in a layout its outline missed)."""
    if not shown:
        return False
    task = tasks.get((top.doc_id, top.task_id))
    if task is not None and task.is_task:
        return not any((t.doc_id, t.task_id) == (top.doc_id, top.task_id) for t in shown)
    return top.doc_id != shown[0].doc_id


def rival_elsewhere(ranked: list[tuple[Task, float]], fit: Callable[[Task], float] | None = None,
                    against: Callable[[Task], int] | None = None) -> Task | None:
    """The best task of another document than the best task's, when it scores within CROSS_DOC_TIE of
    it, or when the question fits its heading as well as the best one's and contradicts it no more: a
    question that names no document, asked of several with the same kind of task (each sets a GDP
    target), is answered from each, and not as sure."""
    (first, top), *rest = ranked
    other = next(((t, s) for t, s in rest if t.doc_id != first.doc_id and not fragment(t)), None)
    if other is None or top <= 0:
        return None
    as_fit = fit is not None and fit(first) > 0 and fit(other[0]) >= fit(first) and \
        (against is None or against(other[0]) <= against(first))
    return other[0] if other[1] >= top * CROSS_DOC_TIE or as_fit else None


_ASKED_BODY = re.compile(r"(?:哪个|哪一个|哪些|什么)(厅|局|委|办|部)(?![门分])")
# The level of government a question speaks of (全省, 省里; "provincial"), against the level its units name (省财政厅).
_LEVELS = "省市县区"
_ASKED_LEVEL = re.compile(r"(?:全|本)([省市县区])|([省市县区])里")
_ASKED_LEVEL_EN = re.compile(r"\b(?:provincial|province-wide|whole province)\b", re.I)


def disagreement(question: str) -> Callable[[Task], int]:
    """Task → how many things the question states that the task contradicts: a percentage it names
    (GDP增长8%, 百分之八, 一成) that the task's text does not hold as a value (2.8% is not 8%), the kind of
    body it asks for (哪个厅) that none of the task's units is, and the level it speaks of (全省) when the
    task's units name only other levels (区财政局)."""
    plain = simplified(nfkc(question))
    stated = percents(plain)
    body = _ASKED_BODY.search(plain)
    level = next((g for m in [_ASKED_LEVEL.search(plain)] if m for g in m.groups() if g), "")
    level = level or ("省" if _ASKED_LEVEL_EN.search(plain) else "")

    def count(task: Task) -> int:
        text = simplified(nfkc(" ".join((task.heading or "", *task.sentences))))
        missing = len(stated - percents(text))
        units = task.responsible.units if task.responsible else ()
        levels = {u[0] for u in units if u[:1] in _LEVELS}
        return (missing + bool(body and units and not any(u.endswith(body.group(1)) for u in units))
                + bool(level and levels and level not in levels))
    return count


def rank_tasks(hits: Sequence[Hit], tasks: dict[tuple[str, str], Task],
               fit: Callable[[Task], float] | None = None, docs: Collection[str] = (),
               against: Callable[[Task], int] | None = None) -> list[tuple[Task, float]]:
    """The tasks of the ranked hits, each at its best hit's score plus `fit` of its heading (in units
    of the hits' score range), best first (parts left out); the tasks of the documents the question
    names come before the others, then those the question contradicts least (`against`). A run of
    sentences with neither heading nor note is a fragment the
    recovery could not name: it says nothing of who leads, so it comes after every named task."""
    best: dict[tuple[str, str], float] = {}
    for hit in hits:
        key = (hit.chunk.doc_id, hit.chunk.task_id)
        if key in tasks and tasks[key].is_task:
            best[key] = max(best.get(key, float("-inf")), hit.score)
    span = _span([hit.score for hit in hits])
    ranked = sorted(((tasks[k], s + span * (fit(tasks[k]) if fit else 0.0)) for k, s in best.items()),
                    key=lambda ts: (bool(docs) and ts[0].doc_id not in docs, against(ts[0]) if against else 0, -ts[1]))
    return [ts for ts in ranked if not fragment(ts[0])] + [ts for ts in ranked if fragment(ts[0])]


def _span(scores: list[float]) -> float:
    """The range of a result list's scores: fusions differ in scale and in spread (RRF's scores are a
    hundred times smaller than a weighted sum's, and lie closer together), so a bonus is counted in it."""
    if not scores:
        return 0.0
    span = max(scores) - min(scores)
    return span if span > 0 else abs(max(scores))


def heading_share(question: Collection[str], heading: Collection[str], idf: Mapping[str, float]) -> float:
    """The IDF-weighted share of a heading's words that the question holds: 0 (none) to 1 (all)."""
    words = set(heading)
    total = sum(idf.get(w, 0.0) for w in words)
    return sum(idf.get(w, 0.0) for w in words & set(question)) / total if total else 0.0


def lone_first_items(tasks: Sequence[Task]) -> set[tuple[str, str]]:
    """Tasks whose note may close a later task whose heading the text lost: the task is its
    section's only item and is numbered 1. A plan rarely lists one item, so a 2. after it was more
    likely lost, and the note after 1.'s sentences may be that item's. Numbering cannot tell which
    (the gold outline has both cases), so an answer naming such a note says it is unsure."""
    sections: dict[tuple, list[Task]] = {}
    for task in (t for t in tasks if t.is_task):
        path = task.section[:-1] if task.heading and task.section[-1:] == (task.heading,) else task.section
        sections.setdefault((task.doc_id, path), []).append(task)
    out = set()
    for group in sections.values():
        headed = [t for t in group if t.heading]
        if len(headed) == 1 and headed[0] is group[-1] and headed[0].responsible and _ordinal(headed[0].heading) == 1:
            out.add((headed[0].doc_id, headed[0].task_id))
    return out


LONE_ITEM, TEXT_GAP = "lone_item", "text_gap"   # why a note may be a lost task's (see `doubts`)
ROLES_UNCLEAR = "roles_unclear"                 # the copy ran a table's cells together: roles lost
UNREAD_NOTE = "unread_note"                     # no note was read, yet the task's text shows one


def doubts(tasks: Sequence[Task]) -> dict[tuple[str, str], str]:
    """{(doc, task): why its note may close another task whose heading the text lost}: LONE_ITEM
    (`lone_first_items`), or TEXT_GAP when the copy lost text between the task's sentences before
    its note (`Task.gap_line`; in the re-read chapters 8 of 14 such losses took a note or heading);
    or why its units' roles are unsure: ROLES_UNCLEAR (a table row whose cells the copy ran together);
    or UNREAD_NOTE: no note was read for the task, and its text or that of another task of its document
    without one shows a note (`labels.mentions_roles`): the layout defeated the reader there, so "the
    document names no unit" would not be sure."""
    lone = lone_first_items(tasks)
    out = {(t.doc_id, t.task_id): TEXT_GAP for t in tasks if t.responsible and t.gap_line}
    out |= {(t.doc_id, t.task_id): ROLES_UNCLEAR for t in tasks if t.responsible and t.responsible.unclear}
    unread = {t.doc_id for t in tasks if not t.responsible and any(map(mentions_roles, t.sentences))}   # parts too
    out |= {(t.doc_id, t.task_id): UNREAD_NOTE for t in tasks   # a document whose notes defeated the reader
            if t.is_task and not t.responsible and t.doc_id in unread}
    return out | {key: LONE_ITEM for key in lone}


def _ordinal(heading: str) -> int | None:
    """The item number of a heading like 1.增强…, None for (一)… or an unnumbered one."""
    number = leading_number(heading.strip())
    return number.value if number and number.style in ("n.", "n.?", "n、") else None


def unnumbered(heading: str) -> str:
    """A heading without its ordinal: 2.构建公路运输网 → 构建公路运输网."""
    return _HEADING_NUMBER.sub("", heading, count=1)


def fragment(task: Task) -> bool:
    """A task the recovery knows only by its sentences: no heading and no note survive."""
    return task.heading is None and task.responsible is None


def tied(ranked: list[tuple[Task, float]], tie: float) -> list[Task]:
    """The best task, and the next ones scoring at least `tie` × its score (at most MAX_TIED)."""
    top = ranked[0][1]
    return [t for t, s in ranked[:MAX_TIED] if t is ranked[0][0] or (s >= top * tie and not fragment(t))]


def note_rows(chunks: tuple[Chunk, ...]) -> dict[tuple[str, str], int]:
    """For every task, the row of the chunk that holds its note, else of its first chunk."""
    rows: dict[tuple[str, str], int] = {}
    for i, c in enumerate(chunks):
        key = (c.doc_id, c.task_id)
        if key not in rows or any(n.text in c.segments for n in c.responsible):
            rows[key] = i
    return rows
