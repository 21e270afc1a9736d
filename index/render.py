"""Render hits as HTML cards for the app. Everything from the corpus or the user is escaped."""
from __future__ import annotations

from html import escape

from .types import Hit

CSS = """
.hit {border:1px solid #d9dee7; border-radius:8px; padding:10px 14px; margin:8px 0; background:#fff;}
.hit-head {font-size:0.85em; color:#4a5568; margin-bottom:6px;}
.hit-rank {font-weight:700; color:#1a4f8b; margin-right:6px;}
.hit-text {font-size:1.02em; line-height:1.7;}
.hit-meta {font-size:0.82em; color:#4a5568; margin-top:6px;}
.hit-units b {color:#1a4f8b;}
.not-found {border-left:4px solid #c05621; background:#fffaf0; padding:8px 12px; margin:8px 0; color:#7b341e;}
"""

LABELS = {
    "zh": {"not_found": "未在文件中找到答案。以下是最接近的段落，并非答案。", "section": "章节", "lines": "原文行", "lead": "牵头单位", "support": "配合单位",
           "repeat": "原文中出现 {n} 次", "score": "相似度", "none": "没有结果。"},
    "en": {"not_found": "The documents do not seem to answer this. Closest passages, not an answer.",
           "section": "Section", "lines": "Source lines", "lead": "Lead units", "support": "Supporting units",
           "repeat": "appears {n} times in the source", "score": "similarity", "none": "No results."},
}


def line_ranges(hit: Hit) -> str:
    return ", ".join(str(s.line_start) if s.line_start == s.line_end else f"{s.line_start}–{s.line_end}"
                     for s in hit.chunk.spans)


def hit_card(hit: Hit, lang: str) -> str:
    t = LABELS[lang]
    c = hit.chunk
    section = " › ".join(c.section) or "—"
    units = "".join(
        f'<div class="hit-units"><b>{t["lead"]}:</b> {escape("、".join(r.lead) or "—")}'
        f' · <b>{t["support"]}:</b> {escape("、".join(r.support) or "—")}</div>' for r in c.responsible)
    repeat = f' · {t["repeat"].format(n=c.occurrences)}' if c.occurrences > 1 else ""
    return (f'<div class="hit"><div class="hit-head"><span class="hit-rank">[{hit.rank}]</span>'
            f'{escape(hit.doc_title)} · {t["section"]}: {escape(section)}</div>'
            f'<div class="hit-text">{escape(c.text)}</div>{units}'
            f'<div class="hit-meta">{t["lines"]}: {escape(line_ranges(hit))}{repeat}'
            f' · {t["score"]} {hit.score:.3f}</div></div>')


def hits_html(hits: list[Hit], lang: str, found: bool = True) -> str:
    if not hits:
        return f"<p>{LABELS[lang]['none']}</p>"
    banner = "" if found else f'<div class="not-found">{LABELS[lang]["not_found"]}</div>'
    return banner + "".join(hit_card(h, lang) for h in hits)
