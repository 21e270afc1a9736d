"""Render answers and cited passages as HTML. Everything from the corpus or the user is escaped."""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from index.answer.responsibility import UNREAD_NOTE, TaskAnswer
from index.answer.sentences import LOW_CONFIDENCE, NO_NOTE, NOT_FOUND, Answer, doubt_text, highlights
from index.text.bodies import person_english
from index.text.units import english_name
from index.types import Hit, line_ranges, page_ranges

CSS = """
.answer {border:1px solid #b7c9e2; border-radius:8px; padding:12px 16px; background:#f5f9ff; line-height:1.8;}
.answer-state {font-weight:700; color:#1a4f8b; margin-bottom:4px;}
.answer mark, .hit mark {background:#fde68a; padding:0 1px; border-radius:2px;}
.answer sup {color:#1a4f8b; font-weight:700;}
.answer-units {margin-top:6px;}
.not-found {border-left:4px solid #c05621; background:#fffaf0; padding:8px 12px; margin:8px 0; color:#7b341e;}
.hit {border:1px solid #d9dee7; border-radius:8px; padding:10px 14px; margin:8px 0; background:#fff;}
.hit-head {font-size:0.85em; color:#4a5568; margin-bottom:6px;}
.hit-rank {font-weight:700; color:#1a4f8b; margin-right:6px;}
.hit-text {font-size:1.02em; line-height:1.7;}
.hit-meta, .hit-gloss {font-size:0.82em; color:#4a5568; margin-top:6px;}
.hit-units b, .answer-units b {color:#1a4f8b;}
.hit details {font-size:0.85em; margin-top:6px;} .hit details pre {white-space:pre-wrap; font-family:inherit;}
.en-text {line-height:1.6;} .zh-original {color:#4a5568; font-size:0.92em; margin-top:4px;}
.asked {font-size:0.82em; color:#718096; margin-bottom:4px; overflow-wrap:anywhere;}
.duty ul {margin:6px 0 6px 1.2em; padding:0; list-style:none;} .duty li {margin:4px 0;}
.duty-head {font-weight:600; margin-top:6px;}
.duty li.duty-doc {list-style:none; margin:8px 0 2px -1.2em; font-weight:600; color:#3b4a63;}
.no-note {color:#7b341e;} .doubt {color:#7b341e; font-style:italic;}
.ref-note {font-size:0.78em; color:#718096; font-style:italic;}
.low-confidence {border-left:4px solid #b7791f; background:#fffbeb; padding:6px 10px; margin:4px 0 8px; color:#744210;}
.copy-cite {font-size:0.8em; margin-left:8px; padding:1px 8px; border:1px solid #b7c9e2; border-radius:4px;
            background:#fff; color:#1a4f8b; cursor:pointer;}
.section-zh {color:#718096;} .doc-stamp {color:#718096; font-size:0.95em;}
"""

LABELS = {
    "zh": {"answer": "答案", "asked": "问", "not_found": NOT_FOUND["zh"],
           "closest": "最接近的段落（并非答案）", "sources": "引用来源", "section": "章节", "lines": "原文行",
           "lead": "牵头单位", "support": "配合单位", "repeat": "原文中出现 {n} 次", "score": "相关度",
           "cited": "因任务的责任单位而引用", "context": "查看原文上下文", "gloss": "术语", "none": "没有结果。",
           "english": "英文参考译文", "ref": "英文为参考译文，非官方文本；以中文原文为准。",
           "role_lead": "牵头的任务", "role_any": "参与的任务", "n_tasks": "共 {n} 项", "as_lead": "牵头",
           "as_support": "配合", "as_responsible": "责任单位",
           "responsible": "责任单位（原文未分牵头与配合）", "persons": "负责领导",
           "tied": "以下任务与问题同样相符，分别列出：", "lost": "（原文缺少任务标题）",
           "low": LOW_CONFIDENCE["zh"], "more": "更多段落", "copy": "复制引用", "lines_short": "第{n}行",
           "page": "第{n}页", "page_text": "第{n}页原文"},
    "en": {"answer": "Answer", "asked": "Q", "not_found": NOT_FOUND["en"],
           "closest": "Closest passages (not an answer)", "sources": "Sources", "section": "Section",
           "lines": "Source lines", "lead": "Lead units", "support": "Supporting units",
           "repeat": "appears {n} times in the source", "score": "relevance", "cited": "cited for its task's note",
           "context": "Show in context",
           "gloss": "Glossary", "none": "No results.", "english": "English (reference translation)",
           "ref": "Reference translation, not an official text; the Chinese original is authoritative.",
           "role_lead": "tasks it leads", "role_any": "tasks it takes part in", "n_tasks": "{n} task{s}",
           "as_lead": "lead", "as_support": "supporting", "as_responsible": "responsible",
           "responsible": "Responsible units (the text names no lead)", "persons": "Leaders",
           "tied": "These tasks fit the question about equally well:",
           "lost": "(the text lost this task's heading)", "low": LOW_CONFIDENCE["en"], "more": "More passages",
           "copy": "Copy citation", "lines_short": "lines {n}", "page": "p. {n}", "page_text": "Page {n} as printed"},
}
CONTEXT_CHARS = 160


