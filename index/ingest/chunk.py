"""Chunk: split each passage with langchain-text-splitters on Chinese sentence ends.

Separators are `。！？；` (kept at the end of the sentence), then `，、` only for a sentence longer
than the chunk size, then characters. Each chunk maps back to the source spans of its sentences.
"""
from __future__ import annotations

import bisect
import hashlib
from functools import lru_cache

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ..types import Chunk, Passage, Sentence, Span
from .structure import LineIndex, parse_responsibility

SENTENCE_SEPARATORS = (r"[。！？；;!?]|\.(?=\s)", "[，、,]", "")


@lru_cache(maxsize=8)
def make_splitter(chunk_size: int, chunk_overlap: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        separators=list(SENTENCE_SEPARATORS), is_separator_regex=True, keep_separator="end",
        chunk_size=chunk_size, chunk_overlap=chunk_overlap, add_start_index=True,
        strip_whitespace=False,
    )


def chunk_passages(passages: list[Passage], doc_text: str, chunk_size: int,
                   chunk_overlap: int, embed_headings: bool, task_headings: bool = False) -> list[Chunk]:
    """All chunks of a document's passages, in reading order."""
    splitter = make_splitter(chunk_size, chunk_overlap)
    lines = LineIndex(doc_text)
    chunks = []
    for p in passages:
        joined, starts = join_sentences(p.sentences)
        for piece in splitter.create_documents([joined]):
            a = piece.metadata["start_index"]
            b = a + len(piece.page_content)
            a, b = a + len(joined[a:b]) - len(joined[a:b].lstrip()), a + len(joined[a:b].rstrip())
            if a >= b:
                continue
            chunks.append(_make_chunk(p, joined[a:b], _slices(p.sentences, starts, a, b),
                                      doc_text, lines, _heading(p, embed_headings, task_headings)))
    return chunks


_CLOSED = set("。！？；：，、.!?;:,)）]】」』”’》〉 ")


def join_sentences(sentences: tuple[Sentence, ...]) -> tuple[str, list[int]]:
    """Passage text and the offset of each sentence in it.

    Chinese sentences join directly; a space goes between sentences of alphabetic text, and after a
    unit that ended with its line instead of a punctuation mark (a table row, a date, a signature),
    so that "…| 2025" and "河湟市人民政府办公室" do not run together.
    """
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for s in sentences:
        if parts and (_latin_end(parts[-1]) and s.text[:1].isascii() and s.text[:1].isalnum()
                      or parts[-1][-1:] not in _CLOSED):
            parts.append(" ")
            pos += 1
        starts.append(pos)
        parts.append(s.text)
        pos += len(s.text)
    return "".join(parts), starts


def _latin_end(text: str) -> bool:
    last = text[-1:]
    return last in ".!?;:," or (last.isascii() and last.isalnum())


def _slices(sentences, starts, a, b) -> list[tuple[Sentence, int, int]]:
    """The sentences that `[a, b)` of the joined passage covers, with the local range of each."""
    out = []
    for i in range(bisect.bisect_right(starts, a) - 1, bisect.bisect_left(starts, b)):
        s, s0 = sentences[i], starts[i]
        lo, hi = max(a, s0) - s0, min(b, s0 + len(s.text)) - s0
        if hi > lo:
            out.append((s, lo, hi))
    return out


def _heading(p: Passage, embed_headings: bool, task_headings: bool) -> str:
    """What a chunk indexes besides its text: the whole section path, or its task's own heading."""
    if embed_headings:
        return " ".join(p.section)
    return p.heading or "" if task_headings else ""


def _make_chunk(p: Passage, text: str, slices, doc_text: str, lines: LineIndex, heading: str) -> Chunk:
    """A chunk from the sentence slices it covers: spans, repeat count, notes and segments."""
    spans = [Span(sp.start + lo, min(sp.start + hi, sp.end), 0, 0)
             for s, lo, hi in slices for sp in s.spans]
    weight = sum(hi - lo for _, lo, hi in slices)
    copies = sum((hi - lo) * len(s.spans) for s, lo, hi in slices) / max(weight, 1)
    notes = (p.responsible,) if p.responsible else tuple(
        parse_responsibility(s.text) for s, lo, hi in slices if s.is_note and lo == 0 and hi == len(s.text))
    segments = tuple(piece for s, lo, hi in slices if (piece := s.text[lo:hi].strip()))
    key = f"{p.doc_id}\x00{' '.join(p.section)}\x00{text}".encode("utf-8", "surrogatepass")
    digest = hashlib.sha1(key).hexdigest()[:12]
    return Chunk(chunk_id=f"{p.doc_id}:{digest}", doc_id=p.doc_id, section=p.section, text=text,
                 segments=((heading,) if heading else ()) + segments,
                 lexical_text=f"{heading}\n{text}" if heading else text,
                 spans=tuple(merge_spans(spans, doc_text, lines)),
                 occurrences=max(1, round(copies)), responsible=notes, task_id=p.task_id)


def merge_spans(spans: list[Span], doc_text: str, lines: LineIndex) -> list[Span]:
    """Sort spans and merge those separated only by whitespace; recompute their line numbers."""
    merged: list[list[int]] = []
    for sp in sorted(spans, key=lambda s: (s.start, s.end)):
        if merged and not doc_text[merged[-1][1]:sp.start].strip():
            merged[-1][1] = max(merged[-1][1], sp.end)
        else:
            merged.append([sp.start, sp.end])
    return [lines.span(a, b) for a, b in merged]
