"""Tasks: a document's recovered outline as `Task`s, and one passage per task. Pure.

`outline.recover` works on bare keys; this stage ties its result back to the document: ids, section
paths, the parsed (责任单位:…) note, and the source spans of each task's heading and note. Chunks are
then cut from one task at a time, so a task's topic, body and note are retrieved together, and every
chunk carries its own task's note, never a neighbour's.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

import numpy as np

from ..text.normalize import match_key
from ..text.units import provinces_of
from ..types import Document, Passage, Sentence, Span, Task
from .outline import TaskNode, recover
from .streams import Piece, heading_number
from .structure import LineIndex, Unit, parse_responsibility, split_units


Embed = Callable[[list[str]], np.ndarray]   # texts → one vector per text (any scale)


def outline_document(doc: Document, embed: Embed | None = None) -> tuple[Task, ...]:
    """The tasks and parts of one document in recovered order (ids t01…, parts p01…). With `embed`,
    the recovery compares units by meaning as well as by shared characters."""
    units = split_units(doc.text)
    pieces = [Piece(u.kind, match_key(u.text), u.text, u.level, heading_number(u.text) if u.kind == "heading" else 0)
              for u in units]
    lines = LineIndex(doc.text)
    spans = _spans_by_key(units, pieces, lines)
    provinces = provinces_of(doc.text)
    tasks: list[Task] = []
    counts = {True: 0, False: 0}
    for node in recover(pieces, (lambda: _unit_vectors([p.text for p in pieces], embed)) if embed else None):
        if not (node.keys or node.note is not None or node.heading):
            continue
        counts[node.is_task] += 1
        task = _task(doc.doc_id, node, counts[node.is_task], units, pieces, spans, provinces)
        if node.gap is not None:   # set only on a task its note closes
            task = replace(task, gap_line=lines.span(units[node.gap].start, units[node.gap].end).line_start)
        english = tuple(doc.translation.get(match_key(x), x) for x in task.section)  # exact: never a sentence's
        tasks.append(replace(task, section_en=english))
    return tuple(tasks)


def _unit_vectors(texts: list[str], embed: Embed) -> np.ndarray:
    """One unit-length row per text, each distinct text embedded once."""
    distinct = list(dict.fromkeys(texts))
    vectors = np.asarray(embed(distinct), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    row = {t: i for i, t in enumerate(distinct)}
    return vectors[[row[t] for t in texts]]


def _task(doc_id: str, node: TaskNode, number: int, units: list[Unit], pieces: list[Piece],
          spans: dict[str, tuple[Span, ...]], provinces: tuple[str, ...]) -> Task:
    text_of = {p.key: p.text for p in reversed(pieces)}   # the first occurrence is displayed
    note = units[node.note].text if node.note is not None else None
    keys = ([node.heading_key or node.slot[2]] if node.heading else []) + list(node.keys) + ([pieces[node.note].key] if note else [])
    return Task(task_id=f"{'t' if node.is_task else 'p'}{number:02d}", doc_id=doc_id, is_task=node.is_task,
                section=tuple(x for x in (node.chapter, node.section, node.heading) if x), heading=node.heading,
                sentences=tuple(text_of[k] for k in node.keys),
                responsible=parse_responsibility(note, provinces) if note else None,
                spans=tuple(sorted((s for k in keys for s in spans[k]), key=lambda s: s.start)))


def _spans_by_key(units: list[Unit], pieces: list[Piece], lines: LineIndex) -> dict[str, tuple[Span, ...]]:
    out: dict[str, list[Span]] = {}
    for unit, piece in zip(units, pieces):
        out.setdefault(piece.key, []).append(lines.span(unit.start, unit.end))
    return {k: tuple(v) for k, v in out.items()}


def task_passages(tasks: tuple[Task, ...], sentences: list[Sentence]) -> list[Passage]:
    """One passage per task: its body sentences in recovered order, then its note."""
    by_key = {s.key: s for s in sentences}
    passages = []
    for task in tasks:
        body = [by_key[k] for k in map(match_key, task.sentences) if k in by_key]
        note = by_key.get(match_key(task.responsible.text)) if task.responsible else None
        members = tuple(body + ([note] if note else []))
        if members:
            passages.append(Passage(task.doc_id, task.section, members, task.task_id, task.responsible, task.heading))
    return passages
