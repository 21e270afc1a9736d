"""Clean/dedup: collapse repeated sentences to one `Sentence` that records every source span.

About a quarter of the sentences in the shipped plan occur two or three times, out of order.
Two units are the same text when their matching keys agree (NFKC, punctuation and whitespace
ignored), so full-width/half-width variants collapse too. The first occurrence is displayed.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..text.normalize import match_key
from ..types import Document, Sentence, Span
from .structure import LineIndex, TextUnit, split_units


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
    lines = LineIndex(doc.text)
    first: dict[str, TextUnit] = {}
    spans: dict[str, list[Span]] = {}
    for unit in units:
        key = match_key(unit.text)
        if unit.kind == "heading" or not key:
            continue
        first.setdefault(key, unit)
        spans.setdefault(key, []).append(lines.span(unit.start, unit.end))
    sentences = [Sentence(doc.doc_id, unit.text, key, tuple(spans[key]), unit.kind == "note")
                 for key, unit in first.items()]
    total = sum(len(v) for v in spans.values())
    return sentences, DedupStats(units=total, distinct=len(sentences))
