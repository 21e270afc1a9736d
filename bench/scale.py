"""Scale: the engine's vector stores on synthetic vectors (`python -m bench scale`).

For each size the parent generates seeded vectors and perturbed queries, computes each query's exact
top-10 with numpy, then runs each backend (FaissStore flat, FaissStore HNSW, MilvusStore on milvus-lite)
in a fresh child process, so that the memory figures belong to that backend alone. A child reports
build time, RSS growth, on-disk size, single-query latencies and the ids it found; the parent turns
the ids into recall@10. A child still running after `--timeout-min` is killed and reported with its
last progress line. Results are merged into the JSON file with the command, versions and load.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from . import table
from .measure import ROOT, load_info, load_line, percentile, versions, write_json
from .synthetic import exact_top_k, perturbed_queries, recall, synthetic

BACKENDS = ("faiss_flat", "faiss_hnsw", "milvus_lite")
RESULTS = "bench/results/scale.json"


def config(args: argparse.Namespace) -> dict:
    """The settings a child process needs (written to its work directory)."""
    return {"threads": args.threads, "hnsw_m": args.hnsw_m, "hnsw_ef_construction": args.hnsw_ef_construction,
            "hnsw_ef_search": args.hnsw_ef_search, "ef_sweep": args.ef_sweep}


def run_child(backend: str, workdir: Path, timeout_min: float, threads: int) -> dict:
    """Run one backend in a child process with a timeout; its raw result, or how it failed."""
    cmd = [sys.executable, "-m", "bench", "scale", "--worker", backend, "--workdir", str(workdir)]
    log, t0 = workdir / f"{backend}.log", time.perf_counter()
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}  # also binds milvus-lite's server threads
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            rc: int | str = proc.wait(timeout=timeout_min * 60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            rc = "timeout"
    wall, result = time.perf_counter() - t0, workdir / f"{backend}.json"
    if rc == 0 and result.exists():
        return {"status": "ok", "wall_s": wall, **json.loads(result.read_text(encoding="utf-8"))}
    return {"status": "timeout" if rc == "timeout" else f"failed (exit {rc})", "wall_s": wall,
            "last_progress": _last_lines(workdir / f"{backend}.progress", 3), "log_tail": _last_lines(log, 15)}


def _last_lines(path: Path, n: int) -> list[str]:
    """The last `n` lines of a file ([] if it was never written)."""
    return path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:] if path.exists() else []


def summarise(backend: str, n: int, raw: dict, truth: np.ndarray) -> dict:
    """One result row: recall@10 against the exact ids, latency percentiles, memory deltas."""
    row = {"n": n, "backend": backend, "status": raw["status"], "wall_s": round(raw["wall_s"], 1)}
    if raw["status"] != "ok":
        return {**row, "last_progress": raw["last_progress"], "log_tail": raw["log_tail"]}
    lat = raw["latencies_ms"]
    row.update({"index": raw["index"], "build_s": round(raw["build_s"], 2),
                "rss_delta_mb": round(raw["rss_after_build_mb"] - raw["rss_base_mb"], 1),
                "peak_delta_mb": round(raw["peak_rss_mb"] - raw["rss_base_mb"], 1),
                "disk_mb": round(raw["disk_mb"], 1), "p50_ms": round(percentile(lat, 50), 3),
                "p95_ms": round(percentile(lat, 95), 3), "recall@10": recall(raw["ids"], truth)})
    if raw.get("ef_sweep"):
        row["ef_sweep"] = {ef: {"recall@10": recall(v["ids"], truth),
                                "p50_ms": round(percentile(v["latencies_ms"], 50), 3)}
                           for ef, v in raw["ef_sweep"].items()}
    row.update({k: raw[k] for k in ("phases", "count") if k in raw})
    return row


def prepare(n: int, args: argparse.Namespace, workdir: Path) -> tuple[np.ndarray, dict]:
    """Vectors and queries for one size, saved for the children; the exact top-10 and timings."""
    t0 = time.perf_counter()
    data = synthetic(n, seed=args.seed)
    queries = perturbed_queries(data, args.queries, seed=args.seed + 1)
    t1 = time.perf_counter()
    truth = exact_top_k(data, queries)
    t2 = time.perf_counter()
    np.save(workdir / "data.npy", data)
    np.save(workdir / "queries.npy", queries)
    (workdir / "config.json").write_text(json.dumps(config(args)), encoding="utf-8")
    return truth, {"generate_s": round(t1 - t0, 1), "exact_top10_s": round(t2 - t1, 1)}


def run_size(n: int, args: argparse.Namespace) -> dict:
    """Generate one size, compute the exact answers, run every backend; returns the run record."""
    workdir = Path(tempfile.mkdtemp(prefix=f"scale-{n}-", dir=args.workdir))
    try:
        before = load_info()
        truth, timings = prepare(n, args, workdir)
        rows = []
        for backend in args.backends:
            load_before = load_info()
            raw = run_child(backend, workdir, args.timeout_min, args.threads)
            rows.append({**summarise(backend, n, raw, truth), "load_before": load_before, "load_after": load_info()})
            print(f"  {backend}: {rows[-1]['status']} in {rows[-1]['wall_s']} s ({load_line(rows[-1]['load_after'])})",
                  flush=True)
        return {"n": n, "queries": args.queries, **timings, "load_before": before, "load_after": load_info(),
                "rows": rows}
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def merge_runs(path: Path, runs: list[dict]) -> list[dict]:
    """The new runs merged into those already in `path`: a backend run again at a size replaces its
    old row; rows of backends not run again are kept, marked with the command that produced them."""
    old = {r["n"]: r for r in json.loads(path.read_text(encoding="utf-8")).get("runs", [])} if path.exists() else {}
    order = {b: i for i, b in enumerate(BACKENDS)}
    for run in runs:
        prev = old.get(run["n"])
        if prev:
            done = {r["backend"] for r in run["rows"]}
            inherit = {k: prev.get(k) for k in ("command", "load_before", "load_after")}
            kept = [{**inherit, **r} for r in prev["rows"] if r["backend"] not in done]
            run["rows"] = sorted(kept + run["rows"], key=lambda r: order.get(r["backend"], 99))
        old[run["n"]] = run
    return [old[n] for n in sorted(old)]


HEADERS = ("vectors", "backend", "index", "build", "RSS Δ", "peak Δ", "on disk", "p50", "p95", "recall@10")


def result_table(runs: list[dict]) -> str:
    """The rows of `runs` as the one markdown table (failed backends say how they failed)."""
    rows = []
    for run in runs:
        for r in run["rows"]:
            if r["status"] != "ok":
                rows.append([table.count(r["n"]), r["backend"], f"{r['status']} after {r['wall_s']} s"] + [""] * 7)
                continue
            rows.append([table.count(r["n"]), r["backend"], r["index"], table.seconds(r["build_s"]),
                         table.mb(r["rss_delta_mb"]), table.mb(r["peak_delta_mb"]), table.mb(r["disk_mb"]),
                         table.ms(r["p50_ms"]), table.ms(r["p95_ms"]), table.ratio(r["recall@10"])])
    return table.markdown(HEADERS, rows, align="rllrrrrrrr")


def run(args: argparse.Namespace, command: str) -> int:
    """`python -m bench scale`: every size, every backend; merge into --json, print this run's table."""
    if args.worker:
        from .stores import worker

        return worker(args.worker, Path(args.workdir))
    runs = []
    for n in args.sizes:
        print(f"n = {n:,} ({load_line(load_info())})", flush=True)
        run_record = run_size(n, args)
        run_record.update(command=command, environment={**versions(), "faiss_threads": args.threads})
        runs.append(run_record)
    if args.json:
        path = Path(args.json)
        all_runs = merge_runs(path, runs)
        write_json(path, {"generator": " ".join((synthetic.__doc__ or "").split("\n\n")[1].split()),
                          "queries": " ".join((perturbed_queries.__doc__ or "").split()), "runs": all_runs})
    print(result_table(runs))
    return 0 if all(r["status"] == "ok" for run in runs for r in run["rows"]) else 1
