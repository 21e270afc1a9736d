"""The Gradio app. Loads the model and the index once (building the index on first start, with a
progress bar in the terminal) and serves the page from `index/ui.py`.

    .venv/bin/python app.py [--host H] [--port N] [--concurrency C] [settings flags as in python -m index]

It listens on 127.0.0.1 unless --host says otherwise; POLICY_QA_AUTH="user:password" switches on a
login (see `index/serve.py`). Editing the corpus does not disturb a running app: restart it (or run
`python -m index build` first) to serve the new text.
"""
from __future__ import annotations

import os

import gradio as gr

from index.cli import settings_from
from index.serve import AUTH_VARIABLE, basic_auth, parse_args
from index.service import open_searcher
from index.settings import Settings
from index.ui import CONCURRENCY, CSS, MAX_UPLOAD_BYTES, build_demo

ARGS = parse_args() if __name__ == "__main__" else None
searcher = open_searcher(settings_from(ARGS) if ARGS else Settings(), rebuild=True)
demo = build_demo(searcher, ARGS.concurrency if ARGS else CONCURRENCY)

if __name__ == "__main__":
    demo.launch(server_name=ARGS.host, server_port=ARGS.port, auth=basic_auth(os.environ.get(AUTH_VARIABLE)),
                max_file_size=MAX_UPLOAD_BYTES, css=CSS, theme=gr.themes.Soft(),
                run_history=False)  # run history can upload runs to a hub: never, here
