"""Answerer: the verdict, the answer sentences, their citations and the responsible units.

It reads what the retriever returns (hits, signals, query vector) and the stored sentence vectors;
it never ranks. Sentence scores, the choice of sentences and the "who leads" units are the pure
helpers of `sentences`, `units` and `verdict`.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..search.retriever import Result, Retriever
from ..store.vectors import VectorStore
from ..text.tokens import english_tokens
from ..types import Hit
from .sentences import TOP_PASSAGES, Answer, AnswerSentence, choose, highlights, sentence_score
from .units import asks_who_leads, lead_units
from .verdict import Calibration, decide


class Answerer:
    """Turns a retrieved `Result` into a verdict and an extractive `Answer`."""

    def __init__(self, retriever: Retriever, calibration: dict[str, Calibration]) -> None:
        self.retriever, self.calibration = retriever, calibration

    def judge(self, result: Result) -> Result:
        """The result with its "not found" verdict; none without a dense signal to judge by."""
        if result.query_vector is None:
            return result
        return replace(result, found=decide(self.calibration, result.lang, result.features))

    def answer(self, result: Result) -> Answer:
        """The best answer sentences from the top passages, with numbered citations."""
        scored, english = self._scored(result)
        chosen = choose(scored)
        cited = list(dict.fromkeys(h for _, h, _ in chosen))
        responsible, source = lead_units(result.query, [result.hits[h] for h in cited] + result.hits[:1])
        if source is not None and result.hits.index(source) not in cited:
            cited.append(result.hits.index(source))  # the note's passage is cited too
        terms = list(result.lexical)
        sentences = tuple(AnswerSentence(text, cited.index(h) + 1, highlights(text, terms), english.get(text, ""))
                          for _, h, text in chosen)
        return Answer(result.query, result.lang, result.found is not False, sentences,
                      tuple(result.hits[h] for h in cited), tuple(result.hits), responsible)

    def _scored(self, result: Result) -> tuple[list[tuple[float, int, str]], dict[str, str]]:
        """(score, hit index, sentence) for every sentence of the top passages, and their English."""
        r, who = self.retriever, asks_who_leads(result.query)
        idf = r.idf(result.lexical)
        query_en = {t: 1.0 for t in english_tokens(result.query)} if result.lang == "en" else {}
        idf_en = r.idf(query_en, english=True)
        scored, english = [], {}
        for h, hit in enumerate(result.hits[:TOP_PASSAGES]):
            notes = {n.text for n in hit.chunk.responsible}
            for text, cosine, text_en in self._sentence_cosines(hit, result.query_vector, result.lang):
                if text in notes and not who:
                    continue  # a (责任单位:…) note answers "who leads", nothing else
                score = sentence_score(cosine, r.segment_tokens[text], result.lexical, idf)
                if text_en and query_en and r.uses_translation:  # the English side may match better
                    score = max(score, sentence_score(cosine, english_tokens(text_en), query_en, idf_en))
                scored.append((score, h, text))
                english[text] = text_en
        return scored, english

    def _sentence_cosines(self, hit: Hit, vector: np.ndarray | None, lang: str) -> list[tuple[str, float, str]]:
        """(sentence, cosine with the query, English) for a hit's segments, heading left out. An
        English question also compares with each sentence's English and keeps the better cosine."""
        r = self.retriever
        c, i = hit.chunk, r.row_of[hit.chunk.chunk_id]
        zh = self._cosines(r.store(False), r.segment_ids["zh"][i], vector)
        heading = " ".join(c.section)
        pairs = [(t, s) for t, s in zip(c.segments, zh) if t != heading]
        english = list(c.segments_en) + [""] * (len(pairs) - len(c.segments_en))
        if lang == "en" and r.uses_translation:
            en = iter(self._cosines(r.store(True), r.segment_ids["en"][i], vector))
            return [(t, max(s, next(en)) if e else s, e) for (t, s), e in zip(pairs, english)]
        return [(t, s, e) for (t, s), e in zip(pairs, english)]

    @staticmethod
    def _cosines(store: VectorStore, ids: list[str], vector: np.ndarray | None) -> list[float]:
        if vector is None or not ids:
            return [0.0] * len(ids)
        return (store.get(ids) @ vector).astype(float).tolist()
