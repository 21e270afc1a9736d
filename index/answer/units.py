"""Responsible units: whether a question asks who leads, and the (责任单位:…) note that answers it. Pure."""
from __future__ import annotations

import re
from typing import Sequence

from ..text.normalize import nfkc
from ..types import Hit, Responsibility

RESPONSIBILITY_CUES = re.compile(
    r"牵头|负责|责任单位|哪些部门|哪个部门|哪些单位|哪个单位|由谁|谁来|"
    r"\b(who|lead|leads|leading|responsible|in charge|department|departments|agency|agencies)\b", re.I)


def asks_who_leads(question: str) -> bool:
    return bool(RESPONSIBILITY_CUES.search(nfkc(question)))


def lead_units(question: str, hits: Sequence[Hit]) -> tuple[Responsibility | None, Hit | None]:
    """For a "who leads" question, the (责任单位:…) note of the first of `hits` that has one,
    and that hit; never a note from a passage the answer does not cite."""
    if not asks_who_leads(question):
        return None, None
    hit = next((h for h in hits if h.chunk.responsible), None)
    return (hit.chunk.responsible[0], hit) if hit else (None, None)
