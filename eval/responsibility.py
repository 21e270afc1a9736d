"""`python -m eval.responsibility [--split dev|test|all]`: "who leads" and "which tasks" against the gold outline.

The questions (`eval/who_leads.jsonl`, `eval/which_tasks.jsonl`) and the gold outline
(`eval/outline.jsonl`) were written by reading the plan. The sets are split once, by the gold
task's number (odd: dev, even: test) and by the unit's number for "which tasks", so thresholds
such as `who_tie` and `who_heading` are chosen on dev and reported on test. Figures:

- **own note**: a "who leads" question about a task with a note gets exactly that note's units;
- **listed**: the task's note is among the (up to three) tasks the answer lists;
- **no units**: a "who leads" question about a task whose note the text lost names no units;
- **wrong, sure**: of all "who leads" questions, the share whose answer shows a note other than
  the task's own (or any note, when the text lost the task's) as `found`, not `low_confidence`;
- **right, unsure**: of the questions about a task with a note, the share answered with its own
  note but as `low_confidence` (the price of the doubts above);
- **which-tasks F1**: the tasks listed for a unit against the gold list (compared by their notes).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from index.service import open_searcher
from index.settings import Settings
from index.text.normalize import match_key

from .outline import GOLD, read_gold

HERE = Path(__file__).resolve().parent


def split_of(item_id: str) -> str:
    """dev for odd-numbered gold tasks/units, test for even ones."""
    digits = "".join(ch for ch in item_id.split("-")[1] if ch.isdigit())
    return "dev" if int(digits) % 2 else "test"


def read(path: Path, split: str) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split == "all" or split_of(r["id"]) == split]


def who_leads(searcher, questions: list[dict], gold: dict[str, dict]) -> dict:
    """Per language: own note, listed and no-units rates."""
    out: dict[str, dict] = {}
    for lang in ("zh", "en"):
        own = listed = none_ok = with_note = without = sure_wrong = unsure = 0
        for q in (q for q in questions if q["lang"] == lang):
            want = gold[q["task"]]["note"]
            answer = searcher.ask(q["question"])
            named = [t.task.responsible.text for t in answer.duty.tasks if t.task.responsible] if answer.duty else []
            shown = answer.responsible.text if answer.found and answer.responsible else None
            wrong = not want or match_key(shown) != match_key(want)
            sure_wrong += bool(shown and answer.verdict == "found" and wrong)
            if want:
                with_note += 1
                right = bool(shown and match_key(shown) == match_key(want))
                own += right
                unsure += right and answer.verdict != "found"
                listed += bool(answer.found and match_key(want) in map(match_key, named))
            else:
                without += 1
                none_ok += not (answer.found and named)
        out[lang] = {"own_note": own / max(with_note, 1), "listed": listed / max(with_note, 1),
                     "no_units": none_ok / max(without, 1), "wrong_sure": sure_wrong / max(with_note + without, 1),
                     "right_unsure": unsure / max(with_note, 1),
                     "n_note": with_note, "n_no_note": without}
    return out


def which_tasks(searcher, questions: list[dict], gold: dict[str, dict]) -> dict:
    """Per language: mean F1 of the listed tasks' notes against the gold tasks' notes."""
    out = {}
    for lang in ("zh", "en"):
        scores = []
        for q in (q for q in questions if q["lang"] == lang):
            want = {match_key(gold[t]["note"]) for t in q["tasks"] if gold[t]["note"]}
            answer = searcher.ask(q["question"])
            got = {match_key(t.task.responsible.text) for t in answer.duty.tasks
                   if t.task.responsible} if answer.duty and answer.duty.kind == "which_tasks" else set()
            tp = len(want & got)
            scores.append(2 * tp / (len(want) + len(got)) if want or got else 1.0)
        out[lang] = {"f1": sum(scores) / max(len(scores), 1), "n": len(scores)}
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--index-dir", default=Settings().index_dir)
    parser.add_argument("--who-tie", type=float, default=Settings().who_tie)
    parser.add_argument("--who-heading", type=float, default=Settings().who_heading)
    args = parser.parse_args(argv)
    settings = Settings(index_dir=args.index_dir, who_tie=args.who_tie, who_heading=args.who_heading)
    searcher = open_searcher(settings, rebuild=True, progress=False)
    gold = {g["id"]: g for g in read_gold(GOLD)}
    result = {"split": args.split, "who_tie": args.who_tie, "who_heading": args.who_heading,
              "who_leads": who_leads(searcher, read(HERE / "who_leads.jsonl", args.split), gold),
              "which_tasks": which_tasks(searcher, read(HERE / "which_tasks.jsonl", args.split), gold)}
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
