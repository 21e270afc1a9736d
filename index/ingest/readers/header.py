"""Metadata a Chinese official document states in its own text: title, document number
(发文字号, e.g. 青政办〔2022〕5号), issuing offices and date. Pure string work, used when a
document has no sidecar `.meta.json` (whose values always win). Keys follow the sidecar's:
`title_zh`, `doc_number`, `issuer_zh`, `date` (ISO)."""
from __future__ import annotations

import re

_HEAD = 4000   # the notice, its addressees and its signature sit in the first pages
_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（](?:19|20)\d{2}[〕\]］)）]\s*\d{1,4}\s*号")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
_DATE = re.compile(r"((?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
                   r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
_OFFICE = (r"[\u4e00-\u9fff]{2,14}?"
           r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|发展和改革委员会|厅|局|部)")
_SIGNATURE = re.compile(rf"((?:{_OFFICE}[、，\s]*){{1,4}})\s*$")
_TITLE = re.compile(r"(关于[^。；\n]{2,80}?的(?:通知|意见|决定|批复|函|报告|公告))")
# a section, not a title
_NUMBERED = re.compile(r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.．、]")
_PLAN = re.compile(r"^\s*([^\s。；，、“”,]{2,40}(?:实施方案|规划|计划|方案|意见|办法|纲要))\s*$", re.MULTILINE)


def header_meta(text: str) -> dict:
    """What the opening of `text` says about the document; keys only for what was found."""
    head = text[:_HEAD]
    meta: dict = {}
    if m := _NUMBER.search(head):
        meta["doc_number"] = re.sub(r"\s+", "", m.group())
    if m := _DATE.search(head):
        meta["date"] = iso_date(*m.groups())
        issuers = issuing_offices(head[:m.start()])
        if issuers:
            meta["issuer_zh"] = "、".join(issuers)
    title = notice_title(head)
    if title:
        meta["title_zh"] = title
    return meta


def iso_date(year: str, month: str, day: str) -> str:
    """`2022`/`二〇二二`, `2`/`二`, `7`/`七` → "2022-02-07"."""
    y = "".join(_CN_DIGITS.get(c, c) for c in year)
    return f"{y}-{_small(month):02d}-{_small(day):02d}"


def _small(n: str) -> int:
    """1–31 from Arabic digits or 一…三十一."""
    if n.isdigit():
        return int(n)
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if "十" not in n:
        return digits[n]
    tens, _, ones = n.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


def issuing_offices(before_date: str) -> list[str]:
    """The offices signing just before the date, e.g. 青海省人民政府办公厅甘肃省人民政府办公厅."""
    m = _SIGNATURE.search(before_date.rstrip()[-80:])
    if not m:
        return []
    return [o for o in re.findall(_OFFICE, m.group(1)) if o]


def notice_title(head: str) -> str | None:
    """"关于印发…的通知", else the first line when it reads as a title (short, no sentence end, not a
    numbered heading such as 一、总体要求), else an early line that is a plan's name on its own."""
    if m := _TITLE.search(head):
        return m.group(1)
    first = head.strip().split("\n", 1)[0].strip().lstrip("# ")
    if 4 <= len(first) <= 60 and not first.endswith(("。", "；", "：", ":")) and not _NUMBERED.match(first):
        return first
    if m := _PLAN.search(head[:200]):
        return m.group(1)
    return None
