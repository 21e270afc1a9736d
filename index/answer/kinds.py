"""What a question asks for beside a number (a person, a day, a price, a company…) and whether an answer
holds it. Pure."""
from __future__ import annotations

import re
from typing import Sequence

from ..text.normalize import fold

MONEY = re.compile(r"\d[\d.,]*\s*(?:亿|万|千)?元|[一二两三四五六七八九十百千万亿]+元|\byuan\b|\brmb\b", re.I)


# What else a question can ask for, and what an answer to it must hold: (name, question, answer). A
# question for a person, a day, a price, a company, a street, a document number or a contact answered
# without one is weak evidence (plans name few of them: eval/unanswerable_*.jsonl).
ASKED_KINDS = (
    ("person", re.compile(r"(?<!由)(?<!单位)(?<!部门)(?<!机构)(?<!机关)是谁|叫什么名字|姓名|"
                          r"哪位(?:省长|市长|主任|官员|负责人)|"
                          r"\bwho (?:is|was) (?:the )?"
                          r"(?:mayor|governor|director|head|chief|minister|secretary|convener)\b|"
                          r"\b(?:name|names) of (?:the )?(?:mayor|governor|director|official|person|head|convener)\b|"
                          r"\bwho (?:chairs|heads|directs|runs|presides over)\b|"
                          r"\bwhich (?:official|person)\b", re.I),
     re.compile(r"同志|先生|女士|[\u4e00-\u9fff]{2,3}(?:省长|市长|主任|书记)(?![\u4e00-\u9fff]{0,2}(?:负责|牵头))|"
                r"\b(?:Mr|Ms|Mrs|Dr)\.? [A-Z]", re.I)),
    ("date", re.compile(r"哪一?天|哪一日|几月几日|具体日期|\bwhat dates?\b|\bwhich days?\b|\bon what days?\b", re.I),
     re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{2}-\d{2}|[一二三四五六七八九十]+月[一二三四五六七八九十]+日")),
    ("price", re.compile(r"票价|门票|过路费|通行费|电价|(?:价格|收费|费用|价钱)(?:标准)?(?:是|为)?(?:多少|几)|多少钱|"
                         r"\bwhat (?:is|are|was|will be) the [\w\s'-]{0,30}?\b(?:price|fare|fee|toll|cost)s?"
                         r"(?=\s+(?:of|for|from|between|on|per|to|in)\b|\s*[?？]|\s*$)|"   # the fare from A to B
                         r"\b(?:what|which) (?:tolls?|fares?|fees?)\b|\bat what price\b|\bprice per\b|"
                         r"\bhow much (?:does|do|is|are|will)\b.*\b(?:cost|charge|pay|fare|price|toll)s?\b", re.I),
     MONEY),
    ("company", re.compile(r"哪家(?:企业|公司)|什么(?:企业|公司)|\bwhich (?:company|firm|enterprise)\b", re.I),
     re.compile(r"公司|集团|有限|\b(?:co|company|group|ltd|corporation)\b", re.I)),
    ("street", re.compile(r"哪条(?:路|街|大道)|什么(?:路|街道)上|\b(?:which|what) (?:street|road)\b", re.I),
     re.compile(r"[\u4e00-\u9fff]{1,8}(?<![铁公道线丝陆水网通之])(?:路|街|大道)\d*号?|"
                r"\b\w+ (?:road|street|avenue)\b", re.I)),
    # a site below a place's level: which township, which hall, the exact location or address
    ("site", re.compile(r"(?:哪个|哪些|什么)(?:乡镇|乡|镇|村|社区|大厅|政务大厅|园区)|选址在|具体(?:位置|地址|建在)|"
                        r"\bwhere exactly\b|\bexact (?:location|site)\b|\b(?:street )?address\b", re.I),
     re.compile(r"[\u4e00-\u9fff]{2,4}(?:乡|镇|村|社区|大厅)(?![化区域])|\d+号|\b(?:township|village|hall)\b", re.I)),
    # what happened after the plan was written: a plan says what is to be done, a report what was done
    ("outcome", re.compile(r"(?:现在|目前|如今|已经|已)[\u4e00-\u9fff]{0,12}了吗|实际(?:上)?(?:完成|开通|建成)|"
                           r"\b(?:has|have) [\w\s'-]{0,60}\b(?:been|actually|already)\b|\bactually\b|"
                           r"\bsince the plan was (?:issued|published)\b|\bafter 20\d\d\b", re.I),
     re.compile(r"已(?:经)?(?:完成|建成|开通|通车|实现|启用|投入)|完成情况|实际完成|进展|\bcompleted\b|\bopened\b")),
    ("doc_number", re.compile(r"文号|发文字号|文件编号|\bdocument number\b", re.I),
     re.compile(r"〔\d{4}〕|\[\d{4}\]|\d{4}〕\d+号")),
    ("contact", re.compile(r"(?:电话|号码|网址|邮箱)(?:是|为)?(?:多少|什么)|"
                           r"\bwhat (?:is|are) the (?:\w+ )?(?:phone|telephone|website|e-?mail|hotline)\b", re.I),
     re.compile(r"\d{7,}|\d{3,4}-\d{7,8}|https?://|www\.|@")),
)


# A person asked by name or post, never a unit: not "who heads / runs X" (X's lead unit, as often as not).
_NAMED_PERSON = re.compile(r"叫什么名字|姓名|哪位(?:省长|市长|主任|官员|负责人)|"
                           r"(?:省长|市长|主任|书记|局长|厅长|负责人)是谁|\bby name\b|"
                           r"\bwho (?:is|was) (?:the )?(?:mayor|governor|director|chief|minister|secretary|convener|"
                           r"general manager|party secretary)\b|"
                           r"\bnames? of (?:the )?(?:mayor|governor|director|official|person|head|convener)\b|"
                           r"\bwhich (?:official|person)\b", re.I)


def asks_named_person(question: str) -> bool:
    """Whether the question asks for a person by name or post (主任是谁, "who is the director of")."""
    return bool(_NAMED_PERSON.search(fold(question)))


def asks_person(question: str) -> bool:
    """Whether the question asks for a person by name (是谁, "who is the director of"), not for a unit."""
    return bool(next(q for name, q, _ in ASKED_KINDS if name == "person").search(fold(question)))


def _asking(question: str) -> str:
    """The part of a question that asks: a pasted passage asks in its last line."""
    return ([part for part in re.split(r"[。！!\n]", fold(question)) if part.strip()] or [""])[-1]


def asked_kind(question: str) -> tuple[str, re.Pattern] | None:
    """The first kind of fact the question asks for (`ASKED_KINDS`) and what an answer to it holds, or None."""
    ask = _asking(question)
    return next(((name, answer) for name, asks, answer in ASKED_KINDS if ask and asks.search(ask)), None)


def missing_kind(question: str, sentences: Sequence[str]) -> str:
    """A kind of fact the question asks for (a person, a day, a price…) that the answer sentences do not hold,
    or "" (a question may ask two: "which company has been chosen" asks a company and an outcome)."""
    ask, text = _asking(question), " ".join(sentences)
    return next((name for name, asks, answer in ASKED_KINDS
                 if ask and asks.search(ask) and not answer.search(text)), "")
