"""Answer extraction: the pure helpers by hand, then `ask` on the real model and corpus."""
from __future__ import annotations

import json

import pytest

from index.answer.sentences import choose, highlights, merge, sentence_score
from index.answer.unit_questions import asks_who_leads

from .test_integration import run_cli


@pytest.mark.parametrize("question, expected", [
    ("祁连山国家公园建设由哪些单位牵头？", True), ("谁负责推进沿黄快速通道建设？", True),
    ("Which departments lead the work on tourism?", True), ("Who is responsible for water?", True),
    ("到2025年空气质量优良天数比例要达到多少？", False), ("What is the urbanisation target?", False),
    ("What leading industries will Lanzhou New Area develop?", False), ("Which body takes the lead in this?", True),
    ("数字乡村建设谁来抓？", True), ("文化交流合作归谁管？", True), ("省际联席会议由谁统筹？", True),
    ("哪些人能享受异地就医结算？", False), ("谁能受益于这项政策？", False),
    ("Which Haidong county leader oversees the airport project?", True),    # a place before the body
    ("Which zone leaders are named for the chip industry?", True),
    ("Which Xining projects will be built first?", False), ("Which Gansu cities are named?", False),
])
def test_who_leads_questions(question, expected):
    assert asks_who_leads(question) is expected


def test_sentence_score_by_hand():
    idf = {"兰州": 1.0, "新区": 3.0}
    assert sentence_score(0.5, ["兰州", "新区"], {"兰州": 1.0, "新区": 1.0}, idf) == pytest.approx(0.9 * 0.5 + 0.1)
    assert sentence_score(0.5, ["新区"], {"兰州": 1.0, "新区": 1.0}, idf) == pytest.approx(0.45 + 0.1 * 0.75)
    assert sentence_score(0.5, [], {}, idf) == pytest.approx(0.45)


def test_choose_keeps_a_close_runner_up_only():
    assert choose([(0.80, 0, "a"), (0.79, 1, "b"), (0.5, 0, "c")]) == [(0.80, 0, "a"), (0.79, 1, "b")]
    assert choose([(0.80, 0, "a"), (0.70, 1, "b")]) == [(0.80, 0, "a")]
    assert choose([]) == []


def test_choose_puts_a_near_sentence_holding_more_key_terms_first():
    counts = {"到2025年，协同发展格局初步形成。": 0, "常住人口城镇化率达到69%左右。": 2, "城镇化率稳步提高。": 1}

    def held(hit: int, text: str) -> int:
        return counts[text]
    scored = [(0.863, 0, "到2025年，协同发展格局初步形成。"), (0.851, 1, "常住人口城镇化率达到69%左右。"),
              (0.700, 1, "城镇化率稳步提高。")]
    assert choose(scored, held) == [scored[1], scored[0]]      # it leads; the closest still follows
    far = [(0.90, 0, "到2025年，协同发展格局初步形成。"), (0.80, 1, "常住人口城镇化率达到69%左右。")]
    assert choose(far, held) == [far[0]]                      # beyond KEY_MARGIN meaning decides
    tie = [(0.86, 0, "城镇化率稳步提高。"), (0.85, 1, "城镇化率稳步提高。")]
    assert choose(tie, held)[0] == tie[0]                     # equal key terms: the closer first


def test_highlights_mark_terms_and_numbers():
    sentence = "空气质量优良天数比例达到90%以上，城镇化率达到69%左右。"
    spans = highlights(sentence, ["优良天数", "城镇化率", "率"])
    assert [sentence[a:b] for a, b in spans] == ["优良天数", "90%", "城镇化率", "69%"]
    assert merge([(0, 2), (1, 4), (6, 7)]) == [(0, 4), (6, 7)]


def test_ask_answers_a_target_with_a_citation(real_searcher):
    answer = real_searcher.ask("到2025年空气质量优良天数比例要达到多少？", 5)
    assert answer.found and "90%" in answer.text and answer.answer_sentences[0].citation == 1
    assert answer.answer_sentences[0].text in answer.citations[0].chunk.text
    marked = [answer.answer_sentences[0].text[a:b] for a, b in answer.answer_sentences[0].highlights]
    assert any("90%" in m for m in marked)


def test_ask_returns_lead_units_for_who_leads_questions(real_searcher):
    answer = real_searcher.ask("祁连山生态环境综合整治由哪些单位牵头？", 5)
    assert answer.responsible is not None and {"甘肃省林草局", "青海省林草局"} <= set(answer.responsible.lead)
    assert "两省林草局" in answer.responsible.text and "甘肃省林草局" in answer.text


@pytest.mark.parametrize("question", ["祁连山生态环境综合整治由哪些单位牵头？", "Who leads the work on tourism?",
                                      "Who leads the work on the Lanzhou New Area comprehensive bonded zone?",
                                      "谁负责推进沿黄快速通道建设？"])
def test_units_always_come_from_the_named_tasks_own_cited_note(real_searcher, question):
    answer = real_searcher.ask(question, 5)
    assert answer.duty is not None and answer.duty.kind == "who_leads" and answer.duty.tasks
    for task_role, number in zip(answer.duty.tasks, answer.duty.citations):
        cited = answer.citations[number - 1].chunk
        assert cited.task_id == task_role.task.task_id
        assert task_role.task.responsible is None or task_role.task.responsible in cited.responsible


def test_leading_industries_is_not_a_who_leads_question(real_searcher):
    answer = real_searcher.ask("What leading industries will Lanzhou New Area develop?", 5)
    assert answer.duty is None and answer.responsible is None and "责任单位" not in answer.text


def test_english_question_gets_the_chinese_answer(real_searcher):
    answer = real_searcher.ask("Which railways will connect Xining with Chengdu?", 5)
    assert "西宁至成都" in answer.text


@pytest.mark.parametrize("question, expected", [
    ("What industries will the Lanzhou–Baiyin metropolitan area develop?", "产业"),
    ("What should the Lanzhou–Baiyin metropolitan area do about commuting?", "通勤"),
])
def test_an_english_answer_sentence_is_read_under_its_section_path(real_searcher, question, expected):
    """Every sentence of the 兰州—白银 task is about that area, though few name it: the task's
    heading supplies the place, and the word that tells the sentences apart picks the answer."""
    answer = real_searcher.ask(question)
    assert answer.found
    assert expected in answer.answer_sentences[0].text


def test_cli_ask_json(real_searcher, real_settings):
    out = run_cli("ask", "到2025年常住人口城镇化率达到多少？", "--json", settings=real_settings)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"found", "answer", "citations", "hits"} <= set(data)
    assert data["found"] is True and "69%" in data["answer"]
    assert data["citations"][0]["number"] == 1 and data["hits"][0]["rank"] == 1


def test_not_found_answer_says_so_in_the_question_language(real_searcher):
    zh = real_searcher.ask("火星探测器的发射时间是什么？", 5).to_dict()
    assert zh["found"] is False and zh["answer"].startswith("未在文件中找到") and zh["hits"]
    en = real_searcher.ask("Who won the football world cup in 2018?", 5).to_dict()
    assert en["found"] is False and en["answer"].startswith("The documents do not say")
