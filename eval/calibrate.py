"""`python -m eval.calibrate [--qa FILE] [--write]`: fit the "not found" models on the test set.

The engine reads the result as data (`Settings.calibration`); it never imports this module.
Per language: a logistic regression over verdict.FEATURES (standardised, classes balanced). The
threshold is the 95th percentile of the 5-fold cross-validated probability on answerable questions,
so that at most ~5% of answerable questions are wrongly reported as "not found". The held-out
(cross-validated) rates are printed and stored beside the coefficients.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from index.answer.verdict import FEATURES
from index.build.ingest import read_corpus
from index.build.pipeline import corpus_fingerprint
from index.settings import Settings

from .__main__ import corpus_text
from .configs import parse_config
from .qa import load_qa
from .run import run_config

MAX_FALSE_ABSTAIN = 0.05


def fit(x: np.ndarray, y: np.ndarray) -> tuple[dict, dict]:
    """(model as JSON, cross-validated rates) for features x and labels y (1 = unanswerable)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    model = LogisticRegression(C=1.0, class_weight="balanced")
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    p = cross_val_predict(model, z, y, cv=folds, method="predict_proba")[:, 1]
    threshold = float(np.quantile(p[y == 0], 1 - MAX_FALSE_ABSTAIN))
    model.fit(z, y)
    rates = {"abstain_correct": round(float(np.mean(p[y == 1] >= threshold)), 3),
             "abstain_false": round(float(np.mean(p[y == 0] >= threshold)), 3),
             "n_answerable": int((y == 0).sum()), "n_unanswerable": int((y == 1).sum())}
    return {"mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": model.coef_[0].round(6).tolist(), "bias": round(float(model.intercept_[0]), 6),
            "threshold": round(threshold, 6)}, rates


def fitted_on(qa: str, corpus: str) -> dict:
    """What the models were fitted on: model, index settings, corpus fingerprint, the question set."""
    settings = Settings()
    return {"model": settings.model, "chunking": settings.chunking(),
            "corpus_fingerprint": corpus_fingerprint(read_corpus(corpus)),
            "qa": {"path": qa, "sha256": hashlib.sha256(Path(qa).read_bytes()).hexdigest()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.calibrate", description=__doc__)
    parser.add_argument("--qa", default="eval/qa.jsonl")
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--index-root", default="data/eval")
    parser.add_argument("--write", action="store_true", help="write the calibration file (--out)")
    parser.add_argument("--out", default=Settings().calibration,
                        help="calibration file the engine reads (Settings.calibration; default %(default)s)")
    args = parser.parse_args(argv)
    items = load_qa(args.qa, corpus_text(args.corpus))
    outcomes = run_config(parse_config("default", args.index_root, args.corpus), items, {})
    models, report = {}, {}
    for lang in ("zh", "en"):
        rows = [o for o in outcomes if o.item.lang == lang]
        x = np.array([o.features for o in rows], dtype=float)
        y = np.array([0 if o.item.answerable else 1 for o in rows])
        models[lang], report[lang] = fit(x, y)
        print(f"{lang}: cross-validated abstain_correct={report[lang]['abstain_correct']} "
              f"abstain_false={report[lang]['abstain_false']} threshold={models[lang]['threshold']}")
    if args.write:
        data = {"features": list(FEATURES), "models": models, "cross_validated": report,
                "command": "python -m eval.calibrate --write", "max_false_abstain": MAX_FALSE_ABSTAIN,
                "fitted_on": fitted_on(args.qa, args.corpus)}
        Path(args.out).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
