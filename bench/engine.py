"""Benchmark: `python -m bench engine [--scale N,N] [--queries FILE]` prints the figures as a table.

Phases that need a clean process (serving latency, peak RSS) run in a child process.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

DEFAULT_QUERIES = "eval/qa.jsonl"
KEYWORD_QUERIES = ["祁连山国家公园", "空气质量优良天数", "兰州新区综合保税区", "引黄济宁工程", "西宁—海东都市圈",
                   "责任单位 林草局", "兰州陆港型国家物流枢纽", "中藏药材", "黄河上游生态保护带", "公共卫生防疫中心",
                   "Qilian Mountain National Park", "air quality target", "Lanzhou New Area", "bonded zone",
                   "Xining railway", "clean energy base", "medical insurance", "urbanisation rate", "tourism", "Haidong"]


def load_queries(path: str) -> list[str]:
    if not Path(path).exists():
        return KEYWORD_QUERIES
    return [json.loads(line)["question"] for line in Path(path).read_text(encoding="utf-8").splitlines() if line]


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def bench_build(corpus: str) -> dict:
    """Full build with model load, one-paragraph edit rebuild, and index load, in a temp dir
    (`work` in the result; the caller serves from it, then removes it)."""
    from index.build.pipeline import build_index
    from index.embed.encoders import load_encoder
    from index.service import open_searcher
    from index.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="bench-"))
    shutil.copytree(corpus, work / "corpus")
    settings = Settings(corpus=str(work / "corpus"), index_dir=str(work / "index"))
    t0 = time.perf_counter()
    encoder = load_encoder(settings.model)
    plain = settings.with_(translation=False, index_dir=str(work / "plain"))
    build_index(plain, encoder, progress=False)
    plain_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    encoder = load_encoder(settings.model)
    report = build_index(settings, encoder, progress=False)
    full = time.perf_counter() - t0
    edited = _edit_one_paragraph(work / "corpus")
    t0 = time.perf_counter()
    rebuild = build_index(settings, encoder, progress=False)
    incremental = time.perf_counter() - t0
    t0 = time.perf_counter()
    open_searcher(settings, encoder=encoder)
    load = time.perf_counter() - t0
    return {"chunks": report.chunks, "full_build_s": full, "plain_build_s": plain_s, "rebuild_s": incremental,
            "rebuild_encoded": rebuild.encoded, "edited": edited, "load_s": load, "work": str(work)}


def _edit_one_paragraph(corpus: Path) -> str:
    """Change one sentence in the middle of the first document, as an editor would."""
    path = sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md"))[0]
    text = path.read_text(encoding="utf-8")
    at = text.index("。", len(text) // 2) + 1
    path.write_text(text[:at] + "新增一项试点任务，由两省共同推进。" + text[at:], encoding="utf-8")
    return path.name


def bench_serve(index_dir: str, corpus: str, queries: list[str]) -> dict:
    """Warm single-query latency of `search` and of the encoder alone, for full questions and for
    short keyword queries, and the peak RSS of the serving process."""
    from index.service import open_searcher
    from index.settings import Settings

    searcher = open_searcher(Settings(corpus=corpus, index_dir=index_dir, query_cache=0))  # every query encoded
    for q in queries[:5]:
        searcher.search(q)
    out = _latencies(searcher, queries, "")
    out.update(_latencies(searcher, KEYWORD_QUERIES, "kw_"))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _latencies(searcher, queries: list[str], prefix: str) -> dict:
    search_ms, encode_ms = [], []
    for q in queries:
        t0 = time.perf_counter()
        searcher.search(q)
        t1 = time.perf_counter()
        searcher.encoder.encode_queries([q])
        t2 = time.perf_counter()
        search_ms.append((t1 - t0) * 1000)
        encode_ms.append((t2 - t1) * 1000)
    return {f"{prefix}queries": len(queries), f"{prefix}search_p50_ms": pct(search_ms, 50),
            f"{prefix}search_p95_ms": pct(search_ms, 95), f"{prefix}encode_p50_ms": pct(encode_ms, 50),
            f"{prefix}encode_p95_ms": pct(encode_ms, 95)}


def synthetic(n: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    """Unit vectors shaped like text embeddings: 1,000 topic centres, variation within a topic along
    48 shared directions, and a little isotropic noise. (Uniform noise in 384 dims has no neighbours
    worth finding and would make every approximate index look broken.)"""
    rng = np.random.default_rng(seed)
    model = np.random.default_rng(12345)  # the same "embedding space" for data and queries
    centres = model.standard_normal((1000, dim)).astype(np.float32)
    basis = model.standard_normal((48, dim)).astype(np.float32)
    out = np.empty((n, dim), np.float32)
    for a in range(0, n, 100_000):
        b = min(n, a + 100_000)
        z = rng.standard_normal((b - a, 48)).astype(np.float32)
        out[a:b] = (centres[rng.integers(0, 1000, b - a)] + 0.5 * z @ basis
                    + 0.3 * rng.standard_normal((b - a, dim)).astype(np.float32))
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def bench_scale(n: int, n_queries: int = 200) -> list[dict]:
    """Flat vs HNSW on `n` synthetic vectors: build time, memory, latency, recall@10 against flat."""
    import faiss

    from index.store.faiss_store import make_faiss

    data, queries = synthetic(n), synthetic(n_queries, seed=1)
    rows, exact = [], None
    for kind in ("flat", "hnsw"):
        t0 = time.perf_counter()
        index = make_faiss(data, kind, hnsw_m=32, hnsw_ef_construction=80)
        build = time.perf_counter() - t0
        if kind == "hnsw":
            index.hnsw.efSearch = 128
        lat, found = [], []
        for q in queries:
            t0 = time.perf_counter()
            _, ids = index.search(q.reshape(1, -1), 10)
            lat.append((time.perf_counter() - t0) * 1000)
            found.append(ids[0])
        exact = found if kind == "flat" else exact
        recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, exact)])
        size = len(faiss.serialize_index(index)) / 2**20
        rows.append({"n": n, "index": kind, "build_s": build, "memory_mb": size, "p50_ms": pct(lat, 50),
                     "p95_ms": pct(lat, 95), "recall@10": float(recall)})
    return rows


def print_table(build: dict, serve: dict, scale: list[dict]) -> None:
    print("| figure | measured | target |\n| --- | --- | --- |")
    for prefix, label in (("", f"{serve['queries']} test-set questions"),
                          ("kw_", f"{serve['kw_queries']} keyword queries")):
        s = {k[len(prefix):]: v for k, v in serve.items() if k.startswith(prefix)}
        print(f"| warm single-query `search` latency, p50, {label} | {s['search_p50_ms']:.1f} ms | ≤ 15 ms |")
        print(f"| warm single-query `search` latency, p95, {label} | {s['search_p95_ms']:.1f} ms | ≤ 30 ms |")
        print(f"| encoder alone on the same queries, p50 / p95 | {s['encode_p50_ms']:.1f} / {s['encode_p95_ms']:.1f} ms | — |")
    print(f"| full build of the plan's index ({build['chunks']} chunks), model load included, Chinese side only "
          f"(`--no-translation`) | {build['plain_build_s']:.1f} s | ≤ 12 s |")
    print(f"| the same with the English reference translation embedded too (default) | {build['full_build_s']:.1f} s | — |")
    print(f"| rebuild after editing one paragraph ({build['rebuild_encoded']} sentence re-embedded) | {build['rebuild_s']:.2f} s | ≤ 2 s |")
    print(f"| loading an existing index (manifest, corpus check, FAISS, chunks, BM25) | {build['load_s'] * 1000:.0f} ms | ≤ 1 s |")
    print(f"| peak RSS of the serving process (all queries above) | {serve['peak_rss_mb']:.0f} MB | ≤ 600 MB |")
    if scale:
        print("\n| vectors | index | build | memory | p50 | p95 | recall@10 vs flat |\n| --- | --- | --- | --- | --- | --- | --- |")
        for r in scale:
            print(f"| {r['n']:,} | {r['index']} | {r['build_s']:.1f} s | {r['memory_mb']:.0f} MB | "
                  f"{r['p50_ms']:.2f} ms | {r['p95_ms']:.2f} ms | {r['recall@10']:.3f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench engine", description=__doc__)
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--queries", default=DEFAULT_QUERIES, help="JSONL with a 'question' field per line")
    parser.add_argument("--scale", default="", help="synthetic sizes, e.g. 100000,1000000 (no model)")
    parser.add_argument("--serve", metavar="INDEX_DIR", help=argparse.SUPPRESS)  # child-process phase
    args = parser.parse_args(argv)
    queries = load_queries(args.queries)
    if args.serve:
        print(json.dumps(bench_serve(args.serve, args.corpus, queries)))
        return 0
    build = bench_build(args.corpus)
    try:
        child = subprocess.run([sys.executable, "-m", "bench.engine", "--corpus", build["work"] + "/corpus",
                                "--queries", args.queries, "--serve", build["work"] + "/index"],
                               capture_output=True, text=True, check=True)
    finally:
        shutil.rmtree(build["work"], ignore_errors=True)
    serve = json.loads(child.stdout.strip().splitlines()[-1])
    scale = [row for n in args.scale.split(",") if n for row in bench_scale(int(n))]
    print_table(build, serve, scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
