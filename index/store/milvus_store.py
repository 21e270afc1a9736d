"""The vector store on Milvus, through pymilvus: milvus-lite for a local path, a Milvus standalone or
cluster deployment for an `http://host:19530` URI. Same protocol as `vectors.FaissStore`.

Everything Milvus-specific is written down here: the collection schema, the index (HNSW, inner
product over unit vectors, so cosine), the search parameters, and the full-text (BM25) field. The
full-text field holds the engine's own jieba tokens separated by spaces, analysed by Milvus's
`standard` tokenizer, so Milvus ranks exactly the words the in-process BM25 leg sees (docs/lexical-at-scale.md).
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from ..errors import IndexMissingError, QueryError
from .vectors import Where

SCHEMA = {  # field: (type, max length in bytes, as Milvus counts VARCHAR; CJK is 3 bytes a character)
    "id": ("VARCHAR", 64), "chunk_id": ("VARCHAR", 64), "doc_id": ("VARCHAR", 1024),
    "section": ("VARCHAR", 4096), "tokens": ("VARCHAR", 65535),
}
INDEX = {"index_type": "HNSW", "metric_type": "IP", "params": {"M": 32, "efConstruction": 200}}
SEARCH = {"metric_type": "IP", "params": {"ef": 128}}
FULL_TEXT = {"analyzer_params": {"tokenizer": "standard"}, "bm25": {"bm25_k1": 1.2, "bm25_b": 0.75}}
BATCH = 5000  # rows per insert/upsert call (milvus-lite turns rows into Python objects; keep batches small)


def is_local(uri: str) -> bool:
    """A local path runs milvus-lite; anything with a scheme is a server."""
    return "://" not in uri


def connect(uri: str):
    """A pymilvus client for `uri` (the milvus-lite directory is created if missing)."""
    os.environ.setdefault("GRPC_VERBOSITY", "NONE")  # gRPC logs benign keepalive GOAWAYs from milvus-lite
    logging.getLogger("pymilvus").setLevel(logging.ERROR)  # and pymilvus warns on every milvus-lite iterator
    from pymilvus import MilvusClient

    if is_local(uri):
        Path(uri).parent.mkdir(parents=True, exist_ok=True)
    return MilvusClient(uri)


def release(uri: str) -> None:
    """Stop milvus-lite's in-process server for `uri`, so that another process may open it."""
    if is_local(uri):
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(str(Path(uri).resolve()))
        server_manager_instance.release_server(uri)


def create_collection(client, name: str, dim: int, properties: dict | None = None) -> None:
    """The collection of segments: id, vector, chunk, document, section and BM25 tokens."""
    from pymilvus import DataType, Function, FunctionType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    for field, (_, length) in SCHEMA.items():
        extra = {"enable_analyzer": True, "analyzer_params": FULL_TEXT["analyzer_params"]} if field == "tokens" else {}
        schema.add_field(field, DataType.VARCHAR, max_length=length, is_primary=field == "id", **extra)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_function(Function(name="bm25", function_type=FunctionType.BM25,
                                 input_field_names=["tokens"], output_field_names=["sparse"]))
    index = client.prepare_index_params()
    index.add_index(field_name="vector", **INDEX)
    index.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                    params=FULL_TEXT["bm25"])
    client.create_collection(name, schema=schema, index_params=index,
                             properties={k: str(v) for k, v in (properties or {}).items()})


def expression(where: Where | None) -> str:
    """A Milvus boolean expression for a filter ("" for none); strings are JSON-quoted."""
    if not where:
        return ""
    if "%" in where.section_prefix:
        raise QueryError(f"section prefix {where.section_prefix!r} contains %, "
                         f"which Milvus LIKE cannot match literally")
    parts = []
    if where.doc_ids:
        parts.append(f"doc_id in {json.dumps(sorted(where.doc_ids), ensure_ascii=False)}")
    if where.section_prefix:
        parts.append(f"section like {json.dumps(where.section_prefix + '%', ensure_ascii=False)}")
    return " and ".join(parts)


class MilvusStore:
    """Segments in one Milvus collection; vectors and metadata live in Milvus, not in this process."""

    def __init__(self, uri: str, collection: str, dim: int, create: bool = False) -> None:
        self.uri, self.collection, self.dim = uri, collection, dim
        self.client = connect(uri)
        if not self.client.has_collection(collection):
            if not create:
                raise IndexMissingError(f"no Milvus collection {collection!r} at {uri}; "
                                        f"build it with: python -m index build --store milvus --milvus-uri {uri}")
            create_collection(self.client, collection, dim)
        self.client.load_collection(collection)

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, meta: Sequence[dict],
               tokens: Sequence[str] | None = None) -> None:
        """Insert or replace rows, in batches; `tokens` is the space-separated text for BM25."""
        vectors = np.asarray(vectors, np.float32).reshape(-1, self.dim)
        tokens = tokens or [""] * len(ids)
        for a in range(0, len(ids), BATCH):
            rows = [{"id": i, "vector": v.tolist(), "chunk_id": m["chunk_id"], "doc_id": m["doc_id"],
                     "section": m["section"], "tokens": t}
                    for i, v, m, t in zip(ids[a:a + BATCH], vectors[a:a + BATCH], meta[a:a + BATCH],
                                          tokens[a:a + BATCH])]
            self.client.upsert(self.collection, rows)

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for a in range(0, len(ids), BATCH):
            self.client.delete(self.collection, ids=ids[a:a + BATCH])

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        self.client.delete(self.collection, filter=expression(Where(doc_ids=frozenset(doc_ids))))

    def search(self, vector: np.ndarray, k: int, where: Where | None = None) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        params = {"metric_type": SEARCH["metric_type"], "params": {"ef": max(SEARCH["params"]["ef"], k)}}
        hits = self.client.search(self.collection, data=[np.asarray(vector, np.float32).tolist()],
                                  anns_field="vector", limit=k, filter=expression(where), search_params=params)
        return [(h.id, float(h["distance"])) for h in hits[0]]

    def text_search(self, tokens: Sequence[str], k: int, where: Where | None = None) -> list[tuple[str, float]]:
        """BM25 over the `tokens` field: (id, score), best first. milvus-lite reports BM25 as a
        negative distance and a server as a positive score; both mean the same order."""
        if k <= 0 or not tokens:
            return []
        hits = self.client.search(self.collection, data=[" ".join(tokens)], anns_field="sparse", limit=k,
                                  filter=expression(where), search_params={"metric_type": "BM25"},
                                  output_fields=["chunk_id"])
        return [(h.id, abs(float(h["distance"]))) for h in hits[0]]

    def get(self, ids: Sequence[str]) -> np.ndarray:
        if not ids:
            return np.zeros((0, self.dim), np.float32)
        rows = {r["id"]: r["vector"] for r in self.client.get(self.collection, ids=list(ids), output_fields=["vector"])}
        return np.array([rows[i] for i in ids], np.float32)

    def ids(self) -> set[str]:
        iterator = self.client.query_iterator(self.collection, batch_size=10000, filter="", output_fields=["id"])
        found: set[str] = set()
        while batch := iterator.next():
            found.update(r["id"] for r in batch)
        iterator.close()
        return found

    def count(self) -> int:
        return int(self.client.query(self.collection, filter="", output_fields=["count(*)"])[0]["count(*)"])

    def drop(self) -> None:
        self.client.drop_collection(self.collection)

    def close(self) -> None:
        """Close the connection (and stop milvus-lite's server for this path, releasing its lock)."""
        self.client.close()
        release(self.uri)
