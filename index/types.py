"""The plain data passed between pipeline stages. All frozen; no stage mutates another's output."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A `[start, end)` character range in a document's text (for PDF, Word and HTML files the text
    their reader extracted), with 1-based lines and, for PDFs, the 1-based page where it starts."""

    start: int
    end: int
    line_start: int
    line_end: int
    page: int | None = None

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end,
                "line_start": self.line_start, "line_end": self.line_end, "page": self.page}


def page_at(pages: tuple[int, ...] | list[int], offset: int) -> int | None:
    """The 1-based page whose start is the last at or before `offset`; None without pages."""
    if not pages:
        return None
    return max(1, bisect.bisect_right(pages, offset))


def line_ranges(spans) -> str:
    """"12–14, 30": the lines of each span, each range once (two spans on line 37 read "37")."""
    ranges = dict.fromkeys((s.line_start, s.line_end) for s in spans)
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


def page_ranges(spans) -> str:
    """"3" or "3, 5": the distinct pages the spans start on; "" for a document without pages."""
    return ", ".join(str(p) for p in sorted({s.page for s in spans if s.page}))


@dataclass(frozen=True)
class Document:
    """One corpus file as read from disk, with the metadata of its sidecar."""

    doc_id: str
    path: str
    text: str
    sha256: str
    title: str
    meta: dict = field(default_factory=dict, hash=False, compare=False)
    translation: dict = field(default_factory=dict, hash=False, compare=False)  # key → English
    translation_sha256: str | None = None
    format: str = "txt"                   # txt, md, pdf, docx or html: the reader that read it
    encoding: str | None = None           # of a text or HTML file, as detected
    pages: tuple[int, ...] = ()           # offset in `text` where each page starts (PDF)

    def title_in(self, lang: str) -> str:
        """Title in `lang` ("zh" or "en") where the metadata has it, else the main title."""
        return self.meta.get(f"title_{lang}") or self.title


@dataclass(frozen=True)
class Responsibility:
    """What a task's note says of who does it: lead units (牵头), supporting units, units named
    responsible without a lead (`责任单位：X、Y`, no lead invented), persons (分管领导, 责任人: never
    units), a deadline, the note verbatim and where it stands. `inherited`: the note was stated once
    for the tasks after it (下同, 不再逐项列出), not beside this task."""

    lead: tuple[str, ...]
    support: tuple[str, ...]
    text: str
    responsible: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    deadline: str = ""
    span: Span | None = None
    inherited: bool = False
    unclear: bool = False       # the text names units but lost their roles (a table whose cells ran together)

    @property
    def units(self) -> tuple[str, ...]:
        """Every unit the note names, leads first."""
        return self.lead + self.support + self.responsible

    def to_dict(self) -> dict:
        return {"lead": list(self.lead), "support": list(self.support), "text": self.text,
                "responsible": list(self.responsible), "persons": list(self.persons), "deadline": self.deadline,
                "span": self.span.to_dict() if self.span else None, "inherited": self.inherited,
                "unclear": self.unclear}

    @classmethod
    def from_dict(cls, d: dict) -> Responsibility:
        return cls(tuple(d["lead"]), tuple(d["support"]), d["text"], tuple(d.get("responsible", ())),
                   tuple(d.get("persons", ())), d.get("deadline", ""),
                   Span(**d["span"]) if d.get("span") else None, bool(d.get("inherited", False)),
                   bool(d.get("unclear", False)))


