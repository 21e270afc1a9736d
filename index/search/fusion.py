"""Ranking helpers: pure functions over ids and scores. No model is imported here."""
from __future__ import annotations

from typing import Sequence

NEAR_DUPLICATE = 0.8


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller shingle set found in the other (1.0 = one text contains the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def drop_near_duplicates(ranked: Sequence[int], fingerprints: Sequence[set[str]], limit: int,
                         threshold: float = NEAR_DUPLICATE) -> list[int]:
    """Keep ranked ids in order, skipping any whose text is a near-duplicate of one already kept.

    `fingerprints[i]` is `shingles(text_i)`: punctuation-blind character trigrams, so the same
    sentence with other punctuation, or a chunk that another chunk contains, is shown once.
    Stops after `limit` ids.
    """
    kept: list[int] = []
    kept_shingles: list[set[str]] = []
    for i in ranked:
        s = fingerprints[i]
        if any(containment(s, k) >= threshold for k in kept_shingles):
            continue
        kept.append(i)
        kept_shingles.append(s)
        if len(kept) == limit:
            break
    return kept


def rrf(legs: dict[str, dict[int, float]], weights: dict[str, float], k: int = 60) -> dict[int, float]:
    """Reciprocal rank fusion: each leg adds weight / (k + rank) for every id it ranks."""
    fused: dict[int, float] = {}
    for name, ranked in legs.items():
        for rank, i in enumerate(ranked, 1):
            fused[i] = fused.get(i, 0.0) + weights.get(name, 1.0) / (k + rank)
    return dict(sorted(fused.items(), key=lambda kv: (-kv[1], kv[0])))


def normalise(scores: dict[int, float]) -> dict[int, float]:
    """Min-max to [0, 1]; a single or constant list maps to 1."""
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    return {i: (s - lo) / (hi - lo) if hi > lo else 1.0 for i, s in scores.items()}


def weighted_sum(legs: dict[str, dict[int, float]], weights: dict[str, float],
                 blind: dict[str, frozenset[int]] | None = None) -> dict[int, float]:
    """Weighted sum of min-max normalised leg scores; an id a leg did not return scores 0 there.
    An id a leg cannot see at all (`blind[leg]`: a chunk without English text, for the legs over the
    English translation) is scored on the other legs alone, rescaled to the full weight, so that a
    document without a translation is not ranked below every translated one."""
    fused: dict[int, float] = {}
    for name, scores in legs.items():
        for i, s in normalise(scores).items():
            fused[i] = fused.get(i, 0.0) + weights.get(name, 1.0) * s
    if blind:
        total = sum(weights.get(name, 1.0) for name in legs)
        for i in fused:
            seen = total - sum(weights.get(name, 1.0) for name in legs if i in blind.get(name, ()))
            if 0 < seen < total:
                fused[i] *= total / seen
    return dict(sorted(fused.items(), key=lambda kv: (-kv[1], kv[0])))


def blend(scores: dict[int, float], extra: dict[int, float], weight: float) -> dict[int, float]:
    """(1 - weight) · normalised scores + weight · extra, re-ranked: used for sentence rescoring."""
    base = normalise(scores)
    mixed = {i: (1 - weight) * base[i] + weight * extra.get(i, 0.0) for i in scores}
    return dict(sorted(mixed.items(), key=lambda kv: (-kv[1], kv[0])))
