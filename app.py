"""The Gradio app: one question box, ranked cited passages. Loads the model and index once.

Run `.venv/bin/python app.py [--port N] [settings flags as in python -m index]`; a missing or stale
index is built first, with a progress bar in the terminal.
"""
from __future__ import annotations

import argparse

import gradio as gr

from index.cli import add_setting_flags, settings_from
from index.errors import QueryError
from index.render import CSS, hits_html
from index.textnorm import detect_lang
from index.search import Searcher
from index.service import open_searcher
from index.settings import Settings

EXAMPLES = [
    "到2025年空气质量优良天数比例要达到多少？",
    "祁连山国家公园建设由哪些单位牵头？",
    "兰州新区综合保税区",
    "Which railway projects connect Xining with other cities?",
    "What is the urbanisation target for 2025?",
]


def build_demo(searcher: Searcher) -> gr.Blocks:
    """The page, bound to one loaded searcher."""

    def run(question: str, k: float) -> str:
        try:
            result = searcher.retrieve(question, int(k))
        except QueryError as e:
            raise gr.Error(str(e)) from None
        return hits_html(result.hits, detect_lang(question), found=result.found is not False)

    with gr.Blocks(title="兰西城市群政策问答 · Policy search") as demo:
        gr.Markdown("## 兰西城市群政策文件检索 · Lanzhou–Xining policy search\n"
                    "用中文或英文提问 · Ask in Chinese or English")
        with gr.Row():
            question = gr.Textbox(label="问题 / Question", scale=5, max_length=1000, autofocus=True)
            k = gr.Slider(1, 20, value=searcher.settings.k, step=1, label="结果数 / Results", scale=1)
        ask = gr.Button("检索 / Search", variant="primary")
        results = gr.HTML()
        gr.Examples(EXAMPLES, inputs=question)
        ask.click(run, [question, k], results, api_name="search")
        question.submit(run, [question, k], results, api_name=False)
    return demo


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="app.py", description="Serve the policy search page.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    add_setting_flags(parser)
    return parser.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
searcher = open_searcher(settings_from(ARGS) if ARGS else Settings(), rebuild=True)
demo = build_demo(searcher)

if __name__ == "__main__":
    demo.launch(server_name=ARGS.host, server_port=ARGS.port, css=CSS, theme=gr.themes.Soft())