@dataclass(frozen=True)
class Task:
    """One task of a plan as recovered from the text (`ingest/readings`), or a part that is no task
    (the notice, the preamble, a section's text before its tasks). `heading` is None when the text
    lost it; `responsible` is None when the text has no note for it. `sentences` are its body
    sentences in recovered order; `spans` every source range of its heading, body and note; `gap_line`
    where the text lost something between its sentences (its note may then be a lost task's)."""

    task_id: str
    doc_id: str
    is_task: bool
    section: tuple[str, ...]              # chapter › section › heading labels that survive
    heading: str | None
    sentences: tuple[str, ...]
    responsible: Responsibility | None = None
    spans: tuple[Span, ...] = ()
    section_en: tuple[str, ...] = ()      # the section path in English, where the translation has it
    gap_line: int | None = None           # line of its first sentence after text the copy lost, before its note

    @property
    def ref(self) -> str:
        """The task's id across documents: `<document>:<task>` (two documents may each have a t01)."""
        return f"{self.doc_id}:{self.task_id}"

    def to_dict(self) -> dict:
        return {"section_en": list(self.section_en), "task_id": self.task_id, "doc_id": self.doc_id,
                "is_task": self.is_task,
                "section": list(self.section), "heading": self.heading, "sentences": list(self.sentences),
                "responsible": self.responsible.to_dict() if self.responsible else None,
                "spans": [s.to_dict() for s in self.spans], "gap_line": self.gap_line}

    @classmethod
    def from_dict(cls, d: dict) -> Task:
        r = d["responsible"]
        return cls(d["task_id"], d["doc_id"], bool(d["is_task"]), tuple(d["section"]), d["heading"],
                   tuple(d["sentences"]), Responsibility.from_dict(r) if r else None,
                   tuple(Span(**s) for s in d["spans"]), tuple(d.get("section_en", ())), d.get("gap_line"))


@dataclass(frozen=True)
class Sentence:
    """A distinct sentence (or note) of a document, with every span where it occurs.

    `spans[0]` is the first occurrence, whose characters are displayed.
    """

    doc_id: str
    text: str
    key: str
    spans: tuple[Span, ...]
    is_note: bool = False


@dataclass(frozen=True)
class Passage:
    """The distinct sentences of one task (or part) of the outline, in recovered order."""

    doc_id: str
    section: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    task_id: str = ""
    responsible: Responsibility | None = None   # the note of the passage's own task
    heading: str | None = None                  # the task's own heading, None when lost or not a task


@dataclass(frozen=True)
class Chunk:
    """The unit that is indexed and returned.

    `text` is displayed. `segments` are what the encoder embeds, one vector each: the chunk's
    sentences (or pieces of an over-long one), plus its section heading when headings are indexed.
    `lexical_text` is what BM25 indexes. `occurrences` is how many copies of this text the source
    holds (character-weighted over its sentences, rounded); `spans` every source range it occupies.
    """

    chunk_id: str
    doc_id: str
    section: tuple[str, ...]
    text: str
    segments: tuple[str, ...]
    lexical_text: str
    spans: tuple[Span, ...]
    occurrences: int
    responsible: tuple[Responsibility, ...] = ()
    text_en: str = ""                    # reference English translation, "" when there is none
    segments_en: tuple[str, ...] = ()    # English of each content segment (heading excluded), or ""
    task_id: str = ""                    # the task (or part) of the outline its sentences belong to

    def to_dict(self) -> dict:
        return {
            "chunk_id": self.chunk_id, "doc_id": self.doc_id, "section": list(self.section),
            "text": self.text, "segments": list(self.segments), "lexical_text": self.lexical_text,
            "spans": [s.to_dict() for s in self.spans], "occurrences": self.occurrences,
            "responsible": [r.to_dict() for r in self.responsible],
            "text_en": self.text_en, "segments_en": list(self.segments_en), "task_id": self.task_id,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Chunk:
        return cls(
            chunk_id=d["chunk_id"], doc_id=d["doc_id"], section=tuple(d["section"]),
            text=d["text"], segments=tuple(d["segments"]), lexical_text=d["lexical_text"],
            spans=tuple(Span(**s) for s in d["spans"]), occurrences=int(d["occurrences"]),
            responsible=tuple(Responsibility.from_dict(r) for r in d["responsible"]),
            text_en=d.get("text_en", ""), segments_en=tuple(d.get("segments_en", ())), task_id=d.get("task_id", ""),
        )


@dataclass(frozen=True)
class Hit:
    """One ranked search result: a chunk, its score and the title of its document."""

    rank: int
    score: float
    chunk: Chunk
    doc_title: str
    retrieved: bool = True   # False: not found by the search, cited because it holds an answer's task note

    def to_dict(self) -> dict:
        c = self.chunk
        return {
            "rank": self.rank, "score": round(float(self.score), 6), "doc_id": c.doc_id,
            "doc_title": self.doc_title, "section": list(c.section), "text": c.text,
            "spans": [s.to_dict() for s in c.spans],
            "responsible_units": [r.to_dict() for r in c.responsible],
            "occurrences": c.occurrences, "chunk_id": c.chunk_id, "text_en": c.text_en, "task_id": c.task_id,
            "retrieved": self.retrieved,
        }
