"""Scope: the documents a question points to by the place, issuer or year it names. Pure.

Officials ask "广州的人才公寓由谁牵头？" or "What does Sichuan's plan say about …": the place (or
the year of a yearly 工作要点) says which document is meant when several documents hold tasks of the
same title. Each document's profile holds the places its title, issuer and opening lines name
(jieba's place tags, province names, the issuer's `X市/X县/X区` or 国务院), in Chinese and
in pinyin for English questions, and the years its title or document number (〔2014〕) names. A
question that names a place or year some document has points to those documents; `prefer` lifts
their passages above the others'.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from ..text.normalize import nfkc, simplified
from ..text.units import PROVINCE_EN, PROVINCE_NAMES

HEAD_CHARS = 300  # of a document's text: its title block, issuer and addressees
COMMON_WORD = 0.5  # share of documents whose text holds a word that makes it a topic word, not a title's name
TITLE_MIN = 2.0  # IDF a question's title words must reach to name a document (a word in one of ~7 titles)
_TITLE_STOP = frozenset(
    "关于 印发 通知 实施 方案 意见 实施意见 实施方案 工作 要点 任务 重点 分工 责任 分解 清单 "
    "推进 加快 进一步 做好 全面 深入 "
    "年度 规划 计划 措施 若干 办法 决定 中共 人民政府 政府 办公厅 办公室 我市 全市 全省 "
    "implementation implementing opinion plan work point task key division responsibility list notice "
    "promoting promote further government office people municipal provincial city province county district "
    "annual regarding about year "
    # the words that ask who leads name no document (a title may describe its "lead units and leaders")
    "牵头 负责 领导 单位 部门 牵头单位 责任单位 lead leader leading unit responsible charge department bureau".split()
)
_SUFFIX = re.compile(r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|特别行政区|地区|新区|省|市|县|区|州|盟|旗)$")
_YEAR = re.compile(r"(?<![\d到至])((?:19|20)\d{2})\s*年?(?!\d|底|前|末|以前|之前|年底)")
_ADMIN = r"(?:省|市|县|区|州|自治|新区|盟|旗)"
_ISSUER = re.compile(r"(?:中共)?(国务院|[\u4e00-\u9fff]{1,3}?(?:省|市|县|区|自治区|经济开发区|开发区|新区))")
# A district or county inside the issuer's city, before the issuing body (济南市|钢城区|人民政府办公室).
_NESTED = re.compile(r"([\u4e00-\u9fff]{1,3}?(?:市|县|区|旗))(?=人民政府|政府|管委会|党委|委员会)")
_TARGET_YEAR = re.compile(r"(?:到|至|在|于|截至)\s*(?:19|20)\d{2}")
_PROVINCES = {p for p in PROVINCE_NAMES}


@dataclass(frozen=True)
class Profile:
    """What names a document: places (Chinese, without 省/市/县…), their pinyin, and title years."""

    doc_id: str
    places: frozenset[str]
    places_en: frozenset[str]
    years: frozenset[str]
    title_words: frozenset[str] = frozenset()  # distinctive words of its titles (Chinese and English)


_QUOTED = re.compile(r"《[^《》]{0,80}》")


def document_heads(chunks) -> dict[str, str]:
    """Each document's opening text (its first chunks, up to HEAD_CHARS): title, issuer, addressees."""
    heads: dict[str, str] = {}
    for c in chunks:
        if len(heads.get(c.doc_id, "")) < HEAD_CHARS:
            heads[c.doc_id] = heads.get(c.doc_id, "") + c.text
    return heads


def profile(doc_id: str, title: str, meta: dict, head: str) -> Profile:
    """A document's profile from its title, metadata (issuer, English title) and opening text."""
    issuer = simplified(nfkc(meta.get("issuer_zh", "")))
    zh = simplified(nfkc(" ".join([title, meta.get("title_zh", ""), issuer, head[:HEAD_CHARS]])))
    placed = _ISSUER.match(issuer)
    if placed:   # the issuer places it: a policy its title quotes (贯彻《广东省…》) is another's
        zh = _QUOTED.sub(" ", zh)
    # a name jieba tags as a place counts where the text also writes it as one (广州 → 广州市): 城市, 中国 do not
    places = {p for p in places_in(zh) if p in _PROVINCES or re.search(rf"{re.escape(p)}{_ADMIN}", zh)}
    places |= {bare(placed.group(1))} if placed else set()
    nested = _NESTED.match(issuer, placed.end()) if placed else None
    places |= {bare(nested.group(1))} if nested else set()
    english = " ".join([meta.get("title_en", ""), meta.get("issuer_en", "")]).lower()
    places_en = {pinyin(p) for p in places} | {
        w for w in re.findall(r"[a-z']+", english.replace("'", "")) if w in _known_english()
    }
    titles = simplified(nfkc(" ".join([title, meta.get("title_zh", "")])))
    years = set(_YEAR.findall(titles)) | set(re.findall(r"(?:19|20)\d{2}", meta.get("doc_number") or ""))   # 〔2014〕
    words = {w for w in title_words(f"{titles} {meta.get('title_en', '')}") - places_en if bare(w) not in places}
    return Profile(doc_id, frozenset(places), frozenset(places_en), frozenset(years), frozenset(words))


