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
from ..text.normalize import fold
from ..text.tokens import all_places, english_tokens, english_words, nouns, place_names
from ..types import Hit, Task
from .headings import HeadingFit
from .kinds import asks_named_person, asks_person
from .responsibility import doubts, fits_elsewhere, note_rows, respond
from .sentences import GENERIC_TERMS, TOP_PASSAGES, Answer, AnswerSentence, Evidence, choose, highlights, sentence_score
from .unit_questions import Units
from .verdict import (COVERED, ENGLISH_FRAME, ENGLISH_UNKNOWN, FOUND, FRAME_TERMS, LOW, NOT_FOUND, Calibrations,
                      absent, decide, holds_quantity, holds_terms, unplaced_number, weak_answer,
                      with_asked)

KEY_TERMS = 3   # the rarest content terms of a question, one of which an answer should contain
# A "who leads" question naming the task's document and holding this share of its heading's weight is answered
# (not "low confidence"): chosen on eval/policies' 361 who-leads/which-leader questions (0.0 showed 3 more wrong
# answers as found, 0.3 none, and 34 right answers lost the label).
NAMED_FIT = 0.3
# How far below the best sentence a number (or day, document number…) question's answer may take one holding it,
# from any passage and from the chosen sentence's own (a table row's 年度投资金额（万元）：1360 below its title):
# chosen on the development sets (0.1 from any passage showed an unanswerable question as found; 0.15 from the
# same one put the plan's air-quality target under questions on forest cover and hospital beds).
ASKED_MARGINS = (0.05, 0.1)
# The same for a day or a document number asked, whose patterns are exact (4月10日, 〔2021〕4号): chosen on
# eval/policies' fact questions (0.15 put the notice's date or number in five more answers, 0.3 in six; the
# development sets did not move).
KIND_MARGIN = 0.15


