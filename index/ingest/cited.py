"""Cited tasks: a report that quotes tasks of a plan by their number, each with who does it. Pure.

News reports and summaries of a division of work cite its tasks in running text rather than list them:

    例如,第1项任务“地区生产总值增长6.5%左右”,牵头领导是常务副市长张工,主责单位是市发展改革委、各区政府。
    例如第21项,启动北京联合大学新校区规划选址,…等项目建设,牵头领导是副市长王宁、副市长卢彦。

A citation (`第N项`, optionally `任务`/`重点工作`, then the task's text, quoted or up to the roles) followed in
the same sentence by a labelled role clause (`牵头单位为X`, `主责单位是Y`, `责任单位：Z`) becomes a task of its
own, numbered N, whose note is that clause. A `第N项` with no role clause after it is left as text.
"""
from __future__ import annotations

import re

from ..text.labels import LABEL
from ..text.normalize import nfkc, simplified
from ..text.numbering import ordinal
from ..text.roles import parse_note
from .items import Item, Note

MAX_CITED = 200         # characters of a cited task's text: a longer run is not one citation
_CITE = re.compile(r"第([0-9０-９]{1,3}|[一二三四五六七八九十百]{1,4})项(?:重点)?(?:任务|工作|事项|目标)?"
                   r"[，,:：]?\s*(?:[“\"「『]([^”\"」』\n]{2,%d})[”\"」』][，,]?)?" % MAX_CITED)
_SENTENCE_END = re.compile(r"[。！？\n]")


def cited_tasks(item: Item, text: str) -> None:
    """Split, in place, the citations with their role clauses out of the pieces of every item without
    numbered items below it, as tasks of their own."""
    for child in item.children:
        cited_tasks(child, text)
    if item.kind not in ("item", "root") and item.depth:
        return
    found: list[Item] = []
    for a, b in item.pieces:
        found += _citations(text, a, b, item.depth + 1)
    if not found:
        return
    taken = [(c.start, c.notes[0].end) for c in found]
    item.pieces = [p for a, b in item.pieces for p in _outside(a, b, taken)]
    item.notes = [n for n in item.notes if not any(s <= n.start < e for s, e in taken)]
    item.children = sorted(item.children + found, key=lambda c: c.start)


def _citations(text: str, a: int, b: int, depth: int) -> list[Item]:
    out: list[Item] = []
    at = a
    while at < b:
        m = _CITE.search(text, at, b)
        if not m:
            break
        cited = _cited(text, m, b, depth)
        if cited is not None:
            out.append(cited)
        at = cited.notes[0].end if cited is not None else m.end()
    return out


def _cited(text: str, m: re.Match, end: int, depth: int) -> Item | None:
    """The task a citation opens, when a labelled role clause follows it within its sentence."""
    stop = _SENTENCE_END.search(text, m.end(), end)
    stop_at = stop.start() if stop else end
    body = m.end()
    window = simplified(nfkc(text[body:min(stop_at, body + MAX_CITED + 120)]))
    # after a quoted title the roles follow at once; otherwise the task's text runs up to them
    lead = len(window) - len(window.lstrip(" ，,"))
    label = LABEL.search(window) if m.group(2) is None else LABEL.match(window, lead)
    if label is None:
        return None
    note_start = body + label.start()
    title = m.group(2) if m.group(2) else text[body:note_start].strip(" ，,；;")
    if not title or len(title) > MAX_CITED:
        return None
    note_text = text[note_start:stop_at].strip(" ，,；;")
    roles = parse_note(note_text)
    if not roles:
        return None
    number = ordinal(m.group(1))
    item = Item(depth, title, m.start(), note_start, False, kind="cited", value=number,
                pieces=[(m.start(), note_start + len(note_text))])
    item.notes = [Note(note_start, note_start + len(note_text), note_text, roles)]
    return item


def _outside(a: int, b: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [a, b) outside every range of `taken`."""
    out, at = [], a
    for s, e in sorted(taken):
        if e <= a or s >= b:
            continue
        if s > at:
            out.append((at, s))
        at = max(at, e)
    if at < b:
        out.append((at, b))
    return out
