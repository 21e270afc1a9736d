"""Units written out, responsibility questions recognised, tasks ranked: pure, by hand."""
from __future__ import annotations

from dataclasses import replace

import pytest

from index.answer.responsibility import TaskAnswer, doubts, heading_share, lone_first_items, rank_tasks, respond, tied, unnumbered
from index.answer.sentences import DOUBT, NO_NOTE, Answer
from index.answer.unit_questions import TaskRole, Units, asked_role, asks_which_tasks, asks_who_leads, topic
from index.ingest.structure import parse_responsibility
from index.text.units import english_name, parse_units, provinces_of
from index.types import Chunk, Hit, Task

GANSU_QINGHAI = ("甘肃省", "青海省")


@pytest.mark.parametrize("part, names", [
    ("兰州市、海东市政府", ["兰州市政府", "海东市政府"]),
    ("两省财政厅", ["甘肃省财政厅", "青海省财政厅"]),
    ("两省教育厅、省卫生健康委等部门", ["甘肃省教育厅", "青海省教育厅", "甘肃省卫生健康委", "青海省卫生健康委"]),
    ("甘肃省交通运输厅、省科技厅", ["甘肃省交通运输厅", "甘肃省科技厅"]),
    ("国网青海省、甘肃省电力公司", ["国网青海省电力公司", "国网甘肃省电力公司"]),
    ("国家税务总局青海省、甘肃省税务局等部门", ["国家税务总局青海省税务局", "国家税务总局甘肃省税务局"]),
    ("有关市州政府及兰州新区管委会", ["有关市州政府", "兰州新区管委会"]),
    ("兰州海关、西宁海关", ["兰州海关", "西宁海关"]),
])
def test_units_are_written_out(part, names):
    assert [u.name for u in parse_units(part, GANSU_QINGHAI)] == names


def test_each_unit_keeps_its_words_and_province():
    units = parse_units("两省财政厅、兰州市、海东市政府", GANSU_QINGHAI)
    assert [(u.province, u.kind, u.verbatim) for u in units[:2]] == [
        ("甘肃省", "财政厅", "两省财政厅"), ("青海省", "财政厅", "两省财政厅")]
    assert units[2].verbatim == "兰州市政府" and units[2].province == ""


def test_the_provinces_come_from_the_document():
    assert provinces_of("青海省人民政府办公厅甘肃省人民政府办公厅关于印发") == ("青海省", "甘肃省")
    assert provinces_of("内蒙古自治区人民政府办公厅陕西省人民政府办公厅") == ("内蒙古自治区", "陕西省")
    assert [u.name for u in parse_units("两省区水利厅", ("内蒙古自治区", "陕西省"))] == ["内蒙古自治区水利厅", "陕西省水利厅"]
    assert [u.name for u in parse_units("两省财政厅", ())] == ["两省财政厅"]   # provinces unknown: as written


def test_a_note_keeps_its_verbatim_text_beside_the_names():
    note = "(责任单位:兰州市、海东市政府牵头，两省教育厅、省医保局等部门按职责分工负责)"
    r = parse_responsibility(note, GANSU_QINGHAI)
    assert r.lead == ("兰州市政府", "海东市政府") and r.text == note
    assert r.support == ("甘肃省教育厅", "青海省教育厅", "甘肃省医保局", "青海省医保局")


@pytest.mark.parametrize("name, english", [
    ("甘肃省财政厅", "Gansu Provincial Department of Finance"),
    ("青海省林草局", "Qinghai Provincial Forestry and Grassland Administration"),
    ("兰州市政府", "Lanzhou Municipal Government"),
    ("立山区发改局", "Lishan District Bureau of Development and Reform"),   # the general table of bodies
    ("市委组织部", "Municipal Organization Department of the CPC Committee"),
    ("招商工作部", "招商工作部 (Zhaoshang Gongzuobu)"),                   # neither: the Chinese with its pinyin
])
def test_english_names_follow_the_glossary(name, english):
    glossary = {"省财政厅": "provincial department of finance", "兰州市政府": "Lanzhou Municipal Government",
                "省林草局": "provincial forestry and grassland administration"}
    assert english_name(name, glossary) == english


