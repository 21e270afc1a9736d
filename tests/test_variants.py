"""Questions as users really type them, on the real model and corpus: Traditional characters, mixed
languages, pasted sentences and paragraphs; the three-state verdict; a Traditional document."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.quotes import found_first, pastes
from index.service import open_searcher
from index.settings import Settings

from .conftest import ROOT


def top_chunk(searcher, question: str) -> str:
    return searcher.retrieve(question, 5).hits[0].chunk.chunk_id


@pytest.mark.parametrize("simplified, traditional", [
    ("兰州新区综合保税区建设", "蘭州新區綜合保稅區建設"),
    ("黄河流域生态保护和高质量发展", "黃河流域生態保護和高質量發展"),
    ("西宁至成都铁路", "西寧至成都鐵路"),
    ("推进祁连山国家公园建设由谁牵头？", "推進祁連山國家公園建設由誰牽頭？"),
])
def test_traditional_questions_find_what_simplified_ones_find(real_searcher, simplified, traditional):
    assert top_chunk(real_searcher, traditional) == top_chunk(real_searcher, simplified)
    assert real_searcher.ask(traditional, 5).verdict != "not_found"


@pytest.mark.parametrize("question, evidence", [
    ("What does the plan say about 兰州新区 bonded zone?", "兰州新区综合保税区"),
    ("Which railway connects 西宁 with 成都?", "西宁至成都"),
])
def test_mixed_questions_are_english_and_use_their_chinese_terms(real_searcher, question, evidence):
    result = real_searcher.retrieve(question, 5)
    assert result.lang == "en"
    assert any(t in result.lexical for t in ("兰州新区", "西宁", "成都"))
    assert any(evidence in h.chunk.text for h in result.hits[:3])


def _plan_sentences(real_settings, english: bool) -> list[str]:
    return pastes(real_settings.corpus, real_settings.max_query_chars)["en" if english else "zh"][::7]


@pytest.mark.parametrize("english", [False, True])
def test_a_pasted_sentence_finds_its_source_first(real_searcher, real_settings, english):
    sentences = _plan_sentences(real_settings, english)
    assert len(sentences) >= 25
    found = sum(found_first(real_searcher, s, "en" if english else "zh") for s in sentences)
    assert found / len(sentences) >= 0.98


def test_a_long_paste_is_searched_whole_but_encoded_by_a_window(real_searcher, real_settings):
    sentences = _plan_sentences(real_settings, False)
    paste = "".join(sentences)[:1900] + "以上内容中由哪个部门牵头？"
    result = real_searcher.retrieve(paste, 5)
    assert len(paste) > 1500 and result.hits and result.quoted
    assert max(map(len, real_searcher.query_vectors._data)) <= real_searcher.settings.encoder_chars
    assert real_searcher.answer(result).verdict != "not_found"


def test_verdicts_agree_with_the_gold_of_the_held_apart_sets(real_searcher):
    """Answerable questions of eval/qa.jsonl (gold written by reading the plan) are never "not found"
    and their answers hold the gold keys; unanswerable ones of eval/unanswerable_test.jsonl are shown as
    found no more often than the documented figure (0.125 a language, docs/decisions.md)."""
    from eval.metrics import keys_hit

    root = Path(__file__).resolve().parents[1] / "eval"
    answerable = [row for row in map(json.loads, (root / "qa.jsonl").read_text(encoding="utf-8").splitlines())
                  if row["evidence"]]
    answers = [real_searcher.ask(item["question"], 10) for item in answerable]
    refused = [i["id"] for i, a in zip(answerable, answers) if a.verdict == "not_found" or not a.found]
    correct = sum(bool(keys_hit(a.text, i["answer_keys"])) for i, a in zip(answerable, answers))
    assert not refused and correct / len(answerable) >= 0.93   # 0.944 (zh 0.923, en 0.963): docs/evaluation.md
    unanswerable = [json.loads(line) for line in (root / "unanswerable_test.jsonl").read_text(encoding="utf-8")
                    .splitlines() if line.strip()]
    for lang in ("zh", "en"):
        items = [i for i in unanswerable if i["lang"] == lang]
        shown = [i["id"] for i in items if real_searcher.ask(i["question"], 5).verdict == "found"]
        assert len(shown) / len(items) <= 0.15, shown


def test_a_calibration_fitted_for_another_model_never_says_not_found(real_settings, real_encoder, tmp_path):
    fitted = json.loads((ROOT / "eval" / "calibration.json").read_text(encoding="utf-8"))
    fitted["fitted_on"]["encoder"] = "sentence-transformers:another-model"
    other = tmp_path / "calibration.json"
    other.write_text(json.dumps(fitted), encoding="utf-8")
    searcher = open_searcher(real_settings.with_(calibration=str(other)), encoder=real_encoder, progress=False)
    shipped = open_searcher(real_settings, encoder=real_encoder, progress=False)
    question = "火星探测器的发射时间是什么？"
    assert shipped.ask(question, 5).verdict == "not_found"
    assert searcher.ask(question, 5).verdict == "low_confidence"


def test_a_traditional_document_is_found_by_a_simplified_question(tmp_path, fake_encoder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.zh.txt").write_text("一、總體要求。加快建設蘭州新區綜合保稅區，擴大對外開放。推進黃河流域生態保護。\n",
                                       encoding="utf-8")
    settings = Settings(corpus=str(corpus), index_dir=str(tmp_path / "index"), retrieval="bm25")
    searcher = open_searcher(settings, rebuild=True, encoder=fake_encoder, progress=False)
    hit = searcher.retrieve("兰州新区综合保税区", 1).hits[0]
    assert "蘭州新區綜合保稅區" in hit.chunk.text
