"""Adding and removing documents: content checks, limits, rollback, and the build lock."""
from __future__ import annotations

import hashlib
import shutil
import threading
from pathlib import Path

import pytest

from index.ingest.manage import add_document, build_lock, remove_document
from index.ingest.pipeline import build_index
from index.errors import CorpusError, IndexBusyError
from index.searcher import Searcher
from index.store.directory import load_index

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"


def snapshot(settings) -> dict[str, str]:
    """sha256 of every file of the corpus and the index: what must not change when an add fails."""
    files = [p for d in (settings.corpus, settings.index_dir) for p in sorted(Path(d).rglob("*")) if p.is_file()]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture
def built(small_settings, fake_encoder):
    build_index(small_settings, fake_encoder, progress=False)
    fake_encoder.encoded.clear()
    return small_settings


def test_adding_a_pdf_embeds_only_its_own_passages(built, fake_encoder):
    before = load_index(built.index_dir)
    added = add_document(built, (FORMATS / "plan.pdf").read_bytes(), "数字政务 plan.pdf", fake_encoder)
    after = load_index(built.index_dir)
    assert added.doc_id == "数字政务-plan.pdf" and Path(added.path).exists()
    new = [c for c in after.chunks if c.doc_id == added.doc_id]
    assert new and len(after.chunks) == len(before.chunks) + len(new)
    assert set(fake_encoder.encoded) == {t for c in new for t in c.segments}
    hits = Searcher(after, fake_encoder, built).retrieve("城市大脑试点", 3, doc_ids={added.doc_id}).hits
    assert hits[0].chunk.spans[0].page == 3


@pytest.mark.parametrize("name, data, limits, message", [
    ("tool.exe", b"MZ\x90\x00", {}, r"tool\.exe: \.exe is not a document type this corpus reads"),
    ("big.txt", "规划。".encode() * 400_000, {"max_upload_mb": 1}, r"big\.txt: 3\.6 MB is over the 1 MB limit \(--max-upload-mb\)"),
    ("scan.pdf", (FORMATS / "scanned.pdf").read_bytes(), {}, r"scan\.pdf: no text layer on any of its 1 pages"),
    ("plan.pdf", (FORMATS / "plan.pdf").read_bytes(), {"max_pages": 3}, r"plan\.pdf: 4 pages is over the limit of 3 \(--max-pages\)"),
    ("bad.txt", "规划".encode() + b"\x80\xff" * 20, {}, r"bad\.txt: not UTF-8, GB18030 or Big5: byte 0x80 at offset 6"),
    ("renamed.docx", (FORMATS / "plan.pdf").read_bytes(), {}, r"renamed\.docx: named \.docx but its content is not DOCX"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), {}, r"old\.doc: a legacy Word/WPS"),
    ("plan.zh.txt", "已有的文件。".encode(), {}, r"plan\.zh\.txt: the corpus already has plan\.zh\.txt"),
], ids=["bad-type", "too-big", "no-text-layer", "too-many-pages", "undecodable", "wrong-content", "legacy", "duplicate"])
def test_a_failed_upload_names_the_problem_and_changes_nothing(built, fake_encoder, name, data, limits, message):
    settings = built.with_(**limits)
    before = snapshot(settings)
    with pytest.raises(CorpusError, match=message):
        add_document(settings, data, name, fake_encoder)
    assert snapshot(settings) == before and not fake_encoder.encoded


def test_a_build_that_fails_takes_the_new_file_out_again(built, fake_encoder, monkeypatch):
    before = snapshot(built)

    def broken(texts):
        raise RuntimeError("encoder crashed")

    monkeypatch.setattr(fake_encoder, "encode_passages", broken)
    with pytest.raises(RuntimeError, match="encoder crashed"):
        add_document(built, (FORMATS / "notice-gbk.txt").read_bytes(), "notice.txt", fake_encoder)
    assert snapshot(built) == before


def test_removing_a_document_and_a_missing_one(built, fake_encoder):
    remove_document(built, "notes", fake_encoder)
    assert {c.doc_id for c in load_index(built.index_dir).chunks} == {"plan.zh"}
    assert not (Path(built.corpus) / "notes.md").exists()
    with pytest.raises(CorpusError, match=r"notes: no such document in .*; pick one the Documents list shows"):
        remove_document(built, "notes", fake_encoder)


