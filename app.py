"""The Gradio app. Loads the model and the index once (building the index on first start, with a
progress bar in the terminal) and serves the page from `index/ui.py`.

    .venv/bin/python app.py [--host H] [--port N] [settings flags as in python -m index]

Without --host/--port, Gradio's GRADIO_SERVER_NAME / GRADIO_SERVER_PORT apply (default 127.0.0.1:7860).
"""
from __future__ import annotations

import argparse

import gradio as gr

from index.cli import add_setting_flags, settings_from
from index.service import open_searcher
from index.settings import Settings
from index.ui import CSS, build_demo


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="app.py", description="Serve the policy Q&A page.")
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    add_setting_flags(parser)
    return parser.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
searcher = open_searcher(settings_from(ARGS) if ARGS else Settings(), rebuild=True)
demo = build_demo(searcher)

if __name__ == "__main__":
    demo.launch(server_name=ARGS.host, server_port=ARGS.port, css=CSS, theme=gr.themes.Soft())
