"""More layouts of real division-of-work documents, on small hand-written texts whose answers are read off them."""
from __future__ import annotations

import pytest

from index.answer.responsibility import UNREAD_NOTE, disagreement, doubts
from index.answer.unit_questions import asks_who_leads
from index.ingest.readers.glosses import without_glosses
from index.ingest.tasklist import outline_plain
from index.text.amounts import percents
from index.text.labels import mentions_roles
from index.text.numbering import items_on_line
from index.text.roles import parse_note
from index.types import Document, Responsibility, Task


def tasks(text: str) -> list[Task]:
    return [t for t in outline_plain(Document("notice", "notice.txt", text, "", "notice")).tasks if t.is_task]


def duty(task: Task) -> tuple:
    r = task.responsible
    return (r.lead, r.support, r.responsible) if r else None


def test_each_note_inside_one_item_closes_its_own_clause():
    text = ("一、稳定经济增长\n（一）扩大有效投资。推进重大项目建设（省发改委牵头）。完善投资审批制度，"
            "落实项目用地保障政策（省自然资源厅牵头，省发改委配合），加快专项债券发行（省财政厅负责）。\n")
    found = tasks(text)
    assert [t.heading for t in found] == ["（一）扩大有效投资", "完善投资审批制度，落实项目用地保障政策", "加快专项债券发行"]
    assert [duty(t) for t in found] == [(("省发改委",), (), ()), (("省自然资源厅",), ("省发改委",), ()),
                                        ((), (), ("省财政厅",))]
    assert found[1].section[:2] == ("一、稳定经济增长", "（一）扩大有效投资")


def test_notes_on_consecutive_lines_stay_one_task():
    found = tasks("一、任务\n1.建设数据平台。\n牵头单位：市大数据局\n配合单位：市财政局\n")
    assert [duty(t) for t in found] == [(("市大数据局",), ("市财政局",), ())]


def test_items_run_together_on_one_line_are_read_apart():
    text = "一、目标\n(一)地区生产总值增长6%。(市发改委负责)(二)财政收入增长5%。(市财政局主办,市税务局协办)\n"
    found = tasks(text)
    assert [t.heading for t in found] == ["(一)地区生产总值增长6%", "(二)财政收入增长5%"]
    assert [duty(t) for t in found] == [((), (), ("市发改委",)), (("市财政局",), ("市税务局",), ())]


def test_a_document_copied_as_one_paragraph_is_read_by_its_numbering():
    text = ("某县重点工作责任分解 一、县长牵头重点工作 1.粮食产量稳定在10万吨。 责任单位:县农业农村局 "
            "2.新建高标准农田2万亩。 责任单位:县农业农村局、县财政局 二、常务副县长牵头重点工作 "
            "1.完成固定资产投资50亿元。 责任单位:县发改局\n")
    found = tasks(text)
    assert [t.heading for t in found] == ["1.粮食产量稳定在10万吨", "2.新建高标准农田2万亩", "1.完成固定资产投资50亿元"]
    assert [t.responsible.responsible for t in found] == [("县农业农村局",), ("县农业农村局", "县财政局"), ("县发改局",)]
    assert found[2].section[0] == "二、常务副县长牵头重点工作"


def test_numbers_after_spaces_in_running_text_open_no_items():
    assert len(items_on_line("附件：1.任务清单 2.实事清单")) == 1
    assert len(items_on_line("共 3 个项目 1 个完成")) == 1


def test_a_counted_note_covers_the_items_it_counts():
    text = ("一、发展目标\n1.粮食产量稳定;\n2.农民收入增长8%;\n3.工业增加值增长10%;\n"
            "2项目标的责任单位均为市农委。\n4.外贸出口增长5%;\n该目标责任单位为市商务局。\n")
    found = tasks(text)
    assert [t.responsible.responsible if t.responsible else () for t in found] == [
        (), ("市农委",), ("市农委",), ("市商务局",)]


def test_a_table_under_a_text_header_with_spaced_cells_gives_its_units_the_column_role():
    text = "量化指标分工\n序号 工 作 任 务 牵头负责部门\n1 新增就业100万人 人力资源社会保障部\n2 铁路投资800亿元 发展改革委\n"
    found = tasks(text)
    assert [t.heading for t in found] == ["1 新增就业100万人", "2 铁路投资800亿元"]
    assert [t.responsible.lead for t in found] == [("人力资源社会保障部",), ("发展改革委",)]