@pytest.mark.parametrize("question, who, which, role", [
    ("这项任务由谁牵头？", True, False, "lead"),
    ("祁连山国家公园建设由哪些单位负责？", True, False, "any"),              # 哪些单位 asks who, not which tasks
    ("众创空间建设由哪些省政府领导负责？", True, False, "any"),              # a unit inside the asked-for leader
    ("这项工作由哪个省级部门负责？", True, False, "any"),
    ("What leading industries will Lanzhou New Area develop?", False, False, "lead"),
    ("Which body takes the lead in boosting Lanzhou?", True, False, "lead"),
    ("Who is responsible for water?", True, False, "any"),
    ("省财政厅牵头负责哪些任务？", True, True, "lead"),
    ("兰州市政府参与了哪些工作？", False, True, "any"),
    ("Which tasks does the finance department take part in?", False, True, "any"),
    ("Which tasks are led by the commerce departments?", False, True, "lead"),
    ("到2025年空气质量优良天数比例要达到多少？", False, False, "any"),
    ("该通知由哪个部门印发？", False, False, "any"),                        # the issuer, not a task's lead
    ("Which government offices released this notice?", False, False, "any"),
    ("谁负责发布区域旅游宣传材料？", True, False, "any"),                     # a duty, though it publishes
    ("Who will benefit from the new elderly care services?", False, False, "any"),   # the people served
    ("谁可以享受异地就医结算？", False, False, "any"),
    ("Who is responsible for the services that residents receive?", True, False, "any"),
    ("What is the Qinghai Department of Transport responsible for?", True, True, "any"),
    ("What does Lanzhou municipal government lead?", True, True, "lead"),
    ("省交通运输厅负责什么？", False, True, "any"),
    ("兰州市政府牵头的铁路建设由谁配合？", True, False, "any"),          # asks who: never a list of tasks
])
def test_responsibility_questions_are_recognised(question, who, which, role):
    assert (asks_who_leads(question), asks_which_tasks(question), asked_role(question)) == (who, which, role)


def test_the_topic_drops_the_who_leads_words():
    assert topic("祁连山国家公园建设由谁牵头？") == "祁连山国家公园建设"
    assert topic("Who is responsible for the Qilian park?") == "for the Qilian park"
    assert topic("由谁牵头？") == "由谁牵头？"  # nothing left: the question itself


def _task(task_id: str, lead: tuple[str, ...], support: tuple[str, ...] = (), doc: str = "d") -> Task:
    note = parse_responsibility(f"(责任单位:{'、'.join(lead)}牵头，{'、'.join(support)}等部门按职责分工负责)",
                                GANSU_QINGHAI)
    return Task(task_id, doc, True, ("一、章", "(一)节", f"{task_id}.任务"), f"{task_id}.任务", ("正文。",), note)


TASKS = [_task("t1", ("两省财政厅",), ("兰州市政府",)), _task("t2", ("兰州市政府",), ("甘肃省财政厅",)),
         _task("t3", ("两省教育厅",)), _task("t4", ("两省发展改革委", "省卫生健康委"), ("国家税务总局青海省、甘肃省税务局",))]


@pytest.mark.parametrize("question, terms, named", [
    ("省财政厅牵头哪些任务？", (), {"甘肃省财政厅", "青海省财政厅"}),
    ("甘肃省财政厅参与哪些任务？", (), {"甘肃省财政厅"}),
    ("Which tasks does the Gansu finance department lead?", ("省财政厅",), {"甘肃省财政厅"}),
    ("兰州市政府参与了哪些工作？", (), {"兰州市政府"}),
    ("海关负责哪些任务？", (), set()),
    ("发改委牵头哪些工作？", (), {"甘肃省发展改革委", "青海省发展改革委"}),
    ("甘肃省发展和改革委员会参与哪些任务？", (), {"甘肃省发展改革委"}),
    ("省卫健委负责哪些任务？", (), {"甘肃省卫生健康委", "青海省卫生健康委"}),
    ("國家稅務總局參與了哪些工作？", (), {"国家税务总局甘肃省税务局", "国家税务总局青海省税务局"}),
    ("青海省税务局参与了哪些工作？", (), {"国家税务总局青海省税务局"}),
])
def test_units_named_in_a_question(question, terms, named):
    assert Units(TASKS).named_in(question, terms) == named


def test_tasks_of_a_unit_by_role():
    units = Units(TASKS)
    lead = units.tasks_of({"甘肃省财政厅"}, "lead")
    assert [(t.task.task_id, t.role) for t in lead] == [("t1", "lead")]
    anything = units.tasks_of({"甘肃省财政厅"}, "any")
    assert [(t.task.task_id, t.role) for t in anything] == [("t1", "lead"), ("t2", "support")]


def _hit(rank: int, score: float, task_id: str) -> Hit:
    chunk = Chunk(f"d:{rank}", "d", (), "正文。", ("正文。",), "正文。", (), 1, task_id=task_id)
    return Hit(rank, score, chunk, "title")


