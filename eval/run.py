"""Run a test set against configurations and aggregate the metrics per language, type and difficulty."""
from __future__ import annotations

import time
from dataclasses import dataclass

from index.embed.encoders import load_encoder
from index.errors import QueryError
from index.service import open_searcher
from index.settings import Settings
from index.text.normalize import match_key

from .metrics import char_f1, is_relevant, keys_hit, mean, mrr_at, ndcg_at, percentile, recall_at
from .qa import QAItem

K = 10


@dataclass(frozen=True)
class Outcome:
    """What one configuration did with one question."""

    item: QAItem
    flags: tuple[bool, ...]      # relevance of the top-10 hits
    n_relevant: int              # relevant chunks in the whole index (for nDCG)
    ms: float
    answer: str | None = None    # the extractive answer text, where it gives one
    features: tuple[float, ...] = ()  # the "not found" signals, for calibration
    ask_ms: float | None = None       # retrieval plus answer extraction
    lead_ok: bool | None = None       # responsibility questions with a known note: lead units exactly right
    verdict: str | None = None        # what the user was shown: found | low_confidence | not_found | error
    error: str | None = None          # the engine refused the question (counted as a miss, and as refused)

    @property
    def shown(self) -> bool:
        """Whether the user was shown an answer (confident or labelled low confidence)."""
        return self.verdict in ("found", "low_confidence")

    @property
    def correct(self) -> bool:
        """Answerable, shown, and every answer key in the displayed answer."""
        return self.item.answerable and self.shown and bool(keys_hit(self.answer or "", self.item.answer_keys))

    @property
    def refused(self) -> bool:
        """Answerable, yet reported "not found" (or refused by the engine)."""
        return self.item.answerable and self.verdict in ("not_found", "error")


def run_config(settings: Settings, items: list[QAItem], encoders: dict) -> list[Outcome]:
    """Build (or reuse) the configuration's index, then ask every question once, in order."""
    if settings.model not in encoders:
        encoders[settings.model] = load_encoder(settings.model, settings.query_prefix, settings.passage_prefix)
    searcher = open_searcher(settings, rebuild=True, encoder=encoders[settings.model], progress=False)
    return evaluate(searcher, items)


def evaluate(searcher, items: list[QAItem]) -> list[Outcome]:
    """Ask every question once, in order, against an open searcher."""
    texts = [c.text for c in searcher.index.chunks]
    notes = [t.responsible for ts in searcher.index.outline.values() for t in ts if t.responsible]
    searcher.search("兰州新区 warm-up", K)  # first-call costs are not latency (and no question is cached)
    outcomes = []
    for item in items:
        t0 = time.perf_counter()
        try:
            result = searcher.retrieve(item.question, K)
        except QueryError as e:  # the user would see this error: a miss, and a refusal; the run goes on
            outcomes.append(Outcome(item, (), 0, 0.0, None, verdict="error", error=str(e)))
            continue
        ms = (time.perf_counter() - t0) * 1000
        answer = searcher.answer(result)
        ask_ms = (time.perf_counter() - t0) * 1000
        flags = tuple(is_relevant(h.chunk.text, item.evidence) for h in result.hits) if item.answerable else ()
        n_rel = sum(is_relevant(t, item.evidence) for t in texts) if item.answerable else 0
        want = gold_lead(item, notes)
        got = frozenset(answer.responsible.lead) if answer.found and answer.responsible else frozenset()
        verdict = answer.verdict if result.verdict is not None else None
        outcomes.append(Outcome(item, flags, n_rel, ms, answer.text,
                                result.features, ask_ms, None if want is None else got == want, verdict))
    return outcomes


def gold_lead(item: QAItem, notes: list) -> frozenset[str] | None:
    """The lead units of the note a responsibility question's evidence quotes, written out as the
    engine writes them; None when the evidence quotes no note or its notes disagree on the lead."""
    if item.type != "responsibility":
        return None
    quoted = [match_key(e) for e in item.evidence if e.lstrip().startswith(("(责任单位", "（责任单位"))]
    leads = {frozenset(r.lead) for q in quoted for r in notes if match_key(r.text).startswith(q)}
    return next(iter(leads)) if len(leads) == 1 else None


