"""Scale benchmark: FAISS flat, FAISS HNSW and milvus-lite on synthetic 384-d unit vectors.

    python bench/scale.py --sizes 100000,1000000 --queries 200 --out bench/results/scale.json

For each size the parent process generates the vectors (seeded), computes the exact top-10 of every
query with numpy, then runs each backend in a fresh child process (`--worker`) so that the memory
figures belong to that backend alone. A child reports build time, RSS growth, on-disk size, the
single-query latencies and the ids it found; the parent turns the ids into recall@10. A child that
runs past `--timeout-min` is killed and reported with the last progress it wrote.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

DIM = 384
TOPICS = 1000
SUBSPACE = 48
K = 10
BACKENDS = ("faiss_flat", "faiss_hnsw", "milvus_lite")


# ── synthetic data ────────────────────────────────────────────────────────────────────────────────

def _normalise(x: np.ndarray) -> np.ndarray:
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def synthetic(n: int, seed: int, dim: int = DIM) -> np.ndarray:
    """Gaussian mixture shaped like text embeddings, L2-normalised float32.

    x = c_t + 0.7 * (z @ B) / sqrt(48) + 0.3 * e, with topic t uniform over 1,000 centres c ~ N(0, I),
    z ~ N(0, I_48) along a 48-direction basis B shared by all topics, e ~ N(0, I) isotropic noise.
    Two passages of one topic have cosine ≈ 0.6, of two topics ≈ 0. Generated in 100k-row chunks.
    """
    space = np.random.default_rng(12345)  # the "embedding space" (centres, basis) is fixed
    centres = space.standard_normal((TOPICS, dim)).astype(np.float32)
    basis = space.standard_normal((SUBSPACE, dim)).astype(np.float32) / np.sqrt(SUBSPACE)
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), np.float32)
    for a in range(0, n, 100_000):
        b = min(n, a + 100_000)
        z = rng.standard_normal((b - a, SUBSPACE)).astype(np.float32)
        out[a:b] = (centres[rng.integers(0, TOPICS, b - a)] + 0.7 * (z @ basis)
                    + 0.3 * rng.standard_normal((b - a, dim)).astype(np.float32))
    return _normalise(out)


def perturbed_queries(data: np.ndarray, n: int, seed: int, noise: float = 0.4) -> np.ndarray:
    """Queries near stored passages: a random stored vector plus isotropic noise whose norm is
    `noise` times the vector's (≈ 22° away), re-normalised."""
    rng = np.random.default_rng(seed)
    base = data[rng.choice(len(data), n, replace=False)]
    e = rng.standard_normal(base.shape).astype(np.float32)
    return _normalise(base + noise * e / np.sqrt(base.shape[1]))


def exact_top_k(data: np.ndarray, queries: np.ndarray, k: int = K) -> np.ndarray:
    """Exact inner-product top-k ids (numpy brute force, 100k-row chunks), best first."""
    best_s = np.full((len(queries), k), -np.inf, np.float32)
    best_i = np.zeros((len(queries), k), np.int64)
    for a in range(0, len(data), 100_000):
        s = queries @ data[a:a + 100_000].T
        s_all = np.concatenate([best_s, s], axis=1)
        i_all = np.concatenate([best_i, np.arange(a, a + s.shape[1])[None, :].repeat(len(queries), 0)], axis=1)
        top = np.argpartition(-s_all, k - 1, axis=1)[:, :k]
        best_s, best_i = np.take_along_axis(s_all, top, 1), np.take_along_axis(i_all, top, 1)
    order = np.argsort(-best_s, axis=1)
    return np.take_along_axis(best_i, order, 1)


# ── measurement helpers (used in the worker) ─────────────────────────────────────────────────────

def rss_mb(pid: int | None = None) -> float:
    """Resident set size of a process (default: this one) in MiB."""
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