def test_a_section_heading_names_the_lead_unit_or_a_leader_with_two_posts():
    found = tasks("一、县开发区管委会牵头工作(2项)\n1.建设食品产业园。\n2.引进企业10家。\n二、县商务局牵头工作\n1.办好展会。\n")
    assert [t.responsible.lead for t in found] == [("县开发区管委会",), ("县开发区管委会",), ("县商务局",)]
    found = tasks("二、王五常委、常务副县长牵头重点工作\n1.稳定粮食生产。\n责任单位：县农业农村局\n")
    assert found[0].responsible.persons == ("王五常务副县长",)
    assert found[0].responsible.lead == () and found[0].responsible.responsible == ("县农业农村局",)


def test_the_state_council_wording_names_lead_and_support_inside_the_sentence():
    found = tasks("一、分工\n（一）关于稳定粮食生产的问题，由农业农村部会同发展改革委、财政部等部门负责落实。\n")
    assert duty(found[0]) == (("农业农村部",), ("发展改革委", "财政部"), ())


def test_marks_and_remarks_in_a_note():
    assert parse_note("责任单位：区财政局*、区发改局").lead == ("区财政局",)
    note = parse_note("（分管副省长负责，省科技厅、省财政厅等负责。列第一位的为牵头部门，下同）")
    assert (note.lead, note.support, note.persons, note.applies_after) == (
        ("省科技厅",), ("省财政厅",), ("分管副省长",), True)
    assert parse_note("（省发改委、省财政厅负责，列第一位的为牵头单位）").lead == ("省发改委",)
    assert parse_note("(X牵头,区财政局、区交运局等部门,区国投公司配合)").support == ("区财政局", "区交运局", "区国投公司")


def test_pinyin_glosses_of_a_mirror_site_are_taken_out_and_a_lone_name_is_kept():
    assert without_glosses("目標(biāo)管理，責(zé)任單(dān)位，一(yī)、總體") == "目標管理，責任單位，一、總體"
    assert without_glosses("北京(Běijīng)是首都") == "北京(Běijīng)是首都"


@pytest.mark.parametrize("text, values", [
    ("GDP增长8%", {8.0}), ("增长约百分之八", {8.0}), ("进出口总额增长一成", {10.0}), ("百分之五点五", {5.5}),
    ("grow by 8 percent", {8.0}), ("eight percent", {8.0}), ("增长2.8%以上", {2.8}), ("一成不变", set()),
])
def test_percentages_compare_as_values(text, values):
    assert percents(text) == values


def test_a_question_of_another_level_or_amount_disagrees_with_a_task():
    district = Task("t1", "d", True, (), "1.财政收入增长5%", ("财政收入增长5%",),
                    Responsibility(("区财政局",), (), "区财政局"))
    assert disagreement("全省财政收入增长百分之五由谁牵头？")(district) == 1      # the level
    assert disagreement("区里财政收入增长一成由谁牵头？")(district) == 1          # the amount
    assert disagreement("财政收入增长5%由谁牵头？")(district) == 0


def test_a_table_whose_cells_ran_together_keeps_its_lead_column_by_cell_boundaries():
    text = ("分工方案\n序号重点任务落实措施牵头单位责任单位完成时限\n一、优化审批\n"
            "(1)编制许可事项清单,9月底前公布。市审批局市司法局市级相关单位,各区县政府2022年9月底\n"
            "(2)清理变相许可。市审批局、市司法局市发改委2022年11月底\n")
    found = tasks(text)
    assert [(t.responsible.lead, t.responsible.support) for t in found] == [
        (("市审批局", "市司法局"), ("市级相关单位", "各区县政府")), (("市审批局", "市司法局"), ("市发改委",))]
    assert all(t.responsible.unclear for t in found)   # the roles are read from the layout, not stated


def test_a_table_after_a_title_line_of_its_own_is_not_the_notices_last_item():
    text = ("关于印发任务分工的通知\n一、各部门要高度重视。\n二、按时报送进展。\n附件：1.任务分工表\n2.民生实事分解表\n"
            "任务分工表\n序号 工 作 任 务 牵头负责部门\n1 新增就业100万人 人力资源社会保障部\n")
    found = tasks(text)
    assert [t.section for t in found] == [("1 新增就业100万人",)]      # not under 二、 or 附件 item 2.
    assert found[0].responsible.lead == ("人力资源社会保障部",)


def test_a_label_may_run_into_its_units_with_wei_or_shi():
    found = tasks("一、任务\n1.建设数据平台。（责任单位为市大数据局）\n2.完善制度。牵头单位为市财政局，配合单位为市税务局。\n"
                  "3.压实责任。责任单位是否落实到位要定期检查。\n")
    assert [duty(t) for t in found] == [((), (), ("市大数据局",)), (("市财政局",), ("市税务局",), ()), None]


