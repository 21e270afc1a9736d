"""Tasklist: a clean document's item tree (`layout`) as tasks and parts, each with its passage. Pure.

Which items are tasks (see `layout`): an item whose own text holds a note; or, with no note in its
subtree, a leaf at the depth where its siblings' notes sit (or, in a document without notes, at the
deepest depth). A task's text includes the items below it that hold no note of their own. Items that
are neither are path headings; their own text is a part (preamble, goals, safeguards).

A note that says it holds for the tasks after it (`下同`) is given to every later task without a
note of its own, in the same top-level chapter. A sentence saying that units are to carry out all
the tasks below it without being listed again (`不再逐项列出`) adds those units to each later task.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..text.normalize import match_key, nfkc, simplified
from ..text.roles import Roles, heading_lead
from ..types import Document, Passage, Responsibility, Sentence, Task
from .cited import cited_tasks
from .clauses import paragraph_tasks, split_clauses
from .items import Item, Note
from .layout import read_items
from .structure import LineIndex

_SENTENCE_END = re.compile(r"[。！？；!?;]+|\.(?=\s|$)")
# 以下…均需…落实，不再逐项列出: units charged with every task below, named once.
_STANDING = re.compile(r"不再(?:逐项|逐一|一一|单独)?列出")
_STANDING_UNIT = re.compile(r"各(?:[\u4e00-\u9fff、]{1,10}?)(?:人民政府|政府|部门|单位|管委会)|各地")   # 各县市、区政府
# A section heading that names the leader in charge of its tasks: 一、某某市长主抓重点工作.
# A leader a section heading names, name before post (李丹常委、常务副区长牵头重点工作, 张盈军区政府党组成员牵头…)
# or post before name (区长陈兴立牵头重点工作).
_HEAD_POST = r"(?:常务)?副?(?:省|市|县|区)长|(?:(?:省|市|县|区)(?:政府|委)?)?党组(?:副?书记|成员)|副?秘书长"
_HEAD_PERSON = re.compile(rf"([\u4e00-\u9fff]{{2,3}}?)(?:常委)?[、，,]?({_HEAD_POST})(?:主抓|分管|牵头|负责|领衔)|"
                          rf"({_HEAD_POST})([\u4e00-\u9fff]{{2,3}}?)(?:主抓|分管|牵头|负责|领衔)")


@dataclass(frozen=True)
class Outline:
    """A document's tasks and parts in reading order, and the passage of each."""

    tasks: tuple[Task, ...]
    passages: tuple[Passage, ...]


@dataclass
class _Context:
    doc: Document
    lines: LineIndex
    counts: dict
    tasks: list
    passages: list
    standing: dict                 # chapter label → the 下同 note in force there
    extra: list                    # units every later task shares (不再逐项列出)


def outline_plain(doc: Document) -> Outline:
    """The tasks and parts of a clean document (ids t01…, parts p01…, in reading order)."""
    tree = read_items(doc.text)
    split_clauses(tree.root, doc.text)
    paragraph_tasks(tree.root, doc.text)
    cited_tasks(tree.root, doc.text)
    ctx = _Context(doc, LineIndex(doc.text), {True: 0, False: 0}, [], [], {}, [])
    _emit(ctx, tree.root, (), tuple(tree.root.pieces), False)
    _visit(ctx, tree.root, (), _note_depths(tree.root))
    return Outline(tuple(ctx.tasks), tuple(ctx.passages))


def _note_depths(root: Item) -> dict[int, set[tuple[int, bool]]]:
    """{id(parent): (depth, is a table row) of its children that hold notes}: where a document's tasks sit."""
    out: dict[int, set[tuple[int, bool]]] = {}
    stack = [root]
    while stack:
        item = stack.pop()
        for child in item.children:
            if child.notes:   # a table's rows are no numbered item's siblings (附件 2. … then the table)
                out.setdefault(id(item), set()).add((child.depth, child.kind == "row"))
            stack.append(child)
    return out


def _has_note(item: Item) -> bool:
    return bool(item.notes) or any(_has_note(c) for c in item.children)