def summarize(outcomes: list[Outcome]) -> dict:
    """The metrics of one group of questions."""
    ans = [o for o in outcomes if o.item.answerable]
    una = [o for o in outcomes if not o.item.answerable]
    m = {f"recall@{k}": mean(recall_at(o.flags, k) for o in ans) for k in (1, 3, 5, 10)}
    m["mrr@10"] = mean(mrr_at(o.flags, K) for o in ans)
    m["ndcg@10"] = mean(ndcg_at(o.flags, K, o.n_relevant) for o in ans)
    m["answer_key_hit"] = mean(keys_hit(o.answer, o.item.answer_keys) for o in ans if o.answer is not None)
    m["answer_f1"] = mean(char_f1(o.answer, o.item.answer_zh) for o in ans if o.answer is not None)
    m["lead_exact"] = mean(float(o.lead_ok) for o in ans if o.lead_ok is not None)
    m["n_lead"] = sum(1 for o in ans if o.lead_ok is not None)
    judged_ans = [o for o in ans if o.verdict is not None]
    judged_una = [o for o in una if o.verdict is not None]
    m["abstain_correct"] = mean(float(o.verdict in ("not_found", "low_confidence")) for o in judged_una)
    m["abstain_false"] = mean(float(o.refused) for o in judged_ans)
    m["answered_correctly"] = mean(float(o.correct) for o in judged_ans)
    m["wrongly_refused"] = m["abstain_false"]
    m["wrongly_answered"] = mean(float(o.verdict == "found") for o in judged_una)
    m["low_confidence"] = mean(float(o.verdict == "low_confidence") for o in judged_ans + judged_una)
    m["errors"] = sum(1 for o in outcomes if o.error)
    timed = [o for o in outcomes if o.error is None]
    m["p50_ms"] = percentile([o.ms for o in timed], 50)
    m["p95_ms"] = percentile([o.ms for o in timed], 95)
    m["ask_p50_ms"] = percentile([o.ask_ms for o in timed if o.ask_ms is not None], 50)
    m["n_answerable"], m["n_unanswerable"] = len(ans), len(una)
    return m


def by_language(outcomes: list[Outcome]) -> dict:
    groups = {lang: [o for o in outcomes if o.item.lang == lang] for lang in ("zh", "en")}
    return {**{lang: summarize(g) for lang, g in groups.items()}, "all": summarize(outcomes)}


def by_variant(outcomes: list[Outcome]) -> dict:
    """End-to-end figures per variant (plain, trad, mix, kw, typo, long), both languages together."""
    out = {}
    for variant in sorted({o.item.variant for o in outcomes}):
        group = [o for o in outcomes if o.item.variant == variant]
        ans = [o for o in group if o.item.answerable and o.verdict is not None]
        una = [o for o in group if not o.item.answerable and o.verdict is not None]
        out[variant] = {"n": len(group), "n_unanswerable": len(una),
                        "recall@5": mean(recall_at(o.flags, 5) for o in group if o.item.answerable),
                        "answered_correctly": mean(float(o.correct) for o in ans),
                        "wrongly_refused": mean(float(o.refused) for o in ans),
                        "low_confidence": mean(float(o.verdict == "low_confidence") for o in ans),
                        "wrongly_answered": mean(float(o.verdict == "found") for o in una)}
    return out


def wrong(outcomes: list[Outcome]) -> list[dict]:
    """Every question the user got wrong, with what they saw: an answerable one refused or answered
    without its keys, an unanswerable one answered with confidence."""
    out = []
    for o in outcomes:
        bad = (o.item.answerable and not o.correct) or (not o.item.answerable and o.verdict == "found")
        if bad and o.verdict is not None:
            why = ("refused" if o.refused else "keys missing") if o.item.answerable else "answered"
            out.append({"id": o.item.id, "lang": o.item.lang, "variant": o.item.variant, "why": why,
                        "question": o.item.question, "verdict": o.verdict,
                        "shown": o.error or ("" if o.shown else "[not found] ") + (o.answer or ""),
                        "keys": list(o.item.answer_keys)})
    return out


def breakdown(outcomes: list[Outcome]) -> dict:
    """recall@5 and MRR@10 per language × type and language × difficulty (answerable questions)."""
    out: dict = {}
    for lang in ("zh", "en"):
        for attr in ("type", "difficulty"):
            for value in sorted({getattr(o.item, attr) for o in outcomes if o.item.answerable}):
                group = [o for o in outcomes if o.item.lang == lang and o.item.answerable
                         and getattr(o.item, attr) == value]
                if group:
                    out.setdefault(lang, {}).setdefault(attr, {})[value] = {
                        "n": len(group), "recall@5": mean(recall_at(o.flags, 5) for o in group),
                        "mrr@10": mean(mrr_at(o.flags, K) for o in group)}
    return out
