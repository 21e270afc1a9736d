"""Adding and removing documents, and the lock that keeps two builds of one index apart.

Every build takes `build_lock`, a file lock beside the index directory (`<index_dir>.lock`), so
the CLI, the app and uploads never build the same index at once; one that has to wait says so
through `notify` and gives up after `settings.lock_timeout` seconds. `add_document` checks a file
by its content and limits before anything changes, then writes it into the corpus and rebuilds
incrementally (only the new document's passages are embedded); if the build fails, the file is
taken out again, and the index, written atomically, was never touched. `remove_document` is the
same in reverse.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from ..embed.encoders import Encoder
from ..errors import CorpusError, IndexBusyError, UploadError
from ..settings import Settings
from .ingest import document_paths, make_doc_id, sidecar_path
from .pipeline import BuildReport, build_index
from .readers import SUFFIXES, Extract, read_file
from .translation import memory_path

FORMAT_SUFFIX = {"txt": ".txt", "md": ".md", "pdf": ".pdf", "docx": ".docx", "html": ".html"}
Notify = Callable[[str], None]


@dataclass(frozen=True)
class Added:
    """A document that was added: its id, where it now lives, what was read, and the build."""

    doc_id: str
    path: str
    extract: Extract
    report: BuildReport


def lock_path(index_dir: str) -> str:
    return str(Path(index_dir).resolve()) + ".lock"


@contextmanager
def build_lock(settings: Settings, notify: Notify | None = None) -> Iterator[None]:
    """Hold the index's build lock; when another build has it, say so and wait (bounded)."""
    path = lock_path(settings.index_dir)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if notify:
            notify(f"another build of {settings.index_dir} is running; waiting for it to finish "
                   f"(up to {settings.lock_timeout} s) / 另一构建正在进行，等待其完成")
        try:
            lock.acquire(timeout=settings.lock_timeout)
        except Timeout:
            raise IndexBusyError(f"{path}: another build held the lock for over {settings.lock_timeout} s; "
                                 f"wait for it, or raise --lock-timeout") from None
    try:
        yield
    finally:
        lock.release()


def check_upload(data: bytes, name: str, settings: Settings) -> tuple[Extract, str]:
    """Read an offered file by its content within the limits; (what was read, the file name it
    will have in the corpus). UploadError or CorpusError name what is wrong; nothing is written."""
    limit = settings.max_upload_mb * 10**6
    if len(data) > limit:
        raise UploadError(f"{name}: {len(data) / 1e6:.1f} MB is over the {settings.max_upload_mb} MB limit "
                          f"(--max-upload-mb); split the document or raise the limit")
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadError(f"{name}: {suffix or 'no suffix'} is not a document type this corpus reads; "
                          f"add .pdf, .docx, .html, .txt or .md files")
    extract = read_file(data, name, suffix)
    if len(extract.pages) > settings.max_pages:
        raise UploadError(f"{name}: {len(extract.pages)} pages is over the limit of {settings.max_pages} "
                          f"(--max-pages); split the PDF or raise the limit")
    if not extract.text.strip():
        raise UploadError(f"{name}: no text in the file; nothing to add")
    return extract, safe_name(Path(name).stem) + FORMAT_SUFFIX[extract.format]


def duplicate_of(data: bytes, root: Path) -> Path | None:
    """The corpus file with exactly these bytes, if any: one document under two names would answer twice."""
    digest = hashlib.sha256(data).digest()
    return next((p for p in document_paths(root) if hashlib.sha256(p.read_bytes()).digest() == digest), None)


def safe_name(stem: str) -> str:
    """A file stem without path separators or control characters, never empty or hidden."""
    stem = re.sub(r"[\x00-\x1f/\\:*?\"<>|]+", "-", stem).strip(" .-")
    return stem[:120] or "document"


def add_document(settings: Settings, data: bytes, name: str, encoder: Encoder,
                 notify: Notify | None = None, progress: bool = False) -> Added:
    """Check, write into the corpus and index one document; the corpus and the index are as they
    were when anything fails."""
    extract, file_name = check_upload(data, name, settings)
    root = Path(settings.corpus)
    target = root / file_name
    with build_lock(settings, notify):
        doc_id = make_doc_id(target, root)
        if target.exists() or doc_id in {make_doc_id(p, root) for p in document_paths(root)}:
            raise UploadError(f"{name}: the corpus already has {file_name} (id {doc_id}); remove it first "
                              f"or rename the new file")
        same = duplicate_of(data, root)
        if same is not None:
            raise UploadError(f"{name}: the same file is already in the corpus as {same.name} (identical content, "
                              f"sha256 {hashlib.sha256(data).hexdigest()[:12]}); nothing was added")
        _write_atomic(target, data)
        try:
            report = build_index(settings, encoder, progress=progress, lock=False)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    return Added(doc_id, str(target), extract, report)


def remove_document(settings: Settings, doc_id: str, encoder: Encoder,
                    notify: Notify | None = None, progress: bool = False) -> BuildReport:
    """Take one document (with its sidecar and translation memory) out of the corpus and the index."""
    root = Path(settings.corpus)
    with build_lock(settings, notify):
        path = next((p for p in document_paths(root) if make_doc_id(p, root) == doc_id), None)
        if path is None:
            raise CorpusError(f"{doc_id}: no such document in {root}; pick one the Documents list shows")
        companions = [path] + [p for p in (sidecar_path(path), memory_path(path)) if p.exists()]
        held = Path(tempfile.mkdtemp(prefix=".removed-", dir=root.parent))
        for p in companions:
            shutil.move(str(p), held / p.name)
        try:
            report = build_index(settings, encoder, progress=progress, lock=False)
        except BaseException:
            for p in companions:
                shutil.move(str(held / p.name), p)
            raise
        finally:
            shutil.rmtree(held, ignore_errors=True)
    return report


def _write_atomic(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.part")
    tmp.write_bytes(data)
    os.replace(tmp, target)