def peak_rss_mb() -> float:
    """High-water mark of this process's RSS (VmHWM, Linux) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def children_rss_mb() -> tuple[int, float]:
    """Number of child processes of this process and their summed RSS in MiB (a server that runs
    out of process would show up here; milvus-lite 3.x runs in-process, so it is 0)."""
    import psutil

    kids = psutil.Process().children(recursive=True)
    return len(kids), sum(k.memory_info().rss for k in kids) / 2**20


def dir_mb(path: str | Path) -> float:
    """Total size of the files under `path` (or of one file) in MiB."""
    p = Path(path)
    if p.is_file():
        return p.stat().st_size / 2**20
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) / 2**20


def timed_queries(search: Callable[[np.ndarray], list[int]], queries: np.ndarray,
                  warmup: int = 5) -> tuple[list[float], list[list[int]]]:
    """Single-query latencies in ms (after `warmup` untimed queries) and the ids of each query."""
    for q in queries[:warmup]:
        search(q)
    lat, ids = [], []
    for q in queries:
        t0 = time.perf_counter()
        found = search(q)
        lat.append((time.perf_counter() - t0) * 1000)
        ids.append([int(i) for i in found])
    return lat, ids


class Progress:
    """Appends one JSON line per step to a file, so a killed worker still tells how far it got."""

    def __init__(self, path: str | None) -> None:
        self.path, self.t0 = path, time.perf_counter()

    def __call__(self, phase: str, **extra: Any) -> None:
        if self.path:
            rec = {"phase": phase, "elapsed_s": round(time.perf_counter() - self.t0, 1), **extra}
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(json.dumps(rec) + "\n")


# ── backends (each runs inside a worker process) ─────────────────────────────────────────────────

def run_faiss(kind: str, data: np.ndarray, queries: np.ndarray, args: argparse.Namespace,
              workdir: Path, progress: Progress) -> dict:
    """Build a FAISS IndexFlatIP or IndexHNSWFlat, time it, search each query alone."""
    import faiss

    base = rss_mb()
    t0 = time.perf_counter()
    if kind == "faiss_flat":
        index = faiss.IndexFlatIP(DIM)
    else:
        index = faiss.IndexHNSWFlat(DIM, args.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = args.ef_construction
    index.add(data)
    build = time.perf_counter() - t0
    progress("built", build_s=build)
    if kind == "faiss_hnsw":
        index.hnsw.efSearch = args.ef_search
    gc.collect()
    rss_after = rss_mb()
    lat, ids = timed_queries(lambda q: index.search(q.reshape(1, -1), K)[1][0], queries)
    sweep = _ef_sweep(index, queries, args.ef_sweep) if kind == "faiss_hnsw" else {}
    path = workdir / f"{kind}.faiss"
    faiss.write_index(index, str(path))
    disk = dir_mb(path)
    path.unlink()
    return {"build_s": build, "rss_base_mb": base, "rss_after_build_mb": rss_after, "disk_mb": disk,
            "latencies_ms": lat, "ids": ids, "index": _faiss_label(kind, args), "ef_sweep": sweep}


def _ef_sweep(index: Any, queries: np.ndarray, efs: str) -> dict:
    """Latencies and ids of the built HNSW index at other efSearch values (recall is computed later)."""
    out = {}
    for ef in (int(e) for e in efs.split(",") if e):
        index.hnsw.efSearch = ef
        lat, ids = timed_queries(lambda q: index.search(q.reshape(1, -1), K)[1][0], queries)
        out[str(ef)] = {"latencies_ms": lat, "ids": ids}
    return out


def _faiss_label(kind: str, args: argparse.Namespace) -> str:
    if kind == "faiss_flat":
        return "IndexFlatIP (exact)"
    return f"IndexHNSWFlat M={args.hnsw_m} efConstruction={args.ef_construction} efSearch={args.ef_search}"


def _milvus_schema(client: Any) -> Any:
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=DIM)
    return schema


def _milvus_insert(client: Any, data: np.ndarray, batch: int, progress: Progress) -> float:
    """Insert all rows in batches of `batch`; returns seconds."""
    t0 = time.perf_counter()
    for a in range(0, len(data), batch):
        block = data[a:a + batch]
        client.insert("bench", [{"id": a + i, "vector": v} for i, v in enumerate(block.tolist())])
        if (a // batch) % 10 == 0:
            progress("inserting", rows=a + len(block))
    return time.perf_counter() - t0


def _timed(name: str, fn: Callable[[], Any]) -> dict:
    t0 = time.perf_counter()
    fn()
    return {name: round(time.perf_counter() - t0, 2)}


def _milvus_collection(db_path: str) -> Any | None:
    """The in-process engine collection behind a milvus-lite `.db` (private API; None if absent).
    Used only to wait for milvus-lite's background compaction and to count indexed segments."""
    try:
        from milvus_lite.server_manager import server_manager_instance

        return server_manager_instance._servers[os.path.abspath(db_path)][1].get_collection("bench")
    except Exception:  # noqa: BLE001 - the private layout may change; the benchmark still runs
        return None


