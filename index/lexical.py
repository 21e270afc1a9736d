"""Lexical leg: jieba-segmented BM25 over chunks. Pure numpy/scipy; no model.

A regex `\\w+` tokenizer would turn a whole Chinese sentence into one token; jieba's search mode
emits words and their sub-words (兰州新区 → 兰州, 新区, 兰州新区), which suits short queries.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np
from scipy import sparse

from .textnorm import nfkc

STOPWORDS = frozenset(
    "的 了 和 与 及 等 在 是 为 对 把 被 将 并 或 有 也 就 都 而 之 以 于 其 中 上 下 个 各 "
    "哪些 什么 哪个 多少 如何 怎样 怎么 是否 吗 呢 谁 方面 提出 要求 有关 进行 "
    "a an the of to in on for and or is are was were be by with what which who how does do did "
    "will would should can this that these those it its as at from into about any there their".split())
_TOKEN = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=8)
def _segmenter(words: frozenset[str]):
    """A jieba tokenizer of our own, with the domain terms added (the global one stays untouched)."""
    tokenizer = _jieba().Tokenizer()
    tokenizer.initialize()
    for w in sorted(words):
        tokenizer.add_word(w)
    return tokenizer


def tokenize(text: str, words: frozenset[str] = frozenset()) -> list[str]:
    """Search-mode jieba tokens of the NFKC, lower-cased text, without punctuation or stop-words.

    `words` are domain terms (兰州新区, 综合保税区) kept whole, on top of their sub-words.
    """
    tokens = _segmenter(words).lcut_for_search(nfkc(text).lower())
    return [w for w in (w.strip() for w in tokens) if w and _TOKEN.search(w) and w not in STOPWORDS]


@dataclass(frozen=True)
class Bm25:
    """Okapi BM25 with the per-document term weights precomputed in a sparse matrix."""

    vocab: dict[str, int]
    weights: sparse.csc_matrix  # documents × terms

    @classmethod
    def build(cls, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> Bm25:
        vocab: dict[str, int] = {}
        rows, cols, tfs = [], [], []
        for i, tokens in enumerate(docs):
            counts: dict[int, int] = {}
            for t in tokens:
                j = vocab.setdefault(t, len(vocab))
                counts[j] = counts.get(j, 0) + 1
            rows += [i] * len(counts)
            cols += list(counts)
            tfs += list(counts.values())
        n = len(docs)
        tf = sparse.csr_matrix((np.array(tfs, np.float32), (rows, cols)), shape=(n, max(len(vocab), 1)))
        lengths = np.array([len(d) for d in docs], np.float32)
        df = np.bincount(cols, minlength=tf.shape[1]).astype(np.float32)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        norm = k1 * (1 - b + b * lengths / max(float(lengths.mean()) if n else 1.0, 1e-9))
        tf.data = tf.data * (k1 + 1) / (tf.data + np.repeat(norm, np.diff(tf.indptr)))
        return cls(vocab, sparse.csc_matrix(tf.multiply(idf[np.newaxis, :])))

    def scores(self, query: dict[str, float]) -> np.ndarray:
        """BM25 score of every document for weighted query tokens (token → weight, usually 1)."""
        known = sorted((self.vocab[t], w) for t, w in query.items() if t in self.vocab)
        if not known:
            return np.zeros(self.weights.shape[0], np.float32)
        ids, weights = zip(*known)
        return np.asarray(self.weights[:, list(ids)] @ np.array(weights, np.float32)).ravel()


def top_k(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the k best positive scores, best first (ties by index, for determinism)."""
    positive = np.flatnonzero(scores > 0)
    order = positive[np.lexsort((positive, -scores[positive]))]
    return [int(i) for i in order[:k]]
