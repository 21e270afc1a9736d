"""The test-set schema and its validation. A bad file stops the run naming the line and the field."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

FIELDS = ("id", "lang", "question", "evidence", "answer_zh", "answer_en", "answer_keys", "type", "difficulty")
LANGS = ("zh", "en")
TYPES = ("target", "responsibility", "project", "place", "policy", "definition", "unanswerable")
DIFFICULTIES = ("easy", "hard")
VARIANTS = ("plain", "trad", "mix", "kw", "typo", "long")   # optional field; "plain" when absent


class QAFileError(ValueError):
    """The test set is not valid: the message names the file, the line and the field."""


@dataclass(frozen=True)
class QAItem:
    id: str
    lang: str
    question: str
    evidence: tuple[str, ...]
    answer_zh: str
    answer_en: str
    answer_keys: tuple[str, ...]
    type: str
    difficulty: str
    variant: str = "plain"   # trad(itional characters), mix(ed languages), k(ey)w(ords), typo, long (a paste)

    @property
    def answerable(self) -> bool:
        return bool(self.evidence)


def load_qa(path: str | Path, corpus_text: str) -> list[QAItem]:
    """Parse and validate every line; evidence and answer keys must be verbatim corpus text."""
    items, seen = [], set()
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        item = _parse(line, f"{path}:{n}", corpus_text)
        if item.id in seen:
            raise QAFileError(f"{path}:{n}: field 'id': duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise QAFileError(f"{path}: no questions")
    return items


def _parse(line: str, where: str, corpus_text: str) -> QAItem:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        raise QAFileError(f"{where}: invalid JSON ({e.msg} at column {e.colno})") from None
    if not isinstance(row, dict):
        raise QAFileError(f"{where}: expected a JSON object")
    for name in FIELDS:
        if name not in row:
            raise QAFileError(f"{where}: field '{name}': missing")
    _check(where, "lang", row["lang"] in LANGS, f"must be one of {LANGS}")
    _check(where, "type", row["type"] in TYPES, f"must be one of {TYPES}")
    _check(where, "difficulty", row["difficulty"] in DIFFICULTIES, f"must be one of {DIFFICULTIES}")
    _check(where, "question", isinstance(row["question"], str) and row["question"].strip(), "must be non-empty text")
    for name, limit in (("evidence", 3), ("answer_keys", 3)):
        value = row[name]
        _check(where, name, isinstance(value, list) and len(value) <= limit and
               all(isinstance(v, str) for v in value), f"must be a list of at most {limit} strings")
        for v in value:
            _check(where, name, v in corpus_text, f"{v!r} is not verbatim in the corpus")
    _check(where, "evidence", all(8 <= len(v) <= 60 for v in row["evidence"]), "strings must be 8–60 characters")
    _check(where, "variant", row.get("variant", "plain") in VARIANTS, f"must be one of {VARIANTS} when given")
    unanswerable = row["type"] == "unanswerable"
    _check(where, "evidence", unanswerable == (not row["evidence"]), "is empty exactly for unanswerable questions")
    return QAItem(row["id"], row["lang"], row["question"], tuple(row["evidence"]), row["answer_zh"],
                  row["answer_en"], tuple(row["answer_keys"]), row["type"], row["difficulty"],
                  row.get("variant", "plain"))


def _check(where: str, field: str, ok: object, rule: str) -> None:
    if not ok:
        raise QAFileError(f"{where}: field '{field}': {rule}")
