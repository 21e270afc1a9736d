"""Retriever: rank chunks for a query (dense, BM25 or both fused), drop near-duplicates, measure signals.

Dense scores a chunk by its best sentence. BM25 runs on jieba tokens; an English question reaches
the Chinese text through the glossary/dictionary bridge, and the English reference translation
adds two legs of its own. The legs are fused (RRF or weighted), then re-scored by best-sentence
similarity. No verdict and no answer here: `index.answer` reads what this returns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..embed.cache import LruCache
from ..embed.encoders import Encoder
from ..settings import Settings
from ..store.directory import StoredIndex
from ..store.vectors import VectorStore, Where, segment_rows
from ..text.amounts import chinese_amounts
from ..text.bridge import Lexicon
from ..text.normalize import detect_lang, fold, shingles, simplified
from ..text.tokens import Segmenter, asked_quantity, english_tokens, place_names
from ..types import Hit
from .bm25 import Bm25, top_k
from .fusion import blend, drop_near_duplicates, rrf, weighted_sum
from .query import check_k, clean_query, encoder_window
from .quotes import Quotes, lift
from .scope import document_heads, named_documents, prefer, profile
from .signals import bigrams, numbers_of, unseen_bigrams
from .spelled import SpelledNames

CANDIDATE_FACTOR = 3  # candidates fetched per requested hit, to survive near-duplicate removal
SEGMENTS_PER_CHUNK = 6  # segment rows searched per candidate chunk (a chunk has ~3 sentences)


@dataclass(frozen=True)
class Result:
    """Hits for one query, whether the documents seem to answer it, and the signals behind that."""

    query: str
    lang: str
    hits: list[Hit]
    features: tuple[float, ...]     # see index.answer.verdict.FEATURES
    query_vector: np.ndarray | None
    lexical: dict[str, float]       # the weighted BM25 query (own tokens plus bridged terms)
    verdict: str | None = None      # found | low_confidence | not_found; None: no verdict (yet, or BM25
                                    # alone gives no calibrated signal)
    quoted: bool = False            # the query quotes a sentence of the documents (or one quotes it)
    docs: frozenset[str] = frozenset()  # the documents the query names by place, year or title (`scope`)

    @property
    def found(self) -> bool | None:
        """Whether the documents seem to answer: false only for "not_found"; None without a verdict."""
        return None if self.verdict is None else self.verdict != "not_found"

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&'-]+")


class Retriever:
    """A loaded index plus its encoder, built once per process. Queries keep no state here."""

    def __init__(self, index: StoredIndex, encoder: Encoder, settings: Settings) -> None:
        self.index, self.encoder, self.settings = index, encoder, settings
        self._spread: dict[str, float] = {}   # word → share of documents using it (`spread`)
        chunks = index.chunks
        self._titles = {d["doc_id"]: d["title"] for d in index.manifest["corpus"]["documents"]}
        self._naming = {d["doc_id"]: " ".join([d["title"], *(d.get("meta", {}).get(k) or "" for k in _NAMING)])
                        for d in index.manifest["corpus"]["documents"]}
        self._shingles = [shingles(c.text) for c in chunks]
        self.row_of = {c.chunk_id: i for i, c in enumerate(chunks)}
        self.segment_ids = {lang: self._ids_by_chunk(english) for lang, english in (("zh", False), ("en", True))}
        self._sizes = {"zh": index.zh.count(), "en": index.en.count()}
        lexicon = index.lexicon
        self.segmenter = Segmenter(lexicon.get("jieba"), frozenset(lexicon.get("terms", ())))
        self._lexicon = Lexicon.from_json(lexicon["entries"])
        self.bm25 = Bm25.build([self.segmenter.tokenize(c.lexical_text) for c in chunks])
        self._bigrams = set().union(*(bigrams(c.lexical_text) for c in chunks))
        self.numbers = numbers_of(" ".join(c.text + " " + c.text_en for c in chunks))
        self._folded = fold(" ".join(c.text for c in chunks))
        self.segment_tokens = {t: self.segmenter.tokenize(t) for c in chunks for t in c.segments}
        self.bm25_en = Bm25.build([english_tokens(c.text_en) for c in chunks])
        self._untranslated = frozenset(i for i, c in enumerate(chunks) if not c.text_en)
        self.query_vectors: LruCache[str, np.ndarray] = LruCache(settings.query_cache)
        self.quotes = Quotes([(i, t) for i, c in enumerate(chunks) for t in c.segments + c.segments_en if t])
        self._doc_of = [c.doc_id for c in chunks]

    def unknown_subjects(self, query: str) -> list[str]:
        """The places a question names that no document mentions (张掖 in a question to the plan; Jiuquan,
        `spelled`), and the word whose amount it asks for when no document uses it (森林覆盖率要达到多少 of a
        plan without 覆盖率)."""
        lang = detect_lang(query)
        quantity = asked_quantity(query) if lang == "zh" else ""
        unknown = [p for p in place_names(query) if p not in self._folded]
        if lang == "en":
            unknown += self._spelled.unknown(query)
        return unknown + ([quantity] if quantity and quantity not in self._folded else [])

    def naming(self, doc_id: str) -> str:
        """How a document names itself: its title, and its metadata's titles and issuers."""
        return self._naming.get(doc_id, "")

    def uses(self, word: str) -> bool:
        """Whether any document's text holds the (folded) word."""
        return fold(word) in self._folded

    def retrieve(self, query: str, k: int | None = None, doc_ids: set[str] | None = None) -> Result:
        """Ranked, de-duplicated hits with their signals; `doc_ids` restricts documents."""
        k = check_k(self.settings.k if k is None else k, self.settings.max_k)
        text = clean_query(query, self.settings.max_query_chars)
        lang = detect_lang(text)
        vector = self.query_vectors.get(simplified(encoder_window(text, self.settings.encoder_chars)), self._encode) \
            if self.settings.retrieval != "bm25" else None
        lexical = self.lexical_query(text, lang, self.segmenter.tokenize(text))
        quoted = self.quotes.find(text)
        scores = self._scores(text, lang, vector, lexical, k, frozenset(doc_ids or ()), quoted)
        named = self.named(text)
        if named and not doc_ids:   # the documents the question names by place or year: their passages, lifted
            inside = self._scores(text, lang, vector, lexical, k, named, quoted)
            scores = prefer({**scores, **inside}, self._doc_of, named)
        kept = drop_near_duplicates(list(scores), self._shingles, max(k, 2))
        hits = [self._hit(rank, i, scores[i]) for rank, i in enumerate(kept, 1)]
        features = self.signals(text, lexical, vector, kept, scores, english=lang == "en" and self.uses_translation)
        return Result(text, lang, hits[:k], features, vector, lexical, quoted=bool(quoted), docs=named)

    def named(self, text: str) -> frozenset[str]:
        """The documents a question names by place or year (`scope`); empty when it names none, or all,
        and without a look at the question where the index holds one document."""
        return named_documents(text, self.profiles, self.spread) if len(self.profiles) > 1 else frozenset()

    def spread(self, word: str) -> float:
        """The share of documents whose text holds `word` (Simplified), counted once per word."""
        if word not in self._spread:
            texts = self._doc_texts
            self._spread[word] = sum(word in t for t in texts) / max(1, len(texts))
        return self._spread[word]

    @cached_property
    def _doc_texts(self) -> list[str]:
        texts: dict[str, list[str]] = {}
        for chunk in self.index.chunks:
            texts.setdefault(chunk.doc_id, []).append(chunk.text)
        return [simplified(" ".join(parts)) for parts in texts.values()]

    @cached_property
    def _spelled(self) -> SpelledNames:   # the documents' words, for the pinyin names of English questions
        naming = " ".join(self._naming.values())   # titles and issuers, Chinese and English
        english = " ".join([*(c.text_en for c in self.index.chunks), naming, *self._lexicon.entries])
        return SpelledNames([*self.bm25.vocab, *self.segmenter.tokenize(naming)], english, self.uses)

    @cached_property
    def profiles(self) -> list:
        """What names each document (`scope.profile`), made when a question first needs it."""
        heads = document_heads(self.index.chunks)
        return [profile(d["doc_id"], d["title"], d.get("meta") or {}, heads.get(d["doc_id"], ""))
                for d in self.index.manifest["corpus"]["documents"]]

    def _scores(self, text: str, lang: str, vector: np.ndarray | None, lexical: dict[str, float], k: int,
                doc_ids: frozenset[str], quoted) -> dict[int, float]:
        """{chunk row: fused score} of the candidates, of the documents `doc_ids` only when given (the
        vector stores filter as they search; BM25 ranks every chunk, then filters)."""
        n = len(self.index.chunks) if doc_ids else min(len(self.index.chunks), k * CANDIDATE_FACTOR + 10)
        where = Where(doc_ids=doc_ids) if doc_ids else None
        legs = self._legs(text, lang, vector, lexical, n, where)
        scores = self._fuse(legs) if len(legs) > 1 else next(iter(legs.values()))
        if vector is not None and self.settings.rescore > 0:
            scores = blend(scores, self.best_sentence(vector, list(scores)), self.settings.rescore)
        scores = lift(scores, quoted)
        return {i: v for i, v in scores.items() if self._doc_of[i] in doc_ids} if doc_ids else scores

    def _legs(self, text: str, lang: str, vector: np.ndarray | None, lexical: dict[str, float], n: int,
              where: Where | None) -> dict[str, dict[int, float]]:
        """Each leg's {chunk row: score}: dense and BM25 on the Chinese side, and for English
        questions the same two on the English reference translation."""
        dense, lex = vector is not None, self.settings.retrieval != "dense"
        legs = {}
        if dense:
            legs["dense"] = self.dense_rank(vector, n, where=where)
        if lex:
            legs["bm25"] = self.bm25_rank(lexical, n)
        if lang == "en" and self.uses_translation:
            if dense:
                legs["dense_en"] = self.dense_rank(vector, n, english=True, where=where)
            if lex:
                scores_en = self.bm25_en.scores({t: 1.0 for t in english_tokens(text)})
                legs["bm25_en"] = {i: float(scores_en[i]) for i in top_k(scores_en, n)}
        return legs

    def _encode(self, text: str) -> np.ndarray:
        vector = self.encoder.encode_queries([text])[0].astype(np.float32)
        vector.flags.writeable = False  # shared by every request that hits the cache
        return vector

    def signals(self, text: str, query: dict[str, float], vector: np.ndarray | None,
                ranked: list[int], scores: dict[int, float], english: bool = False) -> tuple[float, ...]:
        """The verdict's features (index.answer.verdict.FEATURES) of a ranked list of chunk rows; for
        English questions the best sentence is the better of the Chinese and the English side."""
        if not ranked:
            return (0.0, 0.0, 0.0, 0.0)
        top = ranked[0]
        best = self.best_sentence(vector, [top]).get(top, 0.0) if vector is not None else 0.0
        if english and vector is not None:
            best = max(best, self.best_sentence(vector, [top], english=True).get(top, 0.0))
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
        blind = {"dense_en": self._untranslated, "bm25_en": self._untranslated} if t else None
        return weighted_sum(legs, weights, blind)

    def _ids_by_chunk(self, english: bool) -> list[list[str]]:
        """For each chunk row, the ids of its segments in the vector store."""
        ids, _, meta = segment_rows(self.index.chunks, english)
        by_chunk: list[list[str]] = [[] for _ in self.index.chunks]
        for i, m in zip(ids, meta):
            by_chunk[self.row_of[m["chunk_id"]]].append(i)
        return by_chunk

    def store(self, english: bool) -> VectorStore:
        return self.index.en if english else self.index.zh

    def dense_rank(self, vector: np.ndarray, n: int, english: bool = False,
                   where: Where | None = None) -> dict[int, float]:
        """The n best chunks by their best segment's cosine similarity, as {chunk: score} in rank order;
        `english` searches the reference translation's sentences instead of the Chinese ones."""
        depth = min(self._sizes["en" if english else "zh"], n * SEGMENTS_PER_CHUNK)
        return self._best_chunks(self.store(english).search(vector, depth, where), n)

    def _best_chunks(self, segments: list[tuple[str, float]], n: int) -> dict[int, float]:
        """The first n distinct chunks of a best-first list of (segment id, score)."""
        best: dict[int, float] = {}
        for segment, score in segments:
            best.setdefault(self.row_of[segment.rsplit("-", 1)[0]], score)
        return dict(list(best.items())[:n])

    def bm25_rank(self, query: dict[str, float], n: int) -> dict[int, float]:
        """The n best chunks by jieba BM25 for weighted query tokens: in this process, or with
        `lexical="store"` by the vector store's full-text search (Milvus; weights are dropped)."""
        if self.settings.lexical == "store":
            return self._best_chunks(self.index.zh.text_search(list(query), n * SEGMENTS_PER_CHUNK), n)
        scores = self.bm25.scores(query)
        return {i: float(scores[i]) for i in top_k(scores, n)}

    def lexical_query(self, text: str, lang: str, tokens: list[str]) -> dict[str, float]:
        """Query tokens with weights: the text's own tokens, plus bridged terms for English (and for the
        English words of a Chinese question: GDP增长8%)."""
        query = {t: 1.0 for t in tokens}
        english = text if lang == "en" else " ".join(_LATIN.findall(text))
        if english and self.settings.bridge:
            # an English amount as the documents write it: 6 billion → 60亿
            bridged = self._lexicon.translate(english) + [(a, 1.0) for a in chinese_amounts(english)]
            for term, weight in bridged:
                for t in self.segmenter.tokenize(term):
                    query[t] = max(query.get(t, 0.0), weight)
        return query

    def best_sentence(self, vector: np.ndarray, chunks: list[int], english: bool = False) -> dict[int, float]:
        """For each chunk, the cosine of its best-matching segment (sentence) with the query, on the
        Chinese side or (`english`) on the reference translation's."""
        ids = self.segment_ids["en" if english else "zh"]
        chunks = [i for i in chunks if ids[i]]
        if not chunks:
            return {}
        sims = self.store(english).get([s for i in chunks for s in ids[i]]) @ vector
        starts = np.cumsum([0] + [len(ids[i]) for i in chunks[:-1]])
        return dict(zip(chunks, np.maximum.reduceat(sims, starts).astype(float).tolist()))

    def idf(self, query: dict[str, float], english: bool = False) -> dict[str, float]:
        """The BM25 IDF of each query token the (Chinese or English) side knows."""
        bm25 = self.bm25_en if english else self.bm25
        return {t: float(bm25.idf[bm25.vocab[t]]) for t in query if t in bm25.vocab}

    def bridged(self, text: str) -> list[str]:
        """The Chinese terms the English→Chinese bridge finds for `text` (glossary first)."""
        return [term for term, _ in self._lexicon.translate(text)]

    def hit(self, rank: int, i: int, score: float) -> Hit:
        return self._hit(rank, i, score)

    def _hit(self, rank: int, i: int, score: float) -> Hit:
        chunk = self.index.chunks[i]
        return Hit(rank, score, chunk, self._titles.get(chunk.doc_id, chunk.doc_id))


_NAMING = ("title_zh", "issuer_zh", "title_en", "issuer_en")
