"""Query-side signals for the "not found" verdict that need the corpus, not a model. Pure."""
from __future__ import annotations

import re

from ..text.normalize import fold

# Chinese interrogatives and request phrases: the grammar of asking, in any question about any
# document. Removed before counting unseen bigrams, since the documents never ask questions.
QUESTION_WORDS = frozenset(
    "请问 请介绍 介绍一下 请说明 说明一下 告诉我 我想知道 多少 几 哪 哪些 哪个 哪里 哪儿 哪一 什么 什么样 "
    "怎么 怎么样 怎样 如何 为什么 为何 是否 有没有 是不是 吗 呢 谁 何时 何地 何种 时候 具体 主要 分别".split())


def unseen_bigrams(question: str, corpus_bigrams: set[str]) -> int:
    """How many bigrams of the question's Chinese characters the corpus never uses, question words
    removed. Digits do not count: a number the documents lack is judged by the answer
    (verdict.weak_answer), not here. Independent of word segmentation, which differs for unknown words."""
    text = fold(question)
    for w in sorted(QUESTION_WORDS, key=len, reverse=True):
        text = text.replace(w, " ")
    return sum(1 for b in bigrams(text) if b not in corpus_bigrams and not any(ch.isdigit() for ch in b))


def bigrams(text: str) -> set[str]:
    """Bigrams of consecutive CJK characters or digits (runs are split at anything else)."""
    runs = re.findall(r"[\u4e00-\u9fff0-9]+", fold(text))
    return {r[i:i + 2] for r in runs for i in range(len(r) - 1)}


_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def numbers_of(text: str) -> frozenset[str]:
    """The numbers of two digits or more a text uses (2025, 69, 4.5): a question naming one the
    documents never use asks about something they do not cover."""
    return frozenset(n for n in _DIGITS.findall(fold(text)) if len(n) >= 2)
