"""Engine figures: `python -m bench engine` prints the README's table of build, load and search figures.

A full build (model load included), a one-paragraph edit, and an index load are timed in this
process; serving latency and peak RSS need a clean process, so they run in a child
(`python -m bench engine --serve INDEX_DIR`, started here, not by hand).
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import table
from .measure import ROOT, load_info, load_line, percentile, versions, write_json

KEYWORD_QUERIES = ["祁连山国家公园", "空气质量优良天数", "兰州新区综合保税区", "引黄济宁工程", "西宁—海东都市圈",
                   "责任单位 林草局", "兰州陆港型国家物流枢纽", "中藏药材", "黄河上游生态保护带", "公共卫生防疫中心",
                   "Qilian Mountain National Park", "air quality target", "Lanzhou New Area", "bonded zone",
                   "Xining railway", "clean energy base", "medical insurance", "urbanisation rate", "tourism",
                   "Haidong"]


def load_queries(path: str) -> list[str]:
    """The questions of a JSONL test set (a "question" field per line); the keyword queries if absent."""
    if not Path(path).exists():
        return KEYWORD_QUERIES
    return [json.loads(line)["question"] for line in Path(path).read_text(encoding="utf-8").splitlines() if line]


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """fn()'s result and the seconds it took."""
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def _load_and_build(settings: Any) -> tuple[Any, Any]:
    """A build from scratch as the CLI runs it: load the model, then build; (encoder, report)."""
    from index.ingest.pipeline import build_index
    from index.embed.encoders import load_encoder

    encoder = load_encoder(settings.model)
    return encoder, build_index(settings, encoder, progress=False)


def bench_build(corpus: str) -> dict:
    """Full build with model load, one-paragraph edit rebuild, and index load, in a temp dir
    (`work` in the result; the caller serves from it, then removes it)."""
    from index.ingest.pipeline import build_index
    from index.service import open_searcher
    from index.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        shutil.copytree(corpus, work / "corpus")
        settings = Settings(corpus=str(work / "corpus"), index_dir=str(work / "index"))
        plain = settings.with_(translation=False, index_dir=str(work / "plain"))
        _, plain_s = _timed(lambda: _load_and_build(plain))
        (encoder, report), full = _timed(lambda: _load_and_build(settings))
        edited = _edit_one_paragraph(work / "corpus")
        rebuild, incremental = _timed(lambda: build_index(settings, encoder, progress=False))
        _, load = _timed(lambda: open_searcher(settings, encoder=encoder))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return {"chunks": report.chunks, "full_build_s": full, "plain_build_s": plain_s, "rebuild_s": incremental,
            "rebuild_encoded": rebuild.encoded, "edited": edited, "load_s": load, "work": str(work)}


def _edit_one_paragraph(corpus: Path) -> str:
    """Change one sentence in the middle of the first document, as an editor would."""
    path = min(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md"))
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


def _latencies(searcher: Any, queries: list[str], prefix: str) -> dict:
    """p50/p95 of `search` and of the encoder alone on the same queries (keys prefixed)."""
    search_ms, encode_ms = [], []
    for q in queries:
        t0 = time.perf_counter()
        searcher.search(q)
        t1 = time.perf_counter()
        searcher.encoder.encode_queries([q])
        t2 = time.perf_counter()
        search_ms.append((t1 - t0) * 1000)
        encode_ms.append((t2 - t1) * 1000)
    return {f"{prefix}queries": len(queries), f"{prefix}search_p50_ms": percentile(search_ms, 50),
            f"{prefix}search_p95_ms": percentile(search_ms, 95), f"{prefix}encode_p50_ms": percentile(encode_ms, 50),
            f"{prefix}encode_p95_ms": percentile(encode_ms, 95)}


TARGETS = {"search_p50": "≤ 15 ms", "search_p95": "≤ 30 ms", "plain_build": "≤ 12 s", "rebuild": "≤ 2 s",
           "load": "≤ 1 s", "peak_rss": "≤ 600 MB"}


def _serve_rows(serve: dict) -> list[list[str]]:
    """Latency rows, for the test-set questions and for the keyword queries."""
    rows = []
    for prefix, label in (("", f"{serve['queries']} test-set questions"),
                          ("kw_", f"{serve['kw_queries']} keyword queries")):
        s = {k[len(prefix):]: v for k, v in serve.items() if k.startswith(prefix)}
        latency = f"warm single-query `search` latency, {{}}, {label}"
        rows += [[latency.format("p50"), table.ms(s["search_p50_ms"]), TARGETS["search_p50"]],
                 [latency.format("p95"), table.ms(s["search_p95_ms"]), TARGETS["search_p95"]],
                 ["encoder alone on the same queries, p50 / p95",
                  table.ms(s["encode_p50_ms"], s["encode_p95_ms"]), "—"]]
    return rows


def figures_table(build: dict, serve: dict) -> str:
    """The README's table of engine figures."""
    rows = _serve_rows(serve) + [
        [(f"full build of the plan's index ({build['chunks']} chunks), model load included, Chinese side only "
          "(`--no-translation`)"), table.seconds(build["plain_build_s"]), TARGETS["plain_build"]],
        ["the same with the English reference translation embedded too (default)",
         table.seconds(build["full_build_s"]), "—"],
        [f"rebuild after editing one paragraph ({build['rebuild_encoded']} sentence re-embedded)",
         table.seconds(build["rebuild_s"]), TARGETS["rebuild"]],
        ["loading an existing index (manifest, corpus check, FAISS, chunks, BM25)", table.ms(build["load_s"] * 1000),
         TARGETS["load"]],
        ["peak RSS of the serving process (all queries above)", table.mb(serve["peak_rss_mb"]), TARGETS["peak_rss"]]]
    return table.markdown(["figure", "measured", "target"], rows)


def serve_in_child(build: dict, qa: str) -> dict:
    """The serving figures, measured by `python -m bench engine --serve` in a fresh process."""
    cmd = [sys.executable, "-m", "bench", "engine", "--corpus", build["work"] + "/corpus", "--qa", qa,
           "--serve", build["work"] + "/index"]
    child = subprocess.run(cmd, check=False, cwd=ROOT, capture_output=True, text=True)
    if child.returncode != 0:
        raise SystemExit(f"python -m bench engine: the serving child failed: {child.stderr.strip()[-500:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def run(args: argparse.Namespace, command: str) -> int:
    """`python -m bench engine`: build figures here, serving figures in a child; table and JSON."""
    if args.serve:
        print(json.dumps(bench_serve(args.serve, args.corpus, load_queries(args.qa))))
        return 0
    before = load_info()
    print(f"engine figures ({load_line(before)})", flush=True)
    build = bench_build(args.corpus)
    try:
        serve = serve_in_child(build, args.qa)
    finally:
        shutil.rmtree(build.pop("work"), ignore_errors=True)
    after = load_info()
    print(figures_table(build, serve))
    print(f"(load before: {load_line(before)}; after: {load_line(after)})")
    if args.json:
        write_json(args.json, {"command": command, "environment": versions(), "load_before": before,
                               "load_after": after, "build": build, "serve": serve})
    return 0
