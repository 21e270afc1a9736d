"""The Gradio app: a thin launcher of `web/`. Loads the model and the index once (building the index
on first start, with a progress bar in the terminal) and serves the page.

    .venv/bin/python app.py [--host H] [--port N] [--concurrency C] [settings flags as in python -m index]

It listens on 127.0.0.1 unless --host says otherwise; POLICY_QA_AUTH="user:password" switches on a
login (see `web/serve.py`). POLICY_QA_ADMIN="user:password" (or --admin) lets that admin add and
remove documents in the Documents tab, served at once without a restart. Editing `corpus/` by hand
does not disturb a running app: restart it (or run `python -m index build` first) to serve the new text.
"""
from __future__ import annotations

from web import serve

ARGS = serve.parse_args() if __name__ == "__main__" else None
demo = serve.make_demo(ARGS)

if __name__ == "__main__":
    serve.launch(demo, ARGS)
