"""Outline: recover chapter → section → task, each task with its body and its (责任单位:…) note. Pure.

The shuffled plan is first split into its two readings (`twins.separate`). Each reading is
then read in order with its own heading stack, so every unit gets a slot (chapter, section, item
numbers) in that reading. A reading that lost a heading files the sentences after the gap under
the heading before it, never under a later one; so a sentence read in both readings takes the
later of its two slots. A note closes the task of the unit just before it in its reading. Within
one slot, a note followed by more sentences means a task whose heading was lost: those sentences
(and the note after them, if any) become a task without a heading.

Where the reading that runs ahead jumps over spliced-in text and nothing in the recovered order fills
the jump, its own text there is lost (in the chapters both readings cover, all 18 jumps lost text, and
8 of the 14 between two sentences lost a note or heading). A task whose sentences straddle such a
gap before its note records it (`TaskNode.gap`): the note may close a task whose heading was lost.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .streams import Piece, anchor_pairs, contexts, grams
from .twins import separate

Slot = tuple[str, str, str]   # keys of the chapter, section and item headings in force ("" for none)
LOST = "lost@"                # the key of a heading the numbering shows was lost: LOST + where that shows


@dataclass(frozen=True)
class TaskNode:
    """One task (or a non-task part: the notice, the preamble, a section's text without tasks)."""

    slot: Slot
    run: int                            # 0, or n for the n-th headless task after a note in the slot
    chapter: str                        # heading labels, "" where the text lost them
    section: str
    heading: str | None                 # the task's own heading label, None if lost or a part
    keys: tuple[str, ...]               # body sentence keys, in recovered order
    note: int | None = None             # position (unit index) of the note that closes it
    heading_key: str = ""               # key of its heading when that is a section's (see _runs)
    gap: int | None = None              # position of its first sentence after lost text, before its note

    @property
    def is_task(self) -> bool:
        return bool(self.slot[2]) or self.note is not None


def label(text: str) -> str:
    """Heading as shown in a section path: `(二)发展目标`, without the closing full stop."""
    return text.strip().rstrip("。.").strip()


def recover(pieces: list[Piece], vectors: Callable[[], np.ndarray] | None = None) -> list[TaskNode]:
    """The tasks and parts of one document, in recovered order; `vectors` (a unit-length row per
    piece, asked only when the text is woven) add meaning to the bigrams that compare a unit with
    each reading."""
    streams = separate(pieces, vectors)
    anchors = anchor_pairs([p.key for p in pieces])
    rank = _ranks(streams, anchors)
    marked, lost_places = _mark_lost(pieces, streams, contexts(pieces, streams), rank)
    first = {**_first_rank(pieces, rank), **lost_places}
    context = _canonical(pieces, marked, first)
    final, place = _final_slots(pieces, context, first, rank)
    notes = _note_slots(pieces, streams, anchors, final, context, first)
    titles = {p.key: label(p.text) for p in pieces if p.kind == "heading"}
    itemless = {p.key for p in pieces if p.kind == "heading" and p.level == 2} - \
               {context[pos][1] for pos, p in enumerate(pieces) if p.kind == "heading" and p.level == 3}
    headed = {context[pos] for pos, p in enumerate(pieces) if p.kind == "heading" and p.level == 3}
    return _tasks(_Placed(final, notes, rank, first, place, titles, _lost_after(pieces, first), itemless, headed,
                          gaps(streams, rank)))


def gaps(streams: list[str], rank: dict[int, float]) -> dict[float, float]:
    """{x: y} for consecutive units x, y of reading A with spliced units between them in the source
    and nothing placed between them in the recovered order: A's own text there is lost."""
    placed = sorted(rank.values())
    ahead = [pos for pos, label in enumerate(streams) if label == "A"]
    return {float(x): float(y) for x, y in zip(ahead, ahead[1:])
            if y > x + 1 and bisect.bisect_left(placed, y) <= bisect.bisect_right(placed, x)}


def _mark_lost(pieces: list[Piece], streams: list[str], context: dict[int, Slot],
               rank: dict[int, float]) -> tuple[dict[int, Slot], dict[str, float]]:
    """Numbers that start again show a lost heading above them: item numbers again from 1. (or
    back to 2.) under the same section mean that section's heading was lost; section numbers going
    back under the same chapter, the chapter's. From there to the next real heading of that level,
    the slots name the lost heading (a key of its own, with no title) instead of the stale one.
    Returns the slots and each lost heading's place in the recovered order (just before the unit
    that shows the loss)."""
    out: dict[int, Slot] = {}
    places: dict[str, float] = {}
    for reading in ("A", "B"):
        lost: list[str] = ["", ""]            # the lost chapter and section keys in force
        last: dict[int, tuple[str, int]] = {}  # level → (parent key in force, last number)
        for pos in (i for i, label in enumerate(streams) if label == reading):
            p, slot = pieces[pos], context[pos]
            if p.kind == "heading" and p.level in (1, 2, 3):
                if p.level < 3:                  # a real chapter or section heading ends what was lost below it
                    lost[p.level - 1:] = [""] * (3 - p.level)
                parent = (lost[p.level - 2] or slot[p.level - 2]) if p.level > 1 else ""
                before = last.get(p.level)
                if p.level > 1 and p.number and before and before[0] == parent and p.number <= before[1]:
                    lost[p.level - 2] = parent = f"{LOST}{pos}"
                    places[parent] = rank[pos] - 1e-6
                last[p.level] = (parent, p.number)
            out[pos] = (lost[0] or slot[0], lost[1] or slot[1], slot[2])
    return out, places


def _lost_after(pieces: list[Piece], first: dict[str, float]) -> set[str]:
    """Item headings after which the numbering shows a lost item heading: 1. followed by 3., or
    2. followed by 2. of the next section (so its 1. is lost). The note before the next heading
    then closes the lost task, not this one."""
    items = {p.key: p.number for p in pieces if p.kind == "heading" and p.level == 3 and p.number}
    headings = sorted({p.key: p for p in pieces if p.kind == "heading"}.values(), key=lambda p: first[p.key])
    lost = set()
    for here, after in zip(headings, headings[1:]):
        if here.key in items and after.level == 3 and after.number and after.number != items[here.key] + 1 \
                and not (after.number == 1 and after.number <= items[here.key]):
            lost.add(here.key)
    return lost


def _first_rank(pieces: list[Piece], rank: dict[int, float]) -> dict[str, float]:
    """Each key's place in the recovered order: the earliest of its copies."""
    first: dict[str, float] = {}
    for pos, p in enumerate(pieces):
        first[p.key] = min(first.get(p.key, float("inf")), rank[pos])
    return first


def _canonical(pieces: list[Piece], context: dict[int, Slot], first: dict[str, float]) -> dict[int, Slot]:
    """One chapter and section per heading: a heading read twice may sit under a stale chapter or
    section in the reading that lost the newer ones, so each takes the latest it was read under. A
    heading the other reading kept beats one known only to be lost (`_mark_lost`)."""
    def rank(k):
        return -1.0 if not k else -0.5 if k.startswith(LOST) else first[k]
    parent: dict[str, Slot] = {}
    for pos, p in enumerate(pieces):
        if p.kind == "heading" and p.level in (2, 3):
            here = context[pos]
            old = parent.get(p.key)
            if old is None or tuple(map(rank, here[:p.level - 1])) > tuple(map(rank, old[:p.level - 1])):
                parent[p.key] = here
    out = {}
    for pos, slot in context.items():
        if slot[2] and slot[2] in parent:
            slot = parent[slot[2]]
        if slot[1] and slot[1] in parent:
            slot = (parent[slot[1]][0],) + slot[1:]
        out[pos] = slot
    return out


def _later(a: Slot, b: Slot, first: dict[str, float]) -> Slot:
    """Of two slots, the one whose newest heading comes later in the recovered order."""
    def newest(s):
        return max((first[k] for k in s if k), default=-1.0)
    return b if newest(b) > newest(a) else a


def _final_slots(pieces: list[Piece], context: dict[int, Slot], first: dict[str, float],
                 rank: dict[int, float]) -> tuple[dict[str, Slot], dict[str, float]]:
    """Each body key's slot: the later of the slots its copies were read in (a reading that lost
    a heading files what follows under an earlier one, never a later one); and its place in the
    recovered order, that of the copy read in that slot."""
    final: dict[str, Slot] = {}
    place: dict[str, float] = {}
    for pos, p in enumerate(pieces):
        if p.kind == "text" and p.key:
            slot = _later(final[p.key], context[pos], first) if p.key in final else context[pos]
            if slot != final.get(p.key):
                final[p.key], place[p.key] = slot, rank[pos]
    return final, place


def _note_slots(pieces: list[Piece], streams: list[str], anchors: dict[int, int], final: dict[str, Slot],
                context: dict[int, Slot], first: dict[str, float]) -> dict[int, Slot]:
    """{note position: slot of the task it closes}: the slot of the unit just before it in its
    reading; the second copy of a re-read note is folded into its first copy."""
    last: dict[str, Slot] = {"A": ("", "", ""), "B": ("", "", "")}
    out: dict[int, Slot] = {}
    for pos, p in enumerate(pieces):
        stream = streams[pos]
        if p.kind == "text" and p.key:
            last[stream] = final[p.key]
        elif p.kind == "heading":
            last[stream] = context[pos]
        elif p.kind == "note":
            at = anchors.get(pos, pos) if stream == "B" else pos  # one reading may repeat a note for two tasks
            out[at] = _later(out[at], last[stream], first) if at in out else last[stream]
    return out


def _ranks(streams: list[str], anchors: dict[int, int]) -> dict[int, float]:
    """A position in recovered reading order for every unit: reading A's own position; a unit of
    the re-reading goes just after the first copy of the anchor before it."""
    rank, base, offset = {}, -1.0, 0
    for pos, stream in enumerate(streams):
        if stream == "A":
            rank[pos] = float(pos)
        elif pos in anchors:
            base, offset = float(anchors[pos]), 0
            rank[pos] = base
        else:
            offset += 1
            rank[pos] = base + offset / 1000
    return rank


@dataclass(frozen=True)
class _Placed:
    """Where the recovery put everything, as `_tasks` groups it into tasks."""

    final: dict[str, Slot]              # body key → its slot
    notes: dict[int, Slot]              # note position → the slot of the task it closes
    rank: dict[int, float]              # position → place in the recovered order
    first: dict[str, float]             # key → place of its earliest copy (lost headings included)
    place: dict[str, float]             # body key → place of the copy read in its slot
    titles: dict[str, str]              # heading key → label
    lost: set[str]                      # item headings after which an item heading was lost
    itemless: set[str]                  # section headings with no item heading under them
    headed: set[Slot]                   # slots an item heading opens
    gaps: dict[float, float]            # where reading A lost its own text (see `gaps`)


def _tasks(p: _Placed) -> list[TaskNode]:
    """Group keys and notes by slot; inside a slot, each note closes a run of sentences, and a
    run after the first note is a task whose heading was lost. An item heading whose sentences
    all went elsewhere is still a task (`headed`): the plan names it."""
    members: dict[Slot, list[tuple[float, str, object]]] = {slot: [] for slot in p.headed}
    for key, slot in p.final.items():
        members.setdefault(slot, []).append((p.place[key], "text", key))
    for pos, slot in p.notes.items():
        members.setdefault(slot, []).append((p.rank[pos], "note", pos))
    order = sorted(members, key=lambda s: tuple(p.first.get(k, -1.0) if k else -1.0 for k in s))
    return [node for slot in order
            for node in _runs(slot, sorted(members[slot], key=lambda m: m[0]), p.titles, slot[2] in p.lost,
                              not slot[2] and slot[1] in p.itemless, p.gaps)]


def _runs(slot: Slot, members: list, titles: dict[str, str], lost_after: bool = False,
          section_is_task: bool = False, gaps: dict[float, float] | None = None) -> list[TaskNode]:
    """The tasks of one slot: runs of sentences, each closed by a note or by the end. After a lost
    heading, the first note closes the lost task: the heading keeps the sentences before the split.
    In a section that has no item headings anywhere (a plan numbering its tasks (一), (二)…), the
    section heading is the heading of the task its first note closes."""
    chapter, section = titles.get(slot[0], ""), titles.get(slot[1], "")
    heading = titles.get(slot[2]) if slot[2] else None
    heading_key, gaps = slot[2], gaps or {}
    if section_is_task and any(kind == "note" for _, kind, _ in members):
        section, heading, heading_key = "", section, slot[1]
    out: list[TaskNode] = []
    if lost_after and heading and any(kind == "note" for _, kind, _ in members):
        cut = _split(members, heading)
        out.append(TaskNode(slot, 0, chapter, section, heading, tuple(v for _, _, v in members[:cut])))
        members, heading = members[cut:], None
    keys: list[str] = []
    last, gap = None, None                  # place of the run's last sentence; the first gap in the run
    for place, kind, value in members:
        if kind == "text":
            if gap is None and last is not None and gaps.get(last) == place:
                gap = int(place)
            keys.append(value)
            last = place
            continue
        out.append(TaskNode(slot, len(out), chapter, section, heading if not out else None, tuple(keys), value,
                            heading_key if not out else "", gap))
        keys, last, gap = [], None, None
    if keys or not out:
        out.append(TaskNode(slot, len(out), chapter, section, heading if not out else None, tuple(keys)))
    return out


def _split(members: list, heading: str) -> int:
    """Where the lost task begins among the sentences before the first note: at the last break in
    the source before the note (the sentences read without interruption up to the note are its
    task); if there is none, at the cut that keeps the sentences most like the heading before it."""
    end = next(i for i, m in enumerate(members) if m[1] == "note")
    cut = end
    while cut > 0 and members[cut][0] - members[cut - 1][0] <= 1.0 + 1e-9:
        cut -= 1
    if 0 < cut < end or end < 2:
        return cut if cut < end else end
    texts = [v for _, _, v in members[:end]]
    near = [len(grams(t) & grams(heading)) / max(1, len(grams(t))) for t in texts]
    return max(range(1, end), key=lambda c: sum(near[:c]) - sum(near[c:]) + 1e-9 * c)
