"""Document figures: `python -m bench documents` prints the README's table of reading and upload figures.

- Building a 500-task notice whose tasks all share one note (bench.synthetic.shared_note_notice), with
  the real model, from scratch: the whole build and its outline stage.

- Reading speed: the plan printed as a government-style PDF (eval/render.py: GB/T 9704 layout,
  Chromium with Noto CJK), as a .docx and as a saved web page, each read three times; the median.
- Adding a document to a running engine: a copy of the plan's index (real model) gets a new
  20-page PDF (the plan's English reference translation printed in the same layout) through
  `index.ingest.manage.add_document`, as the app's upload does; timed until the new index is loaded
  and the new document's passage is the first hit, with the texts embedded counted.
"""
from __future__ import annotations

import argparse
import html as html_lib
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from . import table
from .measure import ROOT, load_info, load_line, versions, write_json

PLAN = ROOT / "corpus" / "lanzhou-xining-14th-fyp-implementation-plan.zh.txt"
MEMORY = ROOT / "corpus" / "lanzhou-xining-14th-fyp-implementation-plan.en.jsonl"
UPLOAD_PAGES = 20


def reading_speed(work: Path) -> dict:
    """Pages (PDF) and characters per second of each reader on the whole plan."""
    from eval.render import text_docx, text_html, text_pdf
    from index.ingest.readers import read_file

    text = PLAN.read_text(encoding="utf-8")
    files = {"pdf": text_pdf(text, work / "plan.pdf", header="兰州—西宁城市群发展“十四五”实施方案"),
             "docx": text_docx(text, work / "plan.docx")}
    files["html"] = work / "plan.html"
    files["html"].write_text(text_html(text), encoding="utf-8")
    out = {}
    for fmt, path in files.items():
        data, times = path.read_bytes(), []
        for _ in range(3):
            t0 = time.perf_counter()
            extract = read_file(data, path.name, path.suffix)
            times.append(time.perf_counter() - t0)
        out[fmt] = {"seconds": statistics.median(times), "pages": len(extract.pages) or None,
                    "chars": len(extract.text), "same_text": extract.text == text.strip()}
    return out


