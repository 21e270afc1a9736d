"""Clauses: an item whose running text holds several notes, each closing its own piece of work. Pure.

Reports' division-of-work opinions (《政府工作报告》重点工作部门分工) write one numbered item as a run of
sentences, each group ended by the note of who does it:

    （一）增强创新驱动发展能力。推进…政策体系（省科技厅牵头）。在…领域实施…。落实…减免政策（省科技厅、省发改委
    等负责），建设一批众创空间（省科技厅牵头）。

Each note after the first, with text of the task between it and the note before, closes a clause of its own: a
task under the item, whose heading is the sentence the note is attached to (`落实…减免政策`) and whose text runs
from the note before. Notes with no text between them (a `牵头单位：` line, then a `配合单位：` line) stay one
task's. An item with numbered items below it is left as it is: its clauses are those items.
"""
from __future__ import annotations

import re

from ..text.normalize import match_key
from ..text.roles import Roles, heading_lead, labelled_parts
from .items import Item, Note, title_end

_SENTENCE_END = re.compile(r"[。！？；!?;]")
_LEADING = "，,、。；;：: \u3000"
MIN_CLAUSE = 4          # characters of text (punctuation ignored) between two notes that make a clause


def split_clauses(item: Item, text: str) -> None:
    """Split, in place, every item of the tree whose own text holds notes closing separate clauses."""
    for child in item.children:
        split_clauses(child, text)
    if item.kind != "item" or item.children or not item.depth:
        return
    notes = [n for n in sorted(item.notes, key=lambda n: n.start) if n.roles and not n.inline and not n.alone]
    closers = [(prev, n) for prev, n in zip(notes, notes[1:]) if len(match_key(text[prev.end:n.start])) >= MIN_CLAUSE]
    if not closers:
        return
    cuts = [_after(text, prev.end) for prev, _ in closers]
    ends = cuts[1:] + [max(b for _, b in item.pieces)]
    item.children += [_clause(item, text, cut, end, note) for (_, note), cut, end in zip(closers, cuts, ends)]
    item.notes = [n for n in item.notes if n.start < cuts[0]]
    item.pieces = _clip(item.pieces, 0, cuts[0])


def paragraph_tasks(item: Item, text: str) -> None:
    """Split, in place, the plain paragraphs under a heading that names their lead unit
    (`（一）省监察厅牵头的工作` then `加强行政监察工作，…。` then `协同单位：…`): each paragraph is a task, titled by
    its first sentence, and a note line after it is its note."""
    for child in item.children:
        paragraph_tasks(child, text)
    lead = heading_lead(item.label) if item.kind == "item" and not item.children and item.pieces else ()
    if not lead:
        return
    heading = Note(item.start, item.title_end, item.label, Roles(lead=lead), alone=True, shared=True)
    for a, b in item.pieces:
        if labelled_parts(text[a:b]) and item.children:
            item.children[-1].pieces.append((a, b))
            continue
        cut = title_end(text[a:b])
        item.children.append(Item(item.depth + 1, text[a:a + cut].strip(), a, a + cut, False, pieces=[(a, b)]))
    for child in item.children:   # the heading is each paragraph's note of its lead
        child.notes = [heading] + [n for n in item.notes if any(a <= n.start < b for a, b in child.pieces)]
    item.pieces, item.notes = [], []


def _after(text: str, at: int) -> int:
    """Where the text after a note resumes: past the punctuation that closes the note's sentence."""
    while at < len(text) and text[at] in _LEADING:
        at += 1
    return at


def _clause(item: Item, text: str, start: int, end: int, note: Note) -> Item:
    """A clause item from `start` to `end`, titled by the sentence its note is attached to."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, note.start)]
    head = _after(text, ends[-1]) if ends else start
    label = text[head:note.start].strip(_LEADING)
    clause = Item(item.depth + 1, label, head, note.start, False, kind="clause")
    clause.pieces = _clip(item.pieces, start, end)
    clause.notes = [n for n in item.notes if start <= n.start < end]
    return clause


def _clip(pieces: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """The parts of `pieces` inside [lo, hi)."""
    return [(max(a, lo), min(b, hi)) for a, b in pieces if min(b, hi) > max(a, lo)]
