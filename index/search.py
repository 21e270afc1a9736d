"""Search: validate the query, rank chunks (dense, BM25 or both fused), drop near-duplicates.

Dense scores a chunk by its best sentence. BM25 runs on jieba tokens; an English question reaches
the Chinese text through the glossary/dictionary bridge. The legs are fused (RRF or weighted), and
optionally re-scored by best-sentence similarity.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bridge import Lexicon
from .cache import LruCache
from .encoders import Encoder
from .errors import QueryError
from .lexical import Bm25, Segmenter, english_tokens, top_k
from .rank import blend, drop_near_duplicates, rrf, weighted_sum
from .settings import Settings
from .store import StoredIndex
from .vectors import VectorStore, Where, segment_rows
from .textnorm import detect_lang, shingles, squash_space, strip_control
from .answer import TOP_PASSAGES, Answer, AnswerSentence, asks_who_leads, choose, highlights, sentence_score
from .types import Hit, Responsibility
from .verdict import bigrams, decide, unseen_bigrams

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
    """Hits for one query, whether the documents seem to answer it, and the signals behind that."""

    query: str
    lang: str
    hits: list[Hit]
    found: bool | None              # None: no verdict (BM25 alone gives no calibrated signal)
    features: tuple[float, ...]     # see verdict.FEATURES
    query_vector: np.ndarray | None
    lexical: dict[str, float]       # the weighted BM25 query (own tokens plus bridged terms)


@dataclass
class Searcher:
    """A loaded index plus its encoder, built once per process. Queries keep no state here."""

    index: StoredIndex
    encoder: Encoder
    settings: Settings

    def __post_init__(self) -> None:
        self._titles = {d["doc_id"]: d["title"] for d in self.index.manifest["corpus"]["documents"]}
        self._shingles = [shingles(c.text) for c in self.index.chunks]
        self._row_of = {c.chunk_id: i for i, c in enumerate(self.index.chunks)}
        self._segment_ids = {lang: self._ids_by_chunk(english) for lang, english in (("zh", False), ("en", True))}
        self._sizes = {"zh": self.index.zh.count(), "en": self.index.en.count()}
        lexicon = self.index.lexicon
        self.segmenter = Segmenter(lexicon.get("jieba"), frozenset(lexicon.get("terms", ())))
        self._lexicon = Lexicon.from_json(lexicon["entries"])
        self.bm25 = Bm25.build([self.segmenter.tokenize(c.lexical_text) for c in self.index.chunks])
        self._bigrams = set().union(*(bigrams(c.lexical_text) for c in self.index.chunks))
        self._segment_tokens = {t: self.segmenter.tokenize(t) for c in self.index.chunks for t in c.segments}
        self.bm25_en = Bm25.build([english_tokens(c.text_en) for c in self.index.chunks])
        self.query_vectors: LruCache[str, np.ndarray] = LruCache(self.settings.query_cache)

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        """Top-k distinct chunks for `query`, best first."""
        return self.retrieve(query, k).hits

    def retrieve(self, query: str, k: int | None = None, doc_ids: set[str] | None = None) -> Result:
        """Ranked, de-duplicated hits with the "not found" verdict; `doc_ids` restricts documents."""
        k = check_k(self.settings.k if k is None else k, self.settings.max_k)
        text = clean_query(query, self.settings.max_query_chars)
        lang = detect_lang(text)
        # the vector stores filter by document as they search; BM25 ranks every chunk, then filters
        n = len(self.index.chunks) if doc_ids else min(len(self.index.chunks), k * CANDIDATE_FACTOR + 10)
        mode = self.settings.retrieval
        vector = self.query_vectors.get(text, self._encode) if mode != "bm25" else None
        tokens = self.segmenter.tokenize(text)
        query = self.lexical_query(text, lang, tokens)
        legs, where = {}, Where(doc_ids=frozenset(doc_ids)) if doc_ids else None
        if vector is not None:
            legs["dense"] = self.dense_rank(vector, n, where=where)
        if mode != "dense":
            legs["bm25"] = self.bm25_rank(query, n)
        if lang == "en" and self.uses_translation:
            if vector is not None:
                legs["dense_en"] = self.dense_rank(vector, n, english=True, where=where)
            if mode != "dense":
                scores_en = self.bm25_en.scores({t: 1.0 for t in english_tokens(text)})
                legs["bm25_en"] = {i: float(scores_en[i]) for i in top_k(scores_en, n)}
        scores = self._fuse(legs) if len(legs) > 1 else next(iter(legs.values()))
        if vector is not None and self.settings.rescore > 0:
            scores = blend(scores, self.best_sentence(vector, list(scores)), self.settings.rescore)
        if doc_ids:
            scores = {i: v for i, v in scores.items() if self.index.chunks[i].doc_id in doc_ids}
        kept = drop_near_duplicates(list(scores), self._shingles, max(k, 2))
        hits = [self._hit(rank, i, scores[i]) for rank, i in enumerate(kept, 1)]
        features = self.signals(text, query, vector, kept, scores)
        found = decide(lang, features) if vector is not None else None  # no dense signal, no verdict
        return Result(text, lang, hits[:k], found, features, vector, query)

    def _encode(self, text: str) -> np.ndarray:
        vector = self.encoder.encode_queries([text])[0].astype(np.float32)
        vector.flags.writeable = False  # shared by every request that hits the cache
        return vector

    def ask(self, question: str, k: int | None = None) -> Answer:
        """The best answer sentences from the top passages, with numbered citations."""
        return self.answer(self.retrieve(question, k))

    def answer(self, result: Result) -> Answer:
        """The answer drawn from an already retrieved result."""
        scored, idf = [], self._idf(result.lexical)
        who = asks_who_leads(result.query)
        query_en = {t: 1.0 for t in english_tokens(result.query)} if result.lang == "en" else {}
        idf_en = {t: float(self.bm25_en.idf[self.bm25_en.vocab[t]]) for t in query_en if t in self.bm25_en.vocab}
        english = {}
        for h, hit in enumerate(result.hits[:TOP_PASSAGES]):
            notes = {r.text for r in hit.chunk.responsible}
            for text, cosine, text_en in self._sentence_cosines(hit, result.query_vector, result.lang):
                if text in notes and not who:
                    continue  # a (责任单位:…) note answers "who leads", nothing else
                score = sentence_score(cosine, self._segment_tokens[text], result.lexical, idf)
                if text_en and query_en and self.uses_translation:  # the English side may match better
                    score = max(score, sentence_score(cosine, english_tokens(text_en), query_en, idf_en))
                scored.append((score, h, text))
                english[text] = text_en
        chosen = choose(scored)
        cited = list(dict.fromkeys(h for _, h, _ in chosen))
        responsible, source = self._lead_units(result.query, [result.hits[h] for h in cited] + result.hits[:1])
        if source is not None and result.hits.index(source) not in cited:
            cited.append(result.hits.index(source))  # the note's passage is cited too
        terms = list(result.lexical)
        sentences = tuple(AnswerSentence(text, cited.index(h) + 1, highlights(text, terms), english.get(text, ""))
                          for _, h, text in chosen)
        return Answer(result.query, result.lang, result.found is not False, sentences,
                      tuple(result.hits[h] for h in cited), tuple(result.hits), responsible)

    def _sentence_cosines(self, hit: Hit, vector: np.ndarray | None, lang: str) -> list[tuple[str, float, str]]:
        """(sentence, cosine with the query, English) for a hit's segments, heading left out. An
        English question also compares with each sentence's English and keeps the better cosine."""
        c, i = hit.chunk, self._row_of[hit.chunk.chunk_id]
        zh = self._cosines(self.index.zh, self._segment_ids["zh"][i], vector)
        heading = " ".join(c.section)
        pairs = [(t, s) for t, s in zip(c.segments, zh) if t != heading]
        english = list(c.segments_en) + [""] * (len(pairs) - len(c.segments_en))
        if lang == "en" and self.uses_translation:
            en = iter(self._cosines(self.index.en, self._segment_ids["en"][i], vector))
            return [(t, max(s, next(en)) if e else s, e) for (t, s), e in zip(pairs, english)]
        return [(t, s, e) for (t, s), e in zip(pairs, english)]

    @staticmethod
    def _cosines(store: VectorStore, ids: list[str], vector: np.ndarray | None) -> list[float]:
        if vector is None or not ids:
            return [0.0] * len(ids)
        return (store.get(ids) @ vector).astype(float).tolist()

    def _idf(self, query: dict[str, float]) -> dict[str, float]:
        return {t: float(self.bm25.idf[self.bm25.vocab[t]]) for t in query if t in self.bm25.vocab}

    @staticmethod
    def _lead_units(question: str, hits: list[Hit]) -> tuple[Responsibility | None, Hit | None]:
        """For a "who leads" question, the (责任单位:…) note of the first of `hits` that has one,
        and that hit; never a note from a passage the answer does not cite."""
        if not asks_who_leads(question):
            return None, None
        hit = next((h for h in hits if h.chunk.responsible), None)
        return (hit.chunk.responsible[0], hit) if hit else (None, None)

    def signals(self, text: str, query: dict[str, float], vector: np.ndarray | None,
                ranked: list[int], scores: dict[int, float]) -> tuple[float, ...]:
        """The "not found" features (verdict.FEATURES) of a ranked list of chunk rows."""
        if not ranked:
            return (0.0, 0.0, 0.0, 0.0)
        top = ranked[0]
        best = self.best_sentence(vector, [top])[top] if vector is not None else 0.0
        unseen = unseen_bigrams(text, self._bigrams)
        first, second = scores[top], scores[ranked[1]] if len(ranked) > 1 else 0.0
        gap = (first - second) / abs(first) if first else 0.0  # relative: fusions differ in scale
        return (best, self.bm25.coverage(query, top), float(unseen), gap)

    @property
    def uses_translation(self) -> bool:
        return self.settings.translation and self._sizes["en"] > 0

    def _fuse(self, legs: dict[str, dict[int, float]]) -> dict[int, float]:
        w = self.settings.lexical_weight
        t = self.settings.translation_weight if {"dense_en", "bm25_en"} & set(legs) else 0.0
        weights = {"bm25": w * (1 - t), "dense": (1 - w) * (1 - t), "bm25_en": w * t, "dense_en": (1 - w) * t}
        if self.settings.fusion == "rrf":
            return rrf(legs, {name: 2 * v for name, v in weights.items()}, self.settings.rrf_k)
        return weighted_sum(legs, weights)

    def _ids_by_chunk(self, english: bool) -> list[list[str]]:
        """For each chunk row, the ids of its segments in the vector store."""
        ids, _, meta = segment_rows(self.index.chunks, english)
        by_chunk: list[list[str]] = [[] for _ in self.index.chunks]
        for i, m in zip(ids, meta):
            by_chunk[self._row_of[m["chunk_id"]]].append(i)
        return by_chunk

    def _store(self, english: bool) -> VectorStore:
        return self.index.en if english else self.index.zh

    def dense_rank(self, vector: np.ndarray, n: int, english: bool = False,
                   where: Where | None = None) -> dict[int, float]:
        """The n best chunks by their best segment's cosine similarity, as {chunk: score} in rank order;
        `english` searches the reference translation's sentences instead of the Chinese ones."""
        depth = min(self._sizes["en" if english else "zh"], n * SEGMENTS_PER_CHUNK)
        best: dict[int, float] = {}
        for segment, score in self._store(english).search(vector, depth, where):
            best.setdefault(self._row_of[segment.rsplit("-", 1)[0]], score)  # segments come best first
        return dict(list(best.items())[:n])

    def bm25_rank(self, query: dict[str, float], n: int) -> dict[int, float]:
        """The n best chunks by jieba BM25 for weighted query tokens: in this process, or with
        `lexical="store"` by the vector store's full-text search (Milvus; weights are dropped)."""
        if self.settings.lexical == "store":
            best: dict[int, float] = {}
            for segment, score in self.index.zh.text_search(list(query), n * SEGMENTS_PER_CHUNK):
                best.setdefault(self._row_of[segment.rsplit("-", 1)[0]], score)
            return dict(list(best.items())[:n])
        scores = self.bm25.scores(query)
        return {i: float(scores[i]) for i in top_k(scores, n)}

    def lexical_query(self, text: str, lang: str, tokens: list[str]) -> dict[str, float]:
        """Query tokens with weights: the text's own tokens, plus bridged terms for English."""
        query = {t: 1.0 for t in tokens}
        if lang == "en" and self.settings.bridge:
            for term, weight in self._lexicon.translate(text):
                for t in self.segmenter.tokenize(term):
                    query[t] = max(query.get(t, 0.0), weight)
        return query

    def best_sentence(self, vector: np.ndarray, chunks: list[int]) -> dict[int, float]:
        """For each chunk, the cosine of its best-matching segment (sentence) with the query."""
        chunks = [i for i in chunks if self._segment_ids["zh"][i]]
        if not chunks:
            return {}
        sims = self.index.zh.get([s for i in chunks for s in self._segment_ids["zh"][i]]) @ vector
        starts = np.cumsum([0] + [len(self._segment_ids["zh"][i]) for i in chunks[:-1]])
        return dict(zip(chunks, np.maximum.reduceat(sims, starts).astype(float).tolist()))

    def _hit(self, rank: int, i: int, score: float) -> Hit:
        chunk = self.index.chunks[i]
        return Hit(rank, score, chunk, self._titles.get(chunk.doc_id, chunk.doc_id))
