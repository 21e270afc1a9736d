"""The default vector store: an in-process FAISS index whose rows are segment ids."""
from __future__ import annotations

from typing import Iterable, Sequence

import faiss
import numpy as np

from .vectors import Where


def make_faiss(vectors: np.ndarray, index_type: str = "flat", hnsw_m: int = 32,
               hnsw_ef_construction: int = 200) -> faiss.Index:
    """Inner-product index over unit vectors (= cosine).

    Flat is exact and, at 384 dims, costs about what the query encoder costs up to ~100k segments
    (~20 ms on 2 cores, docs/benchmarks.md); beyond that switch to HNSW (~2 ms, +18% memory, recall@10 ≈ 0.96
    at 100k), or to IVF when memory is tight or building must be quick (it needs training).
    """
    n, dim = vectors.shape
    if index_type == "hnsw":
        index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = hnsw_ef_construction
    elif index_type == "ivf":
        nlist = max(1, min(n // 39, int(4 * np.sqrt(max(n, 1)))))  # FAISS wants ~39 points per list
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.train(vectors)
    else:
        index = faiss.IndexFlatIP(dim)
    index.add(vectors)
    return index


def stored_vectors(index: faiss.Index) -> np.ndarray:
    """All vectors of an index, in row order (used to reuse embeddings across builds)."""
    if isinstance(index, faiss.IndexIVF):
        index.make_direct_map()
    return index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)


class FaissStore:
    """An in-process FAISS index whose rows are segment ids; the embedded default.

    Search is FAISS's; filters become an ID selector applied during the search, so a filtered
    top-k is full. Upserts and deletes rebuild the index from its vectors (O(n), fine for an
    embedded index of up to a few million segments; Milvus is the mutable, distributed option).
    """

    def __init__(self, index: faiss.Index, ids: Sequence[str], meta: Sequence[dict],
                 hnsw_ef_search: int = 128, ivf_nprobe: int = 16) -> None:
        if index.ntotal != len(ids) or len(ids) != len(meta):
            raise ValueError(f"FAISS has {index.ntotal} rows for {len(ids)} ids and {len(meta)} metadata rows")
        self.index, self.dim = index, index.d
        self.hnsw_ef_search, self.ivf_nprobe = hnsw_ef_search, ivf_nprobe
        if isinstance(index, faiss.IndexIVF):
            index.make_direct_map()  # for `get`
        self._set_rows(list(ids), list(meta))

    @classmethod
    def empty(cls, dim: int) -> FaissStore:
        return cls(faiss.IndexFlatIP(dim), [], [])

    def _set_rows(self, ids: list[str], meta: list[dict]) -> None:
        self._ids, self._meta = ids, meta
        self._row = {i: r for r, i in enumerate(ids)}
        self._docs = np.array([m["doc_id"] for m in meta], dtype=object)
        self._sections = [m["section"] for m in meta]

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, meta: Sequence[dict]) -> None:
        new = set(ids)
        keep = [r for r, i in enumerate(self._ids) if i not in new]
        old = stored_vectors(self.index)[keep] if keep else np.zeros((0, self.dim), np.float32)
        self._rebuild(np.concatenate([old, np.asarray(vectors, np.float32).reshape(-1, self.dim)]),
                      [self._ids[r] for r in keep] + list(ids), [self._meta[r] for r in keep] + list(meta))

    def delete(self, ids: Iterable[str]) -> None:
        gone = set(ids)
        keep = [r for r, i in enumerate(self._ids) if i not in gone]
        self._rebuild(stored_vectors(self.index)[keep], [self._ids[r] for r in keep], [self._meta[r] for r in keep])

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        docs = set(doc_ids)
        self.delete(i for i, m in zip(self._ids, self._meta) if m["doc_id"] in docs)

    def _rebuild(self, vectors: np.ndarray, ids: list[str], meta: list[dict]) -> None:
        """A new index of the same kind (HNSW keeps its M and efConstruction) over `vectors`."""
        if isinstance(self.index, faiss.IndexHNSW):
            hnsw = self.index.hnsw
            self.index = make_faiss(vectors, "hnsw", hnsw.nb_neighbors(1), hnsw.efConstruction)
        else:
            ivf = isinstance(self.index, faiss.IndexIVF) and len(ids) >= 39
            self.index = make_faiss(vectors, "ivf" if ivf else "flat")
        if isinstance(self.index, faiss.IndexIVF):
            self.index.make_direct_map()
        self._set_rows(ids, meta)

    def rows(self, where: Where) -> np.ndarray:
        """Row numbers that pass a filter."""
        ok = np.ones(len(self._ids), bool)
        if where.doc_ids:
            ok &= np.isin(self._docs, list(where.doc_ids))
        if where.section_prefix:
            ok &= np.array([s.startswith(where.section_prefix) for s in self._sections], bool)
        return np.flatnonzero(ok).astype(np.int64)

    def search(self, vector: np.ndarray, k: int, where: Where | None = None) -> list[tuple[str, float]]:
        """The k nearest segments as (id, inner product), best first."""
        k = min(k, self.index.ntotal)
        if k <= 0:
            return []
        selector = faiss.IDSelectorBatch(self.rows(where)) if where else None
        query = np.asarray(vector, np.float32).reshape(1, -1)
        scores, rows = self.index.search(query, k, params=self._params(selector))
        return [(self._ids[r], float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]

    def _params(self, selector) -> faiss.SearchParameters | None:
        if isinstance(self.index, faiss.IndexHNSW):
            return faiss.SearchParametersHNSW(sel=selector, efSearch=self.hnsw_ef_search)
        if isinstance(self.index, faiss.IndexIVF):
            return faiss.SearchParametersIVF(sel=selector, nprobe=self.ivf_nprobe)
        return faiss.SearchParameters(sel=selector) if selector is not None else None

    def get(self, ids: Sequence[str]) -> np.ndarray:
        if not ids:
            return np.zeros((0, self.dim), np.float32)
        return self.index.reconstruct_batch(np.array([self._row[i] for i in ids], np.int64))

    def ids(self) -> set[str]:
        return set(self._ids)

    def count(self) -> int:
        return self.index.ntotal

    def save(self, path: str) -> None:
        faiss.write_index(self.index, path)
