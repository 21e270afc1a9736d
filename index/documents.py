"""The documents of a loaded index as rows: what the Documents tab and its API list."""
from __future__ import annotations

from collections import Counter

from .store.directory import StoredIndex


def document_rows(index: StoredIndex) -> list[dict]:
    """One row per document: id, titles, number, date, format, pages, passages, tasks and the share
    of its distinct sentences that have an English translation."""
    passages = Counter(c.doc_id for c in index.chunks)
    rows = []
    for d in index.manifest["corpus"]["documents"]:
        meta, sentences = d.get("meta", {}), d.get("sentences") or 0
        rows.append({
            "doc_id": d["doc_id"], "title": meta.get("title_zh") or d["title"], "title_en": meta.get("title_en", ""),
            "doc_number": meta.get("doc_number", ""), "date": meta.get("date", ""),
            "issuer": meta.get("issuer_zh", ""), "format": d.get("format", "txt"), "encoding": d.get("encoding"),
            "pages": d.get("pages"), "passages": passages[d["doc_id"]],
            "tasks": sum(t.is_task for t in index.outline.get(d["doc_id"], ())),
            "translated": round(d.get("translated", 0) / sentences, 3) if sentences else 0.0,
        })
    return rows
