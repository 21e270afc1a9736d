"""Lexical leg: Okapi BM25 over token lists. Pure numpy/scipy; no model, no tokenizer."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class Bm25:
    """Okapi BM25 with the per-document term weights precomputed in a sparse matrix."""

    vocab: dict[str, int]
    weights: sparse.csc_matrix  # documents × terms
    idf: np.ndarray             # per term

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
        return cls(vocab, sparse.csc_matrix(tf.multiply(idf[np.newaxis, :])), idf)

    def coverage(self, query: dict[str, float], doc: int) -> float:
        """IDF-weighted share of the query's known tokens that occur in document `doc`."""
        known = {self.vocab[t]: w for t, w in query.items() if t in self.vocab}
        total = sum(self.idf[j] * w for j, w in known.items())
        if not total:
            return 0.0
        row = self.weights[doc].tocsr()
        present = set(row.indices[row.data > 0])
        return float(sum(self.idf[j] * w for j, w in known.items() if j in present) / total)

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
