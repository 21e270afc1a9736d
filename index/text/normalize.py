"""Text normalisation shared by every stage: matching keys, control-character stripping.

Display text always keeps the source characters; only *matching* uses these forms.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def nfkc(text: str) -> str:
    """Fold full-width/half-width forms (（ → (, ： → :, Ａ → A) for matching."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


_SURROGATE = re.compile("[\ud800-\udfff]")


def simplified(text: str) -> str:
    """Traditional characters as Simplified (OpenCC t2s); Simplified text comes back unchanged. A lone
    surrogate (a broken file) becomes U+FFFD first: OpenCC reads UTF-8 only, and the length stays."""
    return _t2s().convert(_SURROGATE.sub("\ufffd", text)) if text else text


def fold(text: str) -> str:
    """The form every lexical match uses: NFKC, lower case, Simplified characters."""
    return simplified(nfkc(text).lower())


def match_key(text: str) -> str:
    """Key under which two sentences count as the same text.

    NFKC, lower case, all punctuation and whitespace removed: so the same sentence
    with full-width or half-width punctuation, or extra spaces, gets one key.
    """
    return _NON_WORD.sub("", nfkc(text).lower())


def squash_space(text: str) -> str:
    """Collapse runs of whitespace to one space and trim."""
    return _SPACE.sub(" ", text).strip()


def strip_control(text: str) -> str:
    """Remove control, format and surrogate characters; keep ordinary whitespace as a space."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\t\n\r":
            out.append(" ")
        elif cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def shingles(text: str, n: int = 3) -> set[str]:
    """Character n-grams of the matching key: a punctuation-blind fingerprint for near-duplicates."""
    key = match_key(text)
    if len(key) <= n:
        return {key} if key else set()
    return {key[i:i + n] for i in range(len(key) - n + 1)}


_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_FRAME = frozenset("what which who whom whose when where why how does do did is are was were will can "
                   "the of for to in on by".split())


def detect_lang(text: str) -> str:
    """The question's main language: "en" when English frames it (a question or function word) or
    outweighs the Chinese (a word counting as two characters), else "zh" when it holds Chinese.
    So "What is the 2025 target for 兰州新区?" is English and "兰州新区的GDP目标" Chinese."""
    han = len(_HAN.findall(text))
    words = [w.lower() for w in _LATIN_WORD.findall(text)]
    if not han:
        return "en"
    return "en" if any(w in _FRAME for w in words) or 2 * len(words) >= han else "zh"
