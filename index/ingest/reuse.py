"""Reuse of stored outlines: an outline is recovered again only when its document, the recovery
code or what the recovery reads (vectors of one model, or bigrams alone) changed."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import EngineError
from ..store.directory import read_manifest, stored_outline
from ..types import Task
from .ingest import Corpus
from .streams import SEMANTIC_MODEL


def recovery_fingerprint(model: str | None = None) -> str:
    """Hash of the code that recovers an outline and of what it reads (vectors of `model`, or
    bigrams alone): a stored outline is reused only when both are the same."""
    here = Path(__file__).resolve().parent
    # every module reading and recovery import may change an outline: a list by name went stale as modules were added
    files = sorted([*here.glob("*.py"), *(here / "readers").glob("*.py"), *(here.parent / "text").glob("*.py")])
    files.append(here.parent / "types.py")
    reads = f"vectors:{model}" if model == SEMANTIC_MODEL else "bigrams"
    return hashlib.sha256(b"".join(f.read_bytes() for f in files) + reads.encode()).hexdigest()


def previous_manifest(index_dir: str) -> dict:
    """The existing index's manifest, {} when there is none or it is unreadable."""
    try:
        return read_manifest(index_dir)
    except EngineError:
        return {}


def kept_outlines(index_dir: str, corpus: Corpus, model: str | None = None) -> dict[str, tuple[Task, ...]]:
    """The stored outlines of documents unchanged since the last build (same bytes, same
    translation, same recovery code and model): recovering an outline costs seconds per plan."""
    manifest = previous_manifest(index_dir)
    if not manifest or manifest.get("outline_recovery") != recovery_fingerprint(model):
        return {}
    before = {d["doc_id"]: (d.get("sha256"), d.get("translation_sha256")) for d in manifest["corpus"]["documents"]}
    same = {d.doc_id for d in corpus.documents if before.get(d.doc_id) == (d.sha256, d.translation_sha256)}
    return {doc_id: tasks for doc_id, tasks in stored_outline(index_dir).items() if doc_id in same}
