"""python -m eval.policies outline|answers [--split dev|test|fresh|fresh2…fresh6] [--misses]: figures.

outline: headings and units of every gold task (no model); answers: the questions asked of an index
of the plan plus the documents (built with the default model into data/policies-index on first use).
"""
from __future__ import annotations

import argparse
import json


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m eval.policies", description=__doc__)
    parser.add_argument("what", choices=["outline", "answers"])
    parser.add_argument("--split", choices=["dev", "test", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6"])
    parser.add_argument("--misses", action="store_true", help="list every gold item the engine gets wrong")
    parser.add_argument("--rebuild", action="store_true", help="answers: rebuild the index first")
    parser.add_argument("--json", metavar="FILE", help="also write the figures (without the misses) to FILE")
    args = parser.parse_args()
    if args.what == "outline":
        from .score import report
        out = report(args.split)
    else:
        from .answers import report
        out = report(args.split, args.rebuild)
    misses = out.pop("misses")
    if args.json:
        from pathlib import Path

        command = "python -m eval.policies " + args.what + (f" --split {args.split}" if args.split else "")
        Path(args.json).write_text(json.dumps({"command": command, **out}, ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
    if args.misses:
        out["misses"] = misses
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