def _milvus_drain(db_path: str) -> dict:
    """Wait until background compaction / index builds are done; report segments and indexes."""
    col = _milvus_collection(db_path)
    if col is None:
        time.sleep(5)
        return {"segments": None, "indexed_segments": None}
    col._wait_for_bg()
    segs = [s for s in col._segment_cache.values() if s.num_rows]
    return {"segments": len(segs), "indexed_segments": sum("vector" in s.indexes for s in segs),
            "segment_rows": sorted(s.num_rows for s in segs)}


def _milvus_index(client: Any, args: argparse.Namespace) -> None:
    params = client.prepare_index_params()
    build = {"M": args.hnsw_m, "efConstruction": args.ef_construction} if args.milvus_index.startswith("HNSW") else {}
    if args.milvus_index.startswith("IVF"):
        build = {"nlist": args.nlist}
    params.add_index(field_name="vector", index_type=args.milvus_index, metric_type="IP", params=build)
    client.create_index("bench", params)
    client.load_collection("bench")


def _milvus_search_params(args: argparse.Namespace) -> dict:
    if args.milvus_index.startswith("HNSW"):
        return {"metric_type": "IP", "params": {"ef": args.ef_search}}
    if args.milvus_index.startswith("IVF"):
        return {"metric_type": "IP", "params": {"nprobe": args.nprobe}}
    return {"metric_type": "IP", "params": {}}


def run_milvus(data: np.ndarray, queries: np.ndarray, args: argparse.Namespace,
               workdir: Path, progress: Progress) -> dict:
    """Create the HNSW index on the empty collection, insert in batches (milvus-lite indexes each flushed
    segment in a background thread), flush, wait for the indexes, then search each query alone over gRPC.

    (Calling create_index on an already loaded 1M-row collection builds every segment inside that one RPC;
    after ~20 min pymilvus retried it and failed with "index already exists" — see docs/scaling.md.)"""
    from pymilvus import MilvusClient

    db_path = str(workdir / "milvus.db")
    base = rss_mb()  # pymilvus and milvus-lite are imported by now (see worker)
    t0 = time.perf_counter()
    client = MilvusClient(db_path)
    client.create_collection("bench", schema=_milvus_schema(client))
    _milvus_index(client, args)  # on the empty collection: each flushed segment is indexed in the background
    phases = {"insert_s": round(_milvus_insert(client, data, args.batch, progress), 2)}
    phases.update(_timed("flush_s", lambda: client.flush("bench")))
    progress("flushed", **phases)
    phases.update(_timed("index_wait_s", lambda: _milvus_drain(db_path)))
    drained = _milvus_drain(db_path)
    build = time.perf_counter() - t0
    progress("indexed", build_s=build, **drained)
    gc.collect()
    rss_after, (n_kids, kids_rss) = rss_mb(), children_rss_mb()
    sp = _milvus_search_params(args)
    lat, ids = timed_queries(lambda q: [h.id for h in client.search(
        "bench", data=[q.tolist()], anns_field="vector", limit=K, search_params=sp)[0]], queries)
    count = client.query("bench", filter="", output_fields=["count(*)"])[0]["count(*)"]
    disk = dir_mb(db_path)
    client.close()
    return {"build_s": build, "phases": phases, "rss_base_mb": base, "rss_after_build_mb": rss_after,
            "child_processes": n_kids, "child_rss_mb": kids_rss, "disk_mb": disk, "count": count,
            "latencies_ms": lat, "ids": ids, "index": _milvus_label(args), **drained}


