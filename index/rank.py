"""Ranking helpers: pure functions over ids and scores. No model is imported here."""
from __future__ import annotations

from typing import Sequence

from .textnorm import shingles

NEAR_DUPLICATE = 0.8


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller shingle set found in the other (1.0 = one text contains the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def drop_near_duplicates(ranked: Sequence[int], texts: Sequence[str], limit: int,
                         threshold: float = NEAR_DUPLICATE) -> list[int]:
    """Keep ranked ids in order, skipping any whose text is a near-duplicate of one already kept.

    Punctuation-blind character trigrams, so the same sentence with other punctuation, or a chunk
    that another chunk contains, is shown once. Stops after `limit` ids.
    """
    kept: list[int] = []
    kept_shingles: list[set[str]] = []
    for i in ranked:
        s = shingles(texts[i])
        if any(containment(s, k) >= threshold for k in kept_shingles):
            continue
        kept.append(i)
        kept_shingles.append(s)
        if len(kept) == limit:
            break
    return kept
