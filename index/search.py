"""Search: validate the query, encode it, search FAISS, drop near-duplicates, return `Hit`s.

`open_searcher` loads the model and the index once; the index is checked against the current
settings and corpus, and either rebuilt (the app) or refused with the reason (the CLI).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .encoders import Encoder, encoder_name, load_encoder
from .errors import IndexCorruptError, IndexMissingError, IndexStaleError, QueryError
from .ingest import read_corpus
from .pipeline import build_index, corpus_fingerprint
from .lexical import Bm25, tokenize, top_k
from .rank import drop_near_duplicates
from .settings import Settings
from .store import FORMAT_VERSION, StoredIndex, load_index, read_manifest, tune
from .textnorm import squash_space, strip_control
from .types import Hit

CANDIDATE_FACTOR = 3  # candidates fetched per requested hit, to survive near-duplicate removal
SEGMENTS_PER_CHUNK = 6  # segment rows searched per candidate chunk (a chunk has ~3 sentences)


def clean_query(query: object, max_chars: int) -> str:
    """The query with control characters removed and whitespace collapsed; typed errors otherwise."""
    if not isinstance(query, str):
        raise QueryError(f"query must be text, got {type(query).__name__}")
    text = squash_space(strip_control(query))
    if not text:
        raise QueryError("query is empty; type a question in Chinese or English")
    if len(text) > max_chars:
        raise QueryError(f"query is {len(text)} characters, the limit is {max_chars}; shorten it")
    return text


def check_k(k: object, max_k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= max_k:
        raise QueryError(f"k={k!r} is out of range: must be an integer from 1 to {max_k}")
    return int(k)


@dataclass
class Searcher:
    """A loaded index plus its encoder. Thread-compatible for reads; built once per process."""

    index: StoredIndex
    encoder: Encoder
    settings: Settings

    def __post_init__(self) -> None:
        tune(self.index.faiss_index, self.settings.hnsw_ef_search, self.settings.ivf_nprobe)
        self._titles = {d["doc_id"]: d["title"] for d in self.index.manifest["corpus"]["documents"]}
        self._texts = [c.text for c in self.index.chunks]
        self._row_chunk = np.repeat(np.arange(len(self.index.chunks)),
                                    [len(c.segments) for c in self.index.chunks])

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        """Top-k distinct chunks for `query`, best first."""
        k = check_k(self.settings.k if k is None else k, self.settings.max_k)
        text = clean_query(query, self.settings.max_query_chars)
        n = min(len(self.index.chunks), k * CANDIDATE_FACTOR + 10)
        scores = self.bm25_rank(text, n) if self.settings.retrieval == "bm25" else self.dense_rank(text, n)
        kept = drop_near_duplicates(list(scores), self._texts, k)
        return [self._hit(rank, i, scores[i]) for rank, i in enumerate(kept, 1)]

    def dense_rank(self, text: str, n: int) -> dict[int, float]:
        """The n best chunks by their best segment's cosine similarity, as {chunk: score} in rank order."""
        vector = self.encoder.encode_queries([text]).astype(np.float32)
        depth = min(self.index.faiss_index.ntotal, n * SEGMENTS_PER_CHUNK)
        scores, rows = self.index.faiss_index.search(vector, depth)
        best: dict[int, float] = {}
        for row, score in zip(rows[0], scores[0]):
            if row >= 0:
                best.setdefault(int(self._row_chunk[row]), float(score))  # rows come best first
        return dict(list(best.items())[:n])

    def bm25_rank(self, text: str, n: int) -> dict[int, float]:
        """The n best chunks by jieba BM25, as {row: score} in rank order."""
        scores = self.bm25.scores(tokenize(text))
        return {i: float(scores[i]) for i in top_k(scores, n)}

    @cached_property
    def bm25(self) -> Bm25:
        return Bm25.build([tokenize(c.lexical_text) for c in self.index.chunks])

    def _hit(self, rank: int, i: int, score: float) -> Hit:
        chunk = self.index.chunks[i]
        return Hit(rank, score, chunk, self._titles.get(chunk.doc_id, chunk.doc_id))


def stale_reasons(manifest: dict, settings: Settings) -> list[str]:
    """Why an index built as `manifest` does not serve `settings` and the current corpus."""
    reasons = []
    if manifest.get("format_version") != FORMAT_VERSION:
        reasons.append(f"format version {manifest.get('format_version')}, this program reads {FORMAT_VERSION}")
    want_model = encoder_name(settings.model)
    if manifest.get("model") != want_model:
        reasons.append(f"built with model {manifest.get('model')}, settings ask for {want_model}")
    for key, value in settings.chunking().items():
        if manifest.get("chunking", {}).get(key) != value:
            reasons.append(f"built with {key}={manifest.get('chunking', {}).get(key)}, settings ask for {value}")
    if manifest.get("index_type") != settings.index_type:
        reasons.append(f"index type {manifest.get('index_type')}, settings ask for {settings.index_type}")
    reasons += corpus_changes(manifest, settings.corpus)
    return reasons


def corpus_changes(manifest: dict, corpus_dir: str) -> list[str]:
    """Documents added, removed or edited since the index was built."""
    corpus = read_corpus(corpus_dir)
    if manifest.get("corpus", {}).get("fingerprint") == corpus_fingerprint(corpus):
        return []
    old = {d["doc_id"]: d["sha256"] for d in manifest.get("corpus", {}).get("documents", [])}
    new = {d.doc_id: d.sha256 for d in corpus.documents}
    changes = [f"{i} added" for i in new if i not in old] + [f"{i} removed" for i in old if i not in new]
    changes += [f"{i} changed" for i in new if i in old and old[i] != new[i]]
    return [f"corpus changed ({', '.join(changes) or 'document metadata edited'})"]


def open_searcher(settings: Settings, rebuild: bool = False, encoder: Encoder | None = None,
                  progress: bool = True) -> Searcher:
    """Load model and index once. A missing, damaged or stale index is rebuilt when `rebuild`,
    else refused with the reason and the command that rebuilds it."""
    encoder = encoder or load_encoder(settings.model, settings.query_prefix, settings.passage_prefix)
    try:
        reasons = stale_reasons(read_manifest(settings.index_dir), settings)
        if reasons:
            raise IndexStaleError(settings.index_dir, reasons)
        return Searcher(load_index(settings.index_dir), encoder, settings)
    except (IndexMissingError, IndexCorruptError, IndexStaleError):
        if not rebuild:
            raise
    build_index(settings, encoder, progress=progress)
    return Searcher(load_index(settings.index_dir), encoder, settings)
