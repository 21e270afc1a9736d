"""The whole plan printed as a PDF and saved as a Word file: the same text, the same task
structure, and the same retrieval as the .txt on a sample of the test set (real model)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from eval.render import browser_missing, render_corpus
from index.ingest.pipeline import build_index
from index.searcher import Searcher
from index.store.directory import load_index

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = 40   # questions of eval/qa.jsonl, every n-th one, both languages


def sample_questions() -> list[str]:
    import json

    rows = [json.loads(line) for line in (ROOT / "eval" / "qa.jsonl").read_text(encoding="utf-8").splitlines() if line]
    step = max(1, len(rows) // SAMPLE)
    return [r["question"] for r in rows[::step]]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_plan_as_pdf_or_docx_reads_and_retrieves_as_the_txt(fmt, real_searcher, real_settings, tmp_path):
    if fmt == "pdf" and browser_missing():
        if os.environ.get("REQUIRE_BROWSER") == "1":   # CI installs Chromium: there the test must run
            pytest.fail(f"cannot print the plan to PDF: {browser_missing()}")
        pytest.skip(f"cannot print the plan to PDF: {browser_missing()}")
    corpus = render_corpus(Path(real_settings.corpus), tmp_path / "corpus", fmt)
    (corpus / "lanzhou-xining-14th-fyp-implementation-plan.zh.txt").unlink(missing_ok=True)
    index_dir = tmp_path / "index"
    shutil.copytree(real_settings.index_dir, index_dir)   # the same texts: their vectors are reused
    settings = real_settings.with_(corpus=str(corpus), index_dir=str(index_dir))
    report = build_index(settings, real_searcher.encoder, progress=False)
    assert report.encoded == 0   # the extracted text is the .txt's, sentence for sentence
    other = Searcher(load_index(str(index_dir)), real_searcher.encoder, settings)
    (doc,) = other.index.manifest["corpus"]["documents"]
    assert doc["format"] == fmt and (doc["pages"] or 0) >= (20 if fmt == "pdf" else 0)
    assert [(t.heading, t.responsible) for ts in other.index.outline.values() for t in ts] == \
           [(t.heading, t.responsible) for ts in real_searcher.index.outline.values() for t in ts]
    for question in sample_questions():
        want = [h.chunk.text for h in real_searcher.search(question, 5)]
        got = [h.chunk.text for h in other.search(question, 5)]
        assert got == want, question
    if fmt == "pdf":
        assert all(s.page for c in other.index.chunks for s in c.spans)


def test_an_uploaded_notice_without_a_translation_answers_english_who_leads(real_searcher, real_settings, tmp_path):
    """The plan's English reference translation must not crowd out a Chinese document that has none:
    the translation legs cannot see its chunks, so they do not count against it."""
    from index.ingest.manage import add_document

    shutil.copytree(real_settings.corpus, tmp_path / "corpus")
    shutil.copytree(real_settings.index_dir, tmp_path / "index")
    settings = real_settings.with_(corpus=str(tmp_path / "corpus"), index_dir=str(tmp_path / "index"))
    notice = Path(__file__).parent / "fixtures" / "formats" / "notice-gbk.txt"
    added = add_document(settings, notice.read_bytes(), notice.name, real_searcher.encoder)
    searcher = Searcher(load_index(settings.index_dir), real_searcher.encoder, settings)
    answer = searcher.ask("Who leads the government data sharing platform?")
    first = answer.duty.tasks[0].task   # the notice's task first; the plan's data-sharing task may follow as a rival
    assert first.doc_id == added.doc_id and first.responsible.lead == ("市大数据局",)
    assert answer.citations[0].chunk.doc_id == added.doc_id
    assert [h.chunk.doc_id for h in searcher.search("Which railways will connect Xining with Chengdu?", 3)] == \
           [h.chunk.doc_id for h in real_searcher.search("Which railways will connect Xining with Chengdu?", 3)]
