"""Responsibility notes in the formats real documents use, and the numbering of their items (pure, hand-checked)."""
from __future__ import annotations

import pytest

from index.text.numbering import leading_number, ordinal
from index.text.roles import is_role_sentence, is_unit_list, parse_note

NOTES = [
    # (note, lead, support, responsible, persons)
    ("（责任单位：市发展改革委牵头，各县区政府按职责分工负责）", ["市发展改革委"], ["各县区政府"], [], []),
    ("〔责任单位：市发展改革委、市财政局按职责分工负责〕", [], [], ["市发展改革委", "市财政局"], []),
    ("【责任单位：省人力资源社会保障厅】", [], [], ["省人力资源社会保障厅"], []),
    ("牵头单位：省发展改革委、省自然资源厅", ["省发展改革委", "省自然资源厅"], [], [], []),
    ("牵头单位：市发改委 配合单位：市财政局 完成时限：2022年12月底", ["市发改委"], ["市财政局"], [], []),
    ("牵头责任单位：省商务厅。协同责任单位：省发展改革委、省财政厅。", ["省商务厅"], ["省发展改革委", "省财政厅"], [], []),
    ("部门分工：省工业和信息化厅牵头，各地、各部门配合。", ["省工业和信息化厅"], ["各地", "各部门"], [], []),
    ("主责单位：市教育局；参与单位：市卫健委", ["市教育局"], ["市卫健委"], [], []),
    ("分管省领导：王某某", [], [], [], ["王某某"]),
    ("（市政府办公室、市审改办牽頭，市級各有關部門及各縣市區政府按職責分工負責）",
     ["市政府办公室", "市审改办"], ["市级各有关部门", "各县市区政府"], [], []),
    ("由分管副市长负责，市发改委牵头，相关部门配合", ["市发改委"], ["相关部门"], [], ["分管副市长"]),
    ("责任单位:市政府办公室、各区县政府(含新区、开发区管委会)(列第一位的为牵头单位,下同)",
     ["市政府办公室"], ["各区县政府(含新区、开发区管委会)"], [], []),
    ("协同责任单位：市经信局等，各县、市、区政府。", [], ["市经信局", "各县、市、区政府"], [], []),
    # a lead verb before 、 ends the leads: the units after it support
    ("责任单位:经济投资局和航空口岸局分别牵头、区发改局", ["经济投资局", "航空口岸局"], ["区发改局"], [], []),
    # two-character names padded with a space to the width of three, run together where a cell's lines joined
    ("分管县领导：陆 明俞 悦", [], [], [], ["陆 明", "俞 悦"]),
    ("分管县领导：陆 明、张小华", [], [], [], ["陆 明", "张小华"]),
]


@pytest.mark.parametrize("note, lead, support, responsible, persons", NOTES)
def test_every_format_gives_each_unit_its_role(note, lead, support, responsible, persons):
    roles = parse_note(note)
    assert (list(roles.lead), list(roles.support), list(roles.responsible), list(roles.persons)) == \
        (lead, support, responsible, persons)


def test_without_a_lead_no_lead_is_invented():
    roles = parse_note("〔责任单位：市发展改革委、市财政局按职责分工负责〕")
    assert roles.lead == () and roles.responsible == ("市发展改革委", "市财政局")


def test_a_deadline_and_a_note_for_the_tasks_after_it_are_kept():
    assert parse_note("牵头单位：市发改委 完成时限：2022年12月底").deadline == "2022年12月底"
    carried = parse_note("〔责任单位:省发展改革委按职责分工负责,具体任务均涉及相关市(州)人民政府,不再做分工,下同〕")
    assert carried.applies_after and carried.carried == ("相关市(州)人民政府",)
    assert parse_note("（省发展改革委牵头，省直有关部门按职责分工负责，下同）").lead == ("省发展改革委",)


def test_a_later_note_follows_the_first_unit_leads_convention():
    roles = parse_note("责任单位：市财政局、市发改局、市工商联", first_leads=True)
    assert roles.lead == ("市财政局",) and roles.support == ("市发改局", "市工商联")


@pytest.mark.parametrize("text, is_note", [
    ("（市发展改革委、市财政局牵头，各县区政府按职责分工负责）", True),
    ("（省教育厅牵头）", True),
    ("（以下简称省发改委）", False),
    ("（2021年底前完成）", False),
    ("（含南太湖新区、长合区管委会）", False),
])
def test_an_unlabelled_bracket_is_a_note_only_when_it_names_units_with_roles(text, is_note):
    assert is_role_sentence(text) is is_note


@pytest.mark.parametrize("line, style, value", [
    ("一、总体要求", "cn", 1), ("（十二）加强组织领导", "(cn)", 12), ("3.推进交通建设", "n.", 3),
    ("１．建设平台", "n.", 1), ("1﹒建设平台", "n.", 1), ("2、优化营商环境", "n、", 2), ("(4)完善机制", "(n)", 4),
    ("③强化保障", "circled", 3), ("第二十三条 本办法", "article", 23), ("第三章 保障措施", "chapter", 3),
])
def test_numbering_styles_and_values(line, style, value):
    number = leading_number(line)
    assert number is not None and (number.style, number.value) == (style, value)


@pytest.mark.parametrize("line", ["2025年，地区生产总值增长6%", "3.5%的增速", "一是加强领导", "围绕1个目标"])
def test_a_year_a_decimal_or_an_enumeration_word_is_no_item_number(line):
    number = leading_number(line)
    assert number is None or number.style == "n.?"


def test_ordinals():
    assert [ordinal(t) for t in ("一", "十", "十二", "二十三", "一百零五", "⑤", "１２")] == [1, 10, 12, 23, 105, 5, 12]


def test_posts_in_charge_are_persons_and_a_convention_names_no_unit():
    roles = parse_note("(分管副省长、协管副秘书长负责,省科技厅牵头。明确牵头部门的,其他有关部门配合,不逐一列出,下同)")
    assert roles.persons == ("分管副省长", "协管副秘书长")
    assert (roles.lead, roles.support, roles.responsible) == (("省科技厅",), (), ())
    assert roles.applies_after
    assert parse_note("（市发改委负责）").responsible == ("市发改委",)   # a unit that is no post stays a unit


@pytest.mark.parametrize("text, units", [("发改委", True), ("市商务局、苏州海关", True),
                                         ("推进政务数据共享", False), ("市发改委牵头", False), ("", False)])
def test_a_unit_list_is_unit_names_alone(text, units):
    assert is_unit_list(text) == units


@pytest.mark.parametrize("note, lead, support, responsible", [
    ("(省发改委负责)", (), (), ("省发改委",)),
    ("(省财政厅主办,省国税局、地税局协办)", ("省财政厅",), ("省国税局", "地税局"), ()),
    ("(省发改委、农委、统计局分别负责)", (), (), ("省发改委", "农委", "统计局")),
    ("(省商务厅牵头,省财政厅、住房城乡建设厅等相关部门按职责分工负责)", ("省商务厅",), ("省财政厅", "住房城乡建设厅"), ()),
])
def test_unlabelled_notes_in_other_wordings(note, lead, support, responsible):
    assert is_role_sentence(note)
    roles = parse_note(note)
    assert (roles.lead, roles.support, roles.responsible) == (lead, support, responsible)
