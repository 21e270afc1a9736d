"""How `app.py` is served: its command line, where it listens, and the optional login.

It listens on 127.0.0.1 unless told otherwise (--host 0.0.0.0 for a deployment). Setting
POLICY_QA_AUTH="user:password" switches on HTTP basic auth. Kept apart from `app.py` so that it can
be tested without loading a model.
"""
from __future__ import annotations

import argparse

from .cli import add_setting_flags
from .ui import CONCURRENCY

AUTH_VARIABLE = "POLICY_QA_AUTH"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="app.py", description="Serve the policy Q&A page.")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="default GRADIO_SERVER_PORT or 7860")
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY,
                        help=f"queries served at once (default {CONCURRENCY})")
    add_setting_flags(parser)
    args = parser.parse_args(argv)
    if args.concurrency < 1:
        parser.error(f"--concurrency {args.concurrency} must be at least 1")
    return args


def basic_auth(value: str | None) -> tuple[str, str] | None:
    """(user, password) from the value of POLICY_QA_AUTH, `user:password`; None when unset."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not (sep and user and password):
        raise SystemExit(f"{AUTH_VARIABLE} must look like user:password (got {len(value)} characters "
                         "without both parts); unset it to serve without a login")
    return user, password
