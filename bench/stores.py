"""The scale benchmark's child process: one of the engine's own vector stores, built and searched.

    python -m bench scale --worker BACKEND --workdir DIR    (started by bench/scale.py, not by hand)

The vectors, queries and settings come from DIR (data.npy, queries.npy, config.json); the result goes
to DIR/BACKEND.json and each step to DIR/BACKEND.progress, so a killed child still tells how far it
got. The stores are `index.store.faiss_store.FaissStore` (flat or HNSW, from `make_faiss`) and
`index.store.milvus_store.MilvusStore` on milvus-lite: the figures are the engine's, not a library's.
"""
from __future__ import annotations

import gc
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .measure import disk_mb, peak_rss_mb, rss_mb
from .synthetic import K, segment_rows

Search = Callable[[np.ndarray], list[tuple[str, float]]]
COLLECTION = "bench"
PROGRESS_ROWS = 50_000  # rows per MilvusStore.upsert call, so that progress is written while inserting


class Progress:
    """Appends one JSON line per step to a file."""

    def __init__(self, path: Path) -> None:
        """Progress lines go to `path`, timed from now."""
        self.path, self.t0 = path, time.perf_counter()

    def __call__(self, phase: str, **extra: Any) -> None:
        """Record one step with its elapsed time."""
        rec = {"phase": phase, "elapsed_s": round(time.perf_counter() - self.t0, 1), **extra}
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec) + "\n")


def timed_queries(search: Search, queries: np.ndarray, warmup: int = 5) -> tuple[list[float], list[list[int]]]:
    """Single-query latencies in ms (after `warmup` untimed queries) and the row numbers found."""
    for q in queries[:warmup]:
        search(q)
    lat, found = [], []
    for q in queries:
        t0 = time.perf_counter()
        hits = search(q)
        lat.append((time.perf_counter() - t0) * 1000)
        found.append([int(i) for i, _ in hits])
    return lat, found


def run_faiss(kind: str, data: np.ndarray, queries: np.ndarray, cfg: dict, workdir: Path,
              progress: Progress) -> dict:
    """A FaissStore over `make_faiss(data, kind, ...)`, built and searched as the engine does."""
    from index.store.faiss_store import FaissStore, make_faiss

    base = rss_mb()
    ids, meta = segment_rows(len(data))
    t0 = time.perf_counter()
    store = FaissStore(make_faiss(data, kind, cfg["hnsw_m"], cfg["hnsw_ef_construction"]), ids, meta,
                       hnsw_ef_search=cfg["hnsw_ef_search"])
    build = time.perf_counter() - t0
    progress("built", build_s=round(build, 2))
    del ids, meta
    gc.collect()
    rss_after = rss_mb()
    lat, found = timed_queries(lambda q: store.search(q, K), queries)
    sweep = _ef_sweep(store, queries, cfg["ef_sweep"]) if kind == "hnsw" else {}
    store.save(str(workdir / "index.faiss"))
    disk = disk_mb(workdir / "index.faiss")
    (workdir / "index.faiss").unlink()
    index = ("FaissStore flat (exact)" if kind == "flat" else f"FaissStore hnsw M={cfg['hnsw_m']} "
             f"efConstruction={cfg['hnsw_ef_construction']} efSearch={cfg['hnsw_ef_search']}")
    return {"build_s": build, "rss_base_mb": base, "rss_after_build_mb": rss_after, "disk_mb": disk,
            "latencies_ms": lat, "ids": found, "index": index, "ef_sweep": sweep}


def _ef_sweep(store: Any, queries: np.ndarray, efs: list[int]) -> dict:
    """Latencies and ids of the same HNSW store at other efSearch values (recall is computed later)."""
    out, kept = {}, store.hnsw_ef_search
    for ef in efs:
        store.hnsw_ef_search = ef
        lat, found = timed_queries(lambda q: store.search(q, K), queries)
        out[str(ef)] = {"latencies_ms": lat, "ids": found}
    store.hnsw_ef_search = kept
    return out