def upload_document(work: Path, pages: int = UPLOAD_PAGES) -> Path:
    """A new PDF of about `pages` pages whose text the plan's index does not hold: the English
    reference translation in paragraphs, then the glossary as "中文 — English" lines."""
    from eval.render import page_html, print_pdf
    from pypdf import PdfReader

    sentences = [json.loads(line)["en"] for line in MEMORY.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = [" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)]
    glossary = ROOT / "corpus" / "glossary.tsv"
    rows = glossary.read_text(encoding="utf-8").splitlines()[1:]
    lines += [" — ".join(row.split("\t")[:2]) for row in rows if "\t" in row]
    def render(count: int) -> tuple[Path, int]:
        out = print_pdf(page_html("".join(f"<p>{html_lib.escape(p)}</p>" for p in lines[:count])),
                        work / "translation.pdf", header="Lanzhou–Xining city cluster plan (reference translation)")
        return out, len(PdfReader(str(out)).pages)

    low, high = 1, len(lines)          # bisect for the fewest lines that fill `pages` pages
    while low < high:
        mid = (low + high) // 2
        low, high = (low, mid) if render(mid)[1] >= pages else (mid + 1, high)
    out, _ = render(low)
    return out


def add_to_running(work: Path) -> dict:
    """Seconds from upload to the new document's passage being the first hit, and what was embedded."""
    from index.ingest.manage import add_document
    from index.ingest.pipeline import build_index
    from index.embed.encoders import load_encoder
    from index.searcher import Searcher
    from index.settings import Settings
    from index.store.directory import load_index

    corpus = work / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    settings = Settings(corpus=str(corpus), index_dir=str(work / "index"))
    encoder = load_encoder(settings.model)
    build_index(settings, encoder, progress=False)
    pdf = upload_document(work)
    probe = pdf_probe(pdf)
    t0 = time.perf_counter()
    added = add_document(settings, pdf.read_bytes(), pdf.name, encoder)
    searcher = Searcher(load_index(settings.index_dir), encoder, settings)
    first = searcher.search(probe, 1)[0].chunk.doc_id
    seconds = time.perf_counter() - t0
    own = sum(len(c.segments) + sum(1 for s in c.segments_en if s) for c in searcher.index.chunks
              if c.doc_id == added.doc_id)
    return {"seconds": seconds, "pages": len(added.extract.pages), "encoded": added.report.encoded,
            "own_segments": own, "first_hit_is_new": first == added.doc_id}


def shared_note_build(work: Path, tasks: int = 500) -> dict:
    """Seconds to build (real model, from scratch) the index of a clean notice of `tasks` tasks that
    all end with the same note, and of its outline stage alone; the layout whose build never
    finished before (#29)."""
    from bench.synthetic import shared_note_notice
    from index.ingest.pipeline import build_index
    from index.ingest.tasks import document_outline
    from index.embed.encoders import load_encoder
    from index.settings import Settings
    from index.types import Document

    corpus = work / "shared-note"
    corpus.mkdir()
    text = shared_note_notice(tasks)
    (corpus / "notice.txt").write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    outline, _, _ = document_outline(Document("notice", "notice.txt", text, "", "notice"), None, None)
    outline_seconds = time.perf_counter() - t0
    settings = Settings(corpus=str(corpus), index_dir=str(work / "shared-note-index"))
    encoder = load_encoder(settings.model)
    t0 = time.perf_counter()
    report = build_index(settings, encoder, progress=False)
    return {"tasks": sum(t.is_task for t in outline), "noted": sum(bool(t.responsible) for t in outline),
            "outline_seconds": outline_seconds, "build_seconds": time.perf_counter() - t0,
            "chunks": report.chunks, "encoded": report.encoded}


def pdf_probe(pdf: Path) -> str:
    """A sentence from the middle of the new PDF, to search for."""
    from index.ingest.readers import read_file

    text = read_file(pdf.read_bytes(), pdf.name, ".pdf").text
    return text[len(text) // 2:].split(". ")[1][:200]


def run(args: argparse.Namespace, command: str) -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-docs-"))
    try:
        info = load_info()
        reading = reading_speed(work)
        upload = add_to_running(work)
        shared = shared_note_build(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    pdf = reading["pdf"]
    rows = [[f"reading the plan as a PDF ({pdf['pages']} pages, GB/T 9704 layout), pages/s",
             f"{pdf['pages'] / pdf['seconds']:.1f}", "≥ 20"],
            ["reading it as .docx / saved web page", f"{table.ms(reading['docx']['seconds'] * 1000)} / "
             f"{table.ms(reading['html']['seconds'] * 1000)}", "—"],
            ["text read back identical to the .txt (PDF / .docx)",
             f"{pdf['same_text']} / {reading['docx']['same_text']}", "True"],
            [f"adding a {upload['pages']}-page PDF to a running engine until its passage is the first hit",
             table.seconds(upload["seconds"]), "≤ 30 s"],
            ["texts embedded for it / its segments (the rest were already in the index, e.g. glossary terms)",
             f"{upload['encoded']} / {upload['own_segments']}", "≤ its own"],
            [f"building a {shared['tasks']}-task notice whose tasks all share one note (index from scratch, "
             f"{shared['encoded']} texts embedded)", table.seconds(shared["build_seconds"]), "≤ 30 s"],
            ["… its outline stage alone (tasks with their note found)",
             f"{table.ms(shared['outline_seconds'] * 1000)} ({shared['noted']}/{shared['tasks']})", "—"]]
    print(f"{command}\n{load_line(info)}\n")
    print(table.markdown(["figure", "measured", "target"], rows))
    if args.json:
        write_json(args.json, {"command": command, "reading": reading, "upload": upload, "shared_note": shared,
                               "versions": versions()})
    return 0 if upload["first_hit_is_new"] else 1