def _deepest(item: Item) -> int:
    return max((_deepest(c) for c in item.children), default=item.depth)


def _visit(ctx: _Context, item: Item, path: tuple[str, ...], noted: dict[int, set[tuple[int, bool]]]) -> None:
    any_notes = bool(noted)
    deepest = _deepest(item) if not any_notes else 0
    for child in item.children:
        label = child.label
        below = any(_has_note(c) for c in child.children)
        sibling_task = (child.depth, child.kind == "row") in noted.get(id(item), ()) or \
            (not any_notes and not child.children)
        if child.notes and not below:
            _emit(ctx, child, path, _subtree(child), True)
            continue
        if child.notes:
            _emit(ctx, child, path, tuple(child.pieces), True)
        elif not child.children and (sibling_task or (not any_notes and child.depth >= deepest)):
            _emit(ctx, child, path, tuple(child.pieces), True)
            continue
        elif child.pieces:
            _emit(ctx, child, path + (label,), tuple(child.pieces), False)
        _visit(ctx, child, path + (label,), noted)


def _subtree(item: Item) -> tuple[tuple[int, int], ...]:
    """An item's text and that of every item below it, in reading order (child titles included)."""
    out = list(item.pieces)
    for child in item.children:
        if child.heading_only:
            out.append((child.start, child.title_end))
        out += _subtree(child)
    return tuple(sorted(out))


def _emit(ctx: _Context, item: Item, path: tuple[str, ...], pieces: tuple, is_task: bool) -> None:
    """Record one task (or part) and its passage (a task whose line is its title alone is found by that title)."""
    text = ctx.doc.text
    notes = _notes_within(item, pieces) if is_task else []
    titled = is_task and item.heading_only and not pieces
    pieces = ((item.start, item.title_end),) if titled else pieces
    cut = [n for n in notes if not n.inline]
    units = [(a, b, None) for p in pieces for a, b in _sentences(text, p, [(n.start, n.end) for n in cut])]
    units = sorted(units + [(n.start, n.end, n) for n in cut], key=lambda u: (u[0], u[1]))
    _standing(ctx, text, units)
    if not units and not is_task:
        return
    ctx.counts[is_task] += 1
    heading = item.label if is_task else None
    section = path + ((heading,) if heading else ())
    duty = _duty(ctx, notes, path) if is_task else None
    spans = [ctx.lines.span(a, b) for a, b, _ in units]
    if heading:
        spans.append(ctx.lines.span(item.start, item.title_end))
    task_id = f"{'t' if is_task else 'p'}{ctx.counts[is_task]:02d}"
    task = Task(task_id, ctx.doc.doc_id, is_task, section, heading,
                () if titled else tuple(text[a:b] for a, b, note in units if note is None), duty,
                tuple(sorted(set(spans), key=lambda s: s.start)))
    ctx.tasks.append(task)
    # a note is shown as the note says it: a table row's role cells as `牵头单位：X；配合单位：Y`
    shown = [(note.text if note else text[a:b], a, b, note is not None) for a, b, note in units]
    members = tuple(Sentence(ctx.doc.doc_id, t, match_key(t), (ctx.lines.span(a, b),), is_note)
                    for t, a, b, is_note in shown if match_key(t))
    if members:
        ctx.passages.append(Passage(ctx.doc.doc_id, section, members, task_id, duty, heading))


def _notes_within(item: Item, pieces: tuple) -> list[Note]:
    """The notes of an item (its title's too) and of the items below it whose text it holds."""
    out: list[Note] = []
    stack = [item]
    while stack:
        it = stack.pop()
        titled = it is item and it.kind == "item"
        out += [n for n in it.notes if any(a <= n.start < b for a, b in pieces) or it.kind == "row"
                or (it is item and n.shared) or (titled and it.start <= n.start < it.title_end)]
        stack += it.children
    return sorted({(n.start, n.end): n for n in out}.values(), key=lambda n: n.start)


