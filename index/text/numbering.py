"""Numbering of headings and items: which style a line's number has, and its value. Pure.

Policy documents number their parts in many styles: `第一章`, `一、`, `（一）`, `1.`, `1、`, `1﹒`, `(1)`,
`①`, `第一条`, `1 ` (a table's 序号 cell pasted before its row),
in full or half width. A style's depth is not fixed: each document uses its own order
(one starts `一、`→`（一）`→`1.`, a task list starts at `1、`), so `layout` ranks styles by their first use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", 0)} | {"〇": 0, "两": 2}
_CN = "一二三四五六七八九十百零〇两"
_DIGIT = "0-9０-９"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (style, pattern): the first that matches at a line's start wins; group 1 is the ordinal.
STYLES: tuple[tuple[str, re.Pattern], ...] = (
    ("part", re.compile(rf"第([{_CN}{_DIGIT}]{{1,4}})(?:部分|篇|编)\s*")),
    ("chapter", re.compile(rf"第([{_CN}{_DIGIT}]{{1,4}})章\s*")),
    ("article", re.compile(rf"第([{_CN}{_DIGIT}]{{1,4}})条\s*")),
    ("cn", re.compile(rf"([{_CN}]{{1,3}})\s*[、.．﹒]\s*")),
    ("(cn)", re.compile(rf"[(（]\s*([{_CN}]{{1,3}})\s*[)）]\s*[、.．]?\s*")),
    ("n.", re.compile(rf"([{_DIGIT}]{{1,3}})\s*[.．﹒](?![{_DIGIT}])\s*")),
    ("n.?", re.compile(rf"([{_DIGIT}]{{1,3}})[.．﹒](?=[{_DIGIT}])")),   # 11.121人才…, or a decimal: see `layout`
    ("n、", re.compile(rf"([{_DIGIT}]{{1,3}})\s*、\s*")),
    ("(n)", re.compile(rf"[(（]\s*([{_DIGIT}]{{1,3}})\s*[)）]\s*[、.．]?\s*")),
    ("n)", re.compile(rf"([{_DIGIT}]{{1,3}})\s*[)）]\s*")),
    ("circled", re.compile(rf"([{_CIRCLED}])\s*")),
    ("n ", re.compile(rf"([{_DIGIT}]{{1,3}})[ \u3000\t]+(?=[\u4e00-\u9fff])")),   # a pasted table row: see `layout`
)


@dataclass(frozen=True)
class Number:
    """A number at the start of a line: its style, value, and the offset where the text after it starts."""

    style: str
    value: int
    end: int


def leading_number(line: str, start: int = 0) -> Number | None:
    """The numbering at `line[start:]`, or None. `2025年` and `3.5%` are not numbers of an item."""
    for style, pattern in STYLES:
        m = pattern.match(line, start)
        if m and m.end() < len(line.rstrip()):
            value = ordinal(m.group(1))
            if value:
                return Number(style, value, m.end())
    return None


def ordinal(token: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23, ３ → 3, ⑤ → 5; 0 when `token` is no ordinal."""
    token = token.strip()
    if token in _CIRCLED:
        return _CIRCLED.index(token) + 1
    digits = "".join(str(ord(c) - 0xFF10) if "０" <= c <= "９" else c for c in token)
    if digits.isdigit():
        return int(digits)
    if "百" in token:
        hundreds, _, rest = token.partition("百")
        return (_CN_DIGITS.get(hundreds, 1) if hundreds else 1) * 100 + ordinal(rest.lstrip("零〇") or "零")
    if "十" in token:
        tens, _, ones = token.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(token, 0) if len(token) == 1 else 0




# after a closing bracket; after spaces; after a sentence end; before a bracketed number right after a word
_BREAK = re.compile(r"[)）〕】]\s*|(?<=\S)[ \u3000]+|(?<=[。；;])|"
                    r"(?<=[\u4e00-\u9fff])(?=[(（][一二三四五六七八九十]{1,3}[)）])")
_HEADING_STYLES = ("part", "chapter", "cn", "(cn)")
MAX_HEADING = 40   # characters of a heading that a bracketed 1 may follow on its line
MIN_RUN = 2   # numbered items after spaces that show a document whose lines were run into one


def items_on_line(line: str) -> list[tuple[int, int]]:
    """The (start, end) of each item on a line: a further item starts right after a closing bracket, in
    the same numbering style with the next number (`(一)…。(省发改委负责)(二)…`: a copy that lost its line
    breaks); after a sentence end in a heading's style (`…制定本方案。一、加强要素支持`); right after a short
    heading, at 1 of a deeper style (`一、加强要素支持(一)强化财税保障。`); or after a space, continuing the
    numbering or opening a deeper style at 1, where more than MIN_RUN do (a document copied as one
    paragraph: `… 一、X牵头重点工作 1.… 2.… 二、…`). One pass."""
    first = leading_number(line)
    last = {first.style: first.value} if first else {}
    closed, spaced = [0], [0]
    for m in _BREAK.finditer(line):
        number = leading_number(line, m.end())
        if number is None or number.style in ("n ", "n.?"):
            continue
        follows = last.get(number.style, 0) == number.value - 1
        after = m.group()[:1] or line[m.start() - 1]    # a zero-width break: the character before it
        if after in ")）〕】" and m.group():
            if last.get(number.style) != number.value - 1:
                continue
            closed.append(m.end())
        elif not follows:
            continue
        elif after == "。" and number.style in _HEADING_STYLES:
            closed.append(m.end())
        elif not m.group() and after not in "。；;" and number.value == 1 and \
                m.start() - closed[-1] <= MAX_HEADING and _short_heading(line[closed[-1]:m.start()]):
            closed.append(m.end())
        elif m.group().isspace():
            spaced.append(m.end())
        else:
            continue
        styles = list(last)
        for style in styles[styles.index(number.style) + 1:] if number.style in last else ():
            del last[style]   # a higher number restarts the styles below it
        last[number.style] = number.value
    cuts = sorted(set(closed + (spaced if len(spaced) > MIN_RUN else [])))
    bounds = cuts + [len(line)]
    return [(a, a + len(line[a:b].rstrip())) for a, b in zip(bounds, bounds[1:]) if line[a:b].strip()]


def _short_heading(text: str) -> bool:
    """A numbered heading of one phrase, short enough to be a title (`一、加强要素支持`), not the start of a
    sentence that lists its points (`1.加强管理，主要包括(一)…`)."""
    return len(text) <= MAX_HEADING and leading_number(text) is not None and not re.search(r"[。；;！？，,：:]", text)
