"""Searcher: the engine's one query-time entry point, a thin façade over a Retriever and an Answerer."""
from __future__ import annotations

import numpy as np

from .answer.answerer import Answerer
from .answer.sentences import Answer
from .answer.verdict import load_calibration
from .embed.cache import LruCache
from .embed.encoders import Encoder
from .search.retriever import Result, Retriever
from .settings import Settings
from .store.directory import StoredIndex
from .types import Hit


class Searcher:
    """A loaded index plus its encoder, built once per process. Queries keep no state here."""

    def __init__(self, index: StoredIndex, encoder: Encoder, settings: Settings) -> None:
        self.retriever = Retriever(index, encoder, settings)
        self.answerer = Answerer(self.retriever, load_calibration(settings.calibration))

    @property
    def index(self) -> StoredIndex:
        return self.retriever.index

    @property
    def encoder(self) -> Encoder:
        return self.retriever.encoder

    @property
    def settings(self) -> Settings:
        return self.retriever.settings

    @property
    def query_vectors(self) -> LruCache[str, np.ndarray]:
        return self.retriever.query_vectors

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        """Top-k distinct chunks for `query`, best first."""
        return self.retrieve(query, k).hits

    def retrieve(self, query: str, k: int | None = None, doc_ids: set[str] | None = None) -> Result:
        """Ranked, de-duplicated hits with the "not found" verdict; `doc_ids` restricts documents."""
        return self.answerer.judge(self.retriever.retrieve(query, k, doc_ids))

    def ask(self, question: str, k: int | None = None) -> Answer:
        """The best answer sentences from the top passages, with numbered citations."""
        return self.answer(self.retrieve(question, k))

    def answer(self, result: Result) -> Answer:
        """The answer drawn from an already retrieved result."""
        return self.answerer.answer(result)
