"""Store: an index is a directory holding `index.faiss`, `chunks.jsonl` and `manifest.json`.

With `--store milvus` the vectors live in Milvus collections instead of the two FAISS files, and
`manifest.json` names them; the rest of the directory is the same. The engine reaches vectors only
through the `vectors.VectorStore` protocol.

`index_en.faiss` holds one vector per translated segment (English reference translation), in the
same chunk order. `lexicon.json` holds the English→Chinese bridge built from the glossary and CC-CEDICT.
`index.faiss` holds one vector per embedded segment (a sentence, or a piece of an over-long one),
in `chunks.jsonl` order: chunk i owns the next `len(segments)` rows. Retrieval scores a chunk by
its best segment, which on this scrambled corpus beats one vector per chunk (docs/design.md).

`manifest.json` records a sha256 of every other file, checked on every load.
Writes are atomic (build in a sibling temporary directory, then rename); what a killed build leaves
behind is tidied by `recover`. Loads verify that the files agree with each other and name the
damaged file when they do not.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from ..errors import IndexCorruptError, IndexMissingError
from ..types import Chunk, Task
from .faiss_store import FaissStore
from .vectors import VectorStore, segment_rows

FORMAT_VERSION = 8  # 4: manifest.json holds a sha256 per file; 5: outline.json, chunks carry their task;
# 6: spans carry their page, documents their format, encoding and page count; 7: tasks carry gap_line;
# 8: notes carry responsible units, persons, deadline and their own span (clean documents: ingest/layout)
FAISS_FILE, CHUNKS_FILE, MANIFEST_FILE = "index.faiss", "chunks.jsonl", "manifest.json"
LEXICON_FILE, FAISS_EN_FILE, OUTLINE_FILE = "lexicon.json", "index_en.faiss", "outline.json"
UNIT_VECTORS_FILE = "unit_vectors.npz"   # what the outline recovery read, by text hash, for the next build
INDEX_FILES = (FAISS_FILE, FAISS_EN_FILE, CHUNKS_FILE, LEXICON_FILE, OUTLINE_FILE, UNIT_VECTORS_FILE, MANIFEST_FILE)
METRIC = "inner_product"


@dataclass(frozen=True)
class StoredIndex:
    """A loaded index: the chunks, the manifest, the lexicon, and the stores of Chinese segment
    vectors (`zh`) and of English reference-translation segment vectors (`en`)."""

    path: str
    chunks: tuple[Chunk, ...]
    manifest: dict
    lexicon: dict
    zh: VectorStore
    en: VectorStore
    outline: dict[str, tuple[Task, ...]] = field(default_factory=dict)   # doc_id → its tasks and parts


def save_index(index_dir: str | Path, chunks: list[Chunk], manifest: dict, lexicon: dict,
               outline: dict[str, list[Task]], stores: tuple[FaissStore, FaissStore] | None = None,
               unit_vectors: dict[str, np.ndarray] | None = None) -> None:
    """Write the files into a temporary sibling, then swap it into place; `stores` are the FAISS
    stores (zh, en) to write, None when the vectors live in Milvus; `unit_vectors` are the vectors
    the outline recovery read (by text hash), kept so that the next build need not encode them."""
    target = Path(index_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        if stores is not None:
            stores[0].save(str(tmp / FAISS_FILE))
            stores[1].save(str(tmp / FAISS_EN_FILE))
        _write_text(tmp / CHUNKS_FILE, "".join(
            json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in chunks))
        _write_text(tmp / LEXICON_FILE, json.dumps(lexicon, ensure_ascii=False) + "\n")
        stored = {"documents": {d: [t.to_dict() for t in ts] for d, ts in outline.items()}}
        _write_text(tmp / OUTLINE_FILE, json.dumps(stored,
                                                   ensure_ascii=False, indent=1) + "\n")
        _write_unit_vectors(tmp / UNIT_VECTORS_FILE, unit_vectors or {})
        manifest = {**manifest, "files": {p.name: file_sha256(p) for p in sorted(tmp.iterdir())}}
        _write_text(tmp / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        _fsync_dir(tmp)
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        _fsync_dir(target.parent)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def _write_unit_vectors(path: Path, vectors: dict[str, np.ndarray]) -> None:
    keys = sorted(vectors)
    rows = np.stack([vectors[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, 0), np.float32)
    with open(path, "wb") as f:
        np.savez(f, keys=np.array(keys, dtype=str), vectors=rows)
        f.flush()
        os.fsync(f.fileno())


def stored_unit_vectors(index_dir: str | Path) -> dict[str, np.ndarray]:
    """The outline's unit vectors an index directory holds, by text hash; {} when absent (an index
    built before they were kept) or unreadable. The caller checks the model."""
    try:
        with np.load(Path(index_dir) / UNIT_VECTORS_FILE) as data:
            return dict(zip(data["keys"].tolist(), data["vectors"]))
    except (OSError, ValueError, KeyError):
        return {}


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify_files(index_dir: str | Path, manifest: dict) -> None:
    """Every file the manifest lists is present with the recorded sha256: an edit that leaves a
    file well-formed (a unit renamed in chunks.jsonl, a line number altered) is refused too."""
    for name, want in manifest.get("files", {}).items():
        path = Path(index_dir) / name
        if not path.exists():
            raise IndexCorruptError(f"{path}: missing; {_fix(index_dir)}")
        if file_sha256(path) != want:
            raise IndexCorruptError(f"{path}: sha256 differs from manifest.json (the file was changed after "
                                    f"the build); {_fix(index_dir)}")


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
        raise IndexMissingError(f"no index at {index_dir}; "
                                f"build it with: python -m index build --index-dir {index_dir}")
    return _read_json(Path(index_dir) / MANIFEST_FILE, "format_version", "an index manifest")


def load_index(index_dir: str | Path, hnsw_ef_search: int = 128, ivf_nprobe: int = 16) -> StoredIndex:
    """Read and cross-check the files of an index directory (and its Milvus collections)."""
    manifest = read_manifest(index_dir)
    chunks = read_chunks(Path(index_dir) / CHUNKS_FILE)
    segments = sum(len(c.segments) for c in chunks)
    counts = manifest.get("counts", {})
    if counts.get("segments") != segments or counts.get("chunks") != len(chunks):
        raise IndexCorruptError(f"{index_dir}: {CHUNKS_FILE} has {len(chunks)} chunks with {segments} segments, "
                                f"manifest {counts.get('chunks')} chunks with {counts.get('segments')}; "
                                f"{_fix(index_dir)}")
    lexicon = _read_json(Path(index_dir) / LEXICON_FILE, "entries", "a lexicon")
    if manifest.get("store", {}).get("kind", "faiss") == "milvus":
        zh, en = _open_milvus(index_dir, manifest)
    else:
        zh = _faiss_store(Path(index_dir) / FAISS_FILE, chunks, False, manifest, hnsw_ef_search, ivf_nprobe)
        en = _faiss_store(Path(index_dir) / FAISS_EN_FILE, chunks, True, manifest, hnsw_ef_search, ivf_nprobe)
    english = sum(1 for c in chunks for t in c.segments_en if t)
    for name, store, want in (("Chinese", zh, segments), ("English", en, english)):
        if store.count() != want:
            raise IndexCorruptError(f"{index_dir}: the {name} vector store has {store.count()} vectors, {CHUNKS_FILE} "
                                    f"{want} segments; {_fix(index_dir)}")
    outline = read_outline(Path(index_dir) / OUTLINE_FILE, chunks)
    verify_files(index_dir, manifest)  # last: the checks above name the damage more precisely
    return StoredIndex(str(index_dir), tuple(chunks), manifest, lexicon, zh, en, outline)


def stored_outline(index_dir: str | Path) -> dict[str, tuple[Task, ...]]:
    """The outline an index directory holds, unchecked, for reuse by the next build; {} when absent
    or unreadable (the build then recovers it again)."""
    try:
        data = json.loads((Path(index_dir) / OUTLINE_FILE).read_text(encoding="utf-8"))
        return {d: tuple(Task.from_dict(t) for t in ts) for d, ts in data["documents"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def read_outline(path: Path, chunks: list[Chunk]) -> dict[str, tuple[Task, ...]]:
    """The recovered outline of every document; every chunk's task must be in it."""
    data = _read_json(path, "documents", "an outline")
    try:
        outline = {d: tuple(Task.from_dict(t) for t in ts) for d, ts in data["documents"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise IndexCorruptError(f"{path}: damaged ({type(e).__name__}); {_fix(path.parent)}") from None
    known = {(d, t.task_id) for d, ts in outline.items() for t in ts}
    lost = [c.chunk_id for c in chunks if c.task_id and (c.doc_id, c.task_id) not in known]
    if lost:
        raise IndexCorruptError(f"{path}: no task for chunk {lost[0]} (and {len(lost) - 1} more); {_fix(path.parent)}")
    return outline


def _faiss_store(path: Path, chunks: list[Chunk], english: bool, manifest: dict, ef_search: int,
                 nprobe: int) -> FaissStore:
    index = _read_faiss(path)
    if index.d != manifest.get("dim"):
        raise IndexCorruptError(f"{path}: dim {index.d}, manifest says {manifest.get('dim')}; {_fix(path.parent)}")
    ids, _, meta = segment_rows(chunks, english)
    if index.ntotal != len(ids):
        raise IndexCorruptError(f"{path}: {index.ntotal} vectors, {CHUNKS_FILE} {len(ids)} segments; "
                                f"{_fix(path.parent)}")
    return FaissStore(index, ids, meta, ef_search, nprobe)


def _open_milvus(index_dir: str | Path, manifest: dict) -> tuple[VectorStore, VectorStore]:
    from .milvus_store import MilvusStore

    store = manifest["store"]
    return tuple(MilvusStore(store["uri"], store["collections"][lang], manifest["dim"]) for lang in ("zh", "en"))


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
