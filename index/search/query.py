"""Query checks: what the engine accepts as a question and as k. Typed errors name the limit."""
from __future__ import annotations

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
