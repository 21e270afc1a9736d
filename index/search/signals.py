"""Query-side signals for the "not found" verdict that need the corpus, not a model. Pure."""
from __future__ import annotations

import re

from ..text.normalize import nfkc

QUESTION_WORDS = frozenset(
    "多少 几 几条 几个 几类 几项 几种 哪些 哪个 哪条 哪份 哪里 哪些地方 两个 三个 一座 一段 这份 什么 时候 年份 "
    "是否 如何 怎样 怎么 为什么 谁 目前 主要 具体 方面 情况 内容 文件 方案 规定 提出".split())


def unseen_bigrams(question: str, corpus_bigrams: set[str]) -> int:
    """How many character bigrams of the question's Chinese and digits the corpus never uses,
    question words removed. Independent of word segmentation, which differs for unknown words."""
    text = nfkc(question).lower()
    for w in sorted(QUESTION_WORDS, key=len, reverse=True):
        text = text.replace(w, " ")
    return sum(1 for b in bigrams(text) if b not in corpus_bigrams)


def bigrams(text: str) -> set[str]:
    """Bigrams of consecutive CJK characters or digits (runs are split at anything else)."""
    runs = re.findall(r"[\u4e00-\u9fff0-9]+", nfkc(text).lower())
    return {r[i:i + 2] for r in runs for i in range(len(r) - 1)}
