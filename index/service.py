"""Service: load the model and the index once, check that the index still fits, rebuild if asked.

The app rebuilds a missing, damaged or stale index; the CLI refuses it with the reasons and the
command that rebuilds it.
"""
from __future__ import annotations

import sys

from .ingest.ingest import scan_corpus
from .ingest.pipeline import build_index, glossary_sha256, lexicon_code_sha256, milvus_manifest
from .ingest.reuse import recovery_fingerprint
from .embed.encoders import Encoder, encoder_name, load_encoder
from .errors import IndexCorruptError, IndexMissingError, IndexStaleError
from .searcher import Searcher
from .settings import Settings
from .store.directory import FORMAT_VERSION, load_index, read_manifest


def stale_reasons(manifest: dict, settings: Settings) -> list[str]:
    """Why an index built as `manifest` does not serve `settings` and the current corpus."""
    reasons = []
    if manifest.get("format_version") != FORMAT_VERSION:
        reasons.append(f"format version {manifest.get('format_version')}, this program reads {FORMAT_VERSION}")
    want_model = encoder_name(settings.model)
    if manifest.get("model") != want_model:
        reasons.append(f"built with model {manifest.get('model')}, settings ask for {want_model}")
    for key, value in settings.chunking().items():
        if manifest.get("chunking", {}).get(key) != value:
            reasons.append(f"built with {key}={manifest.get('chunking', {}).get(key)}, settings ask for {value}")
    store = manifest.get("store", {"kind": "faiss"})
    if store.get("kind") != settings.store:
        reasons.append(f"vectors are in {store.get('kind')}, settings ask for {settings.store}")
    elif settings.store == "milvus" and store != milvus_manifest(settings):
        reasons.append(f"vectors are in Milvus at {store.get('uri')} {store.get('collections')}, "
                       f"settings ask for {settings.milvus_uri} {settings.milvus_collection}_*")
    if manifest.get("index_type") != settings.index_type:
        reasons.append(f"index type {manifest.get('index_type')}, settings ask for {settings.index_type}")
    if manifest.get("lexicon", {}).get("glossary_sha256") != glossary_sha256(settings.corpus):
        reasons.append("glossary.tsv changed")
    if manifest.get("lexicon", {}).get("code_sha256") != lexicon_code_sha256():
        reasons.append("the code that builds the English→Chinese bridge changed")
    if manifest.get("outline_recovery") != recovery_fingerprint(manifest.get("model")):
        reasons.append("the outline recovery code changed (the task structure is recovered again; vectors are reused)")
    return reasons + corpus_changes(manifest, settings.corpus)


def corpus_changes(manifest: dict, corpus_dir: str) -> list[str]:
    """Documents added, removed or edited since the index was built, told from the files' hashes
    alone (no document is parsed: a PDF costs a second or more to read)."""
    files = scan_corpus(corpus_dir)
    docs = manifest.get("corpus", {}).get("documents", [])
    built = {d["doc_id"]: (d["sha256"], d.get("sidecar_sha256"), d.get("translation_sha256")) for d in docs}
    if built == files:
        return []
    changes = [f"{i} added" for i in files if i not in built] + [f"{i} removed" for i in built if i not in files]
    changes += [f"{i} changed" for i in files if i in built and built[i][0] != files[i][0]]
    return [f"corpus changed ({', '.join(changes) or 'document metadata or translation edited'})"]


def open_searcher(settings: Settings, rebuild: bool = False, encoder: Encoder | None = None,
                  progress: bool = True) -> Searcher:
    """Load model and index once. A missing, damaged or stale index is rebuilt when `rebuild`,
    else refused with the reason and the command that rebuilds it."""
    encoder = encoder or load_encoder(settings.model, settings.query_prefix, settings.passage_prefix)
    try:
        reasons = stale_reasons(read_manifest(settings.index_dir), settings)
        if reasons:
            raise IndexStaleError(settings.index_dir, reasons)
        return Searcher(_load(settings), encoder, settings)
    except (IndexMissingError, IndexCorruptError, IndexStaleError):
        if not rebuild:
            raise
    build_index(settings, encoder, progress=progress, notify=_say)
    return Searcher(_load(settings), encoder, settings)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _load(settings: Settings):
    return load_index(settings.index_dir, settings.hnsw_ef_search, settings.ivf_nprobe)
