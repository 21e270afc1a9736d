"""Copies of real notices that lost their layout: table rows whose cells ran together, page numbers that a
document-sharing site wrote into the text, and a document copied as one paragraph (hand-checked
expectations on texts written for these tests)."""
from __future__ import annotations

from index.ingest.flat import flat_header, leading_units
from index.ingest.readers import read_file
from index.ingest.readers.pages import without_page_marks
from index.ingest.tasklist import outline_plain
from index.text.numbering import items_on_line
from index.text.roles import parse_note
from index.types import Document

RUN_TOGETHER = """某区2023年政府工作报告重点任务落实情况
类别序号重点任务牵头单位年度完成情况
主要预期目标1全区生产总值增长5.5%左右。区发展改革委全年生产总值增长5.8%,完成年度目标。
2城镇调查失业率控制在5%以内。区人力社保局、区统计局全年城镇调查失业率4.6%。
民生实事3新增托育托位800个。区卫生健康委区级托育服务中心已开园,新增托位820个。"""


def doc(text: str, doc_id: str = "copy") -> Document:
    return Document(doc_id, f"{doc_id}.txt", text, "", doc_id)


def test_a_header_whose_titles_ran_together_is_read_by_its_role_labels():
    header = flat_header("类别序号重点任务牵头单位年度完成情况")
    assert header is not None
    assert (header.group, header.task, header.roles, header.after) == ("类别", "重点任务", ("牵头单位",), "年度完成情况")
    assert flat_header("序号重点任务牵头单位配合单位完成时限") is not None
    assert flat_header("序号 重点任务 牵头单位") is None          # spaced titles: the pasted-table reader's
    assert flat_header("做好序号管理，由牵头单位负责。") is None     # a sentence


def test_rows_whose_cells_ran_together_give_each_task_its_own_units():
    real = [t for t in outline_plain(doc(RUN_TOGETHER)).tasks if t.is_task]
    assert [t.heading for t in real] == ["1.全区生产总值增长5.5%左右", "2.城镇调查失业率控制在5%以内",
                                         "3.新增托育托位800个"]
    assert [t.responsible.lead for t in real] == [("区发展改革委",), ("区人力社保局", "区统计局"), ("区卫生健康委",)]
    assert [t.section[0] for t in real] == ["主要预期目标", "主要预期目标", "民生实事"]   # the group cell, kept down
    assert any("5.8%" in s for s in real[0].sentences)        # the completion column stays the task's text


def test_unit_names_run_into_the_next_cell_are_told_apart():
    line = "区发展改革委西城区生产总值增长"
    assert leading_units(line, 0) == (("区发展改革委",), 6)
    assert leading_units("市财政局、市税务局2023年", 0)[0] == ("市财政局", "市税务局")
    assert leading_units("全年生产总值增长", 0)[0] == ()


def test_a_table_whose_rows_open_with_their_own_number_is_left_to_the_line_reader():
    text = "序号重点任务牵头单位责任单位完成时限\n一、优化审批\n1.编制许可事项清单。市审批局市司法局2022年9月底"
    assert [t.responsible.units for t in outline_plain(doc(text)).tasks if t.is_task] == [("市审批局", "市司法局")]


PAGED = ("1、某市促进民营经济发展实施方案为激发民营经济活力,结合本市实际,制定本方案。一、加强要素支持(一)强化财税保障。"
         "落实国家和省各项减税降费政策,对小型微利企业和个体工商户的优惠政策延续执行,并加大对科技型中小企业研发费用"
         "加计扣除政策的宣传辅导力度,确保符合条件的企业应享尽享,帮助企业降低经营成本、稳定发展预期、增强发展信心,"
         "优化办税缴费服务,推行非接触式办税,压缩退税办理时间,对受困行业企业依法办理缓缴和分期缴纳,减轻企业资金压力,"
         "推动个体\n2、工商户转型升级为企业。(市税务局、市财政局、市科技局,各县市、区政府,列第一位的为牵头单位,下同)"
         "(二)强化金融支持。引导银行机构加大对民营企业的信贷投放,扩大首贷、信用贷和中长期贷款规模,完善政府性融资担保"
         "体系,降低担保费率,推动应收账款融资和供应链金融发展,支持符合条件的民营企业在境内外资本市场上市挂牌和发行债券,"
         "拓宽直接融资渠道,对成功上市的企业按规定给予奖励。(市金融办、人行市中心支行)")


