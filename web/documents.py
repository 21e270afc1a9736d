"""The Documents / 文件 tab: the documents of the corpus, and (for an admin) adding and removing them.

Adding and removing are off unless the app runs with an admin login (POLICY_QA_ADMIN=user:password
or --admin); each action checks it. An upload is read by its content within the limits of the
settings, embedded incrementally (a progress bar follows the embedding), and served without a
restart; a file that fails leaves the corpus and the index as they were (index.ingest.manage).
"""
from __future__ import annotations

import hmac
from html import escape
from pathlib import Path

import gradio as gr

from index.ingest.manage import add_document, remove_document
from index.documents import document_rows
from index.errors import EngineError

from .handlers import uploaded
from .live import Live

HEADERS = ("标题 / Title", "文号 / No.", "日期 / Date", "格式 / Format", "页 / Pages", "段落 / Passages",
           "任务 / Tasks", "英译 / English")
READ_ONLY = ("只读：以 POLICY_QA_ADMIN=用户:密码 启动应用后可添加或删除文件。 / Read-only: start the app with "
             "POLICY_QA_ADMIN=user:password (or --admin user:password) to add or remove documents.")


def documents_html(rows: list[dict]) -> str:
    """The documents as a table; every value from the corpus escaped."""
    head = "".join(f"<th>{h}</th>" for h in HEADERS)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in (
            r["title"] + (f" ({r['title_en']})" if r["title_en"] else ""), r["doc_number"] or "—", r["date"] or "—",
            r["format"] + (f" · {r['encoding']}" if r["encoding"] not in (None, "utf-8") else ""),
            r["pages"] or "—", r["passages"], r["tasks"], f"{r['translated']:.0%}")) + "</tr>"
        for r in rows)
    return f'<table class="documents"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def doc_options(rows: list[dict]) -> list[tuple[str, str]]:
    return [(f"{r['title']} [{r['doc_id']}]", r["doc_id"]) for r in rows]


def check_admin(admin: tuple[str, str] | None, user: str, password: str) -> None:
    """gr.Error unless the app has an admin login and these are its user and password."""
    if admin is None:
        raise gr.Error(READ_ONLY)
    ok = hmac.compare_digest((user or "").encode(), admin[0].encode())
    ok &= hmac.compare_digest((password or "").encode(), admin[1].encode())
    if not ok:
        raise gr.Error("管理员用户名或密码不对 / Wrong admin user or password")


def upload_bytes(upload: str | None) -> tuple[bytes, str]:
    """(content, original name) of a file Gradio received, only from its upload directory."""
    if not upload:
        raise gr.Error("先选择一个文件 / Choose a file first")
    path = uploaded(upload)
    if not path.is_file():
        raise gr.Error(f"{Path(upload).name}: uploads are read only from the temporary upload directory")
    return path.read_bytes(), Path(upload).name


def failed(message: str) -> tuple:
    """The outputs of an action that failed: lists unchanged, the reason in the status line (which the
    next success replaces) and a notice that closes by itself, never a modal over the page."""
    gr.Warning(message, duration=10)
    return gr.update(), gr.update(), gr.update(), f"⚠️ {escape(message)}"


def add_view(live: Live, admin, user: str, password: str, upload: str | None,
             progress=gr.Progress(track_tqdm=True)) -> tuple:
    """Add the uploaded document; (table, remove choices, ask-tab document choices, status)."""
    return _guarded(_add, live, admin, user, password, upload, progress)


def remove_view(live: Live, admin, user: str, password: str, doc_id: str | None,
                progress=gr.Progress(track_tqdm=True)) -> tuple:
    """Remove the chosen document; the same outputs as `add_view`."""
    return _guarded(_remove, live, admin, user, password, doc_id, progress)


def _guarded(action, *args) -> tuple:
    """The action's outputs, or the failure's (`failed`) when it raises gr.Error."""
    try:
        return action(*args)
    except gr.Error as e:
        return failed(str(e.message))


def _add(live: Live, admin, user: str, password: str, upload: str | None, progress) -> tuple:
    check_admin(admin, user, password)
    data, name = upload_bytes(upload)
    searcher = live.searcher
    progress(0.05, desc=f"读取 / reading {name}")
    try:
        added = add_document(searcher.settings, data, name, searcher.encoder, notify=gr.Info, progress=True)
    except EngineError as e:
        raise gr.Error(_short(str(e), upload, name)) from None
    progress(0.95, desc="载入 / loading the new index")
    live.reload()
    pages = f"，{len(added.extract.pages)} 页 / pages" if added.extract.pages else ""
    status = (f"已添加 / Added **{escape(added.doc_id)}** ({added.extract.format}{pages}): "
              f"{added.report.encoded} 段新文本已嵌入 / new texts embedded, {added.report.reused} reused.")
    return (*_refreshed(live), status)


def _remove(live: Live, admin, user: str, password: str, doc_id: str | None, progress) -> tuple:
    check_admin(admin, user, password)
    if not doc_id:
        raise gr.Error("先选择要删除的文件 / Choose the document to remove")
    searcher = live.searcher
    try:
        remove_document(searcher.settings, doc_id, searcher.encoder, notify=gr.Info)
    except EngineError as e:
        raise gr.Error(str(e)) from None
    live.reload()
    return (*_refreshed(live), f"已删除 / Removed **{escape(doc_id)}**.")


def _refreshed(live: Live) -> tuple:
    from .handlers import doc_choices

    rows = document_rows(live.searcher.index)
    choices = doc_choices(live.searcher)
    return (documents_html(rows), gr.Dropdown(choices=doc_options(rows), value=None),
            gr.Dropdown(choices=choices, visible=len(choices) > 1))


def _short(message: str, upload: str | None, name: str) -> str:
    """The message without the temporary upload path, which means nothing to the user."""
    return message.replace(str(upload), name) if upload else message


DOCUMENTS_CSS = """
table.documents {border-collapse:collapse; font-size:0.9em; width:100%;}
table.documents th, table.documents td {border:1px solid #d9dee7; padding:4px 8px; text-align:left;}
table.documents th {background:#f5f9ff;}
"""
