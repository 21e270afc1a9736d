"""Ingest: every bad file gets a one-line error naming the file and the problem."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.ingest.ingest import make_doc_id, read_corpus
from index.ingest.pipeline import build_index
from index.errors import CorpusError


def test_reads_txt_and_md_with_stable_ids_and_metadata(small_corpus: Path):
    (small_corpus / "plan.zh.meta.json").write_text('{"title_zh": "示范", "title_en": "Demo"}', encoding="utf-8")
    (small_corpus / "ignored.json").write_text("{}", encoding="utf-8")
    corpus = read_corpus(small_corpus)
    assert [d.doc_id for d in corpus.documents] == ["notes", "plan.zh"]
    plan = corpus.doc("plan.zh")
    assert plan.title == "示范" and plan.title_in("en") == "Demo"
    assert corpus.doc("notes").title.startswith("Lanzhou New Area")
    assert read_corpus(small_corpus).documents == corpus.documents


def test_doc_id_keeps_subfolders(tmp_path: Path):
    assert make_doc_id(tmp_path / "gansu" / "My Plan.zh.txt", tmp_path) == "gansu/my-plan.zh"


def _write(path: Path, data: bytes | None) -> None:
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)


@pytest.mark.parametrize("name, data, expected", [
    ("latin1.txt", "规划\n第二行".encode("utf-8") + b"\n\xff\xfe",
     r"latin1\.txt: not UTF-8, GB18030 or Big5: byte 0xff at offset 17 \(line 3\) is not UTF-8; re-save"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"image\.txt: binary file \(NUL byte at offset 8\)"),
    ("folder.txt", None, r"folder\.txt: is a directory"),
    ("fake.pdf", "规划全文。".encode("utf-8"), r"fake\.pdf: named \.pdf but its content is not PDF"),
    ("fake.docx", b"PK\x03\x04not really a zip", r"fake\.docx: named \.docx but its content is not DOCX"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), r"old\.doc: a legacy Word/WPS .* --convert-to docx"),
    ("old.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), r"old\.wps: a legacy Word/WPS"),
    ("rtf.doc", rb"{\rtf1\ansi \f0 text}", r"rtf\.doc: a legacy Word/WPS"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF", r"broken\.pdf: (not a readable PDF|no text layer)"),
], ids=["bad-byte", "binary", "directory", "text-named-pdf", "not-docx", "legacy-doc", "legacy-wps", "rtf-as-doc", "broken-pdf"])
def test_bad_files_are_named_with_the_problem(tmp_path: Path, name, data, expected):
    _write(tmp_path / name, data)
    with pytest.raises(CorpusError, match=expected) as err:
        read_corpus(tmp_path)
    assert "\n" not in str(err.value)


def test_unreadable_path(tmp_path: Path):
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    with pytest.raises(CorpusError, match=r"link\.txt: cannot read \(No such file or directory\)"):
        read_corpus(tmp_path)


def test_empty_files_are_skipped_with_a_warning(small_corpus: Path):
    (small_corpus / "empty.txt").write_bytes(b"")
    (small_corpus / "blank.md").write_text(" \n\t\n", encoding="utf-8")
    corpus = read_corpus(small_corpus)
    assert len(corpus.documents) == 2
    assert sorted(corpus.warnings) == [f"{small_corpus / 'blank.md'}: empty file, skipped",
                                       f"{small_corpus / 'empty.txt'}: empty file, skipped"]


def _pair(d: Path, meta: str) -> None:
    (d / "a.txt").write_text("正文。", encoding="utf-8")
    (d / "a.meta.json").write_text(meta, encoding="utf-8")


@pytest.mark.parametrize("setup, expected", [
    (lambda d: None, r"no non-empty documents \(\.txt, \.md, \.pdf, \.docx, \.html\)"),
    (lambda d: (d / "a.txt").write_text("", encoding="utf-8"), r"no non-empty"),
    (lambda d: _pair(d, "{oops"), r"a\.meta\.json: unreadable metadata \(Expecting property name"),
    (lambda d: _pair(d, "[1, 2]"), r"a\.meta\.json: metadata must be a JSON object, got list"),
    (lambda d: (_pair(d, "{}"), (d / "a.md").write_text("Text.", encoding="utf-8")),
     r"a\.txt: its document id 'a' is also .*a\.md's; rename or remove one of the two"),
], ids=["empty-dir", "only-empty-file", "bad-meta-json", "meta-not-object", "same-id"])
def test_corpus_level_errors(tmp_path: Path, setup, expected):
    setup(tmp_path)
    with pytest.raises(CorpusError, match=expected):
        read_corpus(tmp_path)


def test_missing_corpus_dir(tmp_path: Path):
    with pytest.raises(CorpusError, match=r"nowhere: corpus directory not found; pass an existing directory"):
        read_corpus(tmp_path / "nowhere")


def test_failed_build_leaves_nothing_behind(small_settings, small_corpus: Path, fake_encoder):
    (small_corpus / "bad.txt").write_bytes(b"\xff")
    with pytest.raises(CorpusError):
        build_index(small_settings, fake_encoder, progress=False)
    parent = Path(small_settings.index_dir).parent
    assert not Path(small_settings.index_dir).exists()
    assert not [p for p in parent.iterdir() if p.name.startswith(".index")]
