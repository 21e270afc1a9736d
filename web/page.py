"""The Gradio page: ask box, answer panel, cited sources, outline, documents, evaluation, JSON API.

`build_demo` only lays out the handlers of `web.handlers`, bound to a `Live` searcher that a
document upload or removal replaces without a restart.
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

from index.documents import document_rows

from .documents import READ_ONLY, add_view, doc_options, documents_html, remove_view
from .handlers import LANGUAGES, answer_view, ask_api, doc_choices, evaluation_view, rerender_view, search_api
from .live import Live
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


def build_demo(searcher: Searcher, concurrency: int = CONCURRENCY, admin: tuple[str, str] | None = None) -> gr.Blocks:
    """The page, serving `searcher` until a document is added or removed; `concurrency` queries
    are served at once; `admin` (user, password) switches on adding and removing documents."""
    live = Live(searcher)
    queue = {"concurrency_id": "engine", "concurrency_limit": concurrency}
    with gr.Blocks(title="兰西城市群政策问答 · Policy Q&A") as demo:
        gr.Markdown("## 兰西城市群政策问答 · Lanzhou–Xining policy Q&A\n"
                    "用中文或英文提问，答案均引自原文 · "
                    "Ask in Chinese or English; every answer is quoted from the documents")
        with gr.Tab("问答 / Ask"):
            docs = add_ask_tab(live, queue)
        with gr.Tab("目录 / Outline"):
            refresh_outline = add_outline_tab(live)
        with gr.Tab("文件 / Documents"):
            listed = add_documents_tab(live, admin, docs, refresh_outline)
        with gr.Tab("评测 / Evaluation"):
            add_evaluation_tab(live)
        add_api(live, queue)
        # A page opened after an upload or a removal shows the index it is served, not the one the
        # server started with: every list built from the corpus is drawn again when a page loads.
        demo.load(lambda: fresh_state(live), None, [*listed, docs, *refresh_outline[2]], api_visibility="private")
    return demo


def fresh_state(live: Live) -> tuple:
    """What a newly loaded page shows of the served index: the documents table, the Remove list,
    the document filter, the outline, its CSV and its unit filter (in the page's initial language)."""
    searcher, library = live.get()
    rows = document_rows(searcher.index)
    choices = doc_choices(searcher)
    units = unit_choices(unit_rows(searcher.index, library.glossary), "zh")
    return (documents_html(rows), gr.Dropdown(choices=doc_options(rows), value=None),
            gr.Dropdown(choices=choices, value=None, visible=len(choices) > 1),
            outline_html(outline_rows(searcher.index), "zh", library.glossary, None, library.titles),
            matrix_file(searcher.index, None, "zh", library.glossary), gr.Dropdown(choices=units, value=None))


def add_ask_tab(live: Live, queue: dict) -> gr.Dropdown:
    """The question box, the answer panel and the cited passages; a new language or number of
    passages re-renders the current question. Returns the document filter, which uploads refresh."""
    searcher = live.searcher
    limit = searcher.settings.max_query_chars
    with gr.Row():
        question = gr.Textbox(label="问题 / Question", scale=5, autofocus=True, max_lines=8,
                              info=f"可粘贴段落，最多 {limit} 字 / "
                                   f"Paste a paragraph if you like: up to {limit:,} characters")
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
    def view(q, n, lang, d):
        return answer_view(*live.get(), q, n, lang, d)
    for event in (ask.click, question.submit):
        event(view, inputs, [answer, sources], api_visibility="private", **queue)
    def again(q, n, lang, d):
        return rerender_view(*live.get(), q, n, lang, d)
    for change in (language.change, k.release):
        change(again, inputs, [answer, sources], api_visibility="private", **queue)
    return docs


def add_documents_tab(live: Live, admin: tuple[str, str] | None, ask_docs: gr.Dropdown, refresh_outline) -> tuple:
    """The documents with their number, date, format, pages, passages, tasks and translation; an
    admin adds (by upload) and removes them, one build at a time; the Outline tab follows. Returns
    the table and the Remove list."""
    rows = document_rows(live.searcher.index)
    table = gr.HTML(documents_html(rows), elem_id="documents")
    if admin is None:
        gr.Markdown(READ_ONLY)
    with gr.Group(visible=admin is not None):
        with gr.Row():
            user = gr.Textbox(label="管理员 / Admin user", scale=1)
            password = gr.Textbox(label="密码 / Password", type="password", scale=1)
        upload = gr.File(label="添加文件 / Add a document (PDF, Word .docx, web page, text)", type="filepath",
                         elem_id="documents-upload",
                         file_types=[".pdf", ".docx", ".html", ".htm", ".txt", ".md", ".doc", ".wps"])
        add = gr.Button("添加 / Add", variant="primary")
        with gr.Row():
            choice = gr.Dropdown(doc_options(rows), value=None, label="删除文件 / Remove a document", scale=3)
            remove = gr.Button("删除 / Remove", variant="stop", scale=1)
    status = gr.Markdown(elem_id="documents-status")

    def adding(u: str, p: str, f: str | None, progress=gr.Progress(track_tqdm=True)):
        return add_view(live, admin, u, p, f, progress)

    def removing(u: str, p: str, d: str | None, progress=gr.Progress(track_tqdm=True)):
        return remove_view(live, admin, u, p, d, progress)

    outputs = [table, choice, ask_docs, status]
    build = {"concurrency_id": "build", "concurrency_limit": 1, "api_visibility": "private"}
    for event in (add.click(adding, [user, password, upload], outputs, **build),
                  remove.click(removing, [user, password, choice], outputs, **build)):
        event.success(*refresh_outline, api_visibility="private")
    return table, choice


def add_evaluation_tab(live: Live) -> None:
    """The harness on the bundled or an uploaded test set: metrics, chart, every wrong answer."""
    gr.Markdown("Runs the evaluation harness (`python -m eval` metrics) on the bundled test set, "
                "or on an uploaded `.jsonl` in the same schema.")
    upload = gr.File(label="测试集 / Test set (.jsonl)", file_types=[".jsonl"], type="filepath")
    run = gr.Button("运行评测 / Run evaluation")
    table, chart = gr.Markdown(), gr.Image(label="recall@5 / MRR@10", type="filepath")
    wrongs = gr.Markdown(elem_id="eval-wrong")
    run.click(lambda f: evaluation_view(live.searcher, f), upload, [table, chart, wrongs], api_visibility="private")


def add_outline_tab(live: Live) -> tuple:
    """The recovered tree with its units, a unit filter and the matrix as CSV (of the index the
    page serves when the event runs). Returns (function, inputs, outputs) that redraw it."""
    searcher, library = live.get()
    units = unit_rows(searcher.index, library.glossary)
    with gr.Row():
        lang = gr.Radio([("中文", "zh"), ("English", "en")], value="zh", label="界面语言 / Language", scale=1)
        unit = gr.Dropdown(unit_choices(units, "zh"), value=None, label="单位 / Unit", scale=3,
                           allow_custom_value=False)
        download = gr.DownloadButton("下载责任矩阵 CSV / Download matrix (CSV)", scale=1,
                                     value=matrix_file(searcher.index, None, "zh", library.glossary))
    tree = gr.HTML(outline_html(outline_rows(searcher.index), "zh", library.glossary, None, library.titles),
                   elem_id="outline")

    def show(u: str | None, lg: str):
        s, lib = live.get()
        tree_html = outline_html(outline_rows(s.index), lg, lib.glossary, u, lib.titles)
        return tree_html, matrix_file(s.index, u, lg, lib.glossary)

    def relabel(lg: str, u: str | None):
        s, lib = live.get()
        return (*show(u, lg), gr.Dropdown(choices=unit_choices(unit_rows(s.index, lib.glossary), lg), value=u))

    unit.change(show, [unit, lang], [tree, download], api_visibility="private")
    lang.change(relabel, [lang, unit], [tree, download, unit], api_visibility="private")
    return relabel, [lang, unit], [tree, download, unit]


def add_api(live: Live, queue: dict) -> None:
    """Named JSON endpoints, the same objects as `python -m index search|ask|outline|units --json`."""

    def search(question: str, k: int = 5) -> list[dict]:
        return search_api(live.searcher, question, k)

    def ask(question: str, k: int = 5) -> dict:
        return ask_api(live.searcher, question, k)

    def outline() -> list[dict]:
        return outline_rows(live.searcher.index, glossary_of(live.searcher.settings.corpus))

    def units() -> list[dict]:
        return unit_rows(live.searcher.index, glossary_of(live.searcher.settings.corpus))

    def documents() -> list[dict]:
        return document_rows(live.searcher.index)

    gr.api(search, api_name="search", **queue)
    gr.api(ask, api_name="ask", **queue)
    gr.api(outline, api_name="outline")
    gr.api(units, api_name="units")
    gr.api(documents, api_name="documents")


__all__ = ["CSS", "LABELS", "build_demo"]
