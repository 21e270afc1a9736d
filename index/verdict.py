"""The "not found" decision: a per-language logistic model over retrieval signals. Pure.

Signals of one query: the cosine of the best sentence in the top hit, the IDF-weighted share of the
query's tokens that the top chunk contains, how many Chinese/digit bigrams of the question the
corpus never uses, and the relative score gap between the first two hits. Coefficients and thresholds are fitted on
the project's test set by `python -m eval.calibrate --write` and stored in `calibration.json`.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .textnorm import nfkc

FEATURES = ("best_sentence", "coverage", "unseen", "gap")
CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
QUESTION_WORDS = frozenset(
    "多少 几 几条 几个 几类 几项 几种 哪些 哪个 哪条 哪份 哪里 哪些地方 两个 三个 一座 一段 这份 什么 时候 年份 "
    "是否 如何 怎样 怎么 为什么 谁 目前 主要 具体 方面 情况 内容 文件 方案 规定 提出".split())


@dataclass(frozen=True)
class Calibration:
    """Standardise, weigh, squash: p(unanswerable) = sigmoid(bias + Σ coef·(x − mean)/scale)."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, x: Sequence[float]) -> float:
        z = self.bias + sum(c * (v - m) / s for c, v, m, s in zip(self.coef, x, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def found(self, x: Sequence[float]) -> bool:
        return self.probability(x) < self.threshold


@lru_cache(maxsize=4)
def load_calibration(path: str = str(CALIBRATION_FILE)) -> dict[str, Calibration]:
    """Per-language models; an absent file means "always found" (no calibration yet)."""
    if not Path(path).exists():
        return {}
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {lang: Calibration(tuple(m["mean"]), tuple(m["scale"]), tuple(m["coef"]), m["bias"], m["threshold"])
            for lang, m in data["models"].items()}


def unseen_bigrams(question: str, corpus_bigrams: set[str]) -> int:
    """How many character bigrams of the question's Chinese and digits the corpus never uses,
    question words removed. Independent of word segmentation, which differs for unknown words."""
    text = nfkc(question).lower()
    for w in sorted(QUESTION_WORDS, key=len, reverse=True):
        text = text.replace(w, " ")
    return sum(1 for b in bigrams(text) if b not in corpus_bigrams)


def bigrams(text: str) -> set[str]:
    """Bigrams of consecutive CJK characters or digits (runs are split at anything else)."""
    runs = re.findall(r"[\u4e00-\u9fff0-9]+", nfkc(text).lower())
    return {r[i:i + 2] for r in runs for i in range(len(r) - 1)}


def decide(lang: str, features: Sequence[float]) -> bool:
    """True when the documents are judged to answer; with no calibration for `lang`, True."""
    model = load_calibration().get(lang)
    return True if model is None else model.found(features)
