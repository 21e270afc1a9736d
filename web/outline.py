"""The Outline / 目录 tab: the recovered tree of chapters, sections and tasks with their units.

Each task shows its lead and supporting units (or that the text names none) and expands to its
body sentences and source lines; a unit filter keeps the tasks that name the unit; the
responsibility matrix downloads as CSV. Everything from the corpus is escaped.
"""
from __future__ import annotations

import tempfile
from html import escape
from itertools import groupby
from pathlib import Path

from index.outline import matrix_csv

from .render import LABELS, NO_NOTE, doubt_text, plural, roles_html

OUTLINE_LABELS = {
    "zh": {"body": "正文", "lines": "原文行", "lost": "（原文缺少任务标题）", "part": "（非任务部分）",
           "lost_section": "（原文缺少这一节的标题）", "lost_chapter": "（原文缺少这一章的标题）",
           "none": "没有任务提到这个单位。", "count": "{n} 项任务"},
    "en": {"body": "Text", "lines": "Source lines", "lost": "(the text lost this task's heading)",
           "lost_section": "(the text lost this section's heading)",
           "lost_chapter": "(the text lost this chapter's heading)",
           "part": "(not a task)", "none": "No task names this unit.", "count": "{n} task{s}"},
}
OUTLINE_CSS = """
.outline h4 {margin:14px 0 4px;} .outline h5 {margin:8px 0 2px 8px; color:#2d3748;}
.outline details {margin:2px 0 2px 18px;} .outline summary {cursor:pointer;}
.outline .units {font-size:0.85em; color:#1a4f8b; margin-left:18px;} .outline .units.no-note {color:#7b341e;}
.outline ol {font-size:0.9em; line-height:1.6;} .outline .lines {font-size:0.8em; color:#718096;}
"""


def unit_choices(units: list[dict], lang: str) -> list[tuple[str, str]]:
    """(label, unit) for the filter: the Chinese name, with the English one for English readers."""
    return [((f"{u['unit_en']} · {u['unit']}" if lang == "en" else u["unit"]), u["unit"]) for u in units]


def outline_html(rows: list[dict], lang: str, glossary: dict[str, str], unit: str | None = None,
                 titles: dict | None = None) -> str:
    """The tree as HTML, grouped by document (`titles`: (doc, lang) → title), optionally only the
    tasks whose note names `unit`."""
    t = OUTLINE_LABELS[lang]
    kept = [r for r in rows if not unit or unit in r["lead"] + r["support"] + r["responsible"]]
    if not kept:
        return f'<div class="outline"><p>{t["none"]}</p></div>'
    count = sum(r["is_task"] for r in kept)
    out = [f'<div class="outline"><p>{t["count"].format(n=count, s=plural(count))}</p>']
    en = "_en" if lang == "en" else ""
    def chapter_of(r):
        return r["chapter" + en] or r["chapter"] or ""
    def section_of(r):
        return r["section_label" + en] or r["section_label"] or ""
    several = len({r["doc_id"] for r in kept}) > 1
    shown_doc = None
    for (doc_id, chapter), in_chapter in groupby(kept, key=lambda r: (r["doc_id"], chapter_of(r))):
        if several and doc_id != shown_doc:
            shown_doc = doc_id
            out.append(f'<h3 class="outline-doc">{escape((titles or {}).get((doc_id, lang)) or doc_id)}</h3>')
        rows_here = list(in_chapter)
        lost = t["lost_chapter"] if any(map(section_of, rows_here)) else "—"   # the notice sits in no chapter
        out.append(f"<h4>{escape(chapter or lost)}</h4>")
        for n, (section, in_section) in enumerate(groupby(rows_here, key=section_of)):
            if section or n:   # tasks after a section, whose own section heading the text lost
                out.append(f"<h5>{escape(section or t['lost_section'])}</h5>")
            out += [_task_html(r, lang, glossary, unit) for r in in_section]
    return "".join(out) + "</div>"


def _task_html(row: dict, lang: str, glossary: dict[str, str], unit: str | None) -> str:
    t, labels = OUTLINE_LABELS[lang], LABELS[lang]
    name = (row["heading_en"] if lang == "en" else row["heading"]) or (t["lost"] if row["is_task"] else t["part"])
    if row["note"]:
        role = ""
        if unit:
            mine = next((r for r in ("lead", "support", "responsible") if unit in row[r]), "support")
            role = f' · <b>{labels["as_" + mine]}</b>'
        roles = roles_html(row["lead"], row["support"], row["responsible"], row["persons"], labels, lang, glossary)
        units = f'<div class="units">{roles}{role}</div>'
        if row.get("uncertain_reason"):
            doubt = escape(doubt_text(row["uncertain_reason"], lang, row["gap_line"]))
            units += f'<div class="units no-note">{doubt}</div>'
    elif row.get("uncertain_reason"):   # the text shows a note the layout hid from the reader
        units = f'<div class="units no-note">{escape(doubt_text(row["uncertain_reason"], lang, row["gap_line"]))}</div>'
    else:
        units = f'<div class="units no-note">{NO_NOTE[lang]}</div>' if row["is_task"] else ""
    body = "".join(f"<li>{escape(s)}</li>" for s in row["sentences"])
    note = f'<div class="lines">{escape(row["note"])}</div>' if row["note"] else ""
    return (f'<details><summary>{escape(row["ref"])} · {escape(name)}</summary>'
            f'<ol>{body}</ol>{note}<div class="lines">{t["lines"]}: {escape(row["lines"])}</div></details>{units}')


def matrix_file(index, unit: str | None = None, lang: str = "zh", glossary: dict[str, str] | None = None) -> str:
    """The responsibility matrix of the current filter and language written to a fresh temporary file,
    which the download button then holds: one click downloads the file of what the page shows."""
    name = "responsibility-matrix.csv" if lang == "en" else "责任矩阵.csv"
    path = Path(tempfile.mkdtemp(prefix="outline-")) / name
    path.write_text(matrix_csv(index, unit or None, lang, glossary or {}), encoding="utf-8-sig")  # BOM: Excel
    return str(path)

