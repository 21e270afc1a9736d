"""Handlers: plain functions of a `Searcher` that the page's events call (tested directly).

Engine errors become `gr.Error`, which Gradio shows in the page; nothing here lays anything out.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr
from gradio.utils import get_upload_folder

from index import Searcher
from index.ingest.ingest import document_paths, make_doc_id, read_document
from index.errors import QueryError
from index.text.bridge import GLOSSARY_FILE, read_glossary
from index.text.normalize import detect_lang

from .render import Library, answer_html, sources_html

BUNDLED_QA = Path(__file__).resolve().parents[1] / "eval" / "qa.jsonl"
MAX_UPLOAD_BYTES = 5 * 10**6   # an evaluation upload; the bundled 343-question set is 0.2 MB
MAX_UPLOAD_LINES = 5000        # each question costs ~40 ms of both cores
LANGUAGES = {"自动 / Auto": None, "中文": "zh", "English": "en"}


def make_library(searcher: Searcher, previous: tuple[Searcher, Library] | None = None) -> Library:
    """Titles per language, the original texts (for "show in context") and the glossary. With the
    `previous` searcher and library (a reload after a build), a document whose bytes did not change
    keeps the text already read: reading a PDF again costs seconds."""
    docs = searcher.index.manifest["corpus"]["documents"]
    titles = {}
    for d in docs:
        titles[(d["doc_id"], "zh")] = d["meta"].get("title_zh") or d["title"]
        titles[(d["doc_id"], "en")] = d["meta"].get("title_en") or d["title"]
    sources, pages = _texts(searcher, previous)
    glossary = {zh: en[0] for zh, en in read_glossary(Path(searcher.settings.corpus) / GLOSSARY_FILE) if en}
    return Library(titles, sources=sources, pages=pages,
                   glossary=glossary, sections_en=sections_en(searcher),
                   stamps={d["doc_id"]: " · ".join(v for v in (d["meta"].get("doc_number"), d["meta"].get("date")) if v)
                           for d in docs})


def _texts(searcher: Searcher, previous: tuple[Searcher, Library] | None) -> tuple[dict, dict]:
    """Each document's text and page starts, read from the corpus, or kept from `previous` where
    the manifest shows the same bytes."""
    def shas(s):
        return {d["doc_id"]: d["sha256"] for d in s.index.manifest["corpus"]["documents"]}
    old_searcher, old = previous or (None, Library())
    now, before = shas(searcher), shas(old_searcher) if old_searcher else {}
    kept = {i for i, sha in now.items() if before.get(i) == sha and i in old.sources}
    root = Path(searcher.settings.corpus)
    read = [read_document(p, root) for p in document_paths(root) if make_doc_id(p, root) in now.keys() - kept]
    sources = {**{i: old.sources[i] for i in kept}, **{d.doc_id: d.text for d in read if d}}
    pages = {**{i: old.pages[i] for i in kept if i in old.pages}, **{d.doc_id: d.pages for d in read if d and d.pages}}
    return sources, pages


def sections_en(searcher: Searcher) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Every section path of the outline (and its chapter and section prefixes) in English."""
    out = {}
    for task in (t for ts in searcher.index.outline.values() for t in ts):
        if len(task.section_en) == len(task.section):
            out.update({task.section[:n]: task.section_en[:n] for n in range(1, len(task.section) + 1)})
    return out


def fit_question(question: str, limit: int) -> str:
    """The question as the engine takes it: a paste over the limit keeps its end (where the question
    usually is), with a warning that says what was cut."""
    if not isinstance(question, str) or len(question) <= limit:
        return question
    gr.Warning(f"问题共 {len(question)} 字，超过 {limit} 字上限，已删去开头 {len(question) - limit} 字。 / "
               f"The question is {len(question)} characters, over the limit of {limit}: "
               f"its first {len(question) - limit} characters were left out.")
    return question[-limit:]


def doc_choices(searcher: Searcher) -> list[tuple[str, str]]:
    return [(d["meta"].get("title_zh") or d["title"], d["doc_id"])
            for d in searcher.index.manifest["corpus"]["documents"]]


