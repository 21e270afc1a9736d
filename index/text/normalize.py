"""Text normalisation shared by every stage: matching keys, control-character stripping.

Display text always keeps the source characters; only *matching* uses these forms.
"""
from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def nfkc(text: str) -> str:
    """Fold full-width/half-width forms (（ → (, ： → :, Ａ → A) for matching."""
    return unicodedata.normalize("NFKC", text)


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


def detect_lang(text: str) -> str:
    """"zh" when the text holds any CJK ideograph, else "en"."""
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
