"""Clean/dedup: collapse repeated sentences to one `Sentence` that records every source span.

About a quarter of the sentences in the shipped plan occur two or three times, out of order.
Two units are the same text when their matching keys agree (NFKC, punctuation and whitespace
ignored), so full-width/half-width variants collapse too. The first occurrence is displayed.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..text.normalize import match_key
from ..types import Document, Passage, Sentence, Span
from .structure import LineIndex, Unit, section_paths, split_units


@dataclass(frozen=True)
class DedupStats:
    """Counts for `python -m index info`: units before and after dedup."""

    units: int
    distinct: int

    @property
    def duplicates(self) -> int:
        return self.units - self.distinct


def distinct_sentences(doc: Document) -> tuple[list[Sentence], DedupStats]:
    """Distinct content units of a document in first-occurrence order, each with all its spans."""
    units = split_units(doc.text)
    paths = section_paths(units)
    lines = LineIndex(doc.text)
    first: dict[str, tuple[Unit, tuple[str, ...]]] = {}
    spans: dict[str, list[Span]] = {}
    for unit, path in zip(units, paths):
        key = match_key(unit.text)
        if unit.kind == "heading" or not key:
            continue
        first.setdefault(key, (unit, path))
        spans.setdefault(key, []).append(lines.span(unit.start, unit.end))
    sentences = [
        Sentence(doc.doc_id, unit.text, key, tuple(spans[key]), path, unit.kind == "note")
        for key, (unit, path) in first.items()
    ]
    total = sum(len(v) for v in spans.values())
    return sentences, DedupStats(units=total, distinct=len(sentences))


def group_passages(sentences: list[Sentence]) -> list[Passage]:
    """Consecutive distinct sentences that share a section path form one passage."""
    passages: list[Passage] = []
    run: list[Sentence] = []
    for s in sentences:
        if run and s.section != run[0].section:
            passages.append(Passage(run[0].doc_id, run[0].section, tuple(run)))
            run = []
        run.append(s)
    if run:
        passages.append(Passage(run[0].doc_id, run[0].section, tuple(run)))
    return passages