class Answerer:
    """Turns a retrieved `Result` into a verdict and an extractive `Answer`."""

    def __init__(self, retriever: Retriever, calibration: Calibrations) -> None:
        self.retriever, self.calibration = retriever, calibration
        manifest = retriever.index.manifest
        self.calibrated = calibration.fits(manifest.get("model", ""))
        outline = retriever.index.outline
        self.tasks = {(t.doc_id, t.task_id): t for ts in outline.values() for t in ts}
        self.units = Units(self.tasks.values())
        self._note_rows = note_rows(retriever.index.chunks)
        self.headings = HeadingFit(retriever, self.tasks)
        self._doubts = doubts(list(self.tasks.values()))
        self.names_persons = any(t.responsible and t.responsible.persons for t in self.tasks.values())

    def judge(self, result: Result) -> Result:
        """The result with its verdict; none without a dense signal to judge by."""
        if result.query_vector is None:
            return result
        verdict = decide(self.calibration, result.lang, result.features, self.calibrated)
        if verdict == NOT_FOUND and result.quoted:  # the documents hold what the query quotes
            verdict = LOW
        return replace(result, verdict=verdict)

    def answer(self, result: Result) -> Answer:
        """The best answer sentences from the top passages, with numbered citations; for a
        responsibility question, the tasks that answer it with their own notes."""
        terms = self.retriever.bridged(result.query) if result.lang == "en" else []
        verdicts: list[str | None] = []
        tops: list[Hit] = []

        def search(text: str) -> list[Hit]:  # the task's topic, judged on its own ("who leads" words left out)
            topical = self.judge(self.retriever.retrieve(text, len(result.hits) or None))
            verdicts.append(topical.verdict)
            tops.extend(topical.hits[:1])
            return topical.hits

        duty = respond(result.query, search, self.tasks, self.units, self.retriever.settings.who_tie, terms,
                       lambda about: self.headings.fit(about, result.lang), result.docs)
        if duty:
            duty = replace(duty, tasks=tuple(replace(t, doubt=self._doubts.get((t.task.doc_id, t.task.task_id), ""))
                                             for t in duty.tasks))
        hits = list(result.hits)
        focus = {(t.task.doc_id, t.task.task_id) for t in duty.tasks} if duty and duty.kind == "who_leads" else None
        scored, english = self._scored(result, hits, focus) if not (duty and duty.kind == "which_tasks") else ([], {})
        keys = self._key_terms(result)
        chosen = choose(scored, self._held(keys, hits, english))
        shown = with_asked(result.query, chosen, scored, ASKED_MARGINS, KIND_MARGIN)   # a number, a day: with it
        evidence = [Evidence(text, english.get(text, ""), hits[h]) for _, h, text in dict.fromkeys(chosen + shown)]
        chosen = shown
        cited = list(dict.fromkeys(h for _, h, _ in chosen))
        if duty:
            numbers = [self._cite(t.task, hits, cited) for t in duty.tasks]
            duty = replace(duty, citations=tuple(numbers))
        terms_hl = list(result.lexical)
        sentences = tuple(AnswerSentence(text, cited.index(h) + 1, highlights(text, terms_hl), english.get(text, ""))
                          for _, h, text in chosen)
        single = duty.tasks[0].task.responsible if duty and duty.kind == "who_leads" and len(duty.tasks) == 1 else None
        verdict = self._verdict(result, duty, verdicts, sentences, keys, evidence)
        if verdict == FOUND and duty and duty.kind == "who_leads" and tops and \
                fits_elsewhere(tops[0].chunk, [t.task for t in duty.tasks], self.tasks):
            verdict = LOW
        return Answer(result.query, result.lang, verdict != NOT_FOUND, sentences, tuple(hits[h] for h in cited),
                      tuple(hits), single, duty, verdict)

    def _verdict(self, result: Result, duty, verdicts: list[str | None], sentences, keys: list[str],
                 evidence: list[Evidence]) -> str:
        """Which tasks: found when a note names the unit. Who leads: the verdict on the task's topic
        ("low confidence" when a task's note may be a lost later task's, or its tasks come from two
        documents), its "not found" lifted to "low confidence" when the question names the tasks' document
        (an English question of an untranslated document) or as below when the tasks shown hold its terms.
        Otherwise the retrieval's verdict, moved when the answer disagrees with it: a weak answer lowers
        "found" to "low confidence", a strong one (verdict.weak_answer false) lifts "not found" to it, and
        "low confidence" to "found" when it holds all that the question names (`_covered`)."""
        if duty and duty.kind == "which_tasks":
            return FOUND if duty.tasks else NOT_FOUND
        if self.retriever.unknown_subjects(result.query):   # 张掖, 森林覆盖率: no document names them
            return NOT_FOUND
        if not duty and absent(result.query, [h.chunk.text for h in result.hits], self.retriever.numbers):
            return NOT_FOUND   # a price, a figure, a person no top passage gives
        if duty and not self.names_persons and asks_named_person(result.query):
            return NOT_FOUND   # a person asked by name, of documents that name no one
        verdict = (verdicts or [result.verdict])[0] or FOUND
        if duty and duty.tasks and result.docs and duty.tasks[0].task.doc_id not in result.docs:
            return LOW   # the question named a document, and the task comes from another
        if duty and verdict != NOT_FOUND:   # which document was meant, or the note may be another task's
            unnamed = asks_person(result.query) and not any(t.task.responsible and t.task.responsible.persons
                                                             for t in duty.tasks)   # a person asked, units shown
            if duty.across_documents or any(t.doubt for t in duty.tasks) or unnamed:
                return LOW
            return FOUND if verdict == LOW and (self._covered(result, [self._task_text(t.task) for t in duty.tasks])
                                                or self._named_and_fitted(result, duty)) else verdict
        if duty and duty.tasks and result.docs and all(t.task.doc_id in result.docs for t in duty.tasks):
            return LOW   # the question named the document and the task is its own: shown, if not sure
        weak = self._weak(result, duty, sentences, keys, evidence)
        if verdict == FOUND and weak:
            return LOW
        if verdict == NOT_FOUND and not weak:  # an answer that holds the question's terms is shown, as weak
            return LOW
        if verdict == LOW and not weak and self._covered(
                result, [e.text + " " + self._where(e.hit) for e in evidence],
                [e.text_en + " " + self._where(e.hit, english=True) for e in evidence]):
            return FOUND
        return verdict

    def _weak(self, result: Result, duty, sentences, keys: list[str], evidence: list[Evidence]) -> bool:
        """Whether the answer is weak evidence (`verdict.weak_answer`; for the tasks shown, their texts; else the
        sentences, their key terms read with their section paths), or
        a number question's places are not where its numbers are (`verdict.unplaced_number`)."""
        if duty:
            texts = [" ".join((t.task.heading or "", *t.task.sentences)) for t in duty.tasks]
            return weak_answer(result.query, texts, keys, self.retriever.numbers)
        texts = [s.text + " " + s.text_en for s in sentences]
        places = [p for p in all_places(result.query) if self.retriever.uses(p)] if result.lang == "zh" else []
        answers = [(e.text, " ".join(self._path(e.hit))) for e in evidence]
        return weak_answer(result.query, texts, keys, self.retriever.numbers, [s.text for s in sentences],
                           [where for _, where in answers]) or \
            unplaced_number(result.query, answers, places, place_names)

    def _covered(self, result: Result, texts: list[str], texts_en: list[str] | None = None) -> bool:
        """Whether the answer holds what the question names: its content terms' IDF weight (`holds_terms`;
        words that frame a question about the document left out), and no noun the documents never use (宁夏,
        电压: the question is about something they do not hold). An English question (bridged terms in
        `texts`, its own words in the English `texts_en`) needs both, no name and at most ENGLISH_UNKNOWN
        other words the English side does not know (a word the translation phrases otherwise)."""
        r = self.retriever
        terms = {t: w for t, w in result.lexical.items()
                 if w >= 1.0 and len(t) >= 2 and t not in GENERIC_TERMS and t not in FRAME_TERMS}
        if result.lang == "zh":
            held = holds_terms(r.idf(terms), fold(" ".join(texts)), COVERED["zh"])
            return held and all(map(r.uses, nouns(result.query)))
        words = [w for w in english_words(result.query) if w.lemma not in ENGLISH_FRAME]
        idf_en = r.idf({w.lemma: 1.0 for w in words}, english=True)
        unknown = [w for w in words if w.lemma not in idf_en]
        lemmas = set(english_tokens(" ".join(texts_en or ())))
        return (texts_en is not None and r.uses_translation and holds_terms(idf_en, lemmas, COVERED["en"])
                and len(unknown) <= ENGLISH_UNKNOWN and not any(w.name for w in unknown))

    def _named_and_fitted(self, result: Result, duty) -> bool:
        """Whether the question names the tasks' document and holds NAMED_FIT of the first task's heading."""
        if not result.docs or any(t.task.doc_id not in result.docs for t in duty.tasks):
            return False
        fit = self.headings.fit(result.query, result.lang)
        return fit is not None and fit(duty.tasks[0].task) >= NAMED_FIT * self.retriever.settings.who_heading

    def _task_text(self, task: Task) -> str:
        return " ".join((task.heading or "", *task.sentences, *task.section, self.retriever.naming(task.doc_id)))

    def _path(self, hit: Hit, english: bool = False) -> tuple[str, ...]:
        """The section path a passage stands under: its task's (else its own), in English if asked."""
        task = self.tasks.get((hit.chunk.doc_id, hit.chunk.task_id))
        if english:
            return task.section_en if task else ()
        return task.section if task else hit.chunk.section

    def _where(self, hit: Hit, english: bool = False) -> str:
        """Where a passage stands: its section path and how its document names itself (title, issuer)."""
        return " ".join((*self._path(hit, english), self.retriever.naming(hit.chunk.doc_id)))

    def _held(self, keys: list[str], hits: list[Hit], english: dict[str, str]):
        """(hit, sentence) → how many of the question's key terms the sentence and its passage's
        section path hold (a place its task heading names counts for each of its sentences), on the
        English side too when every candidate (`english`: sentence → its English) has one (else a
        translation alone would win)."""
        both = all(english.values())

        def held(h: int, text: str) -> int:
            path = [*self._path(hits[h]), *(self._path(hits[h], english=True) if both else ())]
            return sum(k in fold(" ".join((text, english.get(text, "") if both else "", *path))) for k in keys)
        return held

    def _key_terms(self, result: Result) -> list[str]:
        """The question's rarest content terms (its own or bridged, generic words left out), and for
        English questions its rarest English words: an answer holding none of them is weak."""
        r = self.retriever
        own = {t: w for t, w in result.lexical.items() if w >= 1.0 and len(t) >= 2 and t not in GENERIC_TERMS}
        idf = r.idf(own)
        terms = sorted(idf, key=idf.get, reverse=True)[:KEY_TERMS] or sorted(own)[:KEY_TERMS]  # none known: all unseen
        if result.lang == "en" and r.uses_translation:
            idf_en = r.idf({t: 1.0 for t in english_tokens(result.query)}, english=True)
            terms += sorted(idf_en, key=idf_en.get, reverse=True)[:KEY_TERMS]
        return terms

    def _cite(self, task: Task, hits: list[Hit], cited: list[int]) -> int:
        """The citation number of the passage holding the task's note (or its first passage),
        adding that passage to the hits when the search did not return it."""
        row = self._note_rows[(task.doc_id, task.task_id)]
        index = next((i for i, h in enumerate(hits) if self.retriever.row_of[h.chunk.chunk_id] == row), None)
        if index is None:
            hits.append(replace(self.retriever.hit(len(hits) + 1, row, 0.0), retrieved=False))
            index = len(hits) - 1
        if index not in cited:
            cited.append(index)
        return cited.index(index) + 1

    def _scored(self, result: Result, hits: list[Hit], focus: set | None) -> tuple[list, dict[str, str]]:
        """(score, hit index, sentence) for every sentence of the top passages (of the `focus`
        tasks, when given), and their English. Notes are answer sentences only to a number question
        they answer (a table row's 年度投资金额（万元）：1360, a deadline): units are answered from the
        task's own note. An English question reads the English side only when
        every candidate has one: an English–English cosine runs higher than a cross-lingual one, so
        a translated document's sentences would beat an untranslated document's on that alone."""
        r = self.retriever
        idf = r.idf(result.lexical)
        query_en = {t: 1.0 for t in english_tokens(result.query)} if result.lang == "en" else {}
        idf_en = r.idf(query_en, english=True)
        chosen = [h for h in range(len(hits))
                  if focus is None or (hits[h].chunk.doc_id, hits[h].chunk.task_id) in focus]
        english_side = bool(query_en) and r.uses_translation
        rows = []
        for h in chosen[:TOP_PASSAGES]:
            notes = {n.text for n in hits[h].chunk.responsible}
            rows += [(h, *row) for row in self._sentence_cosines(hits[h], result.query_vector, english_side)
                     if row[0] not in notes or holds_quantity(result.query, row[0])]
        both = english_side and all(text_en for *_, text_en in rows)
        scored, english = [], {}
        paths = {h: self._path_english(hits[h]) for h in {row[0] for row in rows}} if both else {}
        for h, text, zh, en, text_en in rows:
            cosine = max(zh, en) if both else zh
            score = sentence_score(cosine, r.segment_tokens[text], result.lexical, idf)
            if both:  # the English side may match better
                score = max(score, sentence_score(cosine, english_tokens(text_en) + paths[h], query_en, idf_en))
            scored.append((score, h, text))
            english[text] = text_en
        return scored, english

    def _path_english(self, hit: Hit) -> list[str]:
        """The English tokens of the passage's section path. An English sentence is read under its
        headings: a word the path holds (the city a task is about) counts for each of its sentences,
        so the words that tell them apart decide. (On the Chinese side the same changed no Chinese
        question of the development set and cost an English one without the translation.)"""
        return english_tokens(" ".join(self._path(hit, english=True)))

    def _sentence_cosines(self, hit: Hit, vector: np.ndarray | None,
                          english: bool) -> list[tuple[str, float, float, str]]:
        """(sentence, cosine with the query, cosine of its English, English) for a hit's segments,
        heading left out; the English cosine is the Chinese one where there is no English (or
        `english` is false: a Chinese question)."""
        r = self.retriever
        c, i = hit.chunk, r.row_of[hit.chunk.chunk_id]
        zh = self._cosines(r.store(False), r.segment_ids["zh"][i], vector)
        headings = {" ".join(c.section), c.section[-1] if c.section else ""}
        pairs = [(t, s) for t, s in zip(c.segments, zh) if t not in headings]
        texts_en = list(c.segments_en) + [""] * (len(pairs) - len(c.segments_en))
        en = iter(self._cosines(r.store(True), r.segment_ids["en"][i], vector) if english else [])
        return [(t, s, next(en) if e and english else s, e) for (t, s), e in zip(pairs, texts_en)]

    @staticmethod
    def _cosines(store: VectorStore, ids: list[str], vector: np.ndarray | None) -> list[float]:
        if vector is None or not ids:
            return [0.0] * len(ids)
        return (store.get(ids) @ vector).astype(float).tolist()
