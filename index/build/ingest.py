"""Ingest: read every UTF-8 `.txt`/`.md` file under the corpus directory into a `Document`.

A document may have a sidecar `<stem>.meta.json` with its titles, issuer, number, date and source,
and an English translation memory `<name>.en.jsonl` (see translation.py).
Bad files raise `CorpusError` naming the file and the problem; empty files are skipped with a warning.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError
from ..types import Document
from .translation import read_memory

DOC_SUFFIXES = (".txt", ".md")
META_SUFFIX = ".meta.json"
_BINARY_SNIFF = 8192


@dataclass(frozen=True)
class Corpus:
    """The documents of a corpus directory, plus warnings about files that were skipped."""

    root: str
    documents: tuple[Document, ...]
    warnings: tuple[str, ...]

    def doc(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.doc_id == doc_id)


def read_corpus(root: str | Path) -> Corpus:
    """Read all documents under `root`, sorted by path so that `doc_id`s and order are stable."""
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(f"{root}: corpus directory not found; pass an existing directory with --corpus DIR")
    docs, warnings = [], []
    for path in sorted(p for p in root.rglob("*") if p.suffix.lower() in DOC_SUFFIXES):
        doc = read_document(path, root)
        if doc is None:
            warnings.append(f"{path}: empty file, skipped")
        else:
            docs.append(doc)
    if not docs:
        raise CorpusError(f"{root}: no non-empty .txt or .md documents; add UTF-8 text files to it")
    return Corpus(str(root), tuple(docs), tuple(warnings))


def read_document(path: Path, root: Path) -> Document | None:
    """Read one file; None when it is empty (or only whitespace)."""
    data = _read_bytes(path)
    text = decode_utf8(data, path)
    if not text.strip():
        return None
    meta = read_meta(path)
    doc_id = make_doc_id(path, root)
    title = meta.get("title_zh") or meta.get("title") or _first_line(text) or doc_id
    translation, translation_sha = read_memory(path)
    return Document(doc_id=doc_id, path=str(path), text=text, sha256=hashlib.sha256(data).hexdigest(),
                    title=title, meta=meta, translation=translation, translation_sha256=translation_sha)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise CorpusError(f"{path}: is a directory, not a document; rename it or move it out of the corpus") from None
    except OSError as e:
        raise CorpusError(f"{path}: cannot read ({e.strerror or e}); check that it exists and is readable") from None


def decode_utf8(data: bytes, path: Path | str) -> str:
    """Decode strictly; a NUL byte means binary, a bad sequence is reported by byte offset and line."""
    nul = data.find(b"\x00", 0, _BINARY_SNIFF)
    if nul >= 0:
        raise CorpusError(f"{path}: binary file (NUL byte at offset {nul}); only UTF-8 text documents are indexed")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise CorpusError(
            f"{path}: not UTF-8: byte 0x{data[e.start]:02x} at offset {e.start} (line {line}); "
            f"re-save the file as UTF-8"
        ) from None


def read_meta(path: Path) -> dict:
    """The sidecar `<stem>.meta.json` beside a document, or {} when there is none."""
    meta_path = path.with_name(path.stem + META_SUFFIX)
    if not meta_path.exists():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CorpusError(f"{meta_path}: unreadable metadata ({e}); fix the JSON or remove the file") from None
    if not isinstance(meta, dict):
        raise CorpusError(f"{meta_path}: metadata must be a JSON object, got {type(meta).__name__}")
    return meta


def make_doc_id(path: Path, root: Path) -> str:
    """Stable id from the path relative to the corpus root, without the suffix."""
    rel = path.relative_to(root).with_suffix("").as_posix()
    return re.sub(r"[^\w.\-/]+", "-", rel, flags=re.UNICODE).strip("-").lower()


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:60]
