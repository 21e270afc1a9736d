"""Parallel documents: an English translation memory beside a Chinese document.

`<name>.en.jsonl` sits beside `<name>.zh.txt` (or `<name>.txt`): one object per distinct Chinese
sentence, `{"zh": "<sentence, verbatim>", "en": "<English>"}`. Alignment is by the sentence's
matching key (NFKC, no punctuation or spaces), so it survives the repeated and reordered sentences.
The English is a reference translation: the Chinese stays the authoritative, cited text.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from ..errors import CorpusError
from ..text.normalize import match_key
from ..types import Chunk

SUFFIX = ".en.jsonl"


def memory_path(doc_path: Path) -> Path:
    """`plan.zh.txt` → `plan.en.jsonl`; `plan.txt` → `plan.en.jsonl`."""
    stem = doc_path.name[: -len(doc_path.suffix)] if doc_path.suffix else doc_path.name
    stem = stem[:-3] if stem.endswith(".zh") else stem
    return doc_path.with_name(stem + SUFFIX)


def read_memory(doc_path: Path) -> tuple[dict[str, str], str | None]:
    """(matching key → English, sha256 of the file), or ({}, None) when there is no memory."""
    path = memory_path(doc_path)
    if not path.exists():
        return {}, None
    data = path.read_bytes()
    memory: dict[str, str] = {}
    for n, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            zh, en = row["zh"], row["en"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise CorpusError(f"{path}:{n}: expected {{\"zh\": …, \"en\": …}}; fix or remove the line") from None
        if not isinstance(zh, str) or not isinstance(en, str) or not en.strip():
            raise CorpusError(f"{path}:{n}: \"zh\" and \"en\" must be non-empty text")
        memory[match_key(zh)] = en.strip()
    return memory, hashlib.sha256(data).hexdigest()


def english_for(segment: str, memory: dict[str, str]) -> str:
    """The English of a sentence, or of the sentence an over-long piece was cut from; "" if none."""
    key = match_key(segment)
    if key in memory:
        return memory[key]
    if len(key) < 8:
        return ""
    return next((en for k, en in memory.items() if key in k), "")


def translate_chunk(chunk: Chunk, memory: dict[str, str]) -> Chunk:
    """The chunk with the English of each content segment (heading excluded) and its English text."""
    headings = {" ".join(chunk.section), chunk.section[-1] if chunk.section else ""}
    english = tuple(english_for(s, memory) for s in chunk.segments if s not in headings)
    text_en = " ".join(dict.fromkeys(e for e in english if e))  # a long sentence's pieces share one
    return replace(chunk, segments_en=english, text_en=text_en)