def test_tasks_rank_by_their_best_passage_and_near_ties_are_listed():
    tasks = {("d", t.task_id): t for t in TASKS}
    ranked = rank_tasks([_hit(1, 0.90, "t2"), _hit(2, 0.88, "t1"), _hit(3, 0.50, "t2"), _hit(4, 0.4, "p1")], tasks)
    assert [(t.task_id, s) for t, s in ranked] == [("t2", 0.90), ("t1", 0.88)]
    assert [t.task_id for t in tied(ranked, 0.97)] == ["t2", "t1"]  # 0.88 ≥ 0.97 × 0.90
    assert [t.task_id for t in tied(ranked, 0.99)] == ["t2"]


@pytest.mark.parametrize("heading, bare", [
    ("2.构建公路运输网", "构建公路运输网"), ("(三)加快节点城市发展", "加快节点城市发展"),
    ("（四）建立机制", "建立机制"), ("3、推进建设", "推进建设"),
    ("2. Build the road network", "Build the road network"), ("(4) Establish mechanisms", "Establish mechanisms"),
    ("构建公路运输网", "构建公路运输网"), ("2025年目标", "2025年目标"),   # a year is not an ordinal
])
def test_a_heading_loses_only_its_ordinal(heading, bare):
    assert unnumbered(heading) == bare


def test_the_heading_share_weighs_each_word_by_its_rarity():
    idf = {"培育": 1.0, "中小城市": 3.0}
    assert heading_share({"中小城市", "设市"}, ["培育", "中小城市"], idf) == 0.75
    assert heading_share({"设市"}, ["培育", "中小城市"], idf) == 0.0
    assert heading_share({"培育", "中小城市"}, ["培育", "中小城市"], idf) == 1.0
    assert heading_share({"培育"}, [], idf) == 0.0 and heading_share({"x"}, ["y"], {}) == 0.0


def test_a_task_named_by_the_question_outranks_one_stray_sentence():
    tasks = {("d", t.task_id): t for t in TASKS}
    named = {"t1": 0.5}   # the question holds half of t1's heading (by weight), none of the others'
    for scale in (1.0, 0.01):   # weighted fusion scores near 1, RRF near 0.01: the ranking is the same
        hits = [_hit(1, 0.95 * scale, "t2"), _hit(2, 0.85 * scale, "t1"), _hit(3, 0.45 * scale, "t3")]
        # the fit counts in units of the list's score range (0.5 here)
        ranked = rank_tasks(hits, tasks, lambda t: 0.2 * named.get(t.task_id, 0.0))
        assert [(t.task_id, round(s / scale, 4)) for t, s in ranked] == [("t2", 0.95), ("t1", 0.9), ("t3", 0.45)]
        ranked = rank_tasks(hits, tasks, lambda t: 0.6 * named.get(t.task_id, 0.0))
        assert [(t.task_id, round(s / scale, 4)) for t, s in ranked] == [("t1", 1.0), ("t2", 0.95), ("t3", 0.45)]
        assert [t.task_id for t, _ in rank_tasks(hits, tasks)] == ["t2", "t1", "t3"]   # no fit: the best passage decides


def test_a_fragment_without_heading_or_note_comes_after_every_named_task():
    fragment = Task("t8", "d", True, ("一、章", "(一)节"), None, ("正文。",), None)
    tasks = {("d", "t8"): fragment, **{("d", t.task_id): t for t in TASKS}}
    ranked = rank_tasks([_hit(1, 0.95, "t8"), _hit(2, 0.80, "t1")], tasks)
    assert [t.task_id for t, _ in ranked] == ["t1", "t8"]
    assert [t.task_id for t in tied(ranked, 0.5)] == ["t1"]  # never listed beside a named task
    alone = rank_tasks([_hit(1, 0.95, "t8")], tasks)
    assert [t.task_id for t in tied(alone, 0.99)] == ["t8"]  # but still the answer when nothing else fits


def test_a_task_without_a_note_is_named_with_no_units():
    lost = Task("t9", "d", True, ("一、章", "(一)节", "9.无责任单位"), "9.无责任单位", ("正文。",), None)
    tasks = {("d", "t9"): lost, **{("d", t.task_id): t for t in TASKS}}
    duty = respond("无责任单位这项任务由谁牵头？", lambda text: [_hit(1, 0.9, "t9"), _hit(2, 0.5, "t1")],
                   tasks, Units(TASKS), 0.97)
    assert duty.kind == "who_leads" and [t.task for t in duty.tasks] == [lost]
    answer = Answer("q", "zh", True, (), (), (), None, replace(duty, citations=(1,)))
    assert NO_NOTE["zh"] in answer.text and "牵头：" not in answer.text
    assert answer.to_dict()["responsible_units"] is None and answer.to_dict()["task"]["note"] is None