def _milvus_collection(db_path: str) -> Any | None:
    """milvus-lite's in-process collection behind a `.db` path (private API; None if its layout changed).
    Used only to wait for the background index builds, which nothing public reports."""
    try:
        from milvus_lite.server_manager import server_manager_instance

        return server_manager_instance._servers[os.path.abspath(db_path)][1].get_collection(COLLECTION)
    except Exception:  # noqa: BLE001 - the benchmark still runs, with a fixed wait instead
        return None


def _milvus_drain(db_path: str) -> dict:
    """Wait until milvus-lite has indexed every flushed segment; report segments and indexes."""
    col = _milvus_collection(db_path)
    if col is None:
        time.sleep(5)
        return {"segments": None, "indexed_segments": None}
    col._wait_for_bg()
    segs = [s for s in col._segment_cache.values() if s.num_rows]
    return {"segments": len(segs), "indexed_segments": sum("vector" in s.indexes for s in segs)}


def _milvus_fill(store: Any, data: np.ndarray, ids: list[str], meta: list[dict], progress: Progress) -> dict:
    """Upsert every row through MilvusStore.upsert, flush, and wait for the indexes; phase times."""
    phases: dict[str, Any] = {}
    t0 = time.perf_counter()
    for a in range(0, len(data), PROGRESS_ROWS):
        block = slice(a, a + PROGRESS_ROWS)
        store.upsert(ids[block], data[block], meta[block])
        progress("upserting", rows=min(len(data), a + PROGRESS_ROWS))
    phases["upsert_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    store.client.flush(COLLECTION)
    phases["flush_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    phases.update(_milvus_drain(store.uri))
    phases["index_wait_s"] = round(time.perf_counter() - t0, 2)
    return phases


def run_milvus(data: np.ndarray, queries: np.ndarray, cfg: dict, workdir: Path, progress: Progress) -> dict:
    """A MilvusStore on milvus-lite (collection, HNSW index and load as the engine creates them),
    filled with MilvusStore.upsert, searched with MilvusStore.search."""
    from index.store import milvus_store
    from index.store.milvus_store import MilvusStore

    db_path = str(workdir / "milvus.db")
    base = rss_mb()  # pymilvus and milvus-lite are imported by now (see worker)
    ids, meta = segment_rows(len(data))
    t0 = time.perf_counter()
    store = MilvusStore(db_path, COLLECTION, data.shape[1], create=True)
    phases = {"create_s": round(time.perf_counter() - t0, 2), **_milvus_fill(store, data, ids, meta, progress)}
    build = time.perf_counter() - t0
    del ids, meta  # the rows live in Milvus now
    progress("indexed", build_s=round(build, 2), **phases)
    gc.collect()
    rss_after = rss_mb()
    lat, found = timed_queries(lambda q: store.search(q, K), queries)
    count = store.count()
    store.close()
    p, ef = milvus_store.INDEX["params"], max(milvus_store.SEARCH["params"]["ef"], K)
    return {"build_s": build, "phases": phases, "rss_base_mb": base, "rss_after_build_mb": rss_after,
            "disk_mb": disk_mb(db_path), "count": count, "latencies_ms": lat, "ids": found,
            "index": f"MilvusStore HNSW M={p['M']} efConstruction={p['efConstruction']} ef={ef} (per segment)"}


def worker(backend: str, workdir: Path) -> int:
    """Child-process entry: load the vectors, run one backend, write its result JSON."""
    cfg = json.loads((workdir / "config.json").read_text(encoding="utf-8"))
    import faiss

    faiss.omp_set_num_threads(cfg["threads"])
    data, queries = np.load(workdir / "data.npy"), np.load(workdir / "queries.npy")
    progress = Progress(workdir / f"{backend}.progress")
    if backend == "milvus_lite":  # import client and engine before the baseline RSS
        import milvus_lite.adapter.grpc.server  # noqa: F401
        import pymilvus  # noqa: F401
    progress("start", rss_mb=round(rss_mb(), 1))
    if backend == "milvus_lite":
        out = run_milvus(data, queries, cfg, workdir, progress)
    else:
        out = run_faiss(backend.removeprefix("faiss_"), data, queries, cfg, workdir, progress)
    out["peak_rss_mb"] = peak_rss_mb()
    (workdir / f"{backend}.json").write_text(json.dumps(out), encoding="utf-8")
    progress("done")
    return 0
