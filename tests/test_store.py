"""Store: FAISS against brute force, atomic round trips, and damage detected on load."""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from index.ingest.pipeline import build_index
from index.errors import IndexCorruptError, IndexMissingError
from index.store.directory import FORMAT_VERSION, INDEX_FILES, load_index, save_index
from index.store.faiss_store import make_faiss, stored_vectors


def unit_vectors(n: int, dim: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def clustered_vectors(n: int, dim: int, seed: int = 0) -> np.ndarray:
    """Points around 40 centres: embeddings of real text cluster by topic, uniform noise does not."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((40, dim))
    v = (centres[rng.integers(0, 40, n)] + 0.5 * rng.standard_normal((n, dim))).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def brute_force(data: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(-(queries @ data.T), axis=1, kind="stable")[:, :k]


def test_flat_index_equals_brute_force():
    data, queries = unit_vectors(2000, 48), unit_vectors(20, 48, seed=1)
    scores, ids = make_faiss(data, "flat").search(queries, 10)
    assert (ids == brute_force(data, queries, 10)).all()
    assert np.allclose(scores, np.take_along_axis(queries @ data.T, ids, axis=1), atol=1e-5)


@pytest.mark.parametrize("index_type, min_recall", [("hnsw", 0.95), ("ivf", 0.9)])
def test_approximate_indexes_recall_against_brute_force(index_type, min_recall):
    data, queries = clustered_vectors(3000, 32), clustered_vectors(50, 32, seed=2)
    index = make_faiss(data, index_type)
    if index_type == "hnsw":
        index.hnsw.efSearch = 128
    else:
        index.nprobe = 8
    _, ids = index.search(queries, 10)
    exact = brute_force(data, queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids, exact)])
    assert recall >= min_recall


@pytest.mark.parametrize("index_type", ["flat", "hnsw", "ivf"])
def test_stored_vectors_round_trip(index_type):
    data = clustered_vectors(500, 16)
    assert np.allclose(stored_vectors(make_faiss(data, index_type)), data, atol=1e-6)


def test_save_load_round_trip_with_exact_files(small_settings, fake_encoder):
    report = build_index(small_settings, fake_encoder, progress=False)
    index_dir = Path(small_settings.index_dir)
    assert sorted(p.name for p in index_dir.iterdir()) == sorted(INDEX_FILES)
    assert not [p for p in index_dir.parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name]
    loaded = load_index(index_dir)
    assert len(loaded.chunks) == report.chunks
    assert loaded.zh.count() == sum(len(c.segments) for c in loaded.chunks) == report.encoded
    rows = (index_dir / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    assert "祁连山" in rows[0] + "".join(rows)  # ensure_ascii=False: Chinese stays readable
    assert [json.loads(r)["chunk_id"] for r in rows] == [c.chunk_id for c in loaded.chunks]
    manifest = loaded.manifest
    assert manifest["model"] == fake_encoder.name and manifest["dim"] == 64
    assert manifest["metric"] == "inner_product" and manifest["format_version"] == FORMAT_VERSION == 8
    assert manifest["chunking"] == small_settings.chunking()
    assert {"faiss-cpu", "numpy", "langchain-text-splitters"} <= set(manifest["versions"])
    vectors = stored_vectors(loaded.zh.index)
    assert np.allclose(vectors, fake_encoder.encode_passages([t for c in loaded.chunks for t in c.segments]))
    save_index(index_dir, list(loaded.chunks), manifest, loaded.lexicon,
               {d: list(ts) for d, ts in loaded.outline.items()}, (loaded.zh, loaded.en))
    assert load_index(index_dir).chunks == loaded.chunks


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:40])


def _corrupt_line(path: Path) -> None:
    lines = path.read_bytes().split(b"\n")
    lines[1] = lines[1][:10] + b"\xff\xfe" + lines[1][12:]
    path.write_bytes(b"\n".join(lines))


@pytest.mark.parametrize("file, damage, message", [
    ("index.faiss", _truncate, r"index\.faiss: damaged FAISS file"),
    ("index.faiss", os.remove, r"index\.faiss: missing"),
    ("chunks.jsonl", _corrupt_line, r"chunks\.jsonl: line 2 is damaged"),
    ("chunks.jsonl", lambda p: p.write_text(p.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8"),
     r"chunks\.jsonl has \d+ chunks with \d+ segments, manifest \d+ chunks"),
    ("manifest.json", os.remove, r"manifest\.json: missing"),
    ("manifest.json", lambda p: p.write_text("{", encoding="utf-8"), r"manifest\.json: unreadable"),
    ("lexicon.json", os.remove, r"lexicon\.json: missing"),
    ("lexicon.json", lambda p: p.write_text("[]", encoding="utf-8"), r"lexicon\.json: not a lexicon"),
])
def test_damage_is_detected_and_named(small_settings, fake_encoder, file, damage, message):
    build_index(small_settings, fake_encoder, progress=False)
    damage(Path(small_settings.index_dir) / file)
    with pytest.raises(IndexCorruptError, match=message + r".*rebuild with: python -m index build"):
        load_index(small_settings.index_dir)


def _rename_a_unit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "林草局" in text
    path.write_text(text.replace("林草局", "林业局", 1), encoding="utf-8")


def _shift_a_line_number(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[0]["spans"][0]["line_start"] += 1
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.mark.parametrize("edit", [_rename_a_unit, _shift_a_line_number])
def test_a_well_formed_edit_is_refused_by_its_sha256(small_settings, fake_encoder, edit):
    build_index(small_settings, fake_encoder, progress=False)
    manifest = json.loads((Path(small_settings.index_dir) / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == set(INDEX_FILES) - {"manifest.json"}
    assert all(len(v) == 64 for v in manifest["files"].values())
    edit(Path(small_settings.index_dir) / "chunks.jsonl")
    with pytest.raises(IndexCorruptError, match=r"chunks\.jsonl: sha256 differs from manifest\.json.*"
                                                r"rebuild with: python -m index build"):
        load_index(small_settings.index_dir)


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(IndexMissingError, match=r"no index at .*; build it with: python -m index build"):
        load_index(tmp_path / "none")
