"""Tasks: a document's recovered outline as `Task`s, and one passage per task. Pure.

`outline.recover` works on bare keys; this stage ties its result back to the document: ids, section
paths, the parsed (责任单位:…) note, and the source spans of each task's heading and note. Chunks are
then cut from one task at a time, so a task's topic, body and note are retrieved together, and every
chunk carries its own task's note, never a neighbour's.
"""
from __future__ import annotations

import bisect

from dataclasses import replace
from typing import Callable

import numpy as np

from ..text.normalize import match_key
from ..text.units import provinces_of
from ..types import Document, Passage, Sentence, Span, Task, page_at
from .dedup import DedupStats, distinct_sentences
from .tasklist import outline_plain, with_pages
from .readings import TaskNode, recover
from .streams import MIN_ANCHORS, Piece, anchor_pairs, heading_number
from .structure import LineIndex, TextUnit, parse_responsibility, split_units

Embed = Callable[[list[str]], np.ndarray]   # texts → one vector per text (any scale)
WOVEN_MIN_KEY = 12   # characters of a sentence's key for its repeat to count as evidence of a re-reading
MIDLINE_MIN = 3      # headings that must start mid-line (at least half of all) for a copy's lines to be lost


def is_woven(doc: Document) -> bool:
    """Whether the text shows the damage the recovery of `outline.recover` undoes, rather than a
    clean document that is read in its own order (`tasklist`):

    - woven readings: at least MIN_ANCHORS body sentences (not notes, headings or short formulas)
      repeated in the same order;
    - lost lines: headings mid-line (`…城市群。(二)发展目标`), at least half of all headings, on at least
      MIDLINE_MIN lines. A document copied as one paragraph (every heading on one line) is read by its
      numbering instead (`numbering.items_on_line`). The shipped plan has 92 of 92, on 49 lines."""
    units = split_units(doc.text)
    heads = [u for u in units if u.kind == "heading"]
    midline = [u.start for u in heads if u.start and doc.text[u.start - 1] != "\n"]
    breaks = [i for i, ch in enumerate(doc.text) if ch == "\n"] if len(midline) >= MIDLINE_MIN else []
    lines = {bisect.bisect(breaks, at) for at in midline} if breaks else set()
    if len(lines) >= MIDLINE_MIN and 2 * len(midline) >= len(heads):
        return True
    keys = [key if unit.kind == "text" and len(key) >= WOVEN_MIN_KEY else f"\x00{i}"
            for i, (unit, key) in enumerate((u, match_key(u.text)) for u in units)]
    return len(anchor_pairs(keys)) >= MIN_ANCHORS


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


def _task(doc_id: str, node: TaskNode, number: int, units: list[TextUnit], pieces: list[Piece],
          spans: dict[str, tuple[Span, ...]], provinces: tuple[str, ...]) -> Task:
    text_of = {p.key: p.text for p in reversed(pieces)}   # the first occurrence is displayed
    note = units[node.note].text if node.note is not None else None
    keys = ([node.heading_key or node.slot[2]] if node.heading else []) + list(node.keys) + \
        ([pieces[node.note].key] if note else [])
    return Task(task_id=f"{'t' if node.is_task else 'p'}{number:02d}", doc_id=doc_id, is_task=node.is_task,
                section=tuple(x for x in (node.chapter, node.section, node.heading) if x), heading=node.heading,
                sentences=tuple(text_of[k] for k in node.keys),
                responsible=parse_responsibility(note, provinces) if note else None,
                spans=tuple(sorted((s for k in keys for s in spans[k]), key=lambda s: s.start)))


def _spans_by_key(units: list[TextUnit], pieces: list[Piece], lines: LineIndex) -> dict[str, tuple[Span, ...]]:
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


def document_outline(doc: Document, kept: tuple[Task, ...] | None,
                     embed: Embed | None) -> tuple[tuple[Task, ...], list[Passage], DedupStats]:
    """A document's tasks, the passage of each, and its unit counts. A woven copy (`tasks.is_woven`)
    goes through the readings recovery, reusing `kept` (its outline from the previous build, when
    still valid); a clean document is read in its own order (`tasklist`)."""
    if is_woven(doc):
        sentences, stats = distinct_sentences(doc)
        tasks = kept or paginate_tasks(outline_document(doc, embed), doc.pages)
        return tasks, task_passages(tasks, sentences), stats
    plain = outline_plain(doc)
    if doc.pages:
        plain = with_pages(plain, lambda spans: paginate(spans, doc.pages))
    def english(t):
        return replace(t, section_en=tuple(doc.translation.get(match_key(x), x) for x in t.section))
    members = [s.key for p in plain.passages for s in p.sentences]
    stats = DedupStats(units=len(members), distinct=len(set(members)))
    return tuple(map(english, plain.tasks)), list(plain.passages), stats


def paginate(spans: tuple[Span, ...], pages: tuple[int, ...]) -> tuple[Span, ...]:
    """The spans with the page each starts on (a PDF's); unchanged for a document without pages."""
    return tuple(replace(s, page=page_at(pages, s.start)) for s in spans) if pages else spans


def paginate_tasks(tasks, pages: tuple[int, ...]) -> tuple[Task, ...]:
    return tuple(replace(t, spans=paginate(t.spans, pages)) for t in tasks) if pages else tuple(tasks)
