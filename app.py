"""The Gradio app. Loads the model and the index once (building the index on first start, with a
progress bar in the terminal) and serves the page from `index/ui.py`.

    .venv/bin/python app.py [--host H] [--port N] [--concurrency C] [settings flags as in python -m index]

It listens on 127.0.0.1 unless told otherwise (--host 0.0.0.0 for a deployment). Setting
POLICY_QA_AUTH="user:password" switches on HTTP basic auth; --port defaults to GRADIO_SERVER_PORT
or 7860. Editing the corpus does not disturb a running app; restart it to pick the change up.
"""
from __future__ import annotations

import argparse
import os

import gradio as gr

from index.cli import add_setting_flags, settings_from
from index.service import open_searcher
from index.settings import Settings
from index.ui import CONCURRENCY, CSS, build_demo

AUTH_VARIABLE = "POLICY_QA_AUTH"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="app.py", description="Serve the policy Q&A page.")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY, help="queries served at once")
    add_setting_flags(parser)
    return parser.parse_args()


def basic_auth(value: str | None) -> tuple[str, str] | None:
    """`user:password` from POLICY_QA_AUTH, or None when unset."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not (sep and user and password):
        raise SystemExit(f"{AUTH_VARIABLE} must look like user:password (got {len(value)} characters "
                         "without both parts); unset it to serve without a login")
    return user, password


ARGS = parse_args() if __name__ == "__main__" else None
searcher = open_searcher(settings_from(ARGS) if ARGS else Settings(), rebuild=True)
demo = build_demo(searcher, ARGS.concurrency if ARGS else CONCURRENCY)

if __name__ == "__main__":
    demo.launch(server_name=ARGS.host, server_port=ARGS.port, auth=basic_auth(os.environ.get(AUTH_VARIABLE)),
                css=CSS, theme=gr.themes.Soft(), run_history=False)  # run history can upload to a hub
