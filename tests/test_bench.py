"""The benchmark tool (`python -m bench`): its one table format, the scale comparison through the
engine's own stores, and its command line. Small sizes only; the whole file runs in seconds."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bench import load, synthetic, table
from bench.cli import QA, build_parser
from bench.cli import main as bench_main
from bench.scale import merge_runs, result_table
from index.store.faiss_store import FaissStore, make_faiss

ROOT = Path(__file__).resolve().parents[1]


# ---- the table format ------------------------------------------------------------------------------

def test_markdown_table_by_hand():
    got = table.markdown(["figure", "measured"], [["p50", table.ms(12.94)], ["x|y", None]], align="lr")
    assert got == ("| figure | measured |\n"
                   "| --- | ---: |\n"
                   "| p50 | 12.9 ms |\n"
                   "| x\\|y |  |")


def test_markdown_table_refuses_ragged_rows():
    with pytest.raises(ValueError):
        table.markdown(["a", "b"], [["only one"]])
    with pytest.raises(ValueError):
        table.markdown(["a", "b"], [], align="l")


@pytest.mark.parametrize("got, want", [
    (table.ms(0.781), "0.78 ms"), (table.ms(26.04, 37.1), "26.0 / 37.1 ms"), (table.ms(263.4), "263 ms"),
    (table.ms(221, 662, 771), "221 / 662 / 771 ms"), (table.ms(float("nan")), "—"),
    (table.ms(None, 3.0), "— / 3.00 ms"),
    (table.seconds(1.237), "1.24 s"), (table.seconds(47.02), "47.0 s"), (table.seconds(1259.1), "1,259 s"),
    (table.mb(1465.3), "1,465 MB"), (table.rate(52.06), "52.1 requests/s"), (table.count(100000), "100,000"),
    (table.count(None), "—"), (table.ratio(1.0), "1.000"), (table.ratio(0.9642), "0.964"),
])
def test_number_formats(got, want):
    assert got == want


def test_scale_table_uses_the_one_format():
    ok = {"n": 3000, "backend": "faiss_flat", "status": "ok", "wall_s": 1.0, "index": "FaissStore flat (exact)",
          "build_s": 0.004, "rss_delta_mb": 6.1, "peak_delta_mb": 6.6, "disk_mb": 4.4, "p50_ms": 0.181,
          "p95_ms": 0.197, "recall@10": 1.0}
    failed = {"n": 3000, "backend": "milvus_lite", "status": "timeout", "wall_s": 60.0}
    lines = result_table([{"rows": [ok, failed]}]).splitlines()
    assert lines[0].startswith("| vectors | backend | index | build |")
    assert lines[1].startswith("| ---: | --- | --- | ---: |")
    assert lines[2] == ("| 3,000 | faiss_flat | FaissStore flat (exact) | 0.00 s | 6 MB | 7 MB | 4 MB | 0.18 ms"
                        " | 0.20 ms | 1.000 |")
    assert lines[3] == "| 3,000 | milvus_lite | timeout after 60.0 s |  |  |  |  |  |  |  |"


# ---- synthetic data and the engine's stores --------------------------------------------------------

def test_synthetic_data_is_seeded_unit_vectors():
    a, b = synthetic.synthetic(500, seed=3), synthetic.synthetic(500, seed=3)
    assert a.dtype == np.float32 and a.shape == (500, 384) and np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1, atol=1e-5)
    q = synthetic.perturbed_queries(a, 20, seed=4)
    assert np.allclose(np.linalg.norm(q, axis=1), 1, atol=1e-5)
    assert (q @ a.T).max() < 0.99  # near stored vectors, not copies of them


def test_exact_top_k_is_the_same_in_chunks(monkeypatch):
    data = synthetic.synthetic(300, seed=1)
    queries = synthetic.perturbed_queries(data, 15, seed=2)
    whole = np.argsort(-(queries @ data.T), axis=1)[:, :10]
    monkeypatch.setattr(synthetic, "CHUNK", 37)  # many chunks, none a multiple of k
    assert np.array_equal(synthetic.exact_top_k(data, queries), whole)


def test_flat_faiss_store_search_equals_numpy_brute_force():
    data = synthetic.synthetic(3000, seed=0)
    queries = synthetic.perturbed_queries(data, 30, seed=1)
    ids, meta = synthetic.segment_rows(len(data))
    assert set(meta[0]) == {"chunk_id", "doc_id", "section"}
    store = FaissStore(make_faiss(data, "flat"), ids, meta)
    truth = synthetic.exact_top_k(data, queries)
    for q, exact in zip(queries, truth):
        hits = store.search(q, 10)
        assert [int(i) for i, _ in hits] == exact.tolist()
        assert np.allclose([s for _, s in hits], data[exact] @ q, atol=1e-5)


def test_merge_keeps_other_backends_and_replaces_rerun_ones(tmp_path):
    path = tmp_path / "scale.json"
    old = {"runs": [{"n": 10, "command": "old", "rows": [{"n": 10, "backend": "milvus_lite", "p50_ms": 9},
                                                         {"n": 10, "backend": "faiss_flat", "p50_ms": 5}]},
                    {"n": 99, "rows": []}]}
    path.write_text(json.dumps(old), encoding="utf-8")
    runs = merge_runs(path, [{"n": 10, "command": "new", "rows": [{"n": 10, "backend": "faiss_flat", "p50_ms": 1}]}])
    assert [r["n"] for r in runs] == [10, 99]
    assert [(r["backend"], r["p50_ms"], r.get("command")) for r in runs[0]["rows"]] == [
        ("faiss_flat", 1, None), ("milvus_lite", 9, "old")]


def test_scale_command_through_the_engine_stores(tmp_path):
    out = tmp_path / "scale.json"
    cmd = [sys.executable, "-m", "bench", "scale", "--sizes", "3000", "--queries", "30",
           "--backends", "faiss_flat,faiss_hnsw", "--json", str(out)]
    done = subprocess.run(cmd, check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| vectors | backend | index |" in done.stdout
    run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    rows = {r["backend"]: r for r in run["rows"]}
    assert run["n"] == 3000 and run["command"].startswith("python -m bench scale --sizes 3000")
    assert {"faiss", "numpy", "python"} <= set(run["environment"]) and len(run["load_before"]["loadavg"]) == 3
    assert rows["faiss_flat"]["recall@10"] == 1.0 and rows["faiss_flat"]["index"] == "FaissStore flat (exact)"
    assert rows["faiss_hnsw"]["recall@10"] >= 0.9
    assert "M=32 efConstruction=200 efSearch=128" in rows["faiss_hnsw"]["index"]  # the engine's Settings
    assert all(r["status"] == "ok" and r["p50_ms"] > 0 and r["rss_delta_mb"] > 0 for r in rows.values())


@pytest.mark.milvus
def test_scale_command_through_milvus_store(tmp_path, capsys):
    out = tmp_path / "scale.json"
    code = bench_main(["scale", "--sizes", "2000", "--queries", "20", "--backends", "milvus_lite",
                       "--json", str(out), "--workdir", str(tmp_path)])
    row = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["rows"][0]
    assert code == 0 and row["status"] == "ok", row
    assert row["count"] == 2000 and row["recall@10"] >= 0.9 and row["index"].startswith("MilvusStore HNSW")
    assert "| 2,000 | milvus_lite |" in capsys.readouterr().out


# ---- the command line ------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["scale", "--sizes", "0"], ["scale", "--sizes", "abc"], ["scale", "--backends", "nosuch"],
    ["scale", "--sizes", "100", "--queries", "200"], ["scale", "--bogus"], ["engine", "--extra"],
    ["engine", "--qa", "/no/such/file.jsonl"], ["load", "--clients", "0"], ["nosuch"],
])
def test_bad_arguments_give_one_line_errors(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        bench_main(argv)
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("python -m bench") and "error: " in err


def test_load_defaults_come_from_the_front_end(capsys):
    args, app_args = build_parser().parse_known_args(["load", "--clients", "2", "--query-cache", "0"])
    assert args.qa == QA and Path(QA).is_file() and app_args == ["--query-cache", "0"]
    with pytest.raises(SystemExit):  # load.main parses through the same front end
        load.main(["--questions", "0"])
    assert capsys.readouterr().err.startswith("python -m bench load: error: argument --questions")


def test_load_question_mix_and_clients():
    mix = load.question_mix(Path(QA))
    assert len(mix) % 5 == 0 and len(mix) >= 50
    clients = [load.client_questions(mix, c, 4, 10) for c in range(4)]
    assert all(len(qs) == 10 for qs in clients) and clients[0] != clients[1]
