"""Query checks: what the engine accepts as a question and as k. Typed errors name the limit."""
from __future__ import annotations

import re

import numpy as np

from ..errors import QueryError
from ..text.normalize import squash_space, strip_control


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


_SENTENCE = re.compile(r"[^。！？；!?;\n]*[。！？；!?;\n]?")
_ASKS = re.compile(r"[？?]|吗|谁|哪|什么|多少|如何|怎样|怎么|是否|\b(?:what|which|who|whom|where|when|why|how)\b", re.I)


def encoder_window(text: str, limit: int) -> str:
    """At most `limit` characters of a long query for the encoder, whose cost grows with length:
    the last sentence that asks something, with the sentences just before it (a pasted paragraph
    followed by its question keeps the question and the end of the paste). BM25 and the quote
    lookup still read the whole query."""
    if len(text) <= limit:
        return text
    sentences = [s for s in _SENTENCE.findall(text) if s.strip()]
    asks = [i for i, s in enumerate(sentences) if _ASKS.search(s)]
    end = asks[-1] if asks else len(sentences) - 1
    window = sentences[end][-limit:]
    for s in reversed(sentences[:end]):
        if len(window) + len(s) > limit:
            break
        window = s + window
    return window.strip()