def _milvus_label(args: argparse.Namespace) -> str:
    sp = _milvus_search_params(args)["params"]
    if args.milvus_index.startswith("HNSW"):
        return f"{args.milvus_index} M={args.hnsw_m} efConstruction={args.ef_construction} ef={sp['ef']} (per segment)"
    return f"{args.milvus_index} {sp}"


def worker(args: argparse.Namespace) -> int:
    """Child-process entry: load the vectors, run one backend, write its result JSON."""
    import faiss

    faiss.omp_set_num_threads(args.threads)
    workdir = Path(args.workdir)
    data, queries = np.load(workdir / "data.npy"), np.load(workdir / "queries.npy")
    progress = Progress(args.progress)
    before_imports = rss_mb()
    if args.worker == "milvus_lite":  # import the client and the engine before the baseline RSS
        import milvus_lite.adapter.grpc.server  # noqa: F401
        import pymilvus  # noqa: F401
    progress("start", rss_mb=rss_mb(), imports_mb=rss_mb() - before_imports)
    if args.worker == "milvus_lite":
        out = run_milvus(data, queries, args, workdir, progress)
    else:
        out = run_faiss(args.worker, data, queries, args, workdir, progress)
    out["peak_rss_mb"] = peak_rss_mb()
    Path(args.result).write_text(json.dumps(out), encoding="utf-8")
    progress("done")
    return 0


# ── parent: orchestration, recall, reporting ─────────────────────────────────────────────────────

def load_info() -> dict:
    """Machine load now: `uptime` output and os.getloadavg()."""
    up = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return {"uptime": up, "loadavg": list(os.getloadavg()), "time": time.strftime("%Y-%m-%dT%H:%M:%S")}


def worker_command(backend: str, workdir: Path, args: argparse.Namespace) -> list[str]:
    """The command line of one child process."""
    return [sys.executable, os.path.abspath(__file__), "--worker", backend, "--workdir", str(workdir),
            "--result", str(workdir / f"{backend}.json"), "--progress", str(workdir / f"{backend}.progress"),
            "--threads", str(args.threads), "--hnsw-m", str(args.hnsw_m),
            "--ef-construction", str(args.ef_construction), "--ef-search", str(args.ef_search),
            "--ef-sweep", args.ef_sweep, "--batch", str(args.batch), "--milvus-index", args.milvus_index,
            "--nlist", str(args.nlist), "--nprobe", str(args.nprobe)]


def run_child(backend: str, workdir: Path, args: argparse.Namespace) -> dict:
    """Run one backend in a child process, with a timeout; returns its raw result or the failure."""
    cmd, log = worker_command(backend, workdir, args), workdir / f"{backend}.log"
    t0 = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        env = {**os.environ, "OMP_NUM_THREADS": str(args.threads)}  # also binds milvus-lite's server threads
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            rc = proc.wait(timeout=args.timeout_min * 60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            rc = "timeout"
    wall = time.perf_counter() - t0
    result_file = workdir / f"{backend}.json"
    if rc == 0 and result_file.exists():
        return {"status": "ok", "wall_s": wall, **json.loads(result_file.read_text(encoding="utf-8"))}
    return {"status": "timeout" if rc == "timeout" else f"failed (exit {rc})", "wall_s": wall,
            "last_progress": _last_lines(workdir / f"{backend}.progress", 3), "log_tail": _last_lines(log, 15)}


def _last_lines(path: Path, n: int) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:] if path.exists() else []


