"""Render a plain-text document as the files officials actually receive: a PDF laid out as a
government document (GB/T 9704: A4, 16 pt Song type, 22 lines of 28 characters, a running header
and a "— n —" page number), and a Word `.docx` with one paragraph per line.

Used by the fixture script, the format tests, `python -m eval --as pdf|docx` and the PDF reading
benchmark. The PDF comes from Debian's Chromium (print to PDF through Playwright) with the Noto
CJK fonts, as a browser or WPS would embed them; `BrowserMissing` says why when it is not there.
"""
from __future__ import annotations

import html
import shutil
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
_PAGE_CSS = """
body { font-family: 'Noto Serif CJK SC', serif; font-size: 16pt; line-height: 28.9pt; margin: 0; }
p { text-indent: 2em; margin: 0; text-align: justify; }
h1, h2, h3 { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 16pt; font-weight: bold; margin: 0;
             text-indent: 2em; }
h1.title { text-align: center; text-indent: 0; font-size: 22pt; line-height: 40pt; margin-bottom: 14pt; }
table { border-collapse: collapse; margin: 6pt 0; font-size: 12pt; line-height: 18pt; }
td, th { border: 1px solid #444; padding: 2pt 6pt; }
.pagebreak { break-after: page; }
"""


class BrowserMissing(RuntimeError):
    """Chromium (Debian's `chromium`) or Playwright is not installed, so no PDF can be printed."""


def browser_missing() -> str | None:
    """Why a PDF cannot be printed here, or None when it can."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return (f"no Chromium at {CHROMIUM}: install Debian's chromium and fonts-noto-cjk "
                f"(apt-get install chromium fonts-noto-cjk)")
    import importlib.util

    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed: pip install -r requirements.txt"
    return None


def text_html(text: str, title: str | None = None) -> str:
    """One <p> per non-empty line; the title, if given, centred above."""
    head = f'<h1 class="title">{html.escape(title)}</h1>' if title else ""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    return page_html(head + body)


def page_html(body: str) -> str:
    head = f'<head><meta charset="utf-8"><style>{_PAGE_CSS}</style></head>'
    return f'<!doctype html><html>{head}<body>{body}</body></html>'


def print_pdf(html_text: str, out: Path, header: str = "") -> Path:
    """Print an HTML page to `out` as an A4 PDF with a running header and centred page numbers."""
    reason = browser_missing()
    if reason:
        raise BrowserMissing(reason)
    from playwright.sync_api import sync_playwright

    small = "font-size:9pt;width:100%;text-align:center;font-family:'Noto Serif CJK SC'"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.set_content(html_text, wait_until="load")
            page.pdf(path=str(out), format="A4", display_header_footer=True,
                     header_template=f"<div style=\"{small}\">{html.escape(header)}</div>",
                     footer_template=f"<div style=\"{small}\">— <span class=\"pageNumber\"></span> —</div>",
                     margin={"top": "37mm", "bottom": "35mm", "left": "28mm", "right": "26mm"})
        finally:
            browser.close()
    return Path(out)


def text_pdf(text: str, out: Path, header: str = "") -> Path:
    """A text document as a government-style PDF."""
    return print_pdf(text_html(text), out, header)


def text_docx(text: str, out: Path, title: str | None = None) -> Path:
    """A text document as a .docx: one Normal paragraph per non-empty line (as a colleague's
    copy-paste into Word gives), the title in the Title style."""
    from docx import Document

    doc = Document()
    if title:
        doc.add_heading(title, level=0)
    for line in text.split("\n"):
        if line.strip():
            doc.add_paragraph(line)
    doc.save(str(out))
    return Path(out)


def render_corpus(source: Path, target: Path, fmt: str) -> Path:
    """A copy of the corpus `source` in `target` with every .txt/.md document printed as `fmt`
    ("pdf" or "docx"); sidecars, translation memories and the glossary copied beside them, so the
    same plan is indexed from another format. Rendered files are reused while the text is the same."""
    import hashlib

    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(Path(source).iterdir()):
        if path.is_dir():
            continue
        if path.suffix.lower() not in (".txt", ".md"):
            shutil.copy2(path, target / path.name)
            continue
        text = path.read_text(encoding="utf-8")
        out = target / f"{path.stem}.{fmt}"
        stamp = out.with_name(f".{out.name}.sha256")
        digest = hashlib.sha256(text.encode() + fmt.encode()).hexdigest()
        if not (out.exists() and stamp.exists() and stamp.read_text() == digest):
            (text_pdf(text, out, header=path.stem) if fmt == "pdf" else text_docx(text, out))
            stamp.write_text(digest)
    return target
