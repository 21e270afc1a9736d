"""Named configurations: each is a set of `Settings` overrides. `default` is exactly `Settings()`.

Each lever of the default pipeline can be switched off by name: `bm25` vs `bm25+bridge` (the
English→Chinese bridge), `rrf+bridge` vs `weighted+bridge` (the fusion), `weighted+bridge` vs
`default` (sentence rescoring, `rescore=0.3`), `no-translation` vs `default` (the English reference
translation as extra legs for English questions), and `dense` / `bm25` alone. All but `default`
run without the translation legs.

On the command line a name may carry extra overrides: `dense@chunk_size=200+embed_headings=false`.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from pathlib import Path

from index.settings import Settings

CONFIGS: dict[str, dict] = {
    "default": {},
    "dense": {"retrieval": "dense", "translation": False},
    "bm25": {"retrieval": "bm25", "bridge": False, "translation": False},
    "bm25+bridge": {"retrieval": "bm25", "bridge": True, "translation": False},
    "rrf": {"retrieval": "hybrid", "fusion": "rrf", "bridge": False, "rescore": 0.0, "translation": False},
    "weighted": {"retrieval": "hybrid", "fusion": "weighted", "bridge": False, "rescore": 0.0, "translation": False},
    "rrf+bridge": {"retrieval": "hybrid", "fusion": "rrf", "bridge": True, "rescore": 0.0, "translation": False},
    "weighted+bridge": {"retrieval": "hybrid", "fusion": "weighted", "bridge": True, "rescore": 0.0,
                        "translation": False},
    "no-translation": {"translation": False},
}
DEFAULT_RUN = ("default", "no-translation", "dense", "bm25", "bm25+bridge", "rrf", "weighted", "rrf+bridge",
               "weighted+bridge")


class ConfigError(ValueError):
    """An unknown configuration name or a bad override."""


def parse_config(spec: str, index_root: str, corpus: str, store: str = "faiss",
                 milvus_uri: str = "data/eval/milvus.db") -> Settings:
    """Settings for `NAME[@key=value+key=value]`, with an index directory (and, with the Milvus
    store, collections) of its own under `index_root`."""
    name, _, extra = spec.partition("@")
    if name not in CONFIGS:
        raise ConfigError(f"unknown configuration {name!r}; known: {', '.join(CONFIGS)}")
    changes = dict(CONFIGS[name], **_overrides(extra, spec))
    settings = Settings(corpus=corpus, store=store, milvus_uri=milvus_uri, **changes)
    key = json.dumps([settings.model, settings.chunking(), settings.index_type, store, str(Path(corpus).resolve())],
                     sort_keys=True)
    digest = hashlib.sha1(key.encode()).hexdigest()[:10]
    return settings.with_(index_dir=f"{index_root}/{digest}", milvus_collection=f"eval_{digest}")


def _overrides(extra: str, spec: str) -> dict:
    types = {f.name: type(f.default) for f in fields(Settings)}
    out = {}
    for pair in filter(None, extra.split("+")):
        key, sep, raw = pair.partition("=")
        if not sep or key not in types or key in ("corpus", "index_dir"):
            raise ConfigError(f"bad override {pair!r} in {spec!r}; use key=value with a Settings field")
        out[key] = _convert(raw, types[key], pair)
    return out


def _convert(raw: str, kind: type, pair: str):
    if kind is bool:
        if raw.lower() not in ("true", "false", "1", "0"):
            raise ConfigError(f"bad override {pair!r}: expected true or false")
        return raw.lower() in ("true", "1")
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"bad override {pair!r}: expected {kind.__name__}") from None
