"""Names an English question spells in pinyin that no document holds (Jiuquan, Yushu). Pure.

A Chinese question that names a place no document mentions (张掖 in a question to the plan) is answered
"not found" (`Retriever.unknown_subjects`). An English question names the place in pinyin, which the
documents' Chinese text does not show. A capitalised word of the question is such a name when it is
spelled wholly in pinyin syllables (two at least), is no English word (the index's English text, the
dictionary's lowercase words), and no word of the documents (a token of the search index, of two to
MAX_CHARS characters) reads as it, each character in any of its readings (乐都 is Ledu or Yuedu). Whole
words, not any run of characters: 就全 in running text is no Jiuquan. A typo of a name the documents hold
(`Xinning` for Xining: one letter dropped, or two swapped) is not unknown. A name that is no pinyin (Kashgar,
Istanbul) is unknown when the dictionary names it (its entry's sense is that name) only in Chinese words
that no document uses (喀什, 伊斯坦布尔).

The readings are read once per process, on the first English question that names a pinyin word.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import islice, product
from typing import Callable, Iterable

MAX_CHARS = 4           # Chinese characters a name spans
MAX_READINGS = 16       # ways one word is read, at most (each polyphone multiplies them)
STEM = 5                # letters of an English word that tell it from others (Tibet, Tibetan)
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+$")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:['’][a-z]+)?\b")
_VOWEL = re.compile(r"[aeiouv]")


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (ü written u), from pypinyin's table; no vowel-less interjections."""
    from pypinyin.pinyin_dict import pinyin_dict

    return frozenset(s for readings in pinyin_dict.values() for s in map(_plain, readings.split(","))
                     if _VOWEL.search(s))


def _plain(reading: str) -> str:
    text = unicodedata.normalize("NFKD", reading.replace("ü", "u"))
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def readings(ch: str) -> frozenset[str]:
    """The toneless readings of one Han character (乐 → le, yue); empty for any other character."""
    if not "\u4e00" <= ch <= "\u9fff":
        return frozenset()
    from pypinyin import Style, pinyin

    return frozenset(_plain(r) for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0])


def pinyin_shaped(word: str) -> bool:
    """Whether a word splits wholly into two or more pinyin syllables (jiuquan = jiu·quan, xi'an = xi·an)."""
    counts = [_syllable_count(part) for part in re.split(r"['’]", word.lower())]
    return all(c > 0 for c in counts) and sum(counts) >= 2


def _syllable_count(letters: str) -> int:
    """The fewest pinyin syllables that spell `letters` wholly, 0 when none do."""
    table = syllables()
    parts = [0] + [-1] * len(letters)     # parts[i]: fewest syllables spelling letters[:i], -1 when none do
    for i in range(1, len(letters) + 1):
        options = [parts[j] + 1 for j in range(max(0, i - 6), i) if parts[j] >= 0 and letters[j:i] in table]
        parts[i] = min(options) if options else -1
    return max(parts[-1], 0)


class SpelledNames:
    """The words of the documents (the search index's tokens), read for the pinyin names they hold."""

    def __init__(self, words: Iterable[str], english: str, holds: Callable[[str], bool]) -> None:
        self.words, self.holds = words, holds
        self.english = {w[:STEM] for w in re.findall(r"[a-z]+", re.sub(r"['’]", "", english.lower()))}   # Lin'an
        self._spelled: set[str] | None = None

    def unknown(self, question: str) -> list[str]:
        """The capitalised words of an English question that name a place no document holds: a pinyin name
        no word of the documents reads as, or a name the dictionary gives only in Chinese words that no
        document uses (Istanbul: 伊斯坦布尔). Never a word the index's English holds (by its first STEM
        letters: Tibetan for Tibet) or a lowercase English word of the dictionary (Women, China)."""
        candidates = [w for w in dict.fromkeys(_CAPITALISED.findall(question)) if _key(w)[:STEM] not in self.english]
        if not candidates:
            return []
        from ..text.bridge import dictionary_english

        english, names = dictionary_english().words, dictionary_english().names
        unknown = []
        for word in (w for w in candidates if _key(w) not in english):
            if pinyin_shaped(word):
                if not self._spellings().intersection(_variants(_key(word))):
                    unknown.append(word)
            elif names.get(_key(word)) and not any(map(self.holds, names[_key(word)])):
                unknown.append(word)
        return unknown

    def _spellings(self) -> set[str]:
        """Every way each Han word's first two to MAX_CHARS characters read (乐都: ledu, yuedu), built once."""
        if self._spelled is None:
            spelled: set[str] = set()
            for word in self.words:   # and its beginnings: 临安 of 临安区
                for n in range(2, min(len(word), MAX_CHARS) + 1) if _HAN_WORD.match(word) else ():
                    spelled.update("".join(p) for p in islice(product(*map(readings, word[:n])), MAX_READINGS))
            self._spelled = spelled
        return self._spelled


def _key(word: str) -> str:
    return re.sub(r"['’]", "", word.lower())


def _variants(word: str) -> list[str]:
    """The word, and each reading of it with one letter dropped or two neighbours swapped (typos)."""
    dropped = [word[:i] + word[i + 1:] for i in range(len(word))]
    swapped = [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)]
    return [word, *dict.fromkeys(dropped + swapped)]
