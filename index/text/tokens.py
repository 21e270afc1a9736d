"""Tokens: jieba for Chinese (search mode, corpus-restricted dictionary), lemmas for English.

A regex `\\w+` tokenizer would turn a whole Chinese sentence into one token; jieba's search mode
emits words and their sub-words (兰州新区 → 兰州, 新区, 兰州新区), which suits short queries.
Shared by the build (Milvus full-text tokens) and the search (BM25) stages.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import fold
from .units import PROVINCE_EN

STOPWORDS = frozenset(
    "的 了 和 与 及 等 在 是 为 对 把 被 将 并 或 有 也 就 都 而 之 以 于 其 中 上 下 个 各 "
    "哪些 什么 哪个 多少 如何 怎样 怎么 是否 吗 呢 谁 方面 提出 要求 有关 进行 "
    "a an the of to in on for and or is are was were be by with what which who how does do did "
    "will would should can this that these those it its as at from into about any there their".split())
_TOKEN = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def corpus_dictionary(corpus_text: str) -> dict:
    """The entries of jieba's dictionary that occur in the corpus, with the dictionary's total.

    jieba only ever uses dictionary words that are substrings of the sentence it cuts, so this
    small dictionary cuts the corpus exactly as the full one does, and loads in milliseconds
    instead of a second. Query words the corpus never uses cannot match in BM25 anyway.
    """
    occurs = {corpus_text[i:i + n] for n in range(1, 9) for i in range(len(corpus_text) - n + 1)}
    words, total = {}, 0
    with _jieba().get_dict_file() as f:
        for line in f:
            word, freq = line.decode("utf-8").split(" ")[:2]
            total += int(freq)
            if word in occurs or (len(word) > 8 and word in corpus_text):
                words[word] = int(freq)
    return {"total": total, "words": words}


class Segmenter:
    """A jieba tokenizer over a given dictionary, with domain terms (兰州新区) added whole."""

    def __init__(self, dictionary: dict | None = None, terms: frozenset[str] = frozenset()):
        self._jieba = _jieba().Tokenizer()
        if dictionary is None:
            self._jieba.initialize()
        else:  # jieba 0.42 keeps its prefix dictionary in FREQ/total; we build it from ours
            freq: dict[str, int] = {}
            for word, count in dictionary["words"].items():
                freq[word] = count
                for end in range(1, len(word)):
                    freq.setdefault(word[:end], 0)
            self._jieba.FREQ, self._jieba.total = freq, int(dictionary["total"])
            self._jieba.initialized = True
        for term in sorted(terms):
            self._jieba.add_word(term)

    def tokenize(self, text: str) -> list[str]:
        """Search-mode tokens of the folded text (NFKC, lower case, Simplified), without punctuation
        or stop-words: a Traditional question and a Simplified document meet here. A space between two
        characters (a PDF's line break inside a word: `污水管 网`) does not split the word."""
        tokens = self._jieba.lcut_for_search(_HAN_GAP.sub("", fold(text)))
        return [w for w in (w.strip() for w in tokens) if w and _TOKEN.search(w) and w not in STOPWORDS]


    def words(self, text: str) -> list[str]:
        """Precise-mode words of the folded text, in order and covering it (their lengths add up to
        the text's): where a word starts and ends, for marking whole words only."""
        return self._jieba.lcut(fold(text), HMM=False)


_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")
_SUFFIX = frozenset("委局厅办部署院处司")   # one-character ends of a body's name: 发展改革委 is 发展/改革/委


def body_words(text: str, segmenter: Segmenter | None = None) -> list[tuple[int, int]]:
    """[start, end) of each word that a body's one-character suffix closes (改革委 in 省发展改革委):
    a match that starts or ends strictly inside one is part of a name, not a word of its own."""
    out, pos, words = [], 0, (segmenter or _default_segmenter()).words(text)
    for i, word in enumerate(words):
        if word in _SUFFIX and i:
            out.append((pos - len(words[i - 1]), pos + 1))
        pos += len(word)
    return out


@lru_cache(maxsize=1)
def _default_segmenter() -> Segmenter:
    return Segmenter()


def tokenize(text: str, segmenter: Segmenter | None = None) -> list[str]:
    """Tokens of `text` with `segmenter`, or with jieba's full default dictionary."""
    return (segmenter or _default_segmenter()).tokenize(text)


def english_tokens(text: str) -> list[str]:
    """Lower-cased, lemmatised English words without stop-words, for the English-side BM25."""
    from .bridge import ENGLISH_STOPWORDS, english_key

    return [w for w in english_key(text) if w not in ENGLISH_STOPWORDS and w not in STOPWORDS]


@dataclass(frozen=True)
class EnglishWord:
    """A content word of an English text: its lemma, and whether it is written as a name (capitalised
    after the first word: Kashgar, Yushu)."""

    lemma: str
    name: bool


def english_words(text: str) -> list[EnglishWord]:
    """The content words of an English text, stop-words dropped before lemmatising ("does" is no "doe")."""
    from .bridge import ENGLISH_STOPWORDS, lemma

    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'\-]*", text)
    return [EnglishWord(lemma(w.lower()), i > 0 and w[0].isupper()) for i, w in enumerate(words)
            if w.lower() not in ENGLISH_STOPWORDS and w.lower() not in STOPWORDS]


@lru_cache(maxsize=1)
def _posseg():
    _jieba()
    import jieba.posseg

    return jieba.posseg


_ADMIN_END = re.compile(r"(?:地区|省|市|县|州|区|镇|乡|旗|盟)$")


def place_names(text: str) -> list[str]:
    """The places a Chinese text names, as their cores (张掖市 → 张掖, 西南地区 → 西南): words jieba's
    dictionary tags as places (`ns`) that end with an administrative level, and English province names
    (Inner Mongolia → 内蒙古) not joined to another name by a dash ("Lanzhou–Xinjiang" names a railway,
    兰新). A bare Chinese province is not read: documents write 青甘川 for three provinces."""
    folded = fold(text)
    zh = [_ADMIN_END.sub("", w) for w, flag in _posseg().cut(folded, HMM=False)
          if flag == "ns" and _ADMIN_END.search(w) and len(w) >= 3]
    en = [name for name, english in PROVINCE_EN.items()
          if re.search(rf"(?<![–—-])\b{english.lower()}\b(?![–—-])", folded)]   # not Lanzhou–Xinjiang (兰新)
    return list(dict.fromkeys(zh + en))


def nouns(text: str) -> list[str]:
    """The nouns of a Chinese text (two or more characters; jieba's dictionary tags n…, or a Latin word)."""
    return [w for w, flag in _posseg().cut(fold(text), HMM=False)
            if len(w) >= 2 and (flag.startswith("n") or flag == "eng")]


def all_places(text: str) -> list[str]:
    """Every place a Chinese text names, as its core (西宁—海东都市圈 → 西宁, 海东): words of two or more
    characters that jieba's dictionary tags as places (`ns`), with a level or not (`place_names`: with one)."""
    words = [_ADMIN_END.sub("", w) for w, flag in _posseg().cut(fold(text), HMM=False) if flag == "ns" and len(w) >= 2]
    return list(dict.fromkeys(w for w in words if len(w) >= 2))


# What a Chinese number question asks the quantity of: the word before 达到多少 / 是多少 / 几.
_ASKED_AMOUNT = re.compile(r"(?:要|将|应|须|能|可)?(?:达到|提高到|提升到|增加到|降低到|控制在|是|为|有|达|约)?"
                           r"(?:多少|几)")


def asked_quantity(text: str) -> str:
    """The word whose quantity a Chinese question asks for (森林覆盖率要达到多少 → 覆盖率), when it is a word of
    three or more characters in jieba's dictionary (a typo makes no such word), else ""."""
    folded = fold(text)
    m = _ASKED_AMOUNT.search(folded)
    if not m:
        return ""
    words = [w for w, _ in _posseg().cut(folded[:m.start()], HMM=False) if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    last = words[-1] if words else ""
    return last if len(last) >= 3 and _posseg().dt.tokenizer.FREQ.get(last, 0) > 0 else ""
