"""Twins: same-numbered item headings of the two readings, told apart by their topic. Pure.

Two item headings with the same number, one in each reading and close together, cannot be told
apart by numbering, and the stream search may file each in the other's reading. `separate` swaps
them when both then head sentences more like them, and searches again with the swapped headings
held, so the units around them (the note that closes each task above all) follow their heading.
"""
from __future__ import annotations

import functools
from typing import Callable

import numpy as np

from .streams import Piece, grams, label_streams

TWIN_WINDOW = 40     # units within which two same-numbered item headings of the two readings are compared
TWIN_MARGIN = 0.25   # how much better the swapped readings must fit their sentences (share of bigrams)
TWIN_BODY = 3        # sentences after a heading that show its topic
ROUNDS = 3           # searches after a swap at most (each may bring a new pair of twins to light)


def separate(pieces: list[Piece], vectors: Callable[[], np.ndarray] | None = None) -> list[str]:
    """"A" or "B" for every piece: the stream search, then twin swaps, each followed by a search
    that holds every heading swapped so far in its new reading."""
    vectors = functools.cache(vectors) if vectors else None
    labels = label_streams(pieces, vectors=vectors)
    fixed: dict[int, str] = {}
    for _ in range(ROUNDS):
        swapped = swap_twin_headings(pieces, labels)
        changed = {i: new for i, (old, new) in enumerate(zip(labels, swapped)) if old != new}
        if not changed:
            break
        fixed.update(changed)
        labels = label_streams(pieces, vectors=vectors, fixed=fixed)
    return labels


def swap_twin_headings(pieces: list[Piece], labels: list[str]) -> list[str]:
    """The labels with each pair of twin headings swapped when both then fit their first
    sentences better, clearly so together (heading–body similarity)."""
    labels = list(labels)
    heads = [i for i, p in enumerate(pieces) if p.kind == "heading" and p.level == 3 and p.number]
    for a in heads:
        for b in heads:
            if not (a < b <= a + TWIN_WINDOW and labels[a] != labels[b] and pieces[a].number == pieces[b].number):
                continue
            swapped = list(labels)
            swapped[a], swapped[b] = labels[b], labels[a]
            before = (_fit(pieces, labels, a), _fit(pieces, labels, b))
            after = (_fit(pieces, swapped, a), _fit(pieces, swapped, b))
            if all(x >= y for x, y in zip(after, before)) and sum(after) > sum(before) + TWIN_MARGIN:
                labels = swapped   # both fit better: a heading never trades its own topic for the other's
    return labels


def _fit(pieces: list[Piece], labels: list[str], at: int) -> float:
    """How like the first sentences after it in its reading the heading at `at` is: the best share
    of its character bigrams that one of them holds."""
    head = _bigrams(pieces[at].text)
    body: list[int] = []
    for i in range(at + 1, len(pieces)):
        if labels[i] != labels[at]:
            continue
        if pieces[i].kind != "text" or len(body) == TWIN_BODY:
            break
        body.append(i)
    return max((len(head & _bigrams(pieces[i].text)) / max(1, len(head)) for i in body), default=0.0)


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(g for g in grams(text) if len(g) == 2)