@dataclass(frozen=True)
class Library:
    """What cards need beyond a hit: titles per language, source texts, glossary (zh → en)."""

    titles: dict[tuple[str, str], str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    pages: dict[str, tuple[int, ...]] = field(default_factory=dict)   # doc_id → where each page starts (PDF)
    stamps: dict[str, str] = field(default_factory=dict)   # doc_id → "青政办〔2022〕5号 · 2022-02-07" where known
    glossary: dict[str, str] = field(default_factory=dict)
    sections_en: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # from the outline

    def title(self, hit: Hit, lang: str) -> str:
        return self.titles.get((hit.chunk.doc_id, lang)) or hit.doc_title

    def section_path(self, path: tuple[str, ...], lang: str) -> tuple[str, ...]:
        """The path in the reader's language: English where the outline has it, else as written."""
        return self.sections_en.get(tuple(path), tuple(path)) if lang == "en" else tuple(path)

    def section(self, path: tuple[str, ...], lang: str) -> str:
        """A section path as shown: English with the Chinese beside it for English readers."""
        chinese, shown = " › ".join(path) or "—", self.section_path(path, lang)
        if shown == tuple(path):
            return escape(chinese)
        return f'{escape(" › ".join(shown))} <span class="section-zh">({escape(chinese)})</span>'


def plural(n: int) -> str:
    """The English plural ending for a count: "1 task", "2 tasks"."""
    return "" if n == 1 else "s"


def marked(text: str, spans) -> str:
    """Escaped text with the given [start, end) spans wrapped in <mark>."""
    out, pos = [], 0
    for a, b in spans:
        out += [escape(text[pos:a]), f"<mark>{escape(text[a:b])}</mark>"]
        pos = b
    return "".join(out) + escape(text[pos:])


def unit_names(names, lang: str, glossary: dict[str, str]) -> str:
    """Units joined for display: Chinese names, or for English readers the glossary's English with
    the Chinese name beside it (the name an official will recognise)."""
    if lang == "en":
        shown = ((english_name(n, glossary), n) for n in names)
        # 招商部 (Zhaoshangbu): a name the table lacks already carries its Chinese
        return "; ".join(en if en.startswith(zh) else f"{en} ({zh})" for en, zh in shown) or "—"
    return "、".join(names) or "—"


def units_html(responsible, t: dict, cls: str, lang: str = "zh", glossary: dict[str, str] | None = None) -> str:
    return "".join(f'<div class="{cls}">{roles_html(r.lead, r.support, r.responsible, r.persons, t, lang, glossary)}'
                   f'</div>' for r in responsible)


def roles_html(lead, support, responsible, persons, t: dict, lang: str, glossary: dict[str, str] | None) -> str:
    """Lead and supporting units, or (a note that names no lead) the responsible units as such, and
    the leaders a note names, apart from the units."""
    g = glossary or {}
    parts = [f'<b>{t["lead"]}:</b> {escape(unit_names(lead, lang, g))}',
             f'<b>{t["support"]}:</b> {escape(unit_names(support, lang, g))}'] if lead or not responsible else \
        [f'<b>{t["responsible"]}:</b> {escape(unit_names(responsible, lang, g))}']
    if persons:
        named = [person_english(p) for p in persons] if lang == "en" else list(persons)
        parts.append(f'<b>{t["persons"]}:</b> {escape(("; " if lang == "en" else "、").join(named))}')
    return " · ".join(parts)


def duty_html(duty: TaskAnswer, lang: str, glossary: dict[str, str], titles: dict | None = None) -> str:
    """The tasks a responsibility question resolves to, each with its own units and citation;
    tasks of several documents are listed under each document's title (`titles`: (doc, lang) → title)."""
    t = LABELS[lang]
    head = ""
    if duty.kind == "which_tasks":
        role = t["role_lead"] if duty.role == "lead" else t["role_any"]
        head = (f'<div class="duty-head">{escape(unit_names(duty.units, lang, glossary))} · {role} · '
                f'{t["n_tasks"].format(n=len(duty.tasks), s=plural(len(duty.tasks)))}</div>')
    elif len(duty.tasks) > 1:
        head = f'<div class="duty-head">{t["tied"]}</div>'
    items = []
    several = len({t.task.doc_id for t in duty.tasks}) > 1
    shown_doc = None
    for task_role, n in zip(duty.tasks, duty.citations):
        task = task_role.task
        if several and task.doc_id != shown_doc:
            shown_doc = task.doc_id
            title = (titles or {}).get((task.doc_id, lang)) or task.doc_id
            items.append(f'<li class="duty-doc">{escape(title)}</li>')
        path = task.section_en if lang == "en" and task.section_en else task.section
        name = escape((path[-1] if task.heading else " › ".join(path)) or "—") + (
            "" if task.heading else f' <i>{t["lost"]}</i>')
        role = f' · {t["as_" + task_role.role]}' if task_role.role else ""
        unread = task_role.doubt == UNREAD_NOTE and not task.responsible   # a note the layout hid: no "none named"
        units = (units_html([task.responsible], t, "answer-units", lang, glossary) if task.responsible
                 else "" if unread else f'<div class="answer-units no-note">{NO_NOTE[lang]}</div>')
        if task_role.doubt and (task.responsible or unread):
            units += f'<div class="answer-units doubt">{escape(doubt_text(task_role.doubt, lang, task.gap_line))}</div>'
        items.append(f'<li><b>{name}</b>{role}<sup>[{n}]</sup>{units}</li>')
    return f'<div class="duty">{head}<ul>{"".join(items)}</ul></div>'   # a task's heading has its own number


def answer_html(answer: Answer, lang: str, glossary: dict[str, str] | None = None, titles: dict | None = None) -> str:
    t = LABELS[lang]
    asked = f'<div class="asked">{t["asked"]}: {escape(answer.question)}</div>'  # which question this answers
    if not answer.found:
        return f'<div class="not-found">{asked}{t["not_found"]}</div>'
    body = "".join(_answer_sentence(s, lang) for s in answer.answer_sentences)
    units = duty_html(answer.duty, lang, glossary or {}, titles) if answer.duty else ""
    note = f'<div class="ref-note">{t["ref"]}</div>' if lang == "en" and any(
        s.text_en for s in answer.answer_sentences) else ""
    low = f'<div class="low-confidence">{t["low"]}</div>' if answer.verdict == "low_confidence" else ""
    return (f'<div class="answer">{asked}<div class="answer-state">{t["answer"]}</div>{low}{body}{units}{note}'
            '</div>')


def _answer_sentence(s, lang: str) -> str:
    """English questions see the English first, the cited Chinese original beside it."""
    chinese = f"{marked(s.text, s.highlights)}<sup>[{s.citation}]</sup>"
    if lang == "en" and s.text_en:
        return (f'<div class="en-text">{escape(s.text_en)}<sup>[{s.citation}]</sup></div>'
                f'<div class="zh-original">{chinese}</div>')
    return chinese


def passage_html(hit: Hit, lang: str, terms) -> str:
    """The passage: English first for English questions; the English behind a toggle otherwise."""
    c, t = hit.chunk, LABELS[lang]
    chinese = f'<div class="hit-text">{marked(c.text, highlights(c.text, terms))}</div>'
    if not c.text_en:
        return chinese
    if lang == "en":
        return (f'<div class="hit-text en-text">{escape(c.text_en)}</div>'
                f'<div class="zh-original">{chinese}</div><div class="ref-note">{t["ref"]}</div>')
    return (f'{chinese}<details><summary>{t["english"]}</summary><div class="en-text">{escape(c.text_en)}</div>'
            f'<div class="ref-note">{t["ref"]}</div></details>')


def context_html(hit: Hit, library: Library) -> str:
    """The source around the passage's first span; for a PDF, the whole page it is on."""
    source = library.sources.get(hit.chunk.doc_id)
    if not source or not hit.chunk.spans:
        return ""
    span, pages = hit.chunk.spans[0], library.pages.get(hit.chunk.doc_id, ())
    if span.page and pages:
        a = pages[span.page - 1]
        b = pages[span.page] if span.page < len(pages) else len(source)
    else:
        a, b = max(0, span.start - CONTEXT_CHARS), min(len(source), span.end + CONTEXT_CHARS)
    return marked(source[a:b], [(max(a, span.start) - a, min(b, span.end) - a)])


def glosses(text: str, glossary: dict[str, str], limit: int = 8) -> list[tuple[str, str]]:
    """Glossary terms the passage contains, longest first, without terms inside longer ones."""
    found: list[str] = []
    for zh in sorted(glossary, key=len, reverse=True):
        if zh in text and not any(zh in f for f in found):
            found.append(zh)
        if len(found) == limit:
            break
    return [(zh, glossary[zh]) for zh in found]


def location(hit: Hit, lang: str) -> str:
    """"第3页 第12–14行" / "p. 3, lines 12–14"; without the page for documents that have none."""
    t, pages = LABELS[lang], page_ranges(hit.chunk.spans)
    lines = t["lines_short"].format(n=line_ranges(hit.chunk.spans))
    return (t["page"].format(n=pages) + (" " if lang == "zh" else ", ") if pages else "") + lines


def citation_text(hit: Hit, lang: str, library: Library) -> str:
    """What the copy button copies: the Chinese original with its document, section, [page,] lines;
    on an English page the English (titles, section and the reference translation) follows it."""
    c = hit.chunk
    chinese = (f"{library.title(hit, 'zh')}，{' › '.join(c.section) or '—'}，{location(hit, 'zh')}："
               f"{c.text}")
    if lang != "en":
        return chinese
    section = " › ".join(library.section_path(c.section, "en"))
    english = f"{library.title(hit, 'en')}, {section or '—'}, {location(hit, 'en')}"
    return f"{chinese}\n{english}" + (f": {c.text_en} (reference translation)" if c.text_en else "")


def hit_card(hit: Hit, number: int, lang: str, terms, library: Library) -> str:
    t, c = LABELS[lang], hit.chunk
    stamp = (f' <span class="doc-stamp">{escape(library.stamps[c.doc_id])}</span>'
             if library.stamps.get(c.doc_id) else "")
    pages, lines = page_ranges(c.spans), line_ranges(c.spans)
    page = f'{t["page"].format(n=pages)} · ' if pages else ""
    repeat = f' · {t["repeat"].format(n=c.occurrences)}' if c.occurrences > 1 else ""
    gloss = glosses(c.text, library.glossary) if lang == "en" else []
    gloss_html = (f'<div class="hit-gloss"><b>{t["gloss"]}:</b> '
                  + "; ".join(f"{escape(zh)} = {escape(en)}" for zh, en in gloss) + "</div>") if gloss else ""
    context = context_html(hit, library)
    score = f'{t["score"]} {hit.score:.3f}' if hit.retrieved else t["cited"]
    summary = t["page_text"].format(n=c.spans[0].page) if c.spans and c.spans[0].page else t["context"]
    details = f'<details><summary>{summary}</summary><pre>{context}</pre></details>' if context else ""
    copy = (f'<button class="copy-cite" type="button" data-cite="{escape(citation_text(hit, lang, library))}">'
            f'{t["copy"]}</button>')
    return (f'<div class="hit"><div class="hit-head"><span class="hit-rank">[{number}]</span>'
            f'{escape(library.title(hit, lang))}{stamp} · {t["section"]}: '
            f'{library.section(c.section, lang)}{copy}</div>'
            f'{passage_html(hit, lang, terms)}'
            f'{units_html(c.responsible, t, "hit-units", lang, library.glossary)}{gloss_html}'
            f'<div class="hit-meta">{page}{t["lines"]}: {escape(lines)}{repeat} · {score}</div>'
            f'{details}</div>')


def sources_html(answer: Answer, lang: str, terms, library: Library) -> str:
    """The cited passages when there is an answer, then the other passages retrieved (as many as
    the Passages slider asks for); else the closest passages, labelled as not an answer."""
    t = LABELS[lang]
    if not answer.hits and not answer.citations:
        return f"<p>{t['none']}</p>"
    if not (answer.found and answer.citations):
        return f"<h4>{t['closest']}</h4>" + "".join(hit_card(h, n, lang, terms, library)
                                                   for n, h in enumerate(answer.hits, 1))
    cited = {h.chunk.chunk_id for h in answer.citations}
    more = [h for h in answer.hits if h.chunk.chunk_id not in cited]
    html = f"<h4>{t['sources']}</h4>" + "".join(hit_card(h, n, lang, terms, library)
                                                for n, h in enumerate(answer.citations, 1))
    first = len(answer.citations) + 1
    if more:
        html += f"<h4>{t['more']}</h4>" + "".join(hit_card(h, n, lang, terms, library)
                                                  for n, h in enumerate(more, first))
    return html
