"""`python -m eval.variants [--qa FILE] [--index-dir DIR]`: do Traditional and mixed questions find what
their plain forms find?

Every `trad` question of the set is asked again in Simplified characters (OpenCC `t2s`), and every
`mix` question again in its plain form from `eval/variants_plain.jsonl`: the English terms of a
Chinese question put into Chinese, the Chinese terms of an English question into English, written
by hand from the question alone. The figures are recall@5 (target: within 0.02) and MRR@10 of each
variant beside its plain forms. Retrieval was never tuned on `eval/qa2.jsonl`, the default set.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from index.service import open_searcher
from index.settings import Settings
from index.text.normalize import simplified

from .__main__ import corpus_text
from .metrics import mean, mrr_at, recall_at
from .qa import QAItem, load_qa
from .run import evaluate

HERE = Path(__file__).resolve().parent
PLAIN = HERE / "variants_plain.jsonl"


def plain_forms(items: list[QAItem], path: Path = PLAIN) -> dict[str, list[tuple[QAItem, QAItem]]]:
    """{variant: [(question as written, its plain form)]} for the answerable trad and mix questions."""
    rows = map(json.loads, path.read_text(encoding="utf-8").splitlines())
    written = {row["id"]: row["question"] for row in rows if row}
    out: dict[str, list[tuple[QAItem, QAItem]]] = {"trad": [], "mix": []}
    for item in (i for i in items if i.answerable and i.variant in out):
        plain = simplified(item.question) if item.variant == "trad" else written[item.id]
        out[item.variant].append((item, replace(item, question=plain, variant="plain")))
    return out


def scores(searcher, items: list[QAItem]) -> tuple[float, float]:
    """recall@5 and MRR@10 of the questions."""
    outcomes = evaluate(searcher, items)
    return mean(recall_at(o.flags, 5) for o in outcomes) or 0.0, mean(mrr_at(o.flags, 10) for o in outcomes) or 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.variants", description=__doc__.splitlines()[0])
    parser.add_argument("--qa", default=str(HERE / "qa2.jsonl"))
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--index-dir", default=Settings().index_dir)
    args = parser.parse_args(argv)
    searcher = open_searcher(Settings(corpus=args.corpus, index_dir=args.index_dir), rebuild=True, progress=False)
    for variant, pairs in plain_forms(load_qa(args.qa, corpus_text(args.corpus))).items():
        r_asked, m_asked = scores(searcher, [a for a, _ in pairs])
        r_plain, m_plain = scores(searcher, [p for _, p in pairs])
        print(f"{variant}: {len(pairs)} questions; recall@5 {r_asked:.3f} as written, {r_plain:.3f} in plain form "
              f"({r_asked - r_plain:+.3f}); MRR@10 {m_asked:.3f} and {m_plain:.3f} ({m_asked - m_plain:+.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
