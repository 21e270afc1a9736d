"""Ingest: read every document under the corpus directory into a `Document`.

Text (UTF-8, GB18030/GBK, Big5), PDF, Word `.docx` and saved web pages are read by the readers
of `readers/`, chosen by content. A document may have a sidecar `<stem>.meta.json` with its titles,
issuer, number, date and source; without one, what the document states in its own header is used
(readers/header.py). An English translation memory `<name>.en.jsonl` may sit beside it
(see translation.py). Bad files raise `CorpusError` naming the file and the problem; empty files
are skipped with a warning.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError
from ..types import Document
from .readers import SUFFIXES, read_file
from .readers.header import header_meta
from .translation import memory_path, read_memory

DOC_SUFFIXES = tuple(SUFFIXES)
META_SUFFIX = ".meta.json"


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
    paths = document_paths(root)
    _check_ids(paths, root)
    seen: dict[str, Path] = {}
    for path in paths:
        doc = read_document(path, root)
        if doc is None:
            warnings.append(f"{path}: empty file, skipped")
        elif doc.sha256 in seen:   # one document under two names would be answered twice
            warnings.append(f"{path}: the same bytes as {seen[doc.sha256]}, skipped; remove one of the two")
        else:
            seen[doc.sha256] = path
            docs.append(doc)
    if not docs:
        raise CorpusError(f"{root}: no non-empty documents (.txt, .md, .pdf, .docx, .html); add some to it")
    return Corpus(str(root), tuple(docs), tuple(warnings))


def _check_ids(paths: list[Path], root: Path) -> None:
    """Two files whose ids coincide (plan.txt and plan.md) would answer as one document."""
    seen: dict[str, Path] = {}
    for path in paths:
        doc_id = make_doc_id(path, root)
        if doc_id in seen:
            raise CorpusError(f"{path}: its document id {doc_id!r} is also {seen[doc_id]}'s; "
                              f"rename or remove one of the two")
        seen[doc_id] = path


def document_paths(root: Path) -> list[Path]:
    """The files of `root` that are documents, by suffix, sorted so that ids and order are stable."""
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in DOC_SUFFIXES and not p.name.startswith("."))


def scan_corpus(root: str | Path) -> dict[str, tuple[str, str, str | None]]:
    """doc_id → (sha256 of the file, sha256 of its sidecar, sha256 of its translation memory),
    without reading any document: enough to tell whether an index is stale."""
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(f"{root}: corpus directory not found; pass an existing directory with --corpus DIR")
    out = {}
    seen = set()
    for path in document_paths(root):
        data = _read_bytes(path)
        digest = hashlib.sha256(data).hexdigest()
        if not data.strip() or digest in seen:
            continue   # skipped by read_corpus too (empty, or the same bytes as a file before it)
        seen.add(digest)
        out[make_doc_id(path, root)] = (digest, sidecar_sha256(path), _file_sha256(memory_path(path)))
    return out


def sidecar_path(path: Path) -> Path:
    """`<stem>.meta.json` beside a document."""
    return path.with_name(path.stem + META_SUFFIX)


def sidecar_sha256(path: Path) -> str:
    """sha256 of the document's sidecar, "" when it has none."""
    return _file_sha256(sidecar_path(path)) or ""


def _file_sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def read_document(path: Path, root: Path) -> Document | None:
    """Read one file; None when it is empty (or only whitespace)."""
    data = _read_bytes(path)
    extract = read_file(data, str(path), path.suffix.lower())
    text = extract.text
    if not text.strip():
        return None
    meta = read_meta(path) or stated_meta(text, extract.meta)
    doc_id = make_doc_id(path, root)
    first = _first_line(text) if extract.format in ("txt", "md") else ""   # a PDF's first line may be anything
    title = meta.get("title_zh") or meta.get("title") or first or path.stem
    translation, translation_sha = read_memory(path)
    return Document(doc_id=doc_id, path=str(path), text=text, sha256=hashlib.sha256(data).hexdigest(),
                    title=title, meta=meta, translation=translation, translation_sha256=translation_sha,
                    format=extract.format, encoding=extract.encoding, pages=extract.pages)


def stated_meta(text: str, file_meta: dict) -> dict:
    """Metadata of a document without a sidecar: its header's, then its file's (HTML title and
    date, Word title), which is more reliable than a pattern."""
    meta = header_meta(text)
    for key, value in file_meta.items():
        meta["title_zh" if key == "title" else key] = value
    return meta


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise CorpusError(f"{path}: is a directory, not a document; rename it or move it out of the corpus") from None
    except OSError as e:
        raise CorpusError(f"{path}: cannot read ({e.strerror or e}); check that it exists and is readable") from None


def read_meta(path: Path) -> dict:
    """The sidecar `<stem>.meta.json` beside a document, or {} when there is none."""
    meta_path = sidecar_path(path)
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
    """Stable id from the path relative to the corpus root: without the suffix for text files,
    with it for other formats, so that plan.pdf and plan.docx beside plan.txt stay apart."""
    rel = path.relative_to(root)
    rel = (rel.with_suffix("") if rel.suffix.lower() in (".txt", ".md") else rel).as_posix()
    return re.sub(r"[^\w.\-/]+", "-", rel, flags=re.UNICODE).strip("-").lower()


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:60]
