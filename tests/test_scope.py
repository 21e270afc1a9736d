"""Which document a question names (place, year, title words), and English names of any body (pure)."""
from __future__ import annotations

import pytest

from index.search.scope import named_documents, prefer, profile
from index.text.bodies import body_english

PROFILES = [
    profile("gz-talent", "关于推进人才集聚工程的实施意见", {"issuer_zh": "中共广州市委、广州市人民政府",
                                                       "title_en": "Opinions on the Talent Agglomeration Project"}, ""),
    profile("gz-party", "关于推进党建创新工程的实施意见", {"issuer_zh": "中共广州市委、广州市人民政府",
                                                      "title_en": "Opinions on the Party-Building Innovation Project"}, ""),
    profile("huzhou-2024", "湖州市2024年政府工作报告责任分解", {"issuer_zh": "湖州市人民政府办公室"}, ""),
    profile("tongxiang-2020", "2020年政府工作报告主要工作责任分解", {"issuer_zh": "桐乡市人民政府办公室"}, ""),
    profile("sichuan", "四川省现代流通体系建设实施方案", {"issuer_zh": "四川省发展和改革委员会"}, ""),
]


@pytest.mark.parametrize("question, named", [
    ("广州的人才公寓建设由哪个部门牵头？", {"gz-talent", "gz-party"}),          # the place: both Guangzhou documents
    ("广州党建创新工程里谁负责廉政教育？", {"gz-party"}),                       # … and among them the title's words
    ("In Guangzhou's Party-building opinions, who leads clean-government education?", {"gz-party"}),
    ("湖州2024年的责任分解中谁负责招商？", {"huzhou-2024"}),
    ("Who in Sichuan's plan is responsible for the market system?", {"sichuan"}),
    ("到2025年空气质量优良天数比例要达到多少？", set()),   # a target year names no document
    ("提升政府自身建设水平由谁牵头？", set()),              # title words alone are topic words: no document
])
def test_a_question_names_documents_by_place_then_year_then_title(question, named):
    assert set(named_documents(question, PROFILES)) == named


def test_named_documents_rank_first_and_nothing_moves_when_all_or_none_are_named():
    scores = {0: 0.9, 1: 0.8, 2: 0.4}
    doc_of = ["a", "b", "c"]
    assert list(prefer(scores, doc_of, frozenset({"c"}))) == [2, 0, 1]
    assert prefer(scores, doc_of, frozenset()) == scores
    assert prefer(scores, doc_of, frozenset({"a", "b", "c"})) == scores


@pytest.mark.parametrize("name, english", [
    ("甘肃省财政厅", "Gansu Provincial Department of Finance"),
    ("市发展改革委", "Municipal Development and Reform Commission"),
    ("立山区发改局", "Lishan District Bureau of Development and Reform"),
    ("团市委", "Municipal Communist Youth League Committee"),
    ("西咸新区管委会", "Xixian New Area Administrative Committee"),
    ("广州市人民政府", "Guangzhou Municipal People's Government"),
    ("招商工作部", None),
    ("有关区政府", "Relevant District People's Government"),     # 有关 names no place (not "Youguan District")
    ("各市发展改革委", "Each Municipal Development and Reform Commission"),
    ("相关街道", "Relevant Subdistrict"),                     # the bodies below a district
    ("各乡镇", "Each Township and Town"),
    ("五星街道", "Wuxing Subdistrict"),
    ("城关镇人民政府", "Chengguan Town People's Government"),
])
def test_bodies_of_any_place_have_english_names(name, english):
    assert body_english(name) == english


def test_a_policy_the_title_quotes_does_not_place_the_document():
    city = profile("city", "东莞市人民政府关于贯彻落实《广东省进一步稳定和扩大就业若干政策措施》的实施意见",
                   {"issuer_zh": "东莞市人民政府"}, "")
    province = profile("province", "广东省人民政府关于印发2021年省《政府工作报告》重点任务分工方案的通知",
                       {"issuer_zh": "广东省人民政府"}, "")
    assert "广东" not in city.places and "东莞" in city.places and "广东" in province.places
    assert set(named_documents("广东省2021年经济增长目标由谁牵头？", [city, province])) == {"province"}


def test_an_apostrophe_joins_a_place_name_rather_than_splitting_it():
    xian = profile("xian", "西安市2022年深化放管服改革分工方案", {"issuer_zh": "西安市人民政府办公厅"}, "")
    xianan = profile("xianan", "咸安区2023年政府工作报告责任分解", {"issuer_zh": "咸宁市咸安区人民政府"}, "")
    assert set(named_documents("Who leads the bus project in Xian'an's 2023 task list?", [xian, xianan])) == {"xianan"}
    assert set(named_documents("Who leads permit reform in Xi'an?", [xian, xianan])) == {"xian"}


def test_a_district_inside_the_issuers_city_places_the_document():
    """jieba does not tag every district as a place (钢城区 is a plain noun); the issuer names it."""
    district = profile("district", "深化放管服改革优化营商环境2021年重点任务分工方案",
                       {"issuer_zh": "某市钢城区人民政府办公室"}, "")
    county = profile("county", "2021年政府工作报告重点工作责任分解", {"issuer_zh": "嘉鱼县人民政府办公室"}, "")
    assert "钢城" in district.places
    assert set(named_documents("钢城区2021年行政许可事项由谁牵头？", [district, county])) == {"district"}
    english = "Who leads licence reform in Gangcheng District in 2021?"
    assert set(named_documents(english, [district, county])) == {"district"}


def test_the_words_that_ask_who_leads_name_no_document():
    """A title that describes its columns ("lead leaders, lead units") is not named by a question's frame."""
    zone = profile("zone", "2022年重点工作", {"issuer_zh": "合肥某开发区管理委员会",
                                          "title_en": "2022 key work items with lead leaders and lead units",
                                          "issuer_en": "Administrative Committee of a zone (Anhui)"}, "")
    province = profile("province", "安徽省人民政府关于2022年重点工作及责任分解的通知", {"issuer_zh": "安徽省人民政府"}, "")
    others = [profile(p, f"{p}2022年重点工作责任分解", {"issuer_zh": f"{p}人民政府"}, "")
              for p in ("浙江省", "江苏省", "河南省", "湖北省", "山东省", "福建省", "江西省", "湖南省")]
    question = "Which provincial leader is in charge of Anhui's 2022 target for GDP growth?"
    assert set(named_documents(question, [zone, province, *others])) == {"zone", "province"}   # not the zone alone


def test_a_place_inside_another_word_names_no_document():
    district = profile("xicheng", "西城区2020年重点工作完成情况", {"issuer_zh": "北京市西城区人民政府"}, "")
    plan = profile("plan", "兰州—西宁城市群发展规划实施方案", {}, "")
    assert set(named_documents("到2025年兰西城市群常住人口城镇化率目标是多少？", [district, plan])) != {"xicheng"}
    assert set(named_documents("西城区2020年的GDP目标由谁牵头？", [district, plan])) == {"xicheng"}
