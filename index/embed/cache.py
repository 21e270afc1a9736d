"""A small thread-safe LRU cache, used for query embeddings.

Officials repeat each other's questions and evaluators re-run whole test sets; encoding a query is
most of a search's cost (docs/reliability.md), and its vector depends only on the query text.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """At most `size` entries, least recently used evicted first; size 0 caches nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: K, compute: Callable[[K], V]) -> V:
        """The cached value for `key`, computing (outside the lock) and storing it on a miss."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
            self.misses += 1
        value = compute(key)  # two threads missing the same key both compute; both results agree
        if self.size > 0:
            with self._lock:
                self._data[key] = value
                self._data.move_to_end(key)
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._data)
