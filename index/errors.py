"""Typed errors. Each message names the bad value, the limit and the fix, on one line."""
from __future__ import annotations


class EngineError(Exception):
    """Base class of every error this package raises on purpose."""


class CorpusError(EngineError):
    """A corpus file cannot be used (not UTF-8, binary, unreadable, or no documents at all)."""


class QueryError(EngineError, ValueError):
    """A query or a search parameter is outside what the engine accepts."""


class ModelNotFoundError(EngineError):
    """The embedding model is not available on this machine (nothing is ever downloaded)."""


class IndexMissingError(EngineError):
    """No index has been built at the given directory."""


class IndexStaleError(EngineError):
    """The index on disk was built from other settings, another model or another corpus."""

    def __init__(self, index_dir: str, reasons: list[str]):
        self.reasons = reasons
        super().__init__(
            f"index at {index_dir} is stale: {'; '.join(reasons)}; "
            f"rebuild it with: python -m index build --index-dir {index_dir}"
        )


class IndexBusyError(EngineError):
    """Another build of the same index held its lock for longer than the settings allow waiting."""


class UploadError(CorpusError):
    """A document offered for the corpus is refused (type, size, pages, name) before anything changes."""


class IndexCorruptError(EngineError):
    """An index file is damaged or inconsistent with the others."""


class SettingsError(EngineError, ValueError):
    """A setting has a value outside its allowed range."""
