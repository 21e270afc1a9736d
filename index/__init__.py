"""Bilingual semantic search over Chinese policy documents.

Pipeline, one module per stage: ingest → structure/dedup → chunk → encoders → store → search →
answer; `service.open_searcher` loads everything once, `ui` serves it.
"""
from __future__ import annotations

from .answer.sentences import Answer, AnswerSentence
from .ingest.pipeline import BuildReport, build_index
from .errors import (
    CorpusError,
    EngineError,
    IndexBusyError,
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    ModelNotFoundError,
    QueryError,
    SettingsError,
)
from .searcher import Searcher
from .service import open_searcher
from .settings import Settings
from .types import Chunk, Document, Hit, Passage, Responsibility, Sentence, Span

__all__ = [
    "Answer", "AnswerSentence", "BuildReport", "Chunk", "CorpusError", "Document", "EngineError", "Hit",
    "IndexBusyError", "IndexCorruptError",
    "IndexMissingError", "IndexStaleError", "ModelNotFoundError", "Passage", "QueryError",
    "Responsibility", "Searcher", "Sentence", "Settings", "SettingsError", "Span", "build_index",
    "open_searcher",
]
