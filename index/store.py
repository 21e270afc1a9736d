"""Store: an index is a directory holding `index.faiss`, `chunks.jsonl` and `manifest.json`.

`index_en.faiss` holds one vector per translated segment (English reference translation), in the
same chunk order. `lexicon.json` holds the English→Chinese bridge built from the glossary and CC-CEDICT.
`index.faiss` holds one vector per embedded segment (a sentence, or a piece of an over-long one),
in `chunks.jsonl` order: chunk i owns the next `len(segments)` rows. Retrieval scores a chunk by
its best segment, which on this scrambled corpus beats one vector per chunk (see README).

Writes are atomic (build in a sibling temporary directory, then rename); what a killed build leaves
behind is tidied by `recover`. Loads verify that the files agree with each other and name the
damaged file when they do not.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from .errors import IndexCorruptError, IndexMissingError
from .types import Chunk

FORMAT_VERSION = 3
FAISS_FILE, CHUNKS_FILE, MANIFEST_FILE = "index.faiss", "chunks.jsonl", "manifest.json"
LEXICON_FILE, FAISS_EN_FILE = "lexicon.json", "index_en.faiss"
INDEX_FILES = (FAISS_FILE, FAISS_EN_FILE, CHUNKS_FILE, LEXICON_FILE, MANIFEST_FILE)
METRIC = "inner_product"


@dataclass(frozen=True)
class StoredIndex:
    """A loaded index directory: the FAISS index over segments, the chunks and the manifest."""

    path: str
    faiss_index: faiss.Index
    chunks: tuple[Chunk, ...]
    manifest: dict
    lexicon: dict
    faiss_en: faiss.Index


def make_faiss(vectors: np.ndarray, index_type: str = "flat", hnsw_m: int = 32,
               hnsw_ef_construction: int = 200) -> faiss.Index:
    """Inner-product index over unit vectors (= cosine).

    Flat is exact and, at 384 dims, costs about what the query encoder costs up to ~100k segments
    (~20 ms on 2 cores, README); beyond that switch to HNSW (~2 ms, +18% memory, recall@10 ≈ 0.96
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


def tune(index: faiss.Index, hnsw_ef_search: int, ivf_nprobe: int) -> None:
    """Apply query-time parameters, which FAISS does not persist."""
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = hnsw_ef_search
    elif isinstance(index, faiss.IndexIVF):
        index.nprobe = ivf_nprobe


def stored_vectors(index: faiss.Index) -> np.ndarray:
    """All vectors of an index, in row order (used to reuse embeddings across builds)."""
    if isinstance(index, faiss.IndexIVF):
        index.make_direct_map()
    return index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)


