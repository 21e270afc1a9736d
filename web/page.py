"""The Gradio page: ask box, answer panel, cited sources, evaluation tab, JSON API endpoints.

`build_demo` only lays out the handlers of `web.handlers`, bound to one loaded searcher.
"""
from __future__ import annotations

import os

import matplotlib

# Gradio wraps every event in a switch to and from matplotlib's Agg backend, which is slow while
# the backend is still undecided, and by default recomputes a pandas summary of all recent events
# after each one; both cost more than a search. Deciding the backend once and summarising every
# 1000 events make the JSON API about twice as fast.
matplotlib.use("Agg")
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")

import gradio as gr

from index import Searcher
from index.outline import glossary_of, outline_rows, unit_rows

from .handlers import (LANGUAGES, answer_view, ask_api, doc_choices, evaluation_view, make_library, rerender_view,
                       search_api)
from .outline import matrix_file, outline_html, unit_choices
from .render import CSS, LABELS
from .serve import CONCURRENCY

# The copy buttons of the source cards: one listener on the panel, which survives re-rendering.
COPY_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('.copy-cite');
  if (!button) return;
  const text = button.dataset.cite, label = button.textContent;
  const done = () => { button.textContent = '✓'; setTimeout(() => { button.textContent = label; }, 1200); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
  } else {
    const area = document.createElement('textarea');
    area.value = text; document.body.appendChild(area); area.select();
    document.execCommand('copy'); area.remove(); done();
  }
});
"""

EXAMPLES = [
    "到2025年空气质量优良天数比例要达到多少？",          # target
    "祁连山生态环境综合整治由哪些单位牵头？",            # responsibility
    "引黄济宁工程有什么安排？",                          # project
    "海东市在城市群中承担什么功能？",                    # place
    "Which railways will connect Xining with Chengdu?",  # English
    "Who leads the work on the Lanzhou New Area comprehensive bonded zone?",
]


def build_demo(searcher: Searcher, concurrency: int = CONCURRENCY) -> gr.Blocks:
    """The page, bound to one loaded searcher; `concurrency` queries are served at once."""
    library = make_library(searcher)
    queue = {"concurrency_id": "engine", "concurrency_limit": concurrency}
    with gr.Blocks(title="兰西城市群政策问答 · Policy Q&A") as demo:
        gr.Markdown("## 兰西城市群政策问答 · Lanzhou–Xining policy Q&A\n"
                    "用中文或英文提问，答案均引自原文 · Ask in Chinese or English; every answer is quoted from the documents")
        with gr.Tab("问答 / Ask"):
            add_ask_tab(searcher, library, queue)
        with gr.Tab("目录 / Outline"):
            add_outline_tab(searcher, library)
        with gr.Tab("评测 / Evaluation"):
            add_evaluation_tab(searcher)
        add_api(searcher, queue)
    return demo


def add_ask_tab(searcher: Searcher, library, queue: dict) -> None:
    """The question box, the answer panel and the cited passages; a new language or number of
    passages re-renders the current question."""
    limit = searcher.settings.max_query_chars
    with gr.Row():
        question = gr.Textbox(label="问题 / Question", scale=5, autofocus=True, max_lines=8,
                              info=f"可粘贴段落，最多 {limit} 字 / Paste a paragraph if you like: up to {limit:,} characters")
        language = gr.Radio(list(LANGUAGES), value="自动 / Auto", label="界面语言 / Language", scale=2,
                            elem_id="ask-language")
    with gr.Row():
        k = gr.Slider(1, 20, value=searcher.settings.k, step=1, label="引用段落数 / Passages")
        docs = gr.Dropdown(doc_choices(searcher), multiselect=True, label="文件 / Documents",
                           visible=len(doc_choices(searcher)) > 1)
    ask = gr.Button("提问 / Ask", variant="primary")
    answer = gr.HTML(elem_id="answer")
    sources = gr.HTML(elem_id="sources", js_on_load=COPY_JS)
    gr.Examples(EXAMPLES, inputs=question, label="示例 / Examples")
    inputs = [question, k, language, docs]
    view = lambda q, n, lang, d: answer_view(searcher, library, q, n, lang, d)
    for event in (ask.click, question.submit):
        event(view, inputs, [answer, sources], api_visibility="private", **queue)
    again = lambda q, n, lang, d: rerender_view(searcher, library, q, n, lang, d)
    for change in (language.change, k.release):
        change(again, inputs, [answer, sources], api_visibility="private", **queue)


def add_evaluation_tab(searcher: Searcher) -> None:
    """The harness on the bundled or an uploaded test set: metrics, chart, every wrong answer."""
    gr.Markdown("Runs the evaluation harness (`python -m eval` metrics) on the bundled test set, "
                "or on an uploaded `.jsonl` in the same schema.")
    upload = gr.File(label="测试集 / Test set (.jsonl)", file_types=[".jsonl"], type="filepath")
    run = gr.Button("运行评测 / Run evaluation")
    table, chart = gr.Markdown(), gr.Image(label="recall@5 / MRR@10", type="filepath")
    wrongs = gr.Markdown(elem_id="eval-wrong")
    run.click(lambda f: evaluation_view(searcher, f), upload, [table, chart, wrongs], api_visibility="private")


def add_outline_tab(searcher: Searcher, library) -> None:
    """The recovered tree with its units, a unit filter and the matrix as CSV."""
    rows, units = outline_rows(searcher.index), unit_rows(searcher.index, library.glossary)
    with gr.Row():
        lang = gr.Radio([("中文", "zh"), ("English", "en")], value="zh", label="界面语言 / Language", scale=1)
        unit = gr.Dropdown(unit_choices(units, "zh"), value=None, label="单位 / Unit", scale=3, allow_custom_value=False)
        download = gr.DownloadButton("下载责任矩阵 CSV / Download matrix (CSV)", scale=1)
    tree = gr.HTML(outline_html(rows, "zh", library.glossary), elem_id="outline")
    show = lambda u, lg: outline_html(rows, lg, library.glossary, u)
    unit.change(show, [unit, lang], tree, api_visibility="private")
    lang.change(lambda lg, u: (show(u, lg), gr.Dropdown(choices=unit_choices(units, lg), value=u)), [lang, unit],
                [tree, unit], api_visibility="private")
    download.click(lambda u: matrix_file(searcher.index, u), unit, download, api_visibility="private")


def add_api(searcher: Searcher, queue: dict) -> None:
    """Named JSON endpoints, the same objects as `python -m index search|ask --json`."""

    def search(question: str, k: int = 5) -> list[dict]:
        return search_api(searcher, question, k)

    def ask(question: str, k: int = 5) -> dict:
        return ask_api(searcher, question, k)

    def outline() -> list[dict]:
        return outline_rows(searcher.index, glossary_of(searcher.settings.corpus))

    def units() -> list[dict]:
        return unit_rows(searcher.index, glossary_of(searcher.settings.corpus))

    gr.api(search, api_name="search", **queue)
    gr.api(ask, api_name="ask", **queue)
    gr.api(outline, api_name="outline")
    gr.api(units, api_name="units")


__all__ = ["CSS", "LABELS", "build_demo"]
