"""Ask the real-document questions (`questions-*.jsonl`) of an index of the plan plus those documents.

    python -m eval.policies answers [--split dev|test|fresh|fresh2|fresh3|fresh4|fresh5|fresh6]

- who_leads: the answer's first task is in the question's document and names the gold lead units
  (the responsible units where the note names no lead); "wrong, shown as found" counts answers that
  say found with other units, or with none;
- who_person: the persons the answer's first task names are the gold's;
- fact: the top hit is from the question's document (top-1 document), and the answer holds its keys.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from index.embed.encoders import load_encoder
from index.ingest.readers.glosses import strip_glosses
from index.service import open_searcher
from index.settings import Settings
from index.text.normalize import match_key, simplified

from .score import CORPUS, load_gold, units_equal

PLAN = Path(__file__).resolve().parents[2] / "corpus"
INDEX = Path(__file__).resolve().parents[2] / "data" / "policies-index"


def corpus_dir() -> Path:
    """The plan and the real documents in one directory (the plan's glossary and translation too)."""
    root = Path(tempfile.gettempdir()) / "policies-corpus"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(PLAN, root)
    for path in CORPUS.iterdir():
        shutil.copy(path, root / path.name)
    return root


def open_index(rebuild: bool = False):
    """The index of the plan and the documents, built when missing or stale (`rebuild`: from scratch)."""
    if rebuild and INDEX.exists():
        shutil.rmtree(INDEX)
    settings = Settings(corpus=str(corpus_dir()), index_dir=str(INDEX))
    encoder = load_encoder(settings.model, settings.query_prefix, settings.passage_prefix)
    return open_searcher(settings, rebuild=True, encoder=encoder, progress=False)


@dataclass(frozen=True)
class Asked:
    """One question and what the answer did with it."""

    row: dict
    ok: bool
    shown_found: bool
    detail: str
    keys_shown: bool | None = None   # a fact question: every answer key in the displayed answer


def ask_all(searcher, rows: list[dict]) -> list[Asked]:
    return [ask(searcher, row) for row in rows]


def doc(doc_id: str) -> str:
    """A document id as the gold names it: its file stem (`b-x.pdf` → `b-x`; the plan's `….zh` stays)."""
    return Path(doc_id).stem if "." in doc_id and not doc_id.endswith(".zh") else doc_id


def ask(searcher, row: dict) -> Asked:
    answer = searcher.ask(row["question"])
    found = answer.verdict == "found"
    if row["kind"] == "fact":
        top = answer.hits[0].chunk.doc_id if answer.hits else ""
        shown = match_key(simplified(answer.text))
        keys = all(match_key(simplified(strip_glosses(k))) in shown for k in row["answer_keys"])
        return Asked(row, doc(top) == row["doc"], found, f"top doc {top}; keys {'in' if keys else 'not in'} answer",
                     keys)
    task = answer.duty.tasks[0].task if answer.duty and answer.duty.tasks else None
    duty = task.responsible if task else None
    in_doc = task is not None and doc(task.doc_id) == row["doc"]
    if row["kind"] == "who_person":
        ok = in_doc and duty is not None and units_equal(row["persons"], duty.persons, persons=True)
        return Asked(row, ok, found, f"{task.heading if task else None}: {duty.persons if duty else None}")
    units = (duty.lead or duty.responsible) if duty else ()
    ok = in_doc and units_equal(row["lead"], units)
    return Asked(row, ok, found, f"{task.doc_id if task else None} {task.heading if task else None}: {units}")


def summary(asked: list[Asked]) -> dict:
    out: dict = {}
    for kind in ("who_leads", "who_person", "fact"):
        rows = [a for a in asked if a.row["kind"] == kind]
        if not rows:
            continue
        out[kind] = {"n": len(rows), "correct": round(sum(a.ok for a in rows) / len(rows), 3)}
        right = [a for a in rows if a.ok]   # of the right answers, the share shown as low confidence (#30)
        out[kind]["right_but_low"] = round(sum(not a.shown_found for a in right) / len(right), 3) if right else None
        if kind == "fact":   # the asked fact itself in the displayed answer, not only its document on top
            out[kind]["keys_shown"] = round(sum(bool(a.keys_shown) for a in rows) / len(rows), 3)
        if kind != "fact":
            out[kind]["wrong_shown_found"] = sum(a.shown_found and not a.ok for a in rows)
            for lang in ("zh", "en", "zh-Hant"):
                part = [a for a in rows if a.row["lang"] == lang]
                if part:
                    out[kind][lang] = round(sum(a.ok for a in part) / len(part), 3)
    return out


def report(split: str | None = None, rebuild: bool = False) -> dict:
    searcher = open_index(rebuild)
    asked = ask_all(searcher, load_gold("questions", split))
    out = summary(asked)
    out["misses"] = [f"{a.row['id']} [{a.row['lang']}] {a.row['question']} -> {a.detail}" for a in asked if not a.ok]
    return out
