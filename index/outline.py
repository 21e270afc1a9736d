"""The recovered outline as readers use it: the task tree, the units, the responsibility matrix.

The same plain objects serve `python -m index outline | units`, the page's Outline tab and its API
endpoints. Unit names are the written-out ones (`text.units`); English names come from the
glossary where it has them.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from .answer.responsibility import doubts
from .ingest.structure import numbered_level
from .store.directory import StoredIndex
from .text.bridge import GLOSSARY_FILE, read_glossary
from .text.units import english_name
from .types import Span, Task

MATRIX_HEADER = ("document", "task", "chapter", "section", "heading", "lead", "supporting", "responsible", "leaders",
                 "lines", "note_uncertain")
MATRIX_HEADER_ZH = ("文件", "任务", "章", "节", "任务标题", "牵头单位", "配合单位", "责任单位", "负责领导",
                    "原文行", "存疑")
ROLES = ("lead", "support", "responsible")   # the unit roles a note gives (persons are kept apart)


def glossary_of(corpus_dir: str) -> dict[str, str]:
    """zh → the first English variant of the corpus glossary ({} without one)."""
    return {zh: en[0] for zh, en in read_glossary(Path(corpus_dir) / GLOSSARY_FILE) if en}


def place(task: Task) -> tuple[int | None, int | None]:
    """Where the task's chapter and section labels sit in its path (None where the text lost
    them): the path without the task's own heading; a lone label is a section when its numbering
    says so ((一)…), else a chapter."""
    path = task.section[:-1] if task.heading and task.section[-1:] == (task.heading,) else task.section
    if len(path) >= 2:
        return 0, 1
    if len(path) == 1:
        return (None, 0) if numbered_level(path[0]) == 2 else (0, None)
    return None, None


def task_row(task: Task, glossary: dict[str, str] | None = None) -> dict:
    """One task (or part) as JSON: where it sits, its heading, note, units, sentences and lines."""
    r = task.responsible
    ch, sec = place(task)
    def label(path, i):
        return path[i] if i is not None and i < len(path) else None
    row = {"task_id": task.task_id, "ref": task.ref, "doc_id": task.doc_id, "is_task": task.is_task,
           "chapter": label(task.section, ch), "section_label": label(task.section, sec),
           "chapter_en": label(task.section_en, ch), "section_label_en": label(task.section_en, sec),
           "section": list(task.section), "heading": task.heading, "section_en": list(task.section_en),
           "heading_en": task.section_en[-1] if task.heading and task.section_en else None,
           "note": r.text if r else None, "note_inherited": bool(r and r.inherited),
           **{role: list(getattr(r, role)) if r else [] for role in ROLES}, "persons": list(r.persons) if r else [],
           "sentences": list(task.sentences), "lines": lines(task.spans), "gap_line": task.gap_line}
    if glossary is not None:
        for role in ROLES:
            row[f"{role}_en"] = [english_name(n, glossary) for n in row[role]]
    return row


def outline_rows(index: StoredIndex, glossary: dict[str, str] | None = None) -> list[dict]:
    """Every task and part of every document, in recovered order; `note_uncertain` marks a note
    that may belong to another task whose heading the text lost, `uncertain_reason` says why
    (`responsibility.doubts`)."""
    tasks = [t for ts in index.outline.values() for t in ts]
    why = doubts(tasks)
    return [{**task_row(t, glossary), "note_uncertain": (t.doc_id, t.task_id) in why,
             "uncertain_reason": why.get((t.doc_id, t.task_id))} for t in tasks]


def unit_rows(index: StoredIndex, glossary: dict[str, str] | None = None) -> list[dict]:
    """Every unit the notes name, with the tasks it leads and the tasks it supports."""
    units: dict[str, dict] = {}
    for tasks in index.outline.values():
        for t in tasks:
            if not t.responsible:
                continue
            for role in ROLES:
                for name in getattr(t.responsible, role):
                    entry = units.setdefault(name, {"unit": name, **{r: [] for r in ROLES}})
                    entry[role].append({"doc_id": t.doc_id, "task_id": t.task_id, "heading": t.heading,
                                        "section": list(t.section)})
    rows = sorted(units.values(), key=lambda u: (-len(u["lead"]), -len(u["support"]) - len(u["responsible"]),
                                                 u["unit"]))
    if glossary is not None:
        for row in rows:
            row["unit_en"] = english_name(row["unit"], glossary)
    return rows


def matrix_csv(index: StoredIndex, unit: str | None = None, lang: str = "en",
               glossary: dict[str, str] | None = None) -> str:
    """The responsibility matrix as CSV (one row per task), optionally only the tasks naming `unit`;
    `note_uncertain` is empty or says why the note may be another task's (`responsibility.doubts`).
    `lang` "zh": Chinese headers; "en": English headers, and with `glossary` each unit's and heading's
    English with the Chinese kept beside it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(MATRIX_HEADER_ZH if lang == "zh" else MATRIX_HEADER)
    english = lang == "en" and glossary is not None
    for row in outline_rows(index):
        if not row["is_task"] or (unit and unit not in row["lead"] + row["support"] + row["responsible"]):
            continue
        places = [_beside(row[f"{k}_en"], row[k]) if english else row[k] or ""
                  for k in ("chapter", "section_label", "heading")]
        units = [_units_beside(row[k], glossary) if english else "、".join(row[k]) for k in (*ROLES, "persons")]
        writer.writerow((row["doc_id"], row["task_id"], *places, *units, row["lines"], row["uncertain_reason"] or ""))
    return out.getvalue()


def _beside(english: str | None, chinese: str | None) -> str:
    """"English (中文)", or the Chinese alone where there is no English."""
    if not chinese:
        return ""
    return f"{english} ({chinese})" if english and english != chinese else chinese


def _units_beside(names: list[str], glossary: dict[str, str]) -> str:
    shown = ((english_name(n, glossary), n) for n in names)
    return "; ".join(en if en.startswith(zh) else f"{en} ({zh})" for en, zh in shown)


def lines(spans: tuple[Span, ...]) -> str:
    """Source lines as `3, 17-18`: each distinct line range once, in order."""
    ranges = sorted({(s.line_start, s.line_end) for s in spans})
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)
