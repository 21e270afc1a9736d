"""Retrieval, answer and abstention metrics. Pure functions over ranked texts; no model."""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable, Sequence

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Whitespace normalisation used for relevance: all whitespace removed."""
    return _SPACE.sub("", text)


def is_relevant(text: str, evidence: Sequence[str]) -> bool:
    """A chunk is relevant when it contains any evidence string."""
    t = squash(text)
    return any(squash(e) in t for e in evidence)


def first_relevant(flags: Sequence[bool]) -> int | None:
    """1-based rank of the first relevant result, or None."""
    return next((i for i, f in enumerate(flags, 1) if f), None)


def recall_at(flags: Sequence[bool], k: int) -> float:
    return 1.0 if any(flags[:k]) else 0.0


def mrr_at(flags: Sequence[bool], k: int) -> float:
    r = first_relevant(flags[:k])
    return 1.0 / r if r else 0.0


def ndcg_at(flags: Sequence[bool], k: int, n_relevant: int) -> float:
    """Binary-gain nDCG; the ideal list holds min(k, relevant chunks in the index) hits."""
    dcg = sum(1.0 / math.log2(i + 1) for i, f in enumerate(flags[:k], 1) if f)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(k, n_relevant) + 1))
    return dcg / ideal if ideal else 0.0


def char_f1(prediction: str, reference: str) -> float:
    """Character-level F1 (whitespace ignored): the usual answer metric for Chinese."""
    p, r = Counter(squash(prediction)), Counter(squash(reference))
    common = sum((p & r).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(r.values())
    return 2 * precision * recall / (precision + recall)


def keys_hit(answer: str, keys: Sequence[str]) -> float:
    """1.0 when the answer contains every answer key (whitespace-normalised)."""
    a = squash(answer)
    return 1.0 if all(squash(k) in a for k in keys) else 0.0


def mean(values: Iterable[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    pos = (len(s) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return round(s[lo] + (s[hi] - s[lo]) * (pos - lo), 2)