def answer_view(searcher: Searcher, library: Library, question: str, k: float, language: str,
                docs: list[str] | None = None) -> tuple[str, str]:
    """(answer panel HTML, sources panel HTML) for one question; bad input becomes gr.Error."""
    question = fit_question(question, searcher.settings.max_query_chars)
    try:
        result = searcher.retrieve(question, int(k), doc_ids=set(docs) if docs else None)
    except QueryError as e:
        raise gr.Error(str(e)) from None
    lang = LANGUAGES.get(language) or detect_lang(result.query)
    answer = searcher.answer(result)
    return (answer_html(answer, lang, library.glossary, library.titles),
            sources_html(answer, lang, list(result.lexical), library))


def rerender_view(searcher: Searcher, library: Library, question: str, k: float, language: str,
                  docs: list[str] | None = None):
    """The current question again, after the language or the number of passages changed; nothing
    to do (and no error) while the box is empty."""
    if not (question or "").strip():
        return gr.skip(), gr.skip()
    return answer_view(searcher, library, question, k, language, docs)


def search_api(searcher: Searcher, question: str, k: int = 5) -> list[dict]:
    """The hits of `python -m index search --json`, each with the list's verdict."""
    try:
        result = searcher.retrieve(question, int(k))
        return [{**h.to_dict(), "verdict": result.verdict or "found"} for h in result.hits]
    except QueryError as e:
        raise gr.Error(str(e)) from None


def ask_api(searcher: Searcher, question: str, k: int = 5) -> dict:
    """The object of `python -m index ask --json`."""
    try:
        return searcher.ask(question, int(k)).to_dict()
    except QueryError as e:
        raise gr.Error(str(e)) from None


def uploaded(upload: str) -> Path:
    """The real path of a file Gradio received, if it lies in Gradio's upload directory (symlinks
    resolved); gr.Error otherwise."""
    path = Path(upload).resolve()
    if not path.is_relative_to(Path(get_upload_folder()).resolve()):
        raise gr.Error(f"{Path(upload).name}: uploads are read only from the temporary upload directory")
    return path


def check_upload(upload: str) -> Path:
    """The uploaded test set, if it is a .jsonl file of bounded size and length inside the
    directory where Gradio puts uploads; gr.Error naming the limit otherwise."""
    path, name = uploaded(upload), Path(upload).name
    if path.suffix.lower() != ".jsonl" or not path.is_file():
        raise gr.Error(f"{name}: upload a .jsonl file (one JSON question per line)")
    if path.stat().st_size > MAX_UPLOAD_BYTES:
        raise gr.Error(f"{name}: {path.stat().st_size / 1e6:.1f} MB is over the {MAX_UPLOAD_BYTES // 10**6} MB limit")
    with open(path, "rb") as f:
        lines = sum(1 for _ in f)
    if lines > MAX_UPLOAD_LINES:
        raise gr.Error(f"{name}: {lines} lines is over the limit of {MAX_UPLOAD_LINES} questions; split the file")
    return path


def evaluation_view(searcher: Searcher, upload: str | None) -> tuple[str, str, str]:
    """Run the harness on the bundled set or an uploaded one: (metrics table, chart path, every
    question answered wrongly with what the user saw)."""
    from eval.__main__ import corpus_text
    from eval.qa import QAFileError, load_qa
    from eval.report import metrics_table, wrong_list, write_chart
    from eval.run import by_language, evaluate, wrong

    path = check_upload(upload) if upload else BUNDLED_QA
    try:
        items = load_qa(path, corpus_text(searcher.settings.corpus))
    except (QAFileError, OSError) as e:
        raise gr.Error(str(e).replace(str(path), Path(path).name)) from None
    outcomes = evaluate(searcher, items)
    metrics = {"app": by_language(outcomes)}
    chart = Path(tempfile.mkdtemp(prefix="eval-")) / "report.png"
    write_chart(chart, metrics)
    wrongs = wrong(outcomes)
    return metrics_table(metrics), str(chart), f"#### {len(wrongs)} answered wrongly\n\n{wrong_list(wrongs)}"
