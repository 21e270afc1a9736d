"""How `app.py` is served: its command line, where it listens, the optional login, and the launch.

It listens on 127.0.0.1 unless told otherwise (--host 0.0.0.0 for a deployment). Setting
POLICY_QA_AUTH="user:password" switches on HTTP basic auth. The flags and the login are plain
functions, testable without loading a model or Gradio.
"""
from __future__ import annotations

import argparse
import os

from index.cli import add_setting_flags, settings_from
from index.settings import Settings

AUTH_VARIABLE = "POLICY_QA_AUTH"
ADMIN_VARIABLE = "POLICY_QA_ADMIN"   # user:password of the admin who may add and remove documents
# Every event that runs a query shares one queue, served by this many threads at once (Gradio's
# default is one). The searcher is read-only after loading and the encoder is reentrant, so
# threads need no locks; 4 measured best with `python -m bench load` (docs/reliability.md).
CONCURRENCY = 4


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="app.py", description="Serve the policy Q&A page.")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="default GRADIO_SERVER_PORT or 7860")
    parser.add_argument("--admin", default=None, metavar="USER:PASSWORD",
                        help=f"switch on adding and removing documents for this admin (default ${ADMIN_VARIABLE})")
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY,
                        help=f"queries served at once (default {CONCURRENCY})")
    add_setting_flags(parser)
    args = parser.parse_args(argv)
    if args.concurrency < 1:
        parser.error(f"--concurrency {args.concurrency} must be at least 1")
    return args


def basic_auth(value: str | None, name: str = AUTH_VARIABLE) -> tuple[str, str] | None:
    """(user, password) from a `user:password` value (of POLICY_QA_AUTH, or `name`); None when unset."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not (sep and user and password):
        raise SystemExit(f"{name} must look like user:password (got {len(value)} characters "
                         "without both parts); unset it to serve without a login")
    return user, password


def admin_login(args: argparse.Namespace | None) -> tuple[str, str] | None:
    """The admin's (user, password): --admin, else $POLICY_QA_ADMIN; None keeps the corpus read-only."""
    if args is not None and getattr(args, "admin", None):
        return basic_auth(args.admin, "--admin")
    return basic_auth(os.environ.get(ADMIN_VARIABLE), ADMIN_VARIABLE)


def make_demo(args: argparse.Namespace | None):
    """Load the model and the index once (rebuilding a missing or stale index) and lay out the page."""
    from index.service import open_searcher

    from .page import build_demo

    searcher = open_searcher(settings_from(args) if args else Settings(), rebuild=True)
    return build_demo(searcher, args.concurrency if args else CONCURRENCY, admin_login(args))


def launch(demo, args: argparse.Namespace) -> None:
    import gradio as gr

    from .documents import DOCUMENTS_CSS
    from .handlers import MAX_UPLOAD_BYTES
    from .outline import OUTLINE_CSS
    from .render import CSS

    # Gradio turns away only files far over the limit; those just over it get the engine's message.
    max_bytes = max(MAX_UPLOAD_BYTES, 2 * settings_from(args).max_upload_mb * 10**6)

    demo.launch(server_name=args.host, server_port=args.port, auth=basic_auth(os.environ.get(AUTH_VARIABLE)),
                max_file_size=max_bytes, css=CSS + OUTLINE_CSS + DOCUMENTS_CSS, theme=gr.themes.Soft(),
                run_history=False)  # run history can upload runs to a hub: never, here