def _sentences(text: str, piece: tuple[int, int], cut: list[tuple[int, int]]):
    """Sentence ranges of `piece`, leaving out the note ranges in `cut`."""
    a, b = piece
    bounds = [a]
    for s, e in sorted(cut):
        if a <= s < b:
            bounds += [s, min(e, b)]
    bounds.append(b)
    for lo, hi in zip(bounds[::2], bounds[1::2]):
        cuts = [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)]
        for s, e in zip([lo] + cuts, cuts + [hi]):
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s and match_key(text[s:e]):
                yield s, e


def _standing(ctx: _Context, text: str, units: list) -> None:
    """Remember a sentence that charges units with every task below it (不再逐项列出)."""
    for a, b, note in units:
        plain = simplified(nfkc(text[a:b]))
        if note is None and _STANDING.search(plain):
            names = [m.group() for m in _STANDING_UNIT.finditer(plain)]
            ctx.extra += [n for n in names if n not in ctx.extra]


def _duty(ctx: _Context, notes: list[Note], path: tuple[str, ...]) -> Responsibility | None:
    """The task's responsibility: its own notes, else the 下同 note in force in its chapter; plus the
    units a 下同 note carries to later tasks, standing units (不再逐项列出) and the leaders its
    section headings name (一、某某市长主抓重点工作)."""
    chapter = path[0] if path else ""
    own = [n for n in notes if n.roles]
    standing = ctx.standing.get(chapter)
    if own:
        roles = Roles()
        for n in own:
            roles = roles.merged(n.roles)
        if standing is not None and all(n is not standing for n in own):
            roles = roles.merged(Roles(responsible=standing.roles.carried))
        for n in own:
            if n.roles.applies_after:
                ctx.standing[chapter] = n
        text, span = " ".join(n.text for n in own), ctx.lines.span(own[0].start, own[-1].end)
    elif standing is not None:
        roles, text, span = standing.roles, standing.text, ctx.lines.span(standing.start, standing.end)
    else:
        roles, text, span = Roles(), "", None
    heads = tuple("".join(filter(None, m.groups())) for label in path for m in [_HEAD_PERSON.search(simplified(label))]
                  if m)
    roles = roles.merged(Roles(responsible=tuple(ctx.extra), persons=heads))
    if not roles.lead and not roles.responsible:
        roles = roles.merged(_heading_lead(path))
    duty = Responsibility(roles.lead, roles.support, text, roles.responsible, roles.persons, roles.deadline, span,
                          not own, any(n.unclear for n in own))
    for n in own:   # （…，下同。以下均需各县市、区政府落实，不再列出）: those units share every later task
        _standing_in_note(ctx, n.text)
    return duty if duty.units or duty.persons else None


def _standing_in_note(ctx: _Context, note: str) -> None:
    """Remember the units a note's own standing sentence charges with the tasks after it (以下均需X落实，不再列出)."""
    for sentence in re.split(r"[。；;]", simplified(nfkc(note))):
        if _STANDING.search(sentence):
            ctx.extra += [m.group() for m in _STANDING_UNIT.finditer(sentence) if m.group() not in ctx.extra]


def _heading_lead(path: tuple[str, ...]) -> Roles:
    """The units a section heading puts in the lead of every task under it (`一、县示范区管委会牵头工作(8项)`)."""
    for label in reversed(path):
        lead = heading_lead(label)
        if lead:
            return Roles(lead=lead)
    return Roles()


def with_pages(outline: Outline, paginate) -> Outline:
    """The outline with every span's page set by `paginate` (spans → spans)."""
    tasks = tuple(replace(t, spans=paginate(t.spans), responsible=_paged(t.responsible, paginate))
                  for t in outline.tasks)
    passages = tuple(replace(p, responsible=_paged(p.responsible, paginate), sentences=tuple(
        replace(s, spans=paginate(s.spans)) for s in p.sentences)) for p in outline.passages)
    return Outline(tasks, passages)


def _paged(duty: Responsibility | None, paginate) -> Responsibility | None:
    if duty is None or duty.span is None:
        return duty
    return replace(duty, span=paginate((duty.span,))[0])

