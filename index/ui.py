"""The Gradio page: ask box, answer panel, cited sources, evaluation tab, JSON API endpoints.

Handlers are plain functions of a `Searcher` (tested directly); `build_demo` only lays them out.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import matplotlib

# Gradio wraps every event in a switch to and from matplotlib's Agg backend, which is slow while
# the backend is still undecided, and by default recomputes a pandas summary of all recent events
# after each one; both cost more than a search. Deciding the backend once and summarising every
# 1000 events make the JSON API about twice as fast.
matplotlib.use("Agg")
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")

import gradio as gr  # noqa: E402 - after the environment it reads
from gradio.utils import get_upload_folder  # noqa: E402

from .bridge import GLOSSARY_FILE, read_glossary
from .errors import QueryError
from .ingest import read_corpus
from .render import CSS, LABELS, Library, answer_html, sources_html
from .search import Searcher
from .textnorm import detect_lang

# Every event that runs a query shares one queue, served by this many threads at once (Gradio's
# default is one). The searcher is read-only after loading and the encoder is reentrant, so
# threads need no locks; 4 measured best with `python -m index.loadtest` (README "Reliability").
CONCURRENCY = 4
BUNDLED_QA = Path(__file__).resolve().parents[1] / "eval" / "qa.jsonl"
MAX_UPLOAD_BYTES = 5 * 10**6   # an evaluation upload; the bundled 343-question set is 0.2 MB
MAX_UPLOAD_LINES = 5000        # each question costs ~40 ms of both cores
LANGUAGES = {"自动 / Auto": None, "中文": "zh", "English": "en"}
EXAMPLES = [
    "到2025年空气质量优良天数比例要达到多少？",          # target
    "祁连山生态环境综合整治由哪些单位牵头？",            # responsibility
    "引黄济宁工程有什么安排？",                          # project
    "海东市在城市群中承担什么功能？",                    # place
    "Which railways will connect Xining with Chengdu?",  # English
    "Who leads the work on the Lanzhou New Area comprehensive bonded zone?",
]


def make_library(searcher: Searcher) -> Library:
    """Titles per language, the original texts (for "show in context") and the glossary."""
    docs = searcher.index.manifest["corpus"]["documents"]
    titles = {}
    for d in docs:
        titles[(d["doc_id"], "zh")] = d["meta"].get("title_zh") or d["title"]
        titles[(d["doc_id"], "en")] = d["meta"].get("title_en") or d["title"]
    corpus = read_corpus(searcher.settings.corpus)
    glossary = {zh: en[0] for zh, en in read_glossary(Path(searcher.settings.corpus) / GLOSSARY_FILE) if en}
    return Library(titles, {d.doc_id: d.text for d in corpus.documents}, glossary)


def doc_choices(searcher: Searcher) -> list[tuple[str, str]]:
    return [(d["meta"].get("title_zh") or d["title"], d["doc_id"])
            for d in searcher.index.manifest["corpus"]["documents"]]


def answer_view(searcher: Searcher, library: Library, question: str, k: float, language: str,
                docs: list[str] | None = None) -> tuple[str, str]:
    """(answer panel HTML, sources panel HTML) for one question; bad input becomes gr.Error."""
    try:
        result = searcher.retrieve(question, int(k), doc_ids=set(docs) if docs else None)
    except QueryError as e:
        raise gr.Error(str(e)) from None
    lang = LANGUAGES.get(language) or detect_lang(result.query)
    answer = searcher.answer(result)
    return answer_html(answer, lang), sources_html(answer, lang, list(result.lexical), library)


def search_api(searcher: Searcher, question: str, k: int = 5) -> list[dict]:
    """The hits of `python -m index search --json`."""
    try:
        return [h.to_dict() for h in searcher.search(question, int(k))]
    except QueryError as e:
        raise gr.Error(str(e)) from None


def ask_api(searcher: Searcher, question: str, k: int = 5) -> dict:
    """The object of `python -m index ask --json`."""
    try:
        return searcher.ask(question, int(k)).to_dict()
    except QueryError as e:
        raise gr.Error(str(e)) from None


def check_upload(upload: str) -> Path:
    """The uploaded test set, if it is a .jsonl file of bounded size and length inside the
    directory where Gradio puts uploads; gr.Error naming the limit otherwise."""
    path = Path(upload).resolve()  # symlinks resolved: the real file must be in the upload directory
    name = Path(upload).name
    if not path.is_relative_to(Path(get_upload_folder()).resolve()):
        raise gr.Error(f"{name}: uploads are read only from the temporary upload directory")
    if path.suffix.lower() != ".jsonl" or not path.is_file():
        raise gr.Error(f"{name}: upload a .jsonl file (one JSON question per line)")
    if path.stat().st_size > MAX_UPLOAD_BYTES:
        raise gr.Error(f"{name}: {path.stat().st_size / 1e6:.1f} MB is over the {MAX_UPLOAD_BYTES // 10**6} MB limit")
    with open(path, "rb") as f:
        lines = sum(1 for _ in f)
    if lines > MAX_UPLOAD_LINES:
        raise gr.Error(f"{name}: {lines} lines is over the limit of {MAX_UPLOAD_LINES} questions; split the file")
    return path


def evaluation_view(searcher: Searcher, upload: str | None) -> tuple[str, str]:
    """Run the harness on the bundled set or an uploaded one: (metrics table, chart path)."""
    from eval.__main__ import corpus_text
    from eval.qa import QAFileError, load_qa
    from eval.report import metrics_table, write_chart
    from eval.run import by_language, evaluate

    path = check_upload(upload) if upload else BUNDLED_QA
    try:
        items = load_qa(path, corpus_text(searcher.settings.corpus))
    except (QAFileError, OSError) as e:
        raise gr.Error(str(e).replace(str(path), Path(path).name)) from None
    metrics = {"app": by_language(evaluate(searcher, items))}
    chart = Path(tempfile.mkdtemp(prefix="eval-")) / "report.png"
    write_chart(chart, metrics)
    return metrics_table(metrics), str(chart)


def build_demo(searcher: Searcher, concurrency: int = CONCURRENCY) -> gr.Blocks:
    """The page, bound to one loaded searcher; `concurrency` queries are served at once."""
    library = make_library(searcher)
    queue = {"concurrency_id": "engine", "concurrency_limit": concurrency}
    with gr.Blocks(title="兰西城市群政策问答 · Policy Q&A") as demo:
        gr.Markdown("## 兰西城市群政策问答 · Lanzhou–Xining policy Q&A\n"
                    "用中文或英文提问，答案均引自原文 · Ask in Chinese or English; every answer is quoted from the documents")
        with gr.Tab("问答 / Ask"):
            with gr.Row():
                question = gr.Textbox(label="问题 / Question", scale=5, autofocus=True,
                                      max_length=searcher.settings.max_query_chars)
                language = gr.Radio(list(LANGUAGES), value="自动 / Auto", label="界面语言 / Language", scale=2)
            with gr.Row():
                k = gr.Slider(1, 20, value=searcher.settings.k, step=1, label="引用段落数 / Passages")
                docs = gr.Dropdown(doc_choices(searcher), multiselect=True, label="文件 / Documents",
                                   visible=len(doc_choices(searcher)) > 1)
            ask = gr.Button("提问 / Ask", variant="primary")
            answer = gr.HTML(elem_id="answer")
            sources = gr.HTML(elem_id="sources")
            gr.Examples(EXAMPLES, inputs=question, label="示例 / Examples")
            inputs = [question, k, language, docs]
            view = lambda q, n, lang, d: answer_view(searcher, library, q, n, lang, d)  # noqa: E731
            for event in (ask.click, question.submit):
                event(view, inputs, [answer, sources], api_visibility="private", **queue)
        with gr.Tab("评测 / Evaluation"):
            gr.Markdown("Runs the evaluation harness (`python -m eval` metrics) on the bundled test set, "
                        "or on an uploaded `.jsonl` in the same schema.")
            upload = gr.File(label="测试集 / Test set (.jsonl)", file_types=[".jsonl"], type="filepath")
            run = gr.Button("运行评测 / Run evaluation")
            table, chart = gr.Markdown(), gr.Image(label="recall@5 / MRR@10", type="filepath")
            run.click(lambda f: evaluation_view(searcher, f), upload, [table, chart], api_visibility="private")
        add_api(searcher, queue)
    return demo


def add_api(searcher: Searcher, queue: dict) -> None:
    """Named JSON endpoints, the same objects as `python -m index search|ask --json`."""

    def search(question: str, k: int = 5) -> list[dict]:
        return search_api(searcher, question, k)

    def ask(question: str, k: int = 5) -> dict:
        return ask_api(searcher, question, k)

    gr.api(search, api_name="search", **queue)
    gr.api(ask, api_name="ask", **queue)


__all__ = ["CSS", "LABELS", "build_demo"]