def title_words(text: str) -> set[str]:
    """The words of a title or question that can tell documents apart: Chinese words of two or more
    characters and English words of four or more letters, without the words every document title
    uses (实施方案, opinions, plan…)."""
    zh = {w for w in _words()(simplified(nfkc(text))) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)}
    en = {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in re.findall(r"[a-z]{4,}", text.lower())}
    return (zh | en) - _TITLE_STOP


def places_in(text: str) -> set[str]:
    """The place names a Chinese text holds, without their 省/市/县 suffix (广州市 → 广州)."""
    found = {p for p in _PROVINCES if p in text} | {w for w, flag in _tagger()(text) if flag == "ns"}
    return {b for b in map(bare, found) if len(b) >= 2}


def bare(name: str) -> str:
    """A place name without its 省/市/县… suffix, unless that leaves one character (广州 keeps 州)."""
    short = _SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


def named_documents(question: str, profiles: list[Profile], spread: Callable[[str], float] | None = None
                    ) -> frozenset[str]:
    """The documents the question names by place, then (among those) by title year, then by title
    words (at least TITLE_MIN of IDF over their titles, the best-scoring ones); empty when it names
    no place or year that some document has, or names every document. `spread(word)`: the share of
    documents whose text holds a word; a title word that half of them use (建设) names none."""
    text = simplified(nfkc(question))
    lower = re.sub(r"[’‘`]", "'", text.lower())
    words = set(re.findall(r"[a-z]+", re.sub(r"'s\b", "", lower).replace("'", "")))  # Sichuan's; Xi'an ≠ Xian'an
    starts = _word_starts(text)   # a profile's place as written (沁县) where a word starts: not 西城 in 兰西|城市群
    asked = places_in(text) | {p for prof in profiles for p in prof.places
                               if len(p) >= 2 and any(m.start() in starts for m in re.finditer(re.escape(p), text))}
    by_place = {p.doc_id for p in profiles if asked & p.places or words & p.places_en}
    years = set(_YEAR.findall(_TARGET_YEAR.sub(" ", text)))
    by_year = {p.doc_id for p in profiles if years & p.years}
    named = {p.doc_id for p in profiles}
    for cue in (by_place, by_year):
        if cue & named:
            named &= cue
    if len(named) == len(profiles):  # title words alone are topic words too (建设, 体系): never on their own
        return frozenset()
    by_title = _by_title(text, profiles, named, spread, asked)
    return frozenset(named & by_title or named)


def _by_title(text: str, profiles: list[Profile], among: set[str], spread: Callable[[str], float] | None,
              places: set[str] = frozenset()) -> set[str]:
    """The documents of `among` whose title words the question holds most, by IDF over all titles; a place
    the question names is its place cue, not a title word (广东省 in a Dongguan title about a provincial policy)."""
    asked = {w for w in title_words(text) if (spread is None or spread(w) < COMMON_WORD) and bare(w) not in places}
    df: dict[str, int] = {}
    for p in profiles:
        for w in p.title_words:
            df[w] = df.get(w, 0) + 1
    score = {
        p.doc_id: sum(math.log(len(profiles) / df[w]) for w in asked & p.title_words)
        for p in profiles
        if p.doc_id in among
    }
    best = max(score.values(), default=0.0)
    return {d for d, s in score.items() if s == best} if best >= TITLE_MIN else set()


def prefer(scores: dict[int, float], doc_of: list[str], named: frozenset[str]) -> dict[int, float]:
    """The scores, best first, with every passage of a named document lifted by the scores' range, so
    that it ranks above the others; unchanged when none or all of the candidates are named."""
    if not named or not scores:
        return scores
    inside = {i for i in scores if doc_of[i] in named}
    if not inside or len(inside) == len(scores):
        return scores
    spread = max(scores.values()) - min(scores.values())
    lift = spread + 1e-6 * (1.0 + abs(max(scores.values())))   # strictly above every other passage
    lifted = {i: s + lift if i in inside else s for i, s in scores.items()}
    return dict(sorted(lifted.items(), key=lambda item: -item[1]))


@lru_cache(maxsize=4096)
def pinyin(name: str) -> str:
    """广州 → guangzhou; a province by its usual English name (陕西 → shaanxi)."""
    if name in PROVINCE_EN:
        return PROVINCE_EN[name].lower().replace(" ", "")
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name)).lower()


@lru_cache(maxsize=1)
def _known_english() -> frozenset[str]:
    return frozenset(en.lower() for en in PROVINCE_EN.values() if " " not in en)


def _word_starts(text: str) -> set[int]:
    """Where each of jieba's words of the text starts."""
    starts, at = set(), 0
    for word in _words()(text):
        starts.add(at)
        at += len(word)
    return starts


@lru_cache(maxsize=1)
def _words():
    import jieba

    jieba.setLogLevel(60)
    return lambda text: list(jieba.cut(text))


@lru_cache(maxsize=1)
def _tagger():
    import jieba
    import jieba.posseg as posseg

    jieba.setLogLevel(60)
    return lambda text: [(w.word, w.flag) for w in posseg.cut(text)]
