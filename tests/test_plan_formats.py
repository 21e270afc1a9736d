"""The whole plan printed as a PDF and saved as a Word file: the same text, the same task
structure, and the same retrieval as the .txt on a sample of the test set (real model)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from eval.render import browser_missing, render_corpus
from index.build.pipeline import build_index
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
