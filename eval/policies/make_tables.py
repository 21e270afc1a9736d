"""Render the part-B table documents of `eval/policies/tables/` into `eval/policies/corpus/`:

    .venv/bin/python -m eval.policies.make_tables

- `b-weifang-2017-zhengwu-gongkai.docx`: a Word document (python-docx) with a real table; the
  目标 and 任务 cells that the published table spans over several rows are merged vertically.
- `b-huoshan-2025-kaifaqu-zeren-qingdan.pdf`: an HTML page with an HTML <table>, printed to PDF by
  `eval.render.print_pdf` (Debian's Chromium with the Noto CJK fonts).

The text of every cell and paragraph is the published text held in the JSON files; nothing is
rewritten here. After writing, the PDF's text is read back with pypdf to check that each cell of
the table can be found in it (whitespace ignored).
"""
from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

from eval.render import page_html, print_pdf

HERE = Path(__file__).resolve().parent
TABLES = HERE / "tables"
OUT = HERE / "corpus"

DOCX_SLUG = "b-weifang-2017-zhengwu-gongkai"
PDF_SLUG = "b-huoshan-2025-kaifaqu-zeren-qingdan"
# Columns whose equal consecutive cells are one merged cell in the published table.
DOCX_MERGED_COLUMNS = (0, 1)
# CJK Radicals Supplement code points that the text layer uses for simplified characters (NFKC
# leaves these alone).
RADICALS = str.maketrans({
    "⻋": "车", "⻅": "见", "⻢": "马", "⻦": "鸟", "⻓": "长", "⻔": "门", "⻛": "风", "⻜": "飞",
    "⻘": "青", "⻝": "食", "⻨": "麦", "⻩": "黄", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟",
    "⻚": "页", "⻙": "韦", "⻉": "贝", "⻈": "讠", "⻆": "角", "⻄": "西", "⻣": "骨", "⻥": "鱼",
    "⻤": "鬼", "⻑": "長",
})
PDF_COLUMN_WIDTHS = {PDF_SLUG: ("8%", "50%", "12%", "18%", "12%")}


def load(slug: str) -> dict:
    return json.loads((TABLES / f"{slug}.json").read_text(encoding="utf-8"))


def write_docx(slug: str) -> Path:
    from docx import Document

    doc_data = load(slug)
    doc = Document()
    doc.add_heading(doc_data["title"], level=1)
    for para in doc_data["before"]:
        doc.add_paragraph(para)
    header, rows = doc_data["header"], doc_data["rows"]
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for j, name in enumerate(header):
        table.cell(0, j).text = name
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            if j in DOCX_MERGED_COLUMNS and i > 1 and rows[i - 2][j] == value:
                continue  # merged below
            table.cell(i, j).text = value
    for j in DOCX_MERGED_COLUMNS:  # merge runs of equal cells
        start = 1
        for i in range(2, len(rows) + 2):
            if i == len(rows) + 1 or rows[i - 1][j] != rows[start - 1][j]:
                if i - 1 > start:
                    table.cell(start, j).merge(table.cell(i - 1, j))
                    table.cell(start, j).text = rows[start - 1][j]
                start = i
    for para in doc_data["after"]:
        doc.add_paragraph(para)
    out = OUT / f"{slug}.docx"
    doc.save(str(out))
    return out


def write_pdf(slug: str) -> Path:
    doc_data = load(slug)
    esc = html.escape
    body = f'<h1 class="title">{esc(doc_data["title"])}</h1>'
    body += "".join(f"<p>{esc(p)}</p>" for p in doc_data["before"])
    widths = PDF_COLUMN_WIDTHS.get(slug)
    cols = "".join(f'<col style="width:{w}">' for w in widths) if widths else ""
    body += f'<table style="width:100%"><colgroup>{cols}</colgroup><thead><tr>'
    body += "".join(f'<th style="white-space:nowrap">{esc(h)}</th>' for h in doc_data["header"])
    body += "</tr></thead><tbody>"
    for row in doc_data["rows"]:
        body += "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
    body += "</tbody></table>"
    body += "".join(f"<p>{esc(p)}</p>" for p in doc_data["after"])
    out = OUT / f"{slug}.pdf"
    print_pdf(page_html(body), out, header=doc_data["title"])
    return out


def check_pdf(slug: str) -> None:
    from pypdf import PdfReader

    text = "".join(page.extract_text() or "" for page in PdfReader(str(OUT / f"{slug}.pdf")).pages)
    # Noto CJK maps some glyphs to Kangxi radicals (⼯ for 工) in the text layer; NFKC folds them back.
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(RADICALS))
    doc_data = load(slug)
    def norm(cell: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell))

    missing = [c for row in doc_data["rows"] for c in row if norm(c) not in flat]
    missing += [h for h in doc_data["header"] if h not in flat]
    if missing:
        raise SystemExit(f"{slug}.pdf: cells not found in the extracted text: {missing}")


def check_docx(slug: str) -> None:
    from docx import Document

    doc = Document(str(OUT / f"{slug}.docx"))
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    missing = [c for row in load(slug)["rows"] for c in row if c not in cells]
    if missing:
        raise SystemExit(f"{slug}.docx: cells missing from the table: {missing}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    print(write_docx(DOCX_SLUG))
    check_docx(DOCX_SLUG)
    print(write_pdf(PDF_SLUG))
    check_pdf(PDF_SLUG)
    print("tables read back")


if __name__ == "__main__":
    main()