def test_page_numbers_of_a_sharing_site_are_taken_out_and_the_pages_joined():
    paged = without_page_marks(PAGED)
    assert paged is not None
    text, starts = paged
    assert "个体工商户转型升级" in text and not text.startswith("1、")
    assert starts == (0, text.index("工商户转型"))
    extract = read_file(PAGED.encode(), "paged.txt", ".txt")
    assert extract.text == text and extract.pages == starts


def test_a_list_of_whole_items_one_per_line_keeps_its_numbers():
    items = "\n".join(f"{n}、" + "推进重点项目建设，" * 30 + "确保按期完成。" for n in (1, 2, 3))
    assert without_page_marks(items) is None


def test_a_document_copied_as_one_paragraph_is_read_as_its_headings_and_tasks():
    text = without_page_marks(PAGED)[0]
    real = [t for t in outline_plain(doc(text)).tasks if t.is_task]
    assert [t.heading for t in real] == ["(一)强化财税保障", "(二)强化金融支持"]
    assert real[0].section[0] == "一、加强要素支持"
    first = real[0].responsible
    assert first.lead == ("市税务局",)
    assert first.support == ("市财政局", "市科技局", "各县市、区政府")   # 各县市、区政府 is one group


def test_items_on_one_line_split_only_where_the_numbering_shows_items():
    line = "制定本方案。一、加强要素支持(一)强化财税保障。贯彻落实。"
    assert [line[a:b] for a, b in items_on_line(line)] == ["制定本方案。", "一、加强要素支持", "(一)强化财税保障。贯彻落实。"]
    listing = "1.加强管理，主要包括(一)建立制度；(二)完善机制；(三)强化考核。(市发改委牵头)"
    assert items_on_line(listing) == [(0, len(listing))]       # points inside one task's sentence


def test_a_bracket_of_units_with_the_first_leads_remark_is_the_note():
    roles = parse_note("（市发改委、市财政局，列第一位的为牵头单位）")
    assert (roles.lead, roles.support) == (("市发改委",), ("市财政局",))
    assert parse_note("（列第一位的为牵头单位）").units == ()
    later = parse_note("(市商务局、市市场监管局,列第一位的为牵头单位。以下均需各区政府落实,不再列出)")
    assert (later.lead, later.support) == (("市商务局",), ("市市场监管局",))


def test_a_note_that_charges_units_with_every_later_task_gives_them_to_the_tasks_after_it():
    text = ("一、加强要素支持\n(一)强化财税保障。落实减税降费政策。(市税务局、市财政局,列第一位的为牵头单位,下同。"
            "以下均需各县市、区政府落实,不再列出)\n(二)强化金融支持。加大信贷投放。(市金融办、人行市中心支行)")
    first, second = (t.responsible for t in outline_plain(doc(text)).tasks if t.is_task)
    assert (first.lead, first.support) == (("市税务局",), ("市财政局",))
    assert (second.lead, second.support) == (("市金融办",), ("人行市中心支行", "各县市、区政府"))


PARAGRAPH = ("2023年民生实事项目责任分解表序号项目名称主要内容区政府分管领导牵头单位配合单位1扩充学位供给新建小学2所;"
             "新增学位3000个。王海林教育局各街道区城投公司2完善养老服务新增社区养老服务站5家。李明民政局各街道"
             "开展老年人助餐服务。赵晓卫健委区财政局3整治老旧道路改造背街小巷12条。陈东住建局城管局")


def test_a_table_run_into_one_paragraph_gives_each_project_its_person_and_units():
    real = [t for t in outline_plain(doc(PARAGRAPH)).tasks if t.is_task]
    assert [t.heading for t in real] == ["1.扩充学位供给新建小学2所", "2.完善养老服务新增社区养老服务站5家",
                                         "开展老年人助餐服务", "3.整治老旧道路改造背街小巷12条"]
    assert [t.responsible.persons for t in real] == [("王海林",), ("李明",), ("赵晓",), ("陈东",)]
    assert [t.responsible.lead for t in real] == [("教育局",), ("民政局",), ("卫健委",), ("住建局",)]
    assert real[0].responsible.support == ("各街道", "区城投公司")
    assert all(t.responsible.unclear for t in real)     # the cells' bounds are lost: said so
