"""The "not found" decision: a per-language logistic model over retrieval signals. Pure.

Signals of one query (index.search.Retriever.signals): the cosine of the best sentence in the top
hit, the IDF-weighted share of the query's tokens that the top chunk contains, how many
Chinese/digit bigrams of the question the corpus never uses, and the relative score gap between
the first two hits. Coefficients and thresholds are data: fitted by `python -m eval.calibrate
--write`, stored in the file that `Settings.calibration` names, and only read here.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from ..errors import SettingsError

FEATURES = ("best_sentence", "coverage", "unseen", "gap")


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
def load_calibration(path: str) -> dict[str, Calibration]:
    """Per-language models from a calibration file; an absent file means "always found"."""
    file = Path(path)
    if not file.exists():
        return {}
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return {lang: Calibration(tuple(m["mean"]), tuple(m["scale"]), tuple(m["coef"]), m["bias"], m["threshold"])
                for lang, m in data["models"].items()}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as e:
        raise SettingsError(f"calibration={path!r} is unreadable ({type(e).__name__}); refit it with "
                            f"python -m eval.calibrate --write, or point --calibration at another file") from None


def decide(models: dict[str, Calibration], lang: str, features: Sequence[float]) -> bool:
    """True when the documents are judged to answer; with no model for `lang`, True."""
    model = models.get(lang)
    return True if model is None else model.found(features)
