"""The README's headline table, generated from the stored results (never typed by hand):

    python -m eval.headline            # prints the table
    python -m eval.headline --check    # exit 1 when README.md's table differs (tests/test_eval.py runs it)

Sources: eval/results/metrics.json (`python -m eval`), eval/results/policies-*.json
(`python -m eval.policies outline|answers --split test|fresh --json …`), bench/results/engine.json and
documents.json (`python -m bench engine|documents --json …`).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- headline:start -->", "<!-- headline:end -->"


def _load(path: str) -> dict:
    return json.loads((ROOT / path).read_text(encoding="utf-8"))


def table() -> str:
    """The markdown table of the headline figures, each row naming where it comes from."""
    plan = _load("eval/results/metrics.json")["default"]
    outline = _load("eval/results/policies-outline.json")
    answers = _load("eval/results/policies-answers.json")
    engine, documents = _load("bench/results/engine.json"), _load("bench/results/documents.json")
    zh, en = plan["zh"], plan["en"]
    who = answers["who_leads"]
    rows = [
        ("plan, held-apart questions (`python -m eval`): recall@5, zh / en",
         f"{zh['recall@5']:.3f} / {en['recall@5']:.3f}"),
        ("… answered correctly end to end, zh / en",
         f"{zh['answered_correctly']:.3f} / {en['answered_correctly']:.3f}"),
        ("… unanswerable caught (not found or low confidence), zh / en",
         f"{zh['abstain_correct']:.3f} / {en['abstain_correct']:.3f}"),
        ("… low confidence, share of all questions, zh / en",
         f"{zh['low_confidence']:.3f} / {en['low_confidence']:.3f}"),
        ("real documents, test split, 8 (`python -m eval.policies outline|answers --split test`): task headings / "
         "task → units",
         f"{outline['headings_found']:.3f} / {outline['units_paired']:.3f}"),
        ("… \"who leads\": the document's own lead units, zh / en / Traditional",
         f"{who['zh']:.3f} / {who['en']:.3f} / {who['zh-Hant']:.3f}"),
        ("… wrong unit or wrong \"not named\" shown as found", str(who["wrong_shown_found"])),
        ("… question naming a place, year or title: top hit from that document", f"{answers['fact']['correct']:.3f}"),
        *[row for split, name in (("fresh6-first", "**held apart**: 9 newest documents at their first run"),
                                  ("fresh", "9 fresh documents, now"), ("fresh2", "10 more, now"),
                                  ("fresh3", "14 more, now"), ("fresh4", "11 more, now"),
                                  ("fresh5", "14 more, now"), ("fresh6", "the 9 newest, now"))
          for row in _fresh_rows(f"{name} (`--split {split.split('-')[0]}`)",
                                 _load(f"eval/results/policies-{split}-outline.json"),
                                 _load(f"eval/results/policies-{split}-answers.json"))],
        ("search p50 / p95, warm, 2 cores (`python -m bench engine`)",
         f"{engine['serve']['search_p50_ms']:.1f} / {engine['serve']['search_p95_ms']:.1f} ms"),
        ("full build of the plan's index / one-paragraph rebuild", f"{engine['build']['full_build_s']:.1f} s / "
                                                                    f"{engine['build']['rebuild_s']:.1f} s"),
        ("500-task notice with one shared note, full build (`python -m bench documents`)",
         f"{documents['shared_note']['build_seconds']:.1f} s"),
    ]
    lines = ["| figure | measured |", "| --- | --- |"] + [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


def _fresh_rows(name: str, outline: dict, answers: dict) -> list[tuple[str, str]]:
    """A fresh set's rows: gathered after the rules were written; "first" is its run before any change made for
    it (docs/real-documents.md), "now" after its misses were read and fixed."""
    who = answers["who_leads"]
    pairs = f"{outline['headings_found']:.3f} / {outline['units_paired']:.3f}"
    return [(f"{name}: task headings / task → units", pairs),
            ("… \"who leads\", zh / en / Traditional; wrong unit shown as found",
             f"{who['zh']:.3f} / {who['en']:.3f} / {who['zh-Hant']:.3f}; {who['wrong_shown_found']}")]


def readme_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(START, 1)[1].split(END, 1)[0].strip() if START in text else ""


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.headline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when README.md's table differs")
    args = parser.parse_args()
    if args.check:
        same = readme_table() == table()
        print("README headline table is up to date" if same else "README headline table differs: regenerate it")
        return 0 if same else 1
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
