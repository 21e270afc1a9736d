"""Clean documents read in their own order: headings on their own line, repeated section titles,
tables, notes for later tasks, and a build that stays bounded (hand-checked expectations)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.synthetic import SHARED_NOTE, shared_note_notice
from index.ingest.streams import anchor_pairs
from index.ingest.tasklist import outline_plain
from index.ingest.tasks import document_outline, is_woven
from index.types import Document

# Two chapters, each with （一）工作目标 and （二）重点任务; tasks on lines of their own.
NOTICE = """某市数字政府建设工作方案
一、总体要求
（一）指导思想
以数字化改革为牵引，推进政府治理现代化。
（二）工作目标
到2025年，政务服务事项全部实现网上办理。
二、重点任务
（一）工作目标
建成全市统一的数据共享体系。
（二）重点任务
1.建设一体化政务服务平台
推动各级平台对接，实现一网通办。
（责任单位：市政务服务中心牵头，各县区政府按职责分工负责）
2.推进政务数据共享
建立数据共享清单。
牵头单位：市大数据局
配合单位：市财政局、市公安局
三、保障措施
加强组织领导，压实工作责任。"""


def doc(text: str, doc_id: str = "notice") -> Document:
    return Document(doc_id, f"{doc_id}.txt", text, "", doc_id)


def test_a_clean_notice_is_read_in_its_own_order():
    tasks = outline_plain(doc(NOTICE)).tasks
    real = [t for t in tasks if t.is_task]
    assert [t.heading for t in real] == ["1.建设一体化政务服务平台", "2.推进政务数据共享"]
    assert [t.section for t in real] == [("二、重点任务", "（二）重点任务", "1.建设一体化政务服务平台"),
                                         ("二、重点任务", "（二）重点任务", "2.推进政务数据共享")]
    first, second = (t.responsible for t in real)
    assert (first.lead, first.support) == (("市政务服务中心",), ("各县区政府",))
    assert (second.lead, second.support) == (("市大数据局",), ("市财政局", "市公安局"))
    assert real[0].sentences == ("推动各级平台对接，实现一网通办。",)   # the note is kept apart, the title is the heading
    goals = [t.section for t in tasks if not t.is_task and t.section[-1:] and t.section[-1].endswith("工作目标")]
    assert goals == [("一、总体要求", "（二）工作目标"), ("二、重点任务", "（一）工作目标")]   # each under its own chapter


def test_a_note_keeps_its_own_place():
    task = next(t for t in outline_plain(doc(NOTICE)).tasks if t.is_task)
    span = task.responsible.span
    assert (span.line_start, span.line_end) == (13, 13)
    assert NOTICE.splitlines()[12] == task.responsible.text


def test_headings_are_recognised_with_or_without_a_full_stop_and_in_any_numbering():
    text = "一、总体要求。\n（一）发展目标\n到2025年基本建成。\n二、重点任务\n1、加快平台建设。推进互联互通。（省发展改革委牵头）\n" \
           "2、强化数据治理。完善标准。（省大数据局牵头）\n①统一标准\n②分级管理"
    tasks = outline_plain(doc(text)).tasks
    assert [t.heading for t in tasks if t.is_task] == ["1、加快平台建设", "2、强化数据治理"]
    second = [t for t in tasks if t.is_task][1]
    assert second.responsible.lead == ("省大数据局",)
    assert "①统一标准" in second.sentences or any("统一标准" in s for s in second.sentences)   # its sub-items are its text


def test_a_note_alone_after_sub_items_closes_each_of_them():
    text = "一、应急预案\n1.完善预案体系\n(1)加强预案管理。\n(2)推进预案精编化。\n(责任单位:市直各有关单位、各县(市、区)人民政府)"
    real = [t for t in outline_plain(doc(text)).tasks if t.is_task]
    assert [t.heading for t in real] == ["(1)加强预案管理", "(2)推进预案精编化"]
    assert all(t.responsible.responsible == ("市直各有关单位", "各县(市、区)人民政府") for t in real)
    assert real[0].responsible.lead == ()


def test_a_note_stated_once_holds_for_the_tasks_after_it():
    text = "一、重点任务\n1.建设市场体系。（省发展改革委牵头，省直有关部门按职责分工负责，下同）\n2.优化准入环境。\n" \
           "3.加强监管。（省市场监管局牵头）"
    real = [t for t in outline_plain(doc(text)).tasks if t.is_task]
    assert [t.responsible.lead for t in real] == [("省发展改革委",), ("省发展改革委",), ("省市场监管局",)]
    assert [t.responsible.inherited for t in real] == [False, True, False]


def test_a_leader_named_by_the_section_heading_is_a_person_not_a_unit():
    text = "一、张三市长主抓重点工作\n1.稳住经济大盘。\n责任单位：市发改局、市财政局（列第一位的为牵头单位，下同）\n" \
           "2.优化营商环境。\n责任单位：市商务局、市市场监管局"
    real = [t for t in outline_plain(doc(text)).tasks if t.is_task]
    assert [t.responsible.lead for t in real] == [("市发改局",), ("市商务局",)]
    assert [t.responsible.persons for t in real] == [("张三市长",), ("张三市长",)]
    assert all("张三市长" not in t.responsible.units for t in real)


@pytest.mark.parametrize("heading, person", [
    ("一、区长王某某牵头重点工作", "区长王某某"),                   # the post before the name
    ("二、张某某区政府党组成员牵头重点工作", "张某某区政府党组成员"),   # a post that is no 区长
])
def test_a_section_headings_leader_in_other_wordings(heading, person):
    text = f"{heading}\n1.稳住经济大盘。\n责任单位：区发改局\n2.优化营商环境。\n责任单位：区商务局"
    real = [t for t in outline_plain(doc(text)).tasks if t.is_task]
    assert [t.responsible.persons for t in real] == [(person,), (person,)]
    assert [t.responsible.responsible or t.responsible.lead for t in real] == [("区发改局",), ("区商务局",)]


def test_a_pasted_table_split_by_a_heading_and_a_repeated_header_files_its_rows_under_each():
    text = "\n".join(["一、区长王某某牵头重点工作", "序号", "目标任务", "牵头单位", "配合单位",
                     "1", "一般公共预算收入增长6%", "区财政局", "区税务局",
                     "2", "推进乡债县管", "区财政局", "各镇(街道)",
                     "二、常务副区长李某某牵头重点工作", "序号", "目标任务", "牵头单位", "配合单位",
                     "1", "地区生产总值增长6%左右", "区发改局", "各镇(街道、园区)"])
    real = [t for t in outline_plain(doc(text)).tasks if t.is_task]
    assert [(t.responsible.lead, t.responsible.support) for t in real] == [
        (("区财政局",), ("区税务局",)), (("区财政局",), ("各镇(街道)",)), (("区发改局",), ("各镇(街道、园区)",))]
    assert [t.responsible.persons for t in real] == [("区长王某某",), ("区长王某某",), ("常务副区长李某某",)]


def test_a_word_table_is_read_by_its_header_words(tmp_path: Path):
    from docx import Document as Word

    from index.ingest.readers import read_file

    word = Word()
    word.add_paragraph("某市重点任务分工方案")
    table = word.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ("序号", "重点任务", "牵头单位", "配合单位", "完成时限")):
        cell.text = text
    for row in (("1", "建设智慧城市。推进城市大脑建设。", "市大数据局", "市财政局、市公安局", "2022年底"),
                ("2", "完善社会保障体系。", "市人社局", "", "长期")):
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    path = tmp_path / "plan.docx"
    word.save(path)
    extract = read_file(path.read_bytes(), path.name, ".docx")
    real = [t for t in outline_plain(doc(extract.text)).tasks if t.is_task]
    assert [t.heading for t in real] == ["1.建设智慧城市", "2.完善社会保障体系"]
    assert [(t.responsible.lead, t.responsible.support) for t in real] == \
        [(("市大数据局",), ("市财政局", "市公安局")), (("市人社局",), ())]
    assert real[0].responsible.deadline == "2022年底"


def test_a_pdf_table_is_read_with_its_leader_column():
    from index.ingest.readers import read_file

    path = Path(__file__).resolve().parents[1] / "eval" / "policies" / "corpus" / "b-huoshan-2025-kaifaqu-zeren-qingdan.pdf"
    extract = read_file(path.read_bytes(), path.name, ".pdf")
    real = [t for t in outline_plain(doc(extract.text)).tasks if t.is_task]
    assert [t.responsible.persons for t in real] == [("叶林",), ("马振明",), ("张云峰",)]
    assert [t.responsible.responsible for t in real] == [("招商工作部", "安商工作部"), ("改革办",), ("规划建设局",)]


def test_the_shipped_plan_is_recovered_and_a_clean_notice_is_not():
    plan = Path(__file__).resolve().parents[1] / "corpus" / "lanzhou-xining-14th-fyp-implementation-plan.zh.txt"
    assert is_woven(doc(plan.read_text(encoding="utf-8")))
    assert not is_woven(doc(NOTICE)) and not is_woven(doc(shared_note_notice(60)))
    one_paragraph = "".join(f"{i}.新建公园{i}个。 责任单位:市园林局。 " for i in range(1, 9))   # every heading mid-line
    assert not is_woven(doc("某市民生实事进展情况公示\n" + one_paragraph + "\n"))


def test_a_500_task_notice_with_one_shared_note_is_read_in_linear_time():
    text = shared_note_notice(500)
    t0 = time.perf_counter()
    tasks, passages, _ = document_outline(doc(text), None, None)
    seconds = time.perf_counter() - t0
    real = [t for t in tasks if t.is_task]
    assert len(real) == 500 and all(t.responsible.text == SHARED_NOTE for t in real)
    assert seconds < 5, seconds   # 0.2 s here
    t0 = time.perf_counter()
    anchor_pairs(["a"] + ["note"] * 2000 + ["b"])   # a note repeated 2000 times is no anchor: no pairing to try
    assert time.perf_counter() - t0 < 0.5


def test_a_500_task_notice_with_one_shared_note_builds_in_seconds(tmp_path: Path, fake_encoder):
    from index.ingest.pipeline import build_index
    from index.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notice.txt").write_text(shared_note_notice(500), encoding="utf-8")
    t0 = time.perf_counter()
    report = build_index(Settings(corpus=str(corpus), index_dir=str(tmp_path / "index")), fake_encoder,
                         progress=False)
    assert time.perf_counter() - t0 < 30 and report.chunks >= 500


@pytest.mark.parametrize("text", ["", "一、\n二、\n", "（" * 5000, "1." * 3000, "牵头单位：" * 1000, "| a | b |\n" * 500,
                                  "。" * 50_000, "任务。（责任单位：X；" * 3000, "序号\n任务\n牵头单位\n" + "1\n|\n" * 3000,
                                  "一、任务\n1.推进。责任单位：" + "市发改委" * 12_000 + "第一位列出",   # took 114 s
                                  "某县 " + " ".join(f"{i}.任务。 责任单位:县发改局" for i in range(1, 3000)),
                                  "1.任务。 " + " ".join(f"字段{i}:值{i}" for i in range(20_000)),   # took 9.7 s
                                  "例如，" + "第1项任务“新建公园”，" * 8000,
                                  "".join(f"第{i}项任务“新建公园”，牵头领导是李明，主责单位是市园林局。" for i in range(1, 3000)),
                                  "序号 主要任务 牵头单位 参与单位 责任单位\n" + "1 任务。 市水利局 市发改委、农业局等 各县政府\n" * 3000])
def test_odd_input_finishes(text):
    t0 = time.perf_counter()
    outline_plain(doc(text))
    assert time.perf_counter() - t0 < 5     # each line is read in one pass: 50,000 sentence ends took 38 s


def test_a_bracketed_note_with_a_semicolon_is_one_note():
    text = "一、主要任务\n1.壮大三大支柱产业。(牵头单位:市发改委、市经贸委;配合单位:市科技局)\n"
    task = next(t for t in outline_plain(doc(text)).tasks if t.is_task)
    assert (task.responsible.lead, task.responsible.support) == (("市发改委", "市经贸委"), ("市科技局",))


def test_a_table_row_pasted_as_a_line_keeps_its_number_and_its_units():
    text = ("一、主要预期目标分解\n1 地区生产总值增长7%以上. 发改委\n2 一般公共预算收入增长8%以上. 财政局\n"
            "3 外贸进出口总额保持增长. 商务局、海关\n")
    real = [t for t in outline_plain(doc(text)).tasks if t.is_task]
    assert [t.heading for t in real] == ["1 地区生产总值增长7%以上", "2 一般公共预算收入增长8%以上", "3 外贸进出口总额保持增长"]
    assert [t.responsible.responsible for t in real] == [("发改委",), ("财政局",), ("商务局", "海关")]


def test_a_number_and_a_space_opens_no_item_outside_a_run_from_one():
    text = "一、总体要求\n到2025年，全市生产总值稳步增长。\n3 个百分点以上的增幅由各区承担。\n"
    assert not [t for t in outline_plain(doc(text)).tasks if t.is_task and t.heading.startswith("3")]


def test_a_table_pasted_one_cell_per_line_is_read_by_its_header():
    text = ("任务分解表\n序号\n名称\n工作任务\n主要责任单位\n一、预期目标\n1\n地区生产总值\n地区生产总值增长12%\n市发改委、统计局\n"
            "2\n财政收入\n地方财政一般预算收入增长12%以上\n市财政局、国税局\n")
    real = [t for t in outline_plain(doc(text)).tasks if t.is_task]
    assert [t.heading for t in real] == ["1.地区生产总值增长12%", "2.地方财政一般预算收入增长12%以上"]
    assert [t.responsible.responsible for t in real] == [("市发改委", "统计局"), ("市财政局", "国税局")]


def test_a_progress_table_whose_rows_lost_a_cell_is_placed_by_content():
    """A 督查台账 pasted one cell per line: column titles the header pattern does not take (1-10月推进情况), rows
    from 24, and a merged 全年目标任务 cell missing from each row, so the cells are placed by what they hold."""
    text = "\n".join(["2023年民生实事项目推进情况", "序号 |", "主要任务 |", "全年目标任务 |", "分管 领导 |", "牵头 单位 |",
                     "责任主体与协同单位 |", "1-10月推进情况 |", "是否达序 |",
                     "24 |", "优化提升50条背街后巷交通组织。 |", "王某某 |", "城管局 |", "市政局、相关街道 |",
                     "已进场施工,完成30%。 |", "是 |", "||",
                     "25 |", "新建建筑垃圾中转站8个。 |", "王某某 |", "城管局 |", "开发区、相关街道 |",
                     "已建成3个。 |", "否 |", "||"])
    real = [t for t in outline_plain(doc(text)).tasks if t.is_task]
    assert [t.heading for t in real] == ["24.优化提升50条背街后巷交通组织", "25.新建建筑垃圾中转站8个"]
    assert [(t.responsible.lead, t.responsible.support, t.responsible.persons) for t in real] == [
        (("城管局",), ("市政局", "相关街道"), ("王某某",)), (("城管局",), ("开发区", "相关街道"), ("王某某",))]


def test_pipes_between_cells_keep_empty_and_merged_cells_apart_and_a_star_marks_the_lead():
    text = ("序号\n|\n项目\n|\n重点工作目标任务\n|\n牵头领导\n|\n责任单位\n|\n一、主要预期目标\n|\n||||\n"
            "1\n|\n主要预期目标\n|\n1.地区生产总值增长5%以上。\n|\n钱 宇\n|\n★区发改委、统计局\n|\n"
            "2.一般公共预算收入增长6%以上。\n|\n★区财政局、税务局\n|\n|||\n"
            "3.规上工业总产值增长5%左右。\n|\n|\n★区工信局、统计局\n|\n||\n"
            "4.工业投资增长10%以上。\n|\n王 嵘\n方 勇\n|\n★区工信局\n|\n||\n")
    real = [t for t in outline_plain(doc(text)).tasks if t.is_task]
    assert [t.heading for t in real][:2] == ["1.地区生产总值增长5%以上", "2.一般公共预算收入增长6%以上"]
    assert [(t.responsible.lead, t.responsible.support) for t in real] == [
        (("区发改委",), ("统计局",)), (("区财政局",), ("税务局",)), (("区工信局",), ("统计局",)), (("区工信局",), ())]
    assert [t.responsible.persons for t in real] == [("钱 宇",), (), (), ("王 嵘", "方 勇")]


def test_a_column_header_at_the_end_of_a_text_line_gives_trailing_units_their_role():
    text = ("附件:任务分解表 序号 名称 工作任务 牵头责任单位\n一、主要预期目标\n1 地区生产总值增长7%以上. 发改委\n"
            "2 一般公共预算收入增长8%以上. 财政局\n")
    real = [t for t in outline_plain(doc(text)).tasks if t.is_task]
    assert [t.responsible.lead for t in real] == [("发改委",), ("财政局",)]


def test_a_bracket_of_unit_names_after_a_sentence_is_a_note_and_a_heading_names_its_leader_in_any_script():
    text = "一、王浩省長牽頭重點工作\n1.地区生产总值增长7%以上。(市发展改革委,各县〔市、区〕政府)\n2.加强河湖管理(含水库)。\n"
    real = [t for t in outline_plain(doc(text)).tasks if t.is_task]
    assert real[0].responsible.responsible == ("市发展改革委", "各县〔市、区〕政府")
    assert real[0].responsible.persons == ("王浩省长",)
    assert all(t.heading != "2.加强河湖管理(含水库)" or not t.responsible.units for t in real)
