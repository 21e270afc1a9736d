"""`python -m eval.outline [--gold FILE] [--doc FILE] [-v]`: the recovered outline against a gold outline.

The gold (`eval/outline.jsonl`, written by reading the plan) lists every task with its heading (or
null), its note (or null) and some of its body sentences. Three figures:

- **pairing**: share of gold tasks whose recovered task carries exactly the gold note (or none when
  the gold has none). A gold task is found by its heading, or, when the heading is lost, by the task
  that holds most of its body sentences;
- **sentence → task**: share of gold body sentences filed under that same recovered task (`-v` lists
  the pairings and the sentences that miss);
- **section**: share of gold tasks with a heading whose recovered section path names the gold
  chapter and section (where the gold knows them).
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from index.ingest.ingest import read_corpus
from index.ingest.pipeline import outline_embedder
from index.ingest.structure import split_units
from index.ingest.tasks import outline_document
from index.embed.encoders import load_encoder
from index.settings import Settings
from index.text.normalize import match_key
from index.types import Task

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "outline.jsonl"


@dataclass(frozen=True)
class OutlineScore:
    pairing: float
    sentences: float
    sections: float
    misses: tuple[str, ...]     # one line per gold task whose note is wrong


def read_gold(path: Path, split: str = "all") -> list[dict]:
    """The gold rows; `split` keeps the tasks of one half: dev (odd numbers, for choosing the
    recovery's costs) or test (even numbers, for reporting). Parts are kept in both."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split == "all" or r.get("part") or half(r["id"]) == split]


def half(task_id: str) -> str:
    """dev for odd-numbered gold tasks, test for even ones."""
    return "dev" if int("".join(ch for ch in task_id if ch.isdigit())) % 2 else "test"


def score(tasks: tuple[Task, ...], gold: list[dict]) -> OutlineScore:
    """Pairing, sentence → task and section accuracy of `tasks` against the gold rows."""
    where = {match_key(x): t for t in tasks for x in t.sentences}
    by_heading = {match_key(t.heading): t for t in tasks if t.heading}
    paired = placed = total = sections = headed = 0
    misses = []
    for g in (g for g in gold if not g.get("part")):
        task = _find(g, by_heading, where)
        got = task.responsible.text if task and task.responsible else None
        ok = (match_key(got) if got else None) == (match_key(g["note"]) if g["note"] else None)
        paired += ok
        if not ok:
            misses.append(f"{g['id']} {g['heading'] or '(heading lost)'}: gold {_short(g['note'])}, got {_short(got)}")
        for body in g["body"]:
            total += 1
            filed = _filed(body, where)
            placed += task is not None and filed is task
            if task is None or filed is not task:
                under = (filed.heading or filed.task_id) if filed else "no task (or its pieces under several)"
                misses.append(f"  sentence of {g['id']}: {body[:24]}… filed under {under}")
        if g["heading"] and g.get("chapter"):
            headed += 1
            path = " ".join(task.section) if task else ""
            sections += all(match_key(x) in match_key(path) for x in (g["chapter"], g.get("section")) if x)
    n = sum(1 for g in gold if not g.get("part"))
    return OutlineScore(paired / n, placed / max(total, 1), sections / max(headed, 1), tuple(misses))


def _find(g: dict, by_heading: dict[str, Task], where: dict[str, Task]) -> Task | None:
    if g["heading"]:
        return by_heading.get(match_key(g["heading"]))
    votes = Counter(where[k].task_id for k in map(match_key, g["body"]) if k in where)
    if not votes:
        return None
    best = votes.most_common(1)[0][0]
    return next(t for t in where.values() if t.task_id == best)


def _filed(body: str, where: dict[str, Task]) -> Task | None:
    """The task a gold sentence is filed under. The recovery splits at ； and ; where the gold keeps one
    sentence, so a sentence found only in pieces is filed where all its pieces are, else nowhere."""
    if match_key(body) in where:
        return where[match_key(body)]
    tasks = [where.get(match_key(u.text)) for u in split_units(body)]
    return tasks[0] if tasks and all(t is tasks[0] for t in tasks) else None


def _short(note: str | None) -> str:
    return note[6:24] + "…" if note else "none"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--doc", default=None, help="doc_id (default: the corpus's first document)")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all",
                        help="dev: odd-numbered gold tasks (for choosing costs); test: even ones (for reporting)")
    parser.add_argument("--bigrams", action="store_true",
                        help="recover without the default encoder's vectors (as the build does with any other model)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    corpus = read_corpus(args.corpus)
    doc = next(d for d in corpus.documents if args.doc in (None, d.doc_id))
    embed = None if args.bigrams else outline_embedder(load_encoder(Settings().model), {}, {})
    result = score(outline_document(doc, embed), read_gold(args.gold, args.split))
    print(f"pairing {result.pairing:.3f} · sentence → task {result.sentences:.3f} · section {result.sections:.3f}")
    if args.verbose:
        print("\n".join(result.misses))


if __name__ == "__main__":
    main()
