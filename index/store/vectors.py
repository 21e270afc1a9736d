"""Vector stores: the one interface the engine uses for segment vectors.

A store holds one vector per embedded segment (a sentence, or a piece of an over-long one), keyed
by a segment id `<chunk_id>-<n>` that changes whenever the chunk's text does, with the chunk's
document and section path as metadata. `faiss_store.FaissStore` (the default) and
`milvus_store.MilvusStore` implement it; `tests/test_vector_stores.py` runs one suite against both.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

import numpy as np

from ..types import Chunk

SECTION_SEP = " / "


@dataclass(frozen=True)
class Where:
    """A metadata filter: documents (any of), and a section-path prefix such as "一、总体要求"."""

    doc_ids: frozenset[str] = frozenset()
    section_prefix: str = ""

    def __bool__(self) -> bool:
        return bool(self.doc_ids or self.section_prefix)


class VectorStore(Protocol):
    """What the engine needs from a vector database."""

    dim: int

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, meta: Sequence[dict]) -> None: ...

    def delete(self, ids: Iterable[str]) -> None: ...

    def delete_documents(self, doc_ids: Iterable[str]) -> None: ...

    def search(self, vector: np.ndarray, k: int, where: Where | None = None) -> list[tuple[str, float]]: ...

    def get(self, ids: Sequence[str]) -> np.ndarray: ...

    def ids(self) -> set[str]: ...

    def count(self) -> int: ...


def segment_rows(chunks: Sequence[Chunk], english: bool = False) -> tuple[list[str], list[str], list[dict]]:
    """(ids, texts, metadata) of the embedded segments, in chunk order; `english` for the
    translated segments (only those that have a translation)."""
    ids, texts, meta = [], [], []
    for c in chunks:
        segments = [t for t in c.segments_en if t] if english else list(c.segments)
        for n, text in enumerate(segments):
            ids.append(f"{c.chunk_id}-{n}")
            texts.append(text)
            meta.append({"chunk_id": c.chunk_id, "doc_id": c.doc_id, "section": SECTION_SEP.join(c.section)})
    return ids, texts, meta
