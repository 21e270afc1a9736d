"""The verdict: `found`, `low_confidence` or `not_found`, from retrieval signals and the answer. Pure.

Signals of one query (index.search.Retriever.signals): the cosine of the best sentence in the top
hit, the IDF-weighted share of the query's tokens that the top chunk contains, how many Chinese
bigrams of the question the corpus never uses, and the relative score gap between the first two
hits. A per-language logistic model turns them into p(unanswerable); two thresholds split it into
the three verdicts. Coefficients and thresholds are data: fitted by `python -m eval.calibrate
--write`, stored in the file that `Settings.calibration` names, with the encoder, corpus and
question set they were fitted on. The signals are cosines and shares, so a model carries over to a
corpus that grows by uploads (measured: docs/evaluation.md), but not to another encoder, whose
cosines live on another scale: there the verdict never says "not found", only "low confidence".

A false "the documents do not say" costs a user more than a weak answer shown as weak: so the
answer itself lowers a verdict to `not_found` only when the fact asked for (a figure, a price, a person)
is in none of the top passages (`absent`), and otherwise at most to `low_confidence` (`weak_answer`).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Collection, Sequence

from ..errors import SettingsError
from ..search.signals import numbers_of
from ..text.normalize import fold
from .kinds import MONEY, asked_kind, missing_kind

FEATURES = ("best_sentence", "coverage", "unseen", "gap")
FOUND, LOW, NOT_FOUND = "found", "low_confidence", "not_found"
VERDICTS = (FOUND, LOW, NOT_FOUND)


@dataclass(frozen=True)
class Calibration:
    """Standardise, weigh, squash: p(unanswerable) = sigmoid(bias + Σ coef·(x − mean)/scale);
    p ≥ threshold is "not found", p ≥ low is "low confidence"."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    bias: float
    threshold: float
    low: float | None = None       # None: no low-confidence band (older files)

    def probability(self, x: Sequence[float]) -> float:
        z = self.bias + sum(c * (v - m) / s for c, v, m, s in zip(self.coef, x, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def found(self, x: Sequence[float]) -> bool:
        return self.probability(x) < self.threshold

    def verdict(self, x: Sequence[float]) -> str:
        p = self.probability(x)
        return NOT_FOUND if p >= self.threshold else LOW if self.low is not None and p >= self.low else FOUND


@dataclass(frozen=True)
class Calibrations:
    """The per-language models of one file, and the encoder and corpus they were fitted on."""

    models: dict[str, Calibration] = field(default_factory=dict)
    model: str | None = None
    corpus: str | None = None

    def fits(self, model: str) -> bool:
        """Whether the models were fitted with this encoder (the corpus is recorded, not required)."""
        return self.model == model


@lru_cache(maxsize=4)
def load_calibration(path: str) -> Calibrations:
    """The models of a calibration file; an absent file means no model ("found" throughout)."""
    file = Path(path)
    if not file.exists():
        return Calibrations()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        models = {lang: Calibration(tuple(m["mean"]), tuple(m["scale"]), tuple(m["coef"]), m["bias"],
                                    m["threshold"], m.get("low")) for lang, m in data["models"].items()}
        fitted = data.get("fitted_on", {})
        return Calibrations(models, fitted.get("encoder"), fitted.get("corpus_fingerprint"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as e:
        raise SettingsError(f"calibration={path!r} is unreadable ({type(e).__name__}); refit it with "
                            f"python -m eval.calibrate --write, or point --calibration at another file") from None


def decide(calibrations: Calibrations, lang: str, features: Sequence[float], fits: bool = True) -> str:
    """The verdict of the signals; with no model for `lang`, "found"; with a model fitted for
    another encoder (`fits` false), "low confidence" where it would say "not found"."""
    model = calibrations.models.get(lang)
    if model is None:
        return FOUND
    verdict = model.verdict(features)
    return LOW if verdict == NOT_FOUND and not fits else verdict


# 哪几 asks "which ones", not "how many": 新建哪几条高速公路 wants the roads' names.
_ASKS_NUMBER = re.compile(r"多少|(?<!哪)几[个项条座种类年倍成]?|百分之|比例|比重|何时|哪一?年|什么时候|"
                          r"\bhow (?:many|much|far|long)\b|\bwhat (?:percentage|share|proportion|number|year)\b|"
                          # "when" that asks (When will…, …, and when?), not "…pay directly when treated"
                          r"\bby when\b|(?:^|[,;]\s*(?:and\s+)?)when\b|\bwhich year\b", re.I)
# 几个部门一起负责时，怎么确定牵头部门: a number word before a "how" asks how, not how many.
_ASKS_HOW = re.compile(r"怎么|怎样|如何|为什么|为何")
# Measure words of Chinese quantities, longest first: a question asking 多少亿元 wants a number in 亿元.
_MEASURES = sorted("亿元 万元 元 万千瓦 千瓦 千伏 万吨 吨 公里 千米 平方公里 米 亩 万亩 人 万人 户 家 所 座 条 项 "
                   "个 套 "
                   "床 张 辆 次 天 小时 年 % 倍".split(), key=len, reverse=True)
# a number, or a Chinese numeral with a measure (千亩, 三年, 十万): 十四五 and 两省 are none
_QUANTITY = re.compile(r"\d|[一二两三四五六七八九十百千万亿]+(?:" + "|".join(map(re.escape, _MEASURES)) +
                       r"|成|万|亿)|%|％")
# A question about an amount of money (a budget, an investment, funding) wants one in the answer.
_ASKS_MONEY = re.compile(r"预算(?!收入|支出)|总投资|投资(?:额|规模|多少)|资金(?:规模|标准|多少)|"
                         r"多少(?:亿|万)?元?资金|经费|多少钱|"
                         r"\bbudget\b(?! revenue| income| expenditure)|\bfunding\b|\bhow much (?:money|investment)\b|"
                         r"\bhow much\b[^?]*\b(?:invest|spend|fund|allocat)", re.I)
_DIGIT_RUN = re.compile(r"\d+(?:\.\d+)?")
# A rank, not an amount: 第三回线路, the 19th National Congress (in the English beside a sentence).
_ORDINAL = re.compile(r"第[\d一二两三四五六七八九十百千]+|\b\d+(?:st|nd|rd|th)\b", re.I)
# A code, not an amount: the G0612 expressway, 5G, IPv6, PM2.5.
_CODE = re.compile(r"[a-z]+\d[\d.]*[a-z\d]*|\d+[a-z]+\d*", re.I)
_ASKED_MEASURE = re.compile(r"(?:多少|(?<!哪)几)(" + "|".join(map(re.escape, _MEASURES)) + ")")


def _without_numbers(text: str, asked: str) -> str:
    """The text without ordinals, codes and the numbers the question itself names: 到2025年 answers no
    "多少" of 2025, and neither the 19th Congress nor the G0612 expressway a "how many"."""
    text = _CODE.sub(" ", text if "第几" in asked else _ORDINAL.sub(" ", text))   # 第几次会议 asks a rank
    for number in sorted(set(_DIGIT_RUN.findall(asked)), key=len, reverse=True):
        text = text.replace(number, " ")
    return text


def holds_quantity(question: str, sentence: str) -> bool:
    """Whether a number question (多少, what percentage) meets a quantity in the sentence other than the numbers
    it names itself (到2025年 is no answer to 2025's target); false for any other question."""
    asked = fold(question)
    return asks_number(asked) and bool(_QUANTITY.search(_without_numbers(fold(sentence), asked)))


def asks_number(asked: str) -> bool:
    """Whether a (folded) question asks for a number or a date: 多少, 几个, "how many", "when"; not
    几个部门…怎么确定."""
    number = _ASKS_NUMBER.search(asked)
    return bool(number) and not _ASKS_HOW.search(asked, number.end())


Scored = tuple[float, int, str]   # (score, hit index, sentence)


# Kinds of fact whose answer pattern is exact enough to choose a sentence by (a day: 4月10日, a document number:
# 〔2021〕4号); a person's (…市长) also matches 召开市长协调会议, and a company's any 公司.
SOUGHT_KINDS = ("date", "doc_number")


def _sought(question: str) -> re.Pattern | None:
    """The answer pattern of the kind the question asks when one of SOUGHT_KINDS (`kinds.asked_kind`), or None."""
    kind = asked_kind(question)
    return kind[1] if kind and kind[0] in SOUGHT_KINDS else None


def holds_asked(question: str, sentence: str, sought: re.Pattern | None = None) -> bool:
    """Whether the sentence holds what the question asks for in particular: the kind of fact it asks when one
    of SOUGHT_KINDS (`sought`, read from the question when not given: a day, a document number), else a
    quantity for a number question (`holds_quantity`)."""
    sought = sought or _sought(question)
    if sought:   # 文号是多少 asks a document number, not any number
        return bool(sought.search(sentence))
    return holds_quantity(question, sentence)


def with_asked(question: str, chosen: list[Scored], candidates: Sequence[Scored] = (),
               margins: tuple[float, float] = (0.0, 0.0), kind_margin: float = 0.0) -> list[Scored]:
    """The chosen (score, hit, sentence) that hold what the question asks for (`holds_asked`): a sentence
    without the number asked adds nothing (the 2025 growth target's answer needs no sentence on 设市). When none
    does, the best of the `candidates` that holds it within `margins` of the best score (the first for any
    passage, the second for the chosen sentences' own: a table row's 年度投资金额（万元）：1360 below its title, a
    notice's date below its issuer; `kind_margin` from any passage for a day or a document number asked), else the
    chosen as they are; so too when nothing in particular is asked."""
    sought = _sought(question)
    kept = [(score, h, text) for score, h, text in chosen if holds_asked(question, text, sought)]
    if kept or not chosen:
        return kept or chosen
    best, passages = max(score for score, _, _ in chosen), {h for _, h, _ in chosen}
    if sought:   # an exact pattern (4月10日, 〔2021〕4号) may come from further down
        margins = (kind_margin, kind_margin)
    near = [c for c in candidates if c[0] >= best - margins[c[1] in passages] and holds_asked(question, c[2], sought)]
    return [max(near, key=lambda c: c[0])] if near else chosen


def weak_answer(question: str, sentences: Sequence[str], key_terms: Sequence[str],
                corpus_numbers: frozenset[str] = frozenset(), originals: Sequence[str] | None = None,
                paths: Sequence[str] = ()) -> bool:
    """Whether the chosen answer is weak evidence: a fact the question asks for that the sentences lack
    (`lacking`: the kinds it reads in the `originals`, the sentences without their translations, which add no
    fact: "Silk Road" is no street), or fewer than a third of the question's key content terms (after the
    bridge) in the sentences and the section `paths` they stand under (a table row's cell under its title)."""
    if not sentences:
        return True
    if lacking(question, sentences, corpus_numbers, sentences if originals is None else originals):
        return True
    text = fold(" ".join((*sentences, *paths)))
    return bool(key_terms) and 3 * sum(term in text for term in key_terms) < len(key_terms)


# Passages read for the fact a question asks for before saying the documents do not give it: the top 5 (at
# the top 3, one answerable English question of the development sets was refused).
ABSENT_DEPTH = 5


def absent(question: str, passages: Sequence[str], corpus_numbers: frozenset[str] = frozenset()) -> str:
    """The fact the question asks for (`lacking`) that none of the top ABSENT_DEPTH passages holds, or "":
    a figure the documents never give, however close a passage on the same topic comes."""
    return lacking(question, passages[:ABSENT_DEPTH], corpus_numbers) if passages else ""


def lacking(question: str, sentences: Sequence[str], corpus_numbers: frozenset[str] = frozenset(),
            originals: Sequence[str] | None = None) -> str:
    """The fact a question asks for that the sentences do not hold, or "": "number", a number or date other
    than those the question names; "measure", a number in the measure it asks for (多少亿元 answered with
    750千伏); "money", an amount for a budget, investment or funding question; a kind of fact (`missing_kind`:
    "person", "price"…, read in the `originals`); "named number", a number the question names (a year, a
    quantity) that the documents never use."""
    text, asked = fold(" ".join(sentences)), fold(question)
    amounts = _without_numbers(text, asked)
    number = asks_number(asked)
    measure = _ASKED_MEASURE.search(asked) if number else None
    unit = re.escape(measure.group(1)) if measure else ""   # 750千伏, or a column's (万元):1360
    number_in_measure = rf"[\d一二两三四五六七八九十百千万亿][\d.,]*\s*{unit}|\({unit}\)\s*:\s*\d" if measure else ""
    kind = missing_kind(question, sentences if originals is None else originals)
    return ("number" if number and not _QUANTITY.search(amounts) else
            "money" if _ASKS_MONEY.search(asked) and not MONEY.search(text) else
            "measure" if measure and not re.search(number_in_measure, amounts) else
            kind or ("named number" if corpus_numbers and numbers_of(asked) - corpus_numbers else ""))


# Share of a question's term weight an answer must hold for the signals' doubt (the band) to be lifted, per
# language, chosen on the development sets: all of it in Chinese (0.85 showed two unanswerable questions as
# found); in English, whose words are matched as lemmas against the translation, 0.85 (0.7 showed one).
COVERED = {"zh": 1.0, "en": 0.85}
ENGLISH_UNKNOWN = 1   # words of an English question its English side may lack and still be covered (dev sets)
# Words that frame a question about the document rather than name what it asks: 方案里提到…, "what is
# the plan supposed to…". English ones are lemmas (`text.tokens.english_words`).
FRAME_TERMS = frozenset("方案 实施方案 文件 关于 提到 提出 里面 计划".split())   # 计划增长多少: "is planned to grow by"
ENGLISH_FRAME = frozenset("want aim intend intended expect expected suppose supposed happen kind type sort besides "
                          "beside mean meant call called refer named role propose proposed envisage planned "
                          "mention mentioned state stated describe described outline outlined name "
                          "have ha had no not out up under over between among get make take carry".split())


def holds_terms(idf: dict[str, float], held: str | Collection[str], share: float) -> bool:
    """Whether `held` (a folded text, whose substrings count: Chinese; or a set of English lemmas) holds at
    least `share` of the terms' IDF weight (and there are terms)."""
    return bool(idf) and sum(v for t, v in idf.items() if t in held) >= share * sum(idf.values())


def unplaced_number(question: str, answers: Sequence[tuple[str, str]], places: Sequence[str],
                    places_of: Callable[[str], list[str]]) -> bool:
    """Whether a number question naming places (西宁—海东都市圈要打造几小时通勤圈) is answered only by numbers
    said of somewhere else: every answer sentence that holds a quantity names, itself or by the section
    path it stands under (`where`), places of an administrative level (`places_of`: 兰州市) and not every
    place asked. A number said of no such place (the plan's own targets: 黄河…流域综合治理取得积极进展，空气质量
    优良天数比例达到90%) is not said of somewhere else."""
    if not places:
        return False
    numbered = [fold(sentence + " " + where) for sentence, where in answers if holds_quantity(question, sentence)]
    return bool(numbered) and all(places_of(text) and not all(p in text for p in places) for text in numbered)