def _recall(found: list[list[int]], truth: np.ndarray) -> float:
    """Mean fraction of the exact top-10 found."""
    return round(float(np.mean([len(set(f) & set(t)) / K for f, t in zip(found, truth.tolist())])), 4)


def summarise(backend: str, n: int, raw: dict, truth: np.ndarray) -> dict:
    """One result row: recall@10 against the exact ids, latency percentiles, memory deltas."""
    row = {"n": n, "backend": backend, "status": raw["status"], "wall_s": round(raw["wall_s"], 1)}
    if raw["status"] != "ok":
        return {**row, **{k: raw[k] for k in ("last_progress", "log_tail")}}
    found, lat = raw.pop("ids"), raw.pop("latencies_ms")
    recall = _recall(found, truth)
    row.update({"index": raw["index"], "build_s": round(raw["build_s"], 2),
                "rss_delta_mb": round(raw["rss_after_build_mb"] - raw["rss_base_mb"], 1),
                "peak_delta_mb": round(raw["peak_rss_mb"] - raw["rss_base_mb"], 1),
                "disk_mb": round(raw["disk_mb"], 1), "p50_ms": round(float(np.percentile(lat, 50)), 3),
                "p95_ms": round(float(np.percentile(lat, 95)), 3), "recall@10": recall})
    if raw.get("ef_sweep"):
        row["ef_sweep"] = {ef: {"recall@10": _recall(v["ids"], truth), "p50_ms": round(float(np.percentile(v["latencies_ms"], 50)), 3)}
                           for ef, v in raw["ef_sweep"].items()}
    extra = ("phases", "child_processes", "child_rss_mb", "count", "segments", "indexed_segments", "segment_rows")
    row.update({k: raw[k] for k in extra if k in raw})
    return row


