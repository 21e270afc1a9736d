"""The searcher the page serves, swapped whole when a document is added or removed.

An event takes `(searcher, library)` once, at its start, so an answer in progress finishes on the
index it began with while the next question sees the new one; no restart is needed.
"""
from __future__ import annotations

import threading

from index import Searcher
from index.store.directory import load_index

from .handlers import make_library
from .render import Library


class Live:
    """Holds the current (searcher, library) pair; replacing the pair is one atomic assignment."""

    def __init__(self, searcher: Searcher) -> None:
        self._state = (searcher, make_library(searcher))
        self._reloading = threading.Lock()

    def get(self) -> tuple[Searcher, Library]:
        return self._state

    @property
    def searcher(self) -> Searcher:
        return self._state[0]

    def reload(self) -> Searcher:
        """Load the index again from disk (after a build), keeping the loaded model."""
        with self._reloading:
            old = self._state[0]
            settings = old.settings
            index = load_index(settings.index_dir, settings.hnsw_ef_search, settings.ivf_nprobe)
            searcher = Searcher(index, old.encoder, settings)
            self._state = (searcher, make_library(searcher, self._state))
            return searcher