def save_index(index_dir: str | Path, index: faiss.Index, chunks: list[Chunk], manifest: dict,
               lexicon: dict, index_en: faiss.Index) -> None:
    """Write the three files into a temporary sibling, then swap it into place."""
    target = Path(index_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        faiss.write_index(index, str(tmp / FAISS_FILE))
        faiss.write_index(index_en, str(tmp / FAISS_EN_FILE))
        _write_text(tmp / CHUNKS_FILE, "".join(
            json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in chunks))
        _write_text(tmp / LEXICON_FILE, json.dumps(lexicon, ensure_ascii=False) + "\n")
        _write_text(tmp / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        _fsync_dir(tmp)
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        _fsync_dir(target.parent)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def recover(index_dir: str | Path) -> None:
    """Tidy up after a build that was killed: put back an index it had moved aside for the swap
    (the only moment the index path is briefly absent), and delete its half-written directory."""
    target = Path(index_dir)
    leftovers = sorted((p for kind in ("tmp", "old") for p in target.parent.glob(f".{target.name}.{kind}-*")
                        if not _pid_alive(p.name.rsplit("-", 1)[-1])), key=lambda p: p.stat().st_mtime)
    moved_aside = [p for p in leftovers if ".old-" in p.name]
    if not target.exists() and moved_aside:
        moved_aside[-1].rename(target)
        leftovers.remove(moved_aside[-1])
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


def _pid_alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (ValueError, PermissionError):
        return True  # not ours to judge: leave it alone
    return True


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fix(index_dir: str | Path) -> str:
    return f"rebuild with: python -m index build --index-dir {index_dir}"


def _read_json(path: Path, required_key: str, what: str) -> dict:
    """A JSON object file of the index, with `required_key`; damage is named with the fix."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexCorruptError(f"{path}: missing; {_fix(path.parent)}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise IndexCorruptError(f"{path}: unreadable ({type(e).__name__}); {_fix(path.parent)}") from None
    if not isinstance(data, dict) or required_key not in data:
        raise IndexCorruptError(f"{path}: not {what}; {_fix(path.parent)}")
    return data


def read_manifest(index_dir: str | Path) -> dict:
    """The manifest alone (cheap): raises when the index is missing or the manifest unreadable."""
    recover(index_dir)
    if not Path(index_dir).is_dir():
        raise IndexMissingError(f"no index at {index_dir}; build it with: python -m index build --index-dir {index_dir}")
    return _read_json(Path(index_dir) / MANIFEST_FILE, "format_version", "an index manifest")


def load_index(index_dir: str | Path) -> StoredIndex:
    """Read and cross-check the files of an index directory."""
    manifest = read_manifest(index_dir)
    index = _read_faiss(Path(index_dir) / FAISS_FILE)
    chunks = read_chunks(Path(index_dir) / CHUNKS_FILE)
    segments = sum(len(c.segments) for c in chunks)
    counts = manifest.get("counts", {})
    if index.ntotal != segments or counts.get("segments") != segments or counts.get("chunks") != len(chunks):
        raise IndexCorruptError(f"{index_dir}: {FAISS_FILE} has {index.ntotal} vectors, {CHUNKS_FILE} "
                                f"{len(chunks)} chunks with {segments} segments, manifest "
                                f"{counts.get('chunks')} chunks with {counts.get('segments')}; {_fix(index_dir)}")
    if index.d != manifest.get("dim"):
        raise IndexCorruptError(f"{index_dir}: {FAISS_FILE} has dim {index.d}, manifest says "
                                f"{manifest.get('dim')}; {_fix(index_dir)}")
    index_en = _read_faiss(Path(index_dir) / FAISS_EN_FILE)
    english = sum(1 for c in chunks for t in c.segments_en if t)
    if index_en.ntotal != english:
        raise IndexCorruptError(f"{index_dir}: {FAISS_EN_FILE} has {index_en.ntotal} vectors, {CHUNKS_FILE} "
                                f"{english} translated segments; {_fix(index_dir)}")
    lexicon = _read_json(Path(index_dir) / LEXICON_FILE, "entries", "a lexicon")
    return StoredIndex(str(index_dir), index, tuple(chunks), manifest, lexicon, index_en)


def _read_faiss(path: Path) -> faiss.Index:
    if not path.exists():
        raise IndexCorruptError(f"{path}: missing; {_fix(path.parent)}")
    try:
        return faiss.read_index(str(path))
    except RuntimeError as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else "unreadable"
        raise IndexCorruptError(f"{path}: damaged FAISS file ({first[:120]}); {_fix(path.parent)}") from None


def read_chunks(path: Path) -> list[Chunk]:
    """Parse `chunks.jsonl`, naming the line of any damage."""
    if not path.exists():
        raise IndexCorruptError(f"{path}: missing; {_fix(path.parent)}")
    chunks = []
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            try:
                chunks.append(Chunk.from_dict(json.loads(raw.decode("utf-8"))))
            except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
                raise IndexCorruptError(f"{path}: line {n} is damaged ({type(e).__name__}); "
                                        f"{_fix(path.parent)}") from None
    return chunks