def test_removing_the_last_document_is_refused_and_restored(built, fake_encoder):
    remove_document(built, "notes", fake_encoder)
    before = snapshot(built)
    with pytest.raises(CorpusError, match="no non-empty documents"):
        remove_document(built, "plan.zh", fake_encoder)
    assert snapshot(built) == before


def test_a_second_build_waits_says_so_and_gives_up_after_the_timeout(built, fake_encoder):
    held, release = threading.Event(), threading.Event()

    def holder():
        with build_lock(built):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(10)
    heard: list[str] = []
    try:
        with pytest.raises(IndexBusyError, match=r"another build held the lock for over 1 s; wait for it"):
            build_index(built.with_(lock_timeout=1), fake_encoder, progress=False, notify=heard.append)
    finally:
        release.set()
        thread.join()
    assert heard and "another build of" in heard[0] and "waiting" in heard[0]
    build_index(built, fake_encoder, progress=False)   # free again


def test_the_corpus_copy_of_a_gbk_upload_keeps_its_bytes(built, fake_encoder):
    data = (FORMATS / "notice-gbk.txt").read_bytes()
    added = add_document(built, data, "../../escape/通知.txt", fake_encoder)
    assert Path(added.path).parent == Path(built.corpus) and Path(added.path).read_bytes() == data
    assert added.extract.encoding == "gb18030"
    docs = {d["doc_id"]: d for d in load_index(built.index_dir).manifest["corpus"]["documents"]}
    assert docs[added.doc_id]["meta"]["doc_number"] == "河政办〔2023〕12号"


def test_upload_names_are_made_safe():
    from index.ingest.manage import safe_name

    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name("...") == "document" and safe_name("a\x00b") == "a-b"


def test_the_documents_tab_adds_serves_and_removes_without_a_restart(built, fake_encoder, tmp_path):
    import gradio as gr
    from gradio.utils import get_upload_folder

    from web.documents import add_view, check_admin, remove_view
    from web.live import Live

    live = Live(Searcher(load_index(built.index_dir), fake_encoder, built))
    old, _ = live.get()
    upload = Path(get_upload_folder()) / "test-upload" / "plan.pdf"
    upload.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FORMATS / "plan.pdf", upload)
    admin = ("admin", "s3cret")
    for login in (None, ("admin", "wrong")):
        with pytest.raises(gr.Error):
            check_admin(admin if login else None, *(login or ("admin", "s3cret")))
    table, choice, _, status = add_view(live, admin, "admin", "s3cret", str(upload), lambda *a, **k: None)
    assert "plan.pdf" in status and "pdf" in table and "4" in table
    assert live.searcher.retrieve("城市大脑试点", 3, doc_ids={"plan.pdf"}).hits
    assert old.retrieve("城市大脑试点", 3).hits   # an answer begun on the old index still completes
    *unchanged, status = add_view(live, admin, "admin", "s3cret", str(upload), lambda *a, **k: None)
    assert "plan.pdf: the corpus already has plan.pdf" in status          # said in the status line, no modal
    assert all(u == gr.update() for u in unchanged)
    *_, status = remove_view(live, admin, "admin", "s3cret", "plan.pdf", lambda *a, **k: None)
    assert "plan.pdf" not in {c.doc_id for c in live.searcher.index.chunks}
    assert "⚠" not in status and "plan.pdf" in status                   # the next success replaces the failure


def test_a_reload_reads_only_the_documents_that_changed(built, fake_encoder, monkeypatch):
    import web.handlers as handlers
    from web.live import Live

    live = Live(Searcher(load_index(built.index_dir), fake_encoder, built))
    before = live.get()[1]
    read: list[str] = []
    real = handlers.read_document
    monkeypatch.setattr(handlers, "read_document", lambda path, root: read.append(path.name) or real(path, root))
    add_document(built, (FORMATS / "plan.pdf").read_bytes(), "plan.pdf", fake_encoder)
    after = live.reload() and live.get()[1]
    assert read == ["plan.pdf"]                                     # the others kept their text
    assert after.pages["plan.pdf"] and after.sources["plan.pdf"]
    assert {k: v for k, v in after.sources.items() if k != "plan.pdf"} == before.sources
