"""Quotes: a pasted sentence of a document (or of its English reference translation) finds its source. Pure.

Ranking scores a long paste by its many words, and a quoted sentence can lose to a passage that
shares more of them. Comparing matching keys (punctuation, spaces and script folded) is exact: a
segment whose whole key occurs in the query was pasted; a query whose whole key occurs in one
segment quotes part of it.
"""
from __future__ import annotations

from typing import Iterable

from ..text.normalize import match_key, simplified

QUOTE_MIN = 12   # shortest key (characters) that counts as a quotation, not a phrase


class Quotes:
    """The matching keys of every segment, by chunk row."""

    def __init__(self, segments: Iterable[tuple[int, str]]) -> None:
        keys = ((row, _key(text)) for row, text in segments)
        self._keys = [(row, key) for row, key in keys if len(key) >= QUOTE_MIN]

    def find(self, query: str) -> dict[int, int]:
        """{chunk row: length of the longest quoted key} for the segments the query quotes, or that
        quote the whole query; empty for a query shorter than a quotation."""
        q = _key(query)
        if len(q) < QUOTE_MIN:
            return {}
        found: dict[int, int] = {}
        for row, key in self._keys:
            if key in q or q in key:
                found[row] = max(found.get(row, 0), min(len(key), len(q)))
        return found


def lift(scores: dict[int, float], quoted: dict[int, int]) -> dict[int, float]:
    """Scores, best first, with the quoted chunks above all others: longest quotation first, then
    their own score."""
    if not quoted:
        return scores
    top = max(scores.values(), default=0.0)
    out = dict(scores)
    for row, length in quoted.items():
        out[row] = top + 1.0 + length / 1e4 + scores.get(row, 0.0) / 1e6
    return dict(sorted(out.items(), key=lambda kv: kv[1], reverse=True))


def _key(text: str) -> str:
    return match_key(simplified(text))
