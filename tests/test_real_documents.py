"""Real published documents (eval/policies): their outline against the gold written by reading them,
and their questions asked of an index built with the real model. Floors sit just under the figures
docs/evaluation.md reports (`python -m eval.policies outline|answers`)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eval.policies.answers import ask_all
from eval.policies.score import CORPUS, check, load_gold, outlines, summary

# The documents small enough to index here in seconds (all formats: text, Traditional, .docx, .pdf).
SMALL = ("a-chuzhou", "a-sichuan", "a-xianyang", "a-lishan", "b-huzhou", "b-tongxiang", "b-weifang", "b-huoshan",
         "b-yuncheng", "b-xining")


def test_the_outline_of_every_real_document_matches_the_gold():
    gold = [r for r in load_gold("tasks") if r["split"] in ("dev", "test")]
    figures = summary(check(gold, outlines()))
    assert figures["tasks"] >= 150 and figures["documents"] >= 12
    assert figures["headings_found"] >= 0.99
    assert figures["units_paired"] >= 0.99          # 1.000
    assert figures["persons_found"] >= 0.99


def test_the_fresh_documents_keep_their_measured_floor():
    # gathered after the rules of their time were written (docs/real-documents.md gives first-run and current figures)
    for split, tasks, documents in (("fresh", 60, 9), ("fresh2", 60, 10), ("fresh3", 60, 14)):
        figures = summary(check(load_gold("tasks", split), outlines()))
        assert figures["tasks"] >= tasks and figures["documents"] >= documents
        assert figures["headings_found"] >= 0.99, split       # 1.000 each
        assert figures["units_paired"] >= 0.99, split         # 1.000 each
        assert figures["persons_found"] >= 0.99, split
    figures = summary(check(load_gold("tasks", "fresh4"), outlines()))   # held apart at its first run: 0.559 / 0.220
    assert figures["tasks"] >= 55 and figures["documents"] >= 11
    assert figures["headings_found"] >= 0.92 and figures["units_paired"] >= 0.90   # 0.932 / 0.915 now
    figures = summary(check(load_gold("tasks", "fresh5"), outlines()))   # held apart at its first run: 0.658 / 0.421
    assert figures["tasks"] >= 35 and figures["documents"] >= 14
    assert figures["headings_found"] >= 0.80 and figures["units_paired"] >= 0.72   # 0.816 / 0.737 now
    figures = summary(check(load_gold("tasks", "fresh6"), outlines()))   # held apart at its first run: 0.909 / 0.818
    assert figures["tasks"] >= 33 and figures["documents"] >= 9
    assert figures["headings_found"] >= 0.99 and figures["units_paired"] >= 0.96   # 1.000 / 0.970 now


def test_a_leader_is_never_a_unit():
    for tasks in outlines().values():
        for task in tasks:
            r = task.responsible
            assert not r or not set(r.persons) & set(r.units), task.heading


@pytest.fixture(scope="module")
def small_index(tmp_path_factory, real_encoder):
    from index.service import open_searcher
    from index.settings import Settings

    root = tmp_path_factory.mktemp("real") / "corpus"
    root.mkdir()
    for path in CORPUS.iterdir():
        if path.name.startswith(SMALL):
            shutil.copy(path, root / path.name)
    settings = Settings(corpus=str(root), index_dir=str(Path(root).parent / "index"))
    return open_searcher(settings, rebuild=True, encoder=real_encoder, progress=False)


def test_questions_about_real_documents_are_answered_from_their_own_document(small_index):
    rows = [r for r in load_gold("questions") if r["doc"].startswith(SMALL)]
    asked = ask_all(small_index, rows)
    by_kind = {kind: [a for a in asked if a.row["kind"] == kind] for kind in ("who_leads", "who_person", "fact")}
    share = {kind: sum(a.ok for a in items) / len(items) for kind, items in by_kind.items()}
    assert len(by_kind["who_leads"]) >= 30 and {a.row["lang"] for a in by_kind["who_leads"]} == {"zh", "en", "zh-Hant"}
    assert share["who_leads"] >= 0.95, [a.detail for a in by_kind["who_leads"] if not a.ok]   # 0.975
    assert share["who_person"] >= 0.95 and share["fact"] >= 0.95
    assert not [a.row["id"] for a in asked if a.shown_found and not a.ok and a.row["lang"] != "en"]
    right = [a for a in by_kind["who_leads"] + by_kind["who_person"] if a.ok]   # #30: a right answer is not doubted
    assert sum(not a.shown_found for a in right) / len(right) <= 0.42   # 0.39 (0.46 before a named document's
    # task whose heading the question holds was answered without the label)


def test_a_note_without_a_lead_is_answered_as_responsible_units(small_index):
    answer = small_index.ask("运城市应急预案演练由哪些单位负责？")
    task = answer.duty.tasks[0].task
    assert task.responsible.lead == () and "市直各有关单位" in task.responsible.responsible
    assert "原文未分牵头与配合" in answer.text and "牵头：" not in answer.text
