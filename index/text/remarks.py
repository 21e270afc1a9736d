"""Remarks in a note that state a convention, not this task's units. Pure.

`（…负责。列第一位的为牵头部门，其他部门按职责分工负责，下同）` says the first unit it lists leads;
`明确牵头部门的，其他有关部门配合，不逐一列出` says the note does not list every unit. Both are found by their
core words and cut at the clause or sentence around them, in one pass: a pattern with an unbounded run on each
side of its core would be quadratic on a long note that holds the core's first word but not the rest.
"""
from __future__ import annotations

import re

FIRST_LEADS = re.compile(r"(?:列|排)?(?:第一位|首位)(?:的|者)?(?:单位|部门)?为(?:工作)?牵头")
_NOT_LISTED = re.compile(r"不(?:再(?:逐一|逐项|一一|单独)?|逐一|逐项|一一|单独)列出")


# (core, the stops before it, the stops after it, stops before it that the cut takes along)
_FIRST = (FIRST_LEADS, "，,；;。()（）", "。()（）", "，,；;。")      # from its clause to its sentence's end
_LISTED = (_NOT_LISTED, "。", "。", "")                           # its whole sentence


def first_lead_sentences(text: str) -> list[str]:
    """The parts of a note that say its first unit leads."""
    return [text[a:b] for a, b in _spans(text, *_FIRST)]


def without_first_leads(text: str) -> str:
    """A note's text without the parts that say its first unit leads."""
    return _cut(text, _spans(text, *_FIRST))


def without_unlisted(text: str) -> str:
    """A note's text without the sentences that say it does not list every unit (…不逐一列出)."""
    return _cut(text, _spans(text, *_LISTED))


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    kept = zip([0] + [end for _, end in spans], [start for start, _ in spans] + [len(text)])
    return "".join(text[a:b] for a, b in kept)


def _spans(text: str, core: re.Pattern, left: str, right: str, keep: str) -> list[tuple[int, int]]:
    """(start, end) of each run around a match of `core`: from just after the last `left` character before it
    (a `keep` character there is included) to the next `right` character after it."""
    matches = list(core.finditer(text))
    if not matches:
        return []
    before, last = [], -1
    for i, ch in enumerate(text):      # the last left stop before each position, in one pass
        before.append(last)
        last = i if ch in left else last
    stop = re.compile(f"[{re.escape(right)}]")
    spans: list[tuple[int, int]] = []
    for m in matches:
        if spans and m.start() < spans[-1][1]:
            continue                   # inside the run already cut
        a = before[m.start()]
        start = a if a >= 0 and text[a] in keep else a + 1
        end = stop.search(text, m.end())
        spans.append((start, end.start() if end else len(text)))
    return spans
