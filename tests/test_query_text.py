"""Query text before ranking: script folding, the question's language, long pastes, quotations. Pure."""
from __future__ import annotations

import pytest

from index.search.query import encoder_window
from index.search.quotes import QUOTE_MIN, Quotes, lift
from index.text.normalize import detect_lang, fold, simplified
from index.text.tokens import Segmenter


@pytest.mark.parametrize("traditional, simple", [
    ("祁連山國家公園建設由誰牽頭？", "祁连山国家公园建设由谁牵头？"),
    ("蘭州新區", "兰州新区"),
    ("兰州新区", "兰州新区"),                       # Simplified text is left as it is
    ("Lanzhou New Area", "Lanzhou New Area"),
])
def test_simplified(traditional, simple):
    assert simplified(traditional) == simple


def test_fold_is_nfkc_lower_and_simplified():
    assert fold("ＧＤＰ與蘭州（新區）") == "gdp与兰州(新区)"


def test_traditional_and_simplified_questions_get_the_same_tokens():
    seg = Segmenter()
    assert seg.tokenize("蘭州新區的主導產業") == seg.tokenize("兰州新区的主导产业")


@pytest.mark.parametrize("question, lang", [
    ("兰州新区的主导产业有哪些？", "zh"),
    ("兰州新区的GDP目标是多少？", "zh"),                    # an English acronym in a Chinese question
    ("What is the 2025 target for 兰州新区?", "en"),        # a Chinese term in an English question
    ("Who leads 祁连山国家公园建设?", "en"),
    ("Lanzhou New Area 产业", "en"),                        # keywords, mostly English
    ("兰州新区 产业 GDP", "zh"),                            # keywords, mostly Chinese
    ("Which railways will be built?", "en"),
    ("2025", "en"),
])
def test_detect_lang_follows_the_main_language(question, lang):
    assert detect_lang(question) == lang


def test_encoder_window_keeps_a_short_query_whole():
    assert encoder_window("兰州新区的主导产业有哪些？", 200) == "兰州新区的主导产业有哪些？"


def test_encoder_window_keeps_the_question_and_the_end_of_the_paste():
    paste = "。".join(f"第{i}句讲的是城市群的一项具体工作安排" for i in range(40)) + "。"
    query = paste + "这段话里的任务由哪个部门牵头？"
    window = encoder_window(query, 60)
    assert len(window) <= 60
    assert window.endswith("这段话里的任务由哪个部门牵头？")
    assert "第39句" in window and "第0句" not in window


def test_encoder_window_cuts_one_overlong_sentence_to_its_end():
    query = "甲" * 500 + "由谁牵头？"
    assert encoder_window(query, 100) == ("甲" * 500 + "由谁牵头？")[-100:]


def test_encoder_window_without_a_question_keeps_the_end():
    query = "。".join(f"句子{i}内容" for i in range(100)) + "。"
    window = encoder_window(query, 30)
    assert len(window) <= 30 and window.endswith("句子99内容。")


QUOTES = Quotes([(0, "推动兰州新区建设国家级产业转移示范区。"), (1, "加快建设兰州至合作铁路。"),
                 (2, "Build the Lanzhou–Hezuo railway faster."), (3, "短句。")])


def test_quotes_find_a_pasted_sentence_inside_a_longer_query():
    assert QUOTES.find("下面这句话出自哪里？推动兰州新区建设国家级产业转移示范区") == {0: len("推动兰州新区建设国家级产业转移示范区")}


def test_quotes_find_part_of_a_sentence_and_fold_script_and_punctuation():
    assert set(QUOTES.find("推動蘭州新區建設國家級產業轉移")) == {0}
    assert set(QUOTES.find("build the lanzhou-hezuo railway faster")) == {2}


def test_quotes_ignore_short_queries_and_short_segments():
    assert QUOTES.find("兰州新区") == {}
    assert all(len(k) >= QUOTE_MIN for _, k in QUOTES._keys)


def test_lift_puts_quoted_chunks_first_longest_first():
    scores = {0: 0.9, 1: 0.5, 2: 0.2}
    lifted = lift(scores, {2: 30, 1: 12})
    assert list(lifted) == [2, 1, 0]                # in rank order: callers read the keys in order
    assert lift(scores, {}) == scores
