"""`python -m eval [--qa FILE] [--configs NAME,NAME,...] [--out DIR] [--as pdf|docx]`: run the test set and
write the report.

`--as pdf` (or `docx`) first prints every text document of the corpus as a government-style PDF
(or a Word file) into `<index-root>/as-pdf/corpus` and evaluates on that, to compare formats.
"""
from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from index.ingest.ingest import read_corpus
from index.errors import EngineError

from .configs import DEFAULT_RUN, ConfigError, parse_config
from .qa import QAFileError, load_qa
from .report import write_report
from .run import breakdown, by_language, by_variant, run_config, wrong


def corpus_text(corpus: str) -> str:
    """All documents, separated so that no evidence string can match across two of them."""
    return "\n\x00\n".join(d.text for d in read_corpus(corpus).documents)


def misses(outcomes) -> list[dict]:
    out = []
    for o in outcomes:
        if o.item.answerable and not any(o.flags[:5]):
            rank = next((i for i, f in enumerate(o.flags, 1) if f), None)
            out.append({"id": o.item.id, "type": o.item.type, "difficulty": o.item.difficulty,
                        "question": o.item.question, "rank": rank})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__)
    parser.add_argument("--qa", default="eval/qa.jsonl", help="test set (JSONL)")
    parser.add_argument("--configs", default=",".join(DEFAULT_RUN),
                        help="comma-separated names, each optionally NAME@key=value+key=value")
    parser.add_argument("--out", default="eval/results", help="report directory")
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--index-root", default="data/eval", help="where per-configuration indexes are built")
    parser.add_argument("--store", choices=("faiss", "milvus"), default="faiss", help="where the vectors live")
    parser.add_argument("--milvus-uri", default="data/eval/milvus.db",
                        help="milvus-lite directory, or http://host:19530 for a Milvus server")
    parser.add_argument("--as", dest="render", choices=("txt", "pdf", "docx"), default="txt",
                        help="read the corpus's text documents printed as this format (default: as they are)")
    args = parser.parse_args(argv)
    try:
        if args.render != "txt":
            from .render import render_corpus

            args.corpus = str(render_corpus(Path(args.corpus), Path(args.index_root) / f"as-{args.render}" / "corpus",
                                            args.render))
        items = load_qa(args.qa, corpus_text(args.corpus))
        specs = [s.strip() for s in args.configs.split(",") if s.strip()]
        specs = specs if "default" in specs else ["default", *specs]  # always reported, as served
        settings = {s: parse_config(s, args.index_root, args.corpus, args.store, args.milvus_uri) for s in specs}
        encoders: dict = {}
        metrics, details, default_misses, variants, wrongs = {}, {}, [], {}, []
        for spec, s in settings.items():
            print(f"running {spec} …", file=sys.stderr)
            outcomes = run_config(s, items, encoders)
            metrics[spec], details[spec] = by_language(outcomes), breakdown(outcomes)
            if spec == "default":
                default_misses, variants, wrongs = misses(outcomes), by_variant(outcomes), wrong(outcomes)
    except (QAFileError, ConfigError, EngineError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    command = "python -m eval " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    write_report(Path(args.out), metrics, details, default_misses, command.strip(), args.qa, variants, wrongs)
    print(Path(args.out, "report.md").read_text(encoding="utf-8").split("## By question type")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