def _item(task_id: str, section: str, heading: str | None, note: bool = True) -> Task:
    r = parse_responsibility("(责任单位:两省科技厅牵头，两省教育厅等部门按职责分工负责)", GANSU_QINGHAI) if note else None
    path = ("五、章", section) + ((heading,) if heading else ())
    return Task(task_id, "d", True, path, heading, ("正文。",), r)


def test_a_sections_lone_item_1_says_its_note_may_be_a_lost_items():
    tasks = [_item("t1", "(一)创新", "1.增强创新能力"),                                   # only 1., last: unsure
             _item("t2", "(二)产业", "1.发展产业"), _item("t3", "(二)产业", "2.壮大产业"),   # 1. and 2.
             _item("t4", "(三)平台", "1.建设平台"), _item("t5", "(三)平台", None),          # the lost task was found
             _item("t6", "(四)开放", "2.深化开放"),                                         # a lone 2.: its 1. was lost
             _item("t7", "(五)改革", "1.深化改革", note=False)]                             # no note to doubt
    assert lone_first_items(tasks) == {("d", "t1")}
    duty = TaskAnswer("who_leads", (TaskRole(tasks[0], "", (), doubt="lone_item"),), citations=(1,))
    answer = Answer("q", "zh", True, (), (), (), tasks[0].responsible, duty, "low_confidence")
    assert DOUBT["lone_item"]["zh"] in answer.text and answer.to_dict()["task"]["note_uncertain"] is True
    assert answer.to_dict()["task"]["uncertain_reason"] == "lone_item"
    sure = replace(duty, tasks=(TaskRole(tasks[1], "", ()),))
    assert "存疑" not in replace(answer, duty=sure).text
    assert replace(answer, duty=sure).to_dict()["task"]["note_uncertain"] is False


def test_a_note_after_text_the_copy_lost_inside_its_task_is_in_doubt():
    """Lost text between a task's sentences may have held another task's heading: its note is in
    doubt (TEXT_GAP, with the line); a lone item 1. keeps the numbering's reason; no note, no doubt."""
    gapped = replace(_item("t2", "(二)产业", "1.发展产业"), gap_line=23)
    tasks = [_item("t1", "(一)创新", "1.增强创新能力"), gapped, _item("t3", "(二)产业", "2.壮大产业"),
             replace(_item("t4", "(三)平台", "1.建设平台", note=False), gap_line=30),
             replace(_item("t5", "(四)开放", "1.深化开放"), gap_line=31)]
    assert doubts(tasks) == {("d", "t1"): "lone_item", ("d", "t2"): "text_gap", ("d", "t5"): "lone_item"}
    duty = TaskAnswer("who_leads", (TaskRole(gapped, "", (), doubt="text_gap"),), citations=(1,))
    answer = Answer("q", "en", True, (), (), (), gapped.responsible, duty, "low_confidence")
    assert "at line 23" in answer.text and answer.to_dict()["task"]["gap_line"] == 23
    assert answer.to_dict()["task"]["uncertain_reason"] == "text_gap"
    from index.outline import matrix_csv
    rows = matrix_csv(type("Index", (), {"outline": {"d": tuple(tasks)}})()).splitlines()[1:]
    assert [r.rsplit(",", 1)[1] for r in rows] == ["lone_item", "text_gap", "", "", "lone_item"]


@pytest.mark.parametrize("section, heading, chapter, section_label", [
    (("二、空间格局", "(一)中心城市", "1.提升兰州"), "1.提升兰州", "二、空间格局", "(一)中心城市"),
    (("七、公共服务", "1.医疗卫生"), "1.医疗卫生", "七、公共服务", None),       # the section heading was lost
    (("(二)落实分工",), None, None, "(二)落实分工"),                          # the chapter heading was lost
    (("一、总体要求", "(一)指导思想"), None, "一、总体要求", "(一)指导思想"),      # a part: no heading of its own
    (("三、生态", "(一)屏障"), "(一)屏障", "三、生态", None),                    # tasks numbered one level up
    ((), None, None, None),
])
def test_a_tasks_chapter_and_section_are_told_apart_when_a_heading_was_lost(section, heading, chapter, section_label):
    from index.outline import matrix_csv, task_row

    task = Task("t1", "d", True, section, heading, ("正文。",), None)
    row = task_row(task)
    assert (row["chapter"], row["section_label"]) == (chapter, section_label)
    index = type("Index", (), {"outline": {"d": (task,)}})()
    assert matrix_csv(index).splitlines()[1].startswith(f"d,t1,{chapter or ''},{section_label or ''},{heading or ''},")
    assert matrix_csv(index).splitlines()[0].endswith(",lines,note_uncertain")