def run_size(n: int, args: argparse.Namespace) -> dict:
    """Generate one size, compute the exact answers, run every backend; returns the run record."""
    workdir = Path(tempfile.mkdtemp(prefix=f"scale-{n}-", dir=args.workdir))
    try:
        before, t0 = load_info(), time.perf_counter()
        data = synthetic(n, seed=args.seed)
        queries = perturbed_queries(data, args.queries, seed=args.seed + 1)
        gen_s, t0 = time.perf_counter() - t0, time.perf_counter()
        truth = exact_top_k(data, queries)
        truth_s = time.perf_counter() - t0
        np.save(workdir / "data.npy", data)
        np.save(workdir / "queries.npy", queries)
        del data
        rows = []
        for backend in args.backends:
            load_before = load_info()
            raw = run_child(backend, workdir, args)
            rows.append({**summarise(backend, n, raw, truth), "load_before": load_before, "load_after": load_info()})
            print(f"  {backend}: {rows[-1]['status']} in {rows[-1]['wall_s']} s", flush=True)
        return {"n": n, "generate_s": round(gen_s, 1), "exact_top10_s": round(truth_s, 1),
                "load_before": before, "load_after": load_info(), "rows": rows}
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def environment(args: argparse.Namespace) -> dict:
    """Versions and settings that the figures depend on."""
    import faiss

    env = {"python": sys.version.split()[0], "numpy": np.__version__, "faiss": faiss.__version__,
           "cpus": os.cpu_count(), "faiss_threads": args.threads}
    for mod in ("pymilvus", "milvus_lite", "psutil"):
        try:
            env[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001
            env[mod] = None
    return env


def merge_runs(path: Path, runs: list[dict]) -> list[dict]:
    """The new runs merged into those already in `path`: a backend run again at a size replaces its old
    row; rows of backends not run again are kept, marked with the command that produced them."""
    old = {r["n"]: r for r in json.loads(path.read_text(encoding="utf-8")).get("runs", [])} if path.exists() else {}
    for run in runs:
        prev = old.get(run["n"])
        if prev:
            done = {r["backend"] for r in run["rows"]}
            inherit = {k: prev.get(k) for k in ("command", "load_before", "load_after")}
            kept = [{**inherit, **r} for r in prev["rows"] if r["backend"] not in done]
            order = {b: i for i, b in enumerate(BACKENDS)}
            run["rows"] = sorted(kept + run["rows"], key=lambda r: order.get(r["backend"], 99))
        old[run["n"]] = run
    return [old[n] for n in sorted(old)]


def print_table(runs: list[dict]) -> None:
    """The result rows as a markdown table."""
    print("| vectors | backend | index | build | RSS Δ | peak Δ | on disk | p50 | p95 | recall@10 |")
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for run in runs:
        for r in run["rows"]:
            if r["status"] != "ok":
                print(f"| {r['n']:,} | {r['backend']} | {r['status']} after {r['wall_s']} s | | | | | | | |")
                continue
            print(f"| {r['n']:,} | {r['backend']} | {r['index']} | {r['build_s']:.1f} s | {r['rss_delta_mb']:,.0f} MB"
                  f" | {r['peak_delta_mb']:,.0f} MB | {r['disk_mb']:,.0f} MB | {r['p50_ms']:.2f} ms"
                  f" | {r['p95_ms']:.2f} ms | {r['recall@10']:.3f} |")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="100000", help="comma-separated numbers of vectors")
    p.add_argument("--queries", type=int, default=200, help="number of single queries timed per backend")
    p.add_argument("--out", default="bench/results/scale.json", help="JSON results (runs of other sizes kept)")
    p.add_argument("--backends", default=",".join(BACKENDS), help=f"subset of {','.join(BACKENDS)}")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1,
                   help="FAISS OpenMP threads in the worker (FAISS and milvus-lite); 1 keeps a shared machine fair")
    p.add_argument("--hnsw-m", type=int, default=32)
    p.add_argument("--ef-construction", type=int, default=80)
    p.add_argument("--ef-search", type=int, default=128)
    p.add_argument("--ef-sweep", default="16,32,64", help="extra efSearch values timed on the FAISS HNSW index")
    p.add_argument("--batch", type=int, default=10_000, help="rows per milvus-lite insert call")
    p.add_argument("--milvus-index", default="HNSW", help="HNSW, HNSW_SQ, IVF_FLAT, IVF_SQ8, FLAT, AUTOINDEX")
    p.add_argument("--nlist", type=int, default=1024)
    p.add_argument("--nprobe", type=int, default=32)
    p.add_argument("--timeout-min", type=float, default=45, help="kill a backend's child process after this")
    p.add_argument("--workdir", default=None, help="where the temporary vectors and milvus-lite .db go")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    for hidden in ("--worker", "--result", "--progress"):
        p.add_argument(hidden, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if not args.worker:
        args.backends = [b for b in args.backends.split(",") if b]
        unknown = set(args.backends) - set(BACKENDS)
        if unknown:
            p.error(f"unknown backend(s) {sorted(unknown)}; choose from {', '.join(BACKENDS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker(args)
    out, runs = Path(args.out), []
    command = "python bench/scale.py " + " ".join(argv if argv is not None else sys.argv[1:])
    for n in (int(s) for s in args.sizes.split(",") if s):
        print(f"n = {n:,}", flush=True)
        run = run_size(n, args)
        run["command"], run["environment"] = command, environment(args)
        runs.append(run)
    all_runs = merge_runs(out, runs)
    record = {"generator": synthetic.__doc__.split("\n\n")[1].strip() if synthetic.__doc__ else "",
              "queries": " ".join(perturbed_queries.__doc__.split()), "runs": all_runs}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    print_table(all_runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
