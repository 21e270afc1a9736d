"""Score the outline of real policy documents against the gold written by reading them.

    python -m eval.policies outline [--split dev|test|fresh|fresh2|fresh3|fresh4|fresh5|fresh6]

For every gold task (`tasks-*.jsonl`): is there a recovered task of the same document with the same
heading (numbering, punctuation and script ignored; one may stop at a sentence end the other runs
past), and do its lead, supporting and responsible units and its persons equal the gold's? Unit names
compare as written (Simplified, punctuation ignored); a gold unit the document writes as one phrase
with 、 (各区、县级市) counts as found when each of its pieces is.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from index.ingest.ingest import read_corpus
from index.ingest.readers.glosses import strip_glosses
from index.ingest.tasklist import outline_plain
from index.ingest.tasks import is_woven, outline_document
from index.text.normalize import match_key, nfkc, simplified
from index.text.numbering import leading_number
from index.types import Task

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
ROLES = ("lead", "support", "responsible", "persons")


def load_gold(kind: str = "tasks", split: str | None = None) -> list[dict]:
    """Every row of the gold files `<kind>-*.jsonl` (tasks or questions), optionally of one split."""
    rows = [json.loads(line) for path in sorted(HERE.glob(f"{kind}-*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split is None or r.get("split") == split]


def key(text: str) -> str:
    """A name or heading as compared: Simplified, NFKC, without punctuation or spaces."""
    return match_key(simplified(nfkc(strip_glosses(text or ""))))


def heading_key(heading: str) -> str:
    heading = heading.strip()
    number = leading_number(heading)
    return key(heading[number.end:] if number else heading)


def same_heading(gold: str, found: str) -> bool:
    a, b = heading_key(gold), heading_key(found)
    return bool(a and b) and (a == b or (min(len(a), len(b)) >= 6 and (a.startswith(b) or b.startswith(a))))


_POST = re.compile(r"(?:常务)?副?(?:省|市|县|区)长$|副?秘书长$|副?书记$|"
                   r"(?:(?:省|市|县|区)(?:政府|委)?)?党组(?:副?书记|成员)$")
_POST_BEFORE = re.compile(r"^.*(?:(?:常务)?副?(?:省|市|县|区)长|副?秘书长|副?书记|局长|主任|成员)"
                          r"(?=[\u4e00-\u9fff]{2,3}$)")


def units_equal(gold: list[str], found: tuple[str, ...], persons: bool = False) -> bool:
    """Unit (or person) lists as equal; a person is the same with or without the posts around the name
    (杨志武副市长 = 副市长杨志武 = 杨志武: the gold writers differ on it)."""
    def name(u: str) -> str:
        plain = simplified(nfkc(u))
        bare = _POST_BEFORE.sub("", _POST.sub("", plain)) if persons else plain
        return key(bare if len(bare) >= 2 else plain)
    have = {name(u) for u in found}
    want = {name(u) for u in gold}
    pieces = {key(p) for u in gold for p in re.split(r"、|(?<=[\u4e00-\u9fff])及(?=[\u4e00-\u9fff])", u)}
    return have == want or (len(gold) != len(pieces) and have == pieces)


def outlines(corpus: Path = CORPUS) -> dict[str, tuple[Task, ...]]:
    """Each document's recovered tasks, by the document's file stem (the gold's `doc`)."""
    out = {}
    for doc in read_corpus(corpus).documents:
        tasks = outline_document(doc) if is_woven(doc) else outline_plain(doc).tasks
        out[Path(doc.path).stem] = tuple(t for t in tasks if t.is_task)
    return out


@dataclass(frozen=True)
class Check:
    """One gold task and what the recovery made of it."""

    gold: dict
    task: Task | None

    def role_ok(self, role: str) -> bool:
        duty = self.task.responsible if self.task else None
        found = getattr(duty, role) if duty else ()
        return units_equal(self.gold.get(role, []), found, persons=role == "persons")

    @property
    def units_ok(self) -> bool:
        return self.task is not None and all(self.role_ok(r) for r in ("lead", "support", "responsible"))


def check(gold: list[dict], found: dict[str, tuple[Task, ...]]) -> list[Check]:
    """Pair each gold task with the recovered task of its document that has its heading (each
    recovered task is used once, in reading order)."""
    used: set[tuple[str, str]] = set()
    out = []
    for row in gold:
        match = next((t for t in found.get(row["doc"], ()) if (t.doc_id, t.task_id) not in used
                      and t.heading and same_heading(row["heading"], t.heading)), None)
        if match:
            used.add((match.doc_id, match.task_id))
        out.append(Check(row, match))
    return out


def summary(checks: list[Check]) -> dict:
    n = len(checks) or 1
    with_persons = [c for c in checks if c.gold.get("persons")]
    return {"tasks": len(checks), "documents": len({c.gold["doc"] for c in checks}),
            "headings_found": round(sum(c.task is not None for c in checks) / n, 3),
            "units_paired": round(sum(c.units_ok for c in checks) / n, 3),
            **{f"{r}_equal": round(sum(c.role_ok(r) for c in checks if c.task) / n, 3) for r in ROLES},
            "persons_found": round(sum(c.role_ok("persons") for c in with_persons) / max(1, len(with_persons)), 3),
            "by_document": dict(Counter(c.gold["doc"] for c in checks if not c.units_ok))}


def report(split: str | None = None) -> dict:
    gold = load_gold("tasks", split)
    checks = check(gold, outlines())
    out = summary(checks)
    out["misses"] = [_miss(c) for c in checks if not c.units_ok or not c.role_ok("persons")]
    return out


def _miss(c: Check) -> dict:
    duty = c.task.responsible if c.task else None
    return {"doc": c.gold["doc"], "heading": c.gold["heading"][:40],
            "found": c.task.heading[:40] if c.task and c.task.heading else None,
            **{r: [c.gold.get(r, []), list(getattr(duty, r)) if duty else None] for r in ROLES if not c.role_ok(r)}}