def test_a_report_citing_tasks_by_number_gives_each_its_roles():
    text = ("某市印发重点工作分工方案\n例如，第3项任务“新建公园10个”，牵头领导是副市长李明，主责单位是市园林局、各区政府。"
            "第12项，推进老旧小区改造，完成200个小区，牵头领导是副市长王强和秘书长赵刚。"
            "全市共完成第5项工作的一半。\n")
    found = tasks(text)
    assert [(t.heading, duty(t), t.responsible.persons) for t in found] == [
        ("新建公园10个", (("市园林局", "各区政府"), (), ()), ("副市长李明",)),
        ("推进老旧小区改造，完成200个小区", ((), (), ()), ("副市长王强", "秘书长赵刚"))]


def test_a_qualified_label_and_a_field_that_is_no_label_end_the_units_before_them():
    found = tasks("一、实事\n1.新建公园。 牵头领导:林某 责任单位:市园林局 项目责任人:王某 实际完成情况:已完成三个。\n")
    assert duty(found[0]) == ((), (), ("市园林局",)) and found[0].responsible.persons == ("林某", "王某")


def test_a_text_header_ending_in_three_role_columns_gives_each_trailing_cell_its_role():
    text = ("某市任务分解表\n序号 主要任务 牵头单位 参与单位 责任单位\n"
            "1 严守用水总量红线。到2020年用水总量控制在10亿立方米以内。 市水利局 市发展改革委、农业局等 各县政府\n")
    assert [duty(t) for t in tasks(text)] == [(("市水利局",), ("市发展改革委", "农业局"), ("各县政府",))]


def test_a_pasted_table_titles_its_rows_by_the_name_column_in_traditional_script():
    cells = ["序號", "項目名稱", "建設地點", "2024年建設內容", "年度投資金額 (萬元)", "責任單位",
             "1", "城北小學門前道路建設項目", "紙坊街道", "建成唐塔北路延伸段道路。", "300", "住建局", "",
             "2", "高標準農田建設項目", "謝村鎮", "實施田塊整治500畝。", "4930", "農業農村局"]
    found = tasks("附件:\n" + "\n".join(f"{c} |" if c else "|" for c in cells) + "\n")   # `|` alone between rows
    assert [(t.heading, duty(t)) for t in found] == [("1.城北小學門前道路建設項目", ((), (), ("住建局",))),
                                                     ("2.高標準農田建設項目", ((), (), ("农业农村局",)))]
    assert any("唐塔北路" in s for s in found[0].sentences) and found[1].section == ("2.高標準農田建設項目",)


def test_undertaking_and_assisting_units_and_section_labels():
    found = tasks("一、治理畜牧业产品污染\n由省经贸委承办，省农业厅、卫生厅协办。定点屠宰率达85%以上。\n"
                  "二、加强学习\n1.加强理论武装。深化学习培训。(责任科室:组干科、机关党委)\n")
    assert [duty(t) for t in found] == [(("省经贸委",), ("省农业厅", "卫生厅"), ()), ((), (), ("组干科", "机关党委"))]


def test_a_table_row_line_keeps_the_numbered_steps_inside_its_cells():
    text = ("序号 | 实事项目 | 工作举措及实施计划 | 责任单位 | 配合单位 |\n"
            "1 | 新建托育驿站7家。 | 1.3月底前建成2家; 2.6月底前建成4家; 3.9月底前全部建成。 | 卫生健康局 | 财政局、民政局 |\n")
    assert [(t.heading, duty(t)) for t in tasks(text)] == [
        ("1.新建托育驿站7家", ((), ("财政局", "民政局"), ("卫生健康局",)))]


@pytest.mark.parametrize("question, who", [
    ("洋县给农村公路加装安全防护，是哪个局的事？", True),
    ("工作要点里加强理论武装这一条由哪些科室负责？", True),
    ("In the food-safety plan, which provincial body takes charge of livestock products?", True),
    ("Which sections of the bureau share responsibility for party building?", True),
    ("Which sections of the ring road will be widened?", False),
    ("Which new public service models are introduced?", False),
])
def test_who_leads_questions_in_more_of_the_ways_people_ask(question, who):
    assert asks_who_leads(question) is who


def test_tasks_of_a_document_whose_text_shows_a_note_no_reader_took_are_in_doubt_not_without_units():
    shown = Task("t02", "notice", True, ("一、财税",), "强化财税保障",
                 ("减税降费政策延续执行。(市税务局、市财政局,列第一位的为牵头单位,下同。",), None, ())
    bare = Task("t03", "notice", True, ("一、财税",), "优化服务", ("优化纳税服务。",), None, ())
    assert mentions_roles("序号项目名称牵头单位配合单位1新建学校") and not mentions_roles("各单位要加强协作。")
    other = Task("t04", "other", True, ("一、",), "优化服务", ("优化纳税服务。",), None, ())
    assert doubts([shown, bare, other]) == {("notice", "t02"): UNREAD_NOTE, ("notice", "t03"): UNREAD_NOTE}
