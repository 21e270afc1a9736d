"""Search: validate the query, rank chunks (dense, BM25 or both fused), drop near-duplicates.

Dense scores a chunk by its best sentence. BM25 runs on jieba tokens; an English question reaches
the Chinese text through the glossary/dictionary bridge. The legs are fused (RRF or weighted), and
optionally re-scored by best-sentence similarity.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import faiss
import numpy as np

from .bridge import Lexicon
from .encoders import Encoder
from .errors import QueryError
from .lexical import Bm25, tokenize, top_k
from .rank import blend, drop_near_duplicates, rrf, weighted_sum
from .settings import Settings
from .store import StoredIndex, tune
from .textnorm import detect_lang, squash_space, strip_control
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


@dataclass(frozen=True)
class Result:
    """Hits for one query, with the signals the "not found" decision reads."""

    query: str
    lang: str
    hits: list[Hit]
    best_sentence: float   # cosine of the best sentence in the top hit (dense), or 0
    query_vector: np.ndarray | None


@dataclass
class Searcher:
    """A loaded index plus its encoder, built once per process. Reads only: safe to share."""

    index: StoredIndex
    encoder: Encoder
    settings: Settings

    def __post_init__(self) -> None:
        tune(self.index.faiss_index, self.settings.hnsw_ef_search, self.settings.ivf_nprobe)
        if isinstance(self.index.faiss_index, faiss.IndexIVF):
            self.index.faiss_index.make_direct_map()  # for reconstructing sentence vectors
        self._titles = {d["doc_id"]: d["title"] for d in self.index.manifest["corpus"]["documents"]}
        self._texts = [c.text for c in self.index.chunks]
        sizes = [len(c.segments) for c in self.index.chunks]
        self._row_chunk = np.repeat(np.arange(len(sizes)), sizes)
        self._first_row = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        self._terms = frozenset(self.index.lexicon.get("terms", ()))
        self._lexicon = Lexicon.from_json(self.index.lexicon["entries"])

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        """Top-k distinct chunks for `query`, best first."""
        return self.retrieve(query, k).hits

    def retrieve(self, query: str, k: int | None = None) -> Result:
        k = check_k(self.settings.k if k is None else k, self.settings.max_k)
        text = clean_query(query, self.settings.max_query_chars)
        lang = detect_lang(text)
        n = min(len(self.index.chunks), k * CANDIDATE_FACTOR + 10)
        mode = self.settings.retrieval
        vector = self.encoder.encode_queries([text])[0].astype(np.float32) if mode != "bm25" else None
        legs = {}
        if vector is not None:
            legs["dense"] = self.dense_rank(vector, n)
        if mode != "dense":
            legs["bm25"] = self.bm25_rank(text, lang, n)
        scores = self._fuse(legs) if len(legs) > 1 else next(iter(legs.values()))
        if vector is not None and self.settings.rescore > 0:
            scores = blend(scores, self.best_sentence(vector, list(scores)), self.settings.rescore)
        kept = drop_near_duplicates(list(scores), self._texts, k)
        hits = [self._hit(rank, i, scores[i]) for rank, i in enumerate(kept, 1)]
        best = self.best_sentence(vector, kept[:1]).get(kept[0], 0.0) if vector is not None and kept else 0.0
        return Result(text, lang, hits, best, vector)

    def _fuse(self, legs: dict[str, dict[int, float]]) -> dict[int, float]:
        w = self.settings.lexical_weight
        weights = {"bm25": w, "dense": 1 - w}
        if self.settings.fusion == "rrf":
            return rrf(legs, {name: 2 * v for name, v in weights.items()}, self.settings.rrf_k)
        return weighted_sum(legs, weights)

    def dense_rank(self, vector: np.ndarray, n: int) -> dict[int, float]:
        """The n best chunks by their best segment's cosine similarity, as {chunk: score} in rank order."""
        depth = min(self.index.faiss_index.ntotal, n * SEGMENTS_PER_CHUNK)
        scores, rows = self.index.faiss_index.search(vector.reshape(1, -1), depth)
        best: dict[int, float] = {}
        for row, score in zip(rows[0], scores[0]):
            if row >= 0:
                best.setdefault(int(self._row_chunk[row]), float(score))  # rows come best first
        return dict(list(best.items())[:n])

    def bm25_rank(self, text: str, lang: str, n: int) -> dict[int, float]:
        """The n best chunks by jieba BM25; English questions add their bridged Chinese terms."""
        query = self.lexical_query(text, lang)
        scores = self.bm25.scores(query)
        return {i: float(scores[i]) for i in top_k(scores, n)}

    def lexical_query(self, text: str, lang: str) -> dict[str, float]:
        """Query tokens with weights: the text's own tokens, plus bridged terms for English."""
        query = {t: 1.0 for t in tokenize(text, self._terms)}
        if lang == "en" and self.settings.bridge:
            for term, weight in self._lexicon.translate(text):
                for t in tokenize(term, self._terms):
                    query[t] = max(query.get(t, 0.0), weight)
        return query

    def best_sentence(self, vector: np.ndarray, chunks: list[int]) -> dict[int, float]:
        """For each chunk, the cosine of its best-matching segment (sentence) with the query."""
        out = {}
        for i in chunks:
            rows = np.arange(self._first_row[i], self._first_row[i + 1])
            if len(rows):
                out[i] = float(np.max(self.index.faiss_index.reconstruct_batch(rows) @ vector))
        return out

    @cached_property
    def bm25(self) -> Bm25:
        return Bm25.build([tokenize(c.lexical_text, self._terms) for c in self.index.chunks])

    def _hit(self, rank: int, i: int, score: float) -> Hit:
        chunk = self.index.chunks[i]
        return Hit(rank, score, chunk, self._titles.get(chunk.doc_id, chunk.doc_id))
