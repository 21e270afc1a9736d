"""The app's handlers called directly, the JSON API through gradio_client, and startup time."""
from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr
import pytest

from web.handlers import answer_view, ask_api, evaluation_view, fit_question, make_library, rerender_view, search_api

from .conftest import ROOT, STARTUP


@pytest.fixture(scope="module")
def library(real_searcher):
    return make_library(real_searcher)


def test_answer_view_in_chinese(real_searcher, library):
    answer, sources = answer_view(real_searcher, library, "到2025年空气质量优良天数比例要达到多少？", 5, "自动 / Auto")
    assert "答案" in answer and "90%" in answer and "<mark>" in answer
    assert "引用来源" in sources and "查看原文上下文" in sources and "原文行" in sources


def test_language_switch_overrides_detection(real_searcher, library):
    answer, sources = answer_view(real_searcher, library, "到2025年空气质量优良天数比例要达到多少？", 5, "English")
    assert "Answer" in answer and "Sources" in sources and "Implementation Plan" in sources


def test_not_found_is_said_plainly(real_searcher, library):
    answer, sources = answer_view(real_searcher, library, "火星探测器的发射时间是什么？", 5, "自动 / Auto")
    assert "未在文件中找到" in answer and "最接近的段落（并非答案）" in sources


def test_low_confidence_is_labelled_above_the_answer(real_searcher, library):
    answer = real_searcher.ask("两省省际联席会议多久召开一次？", 5)  # the plan says 定期 (regularly), no interval
    assert answer.verdict == "low_confidence" and answer.found
    html, _ = answer_view(real_searcher, library, answer.question, 5, "自动 / Auto")
    assert 'class="low-confidence"' in html and "把握不大" in html and "答案" in html


def test_a_figure_the_plan_never_gives_is_not_found(real_searcher, library):
    """The plan sets 2025 targets, never 2030's: the 2025 sentence on the same topic is the nearest passage,
    not an answer."""
    answer = real_searcher.ask("到2030年兰西城市群常住人口城镇化率要达到多少？", 5)
    assert answer.verdict == "not_found" and not answer.found
    answer, sources = answer_view(real_searcher, library, "到2030年兰西城市群常住人口城镇化率要达到多少？", 5, "自动 / Auto")
    assert "未在文件中找到" in answer and "最接近的段落（并非答案）" in sources and "69%" in sources


def test_document_filter(real_searcher, library):
    doc = real_searcher.index.chunks[0].doc_id
    assert [h.chunk.doc_id for h in real_searcher.retrieve("兰州新区", 5, doc_ids={doc}).hits] == [doc] * 5
    assert real_searcher.retrieve("兰州新区", 5, doc_ids={"another-plan"}).hits == []
    _, sources = answer_view(real_searcher, library, "兰州新区", 5, "中文", ["another-plan"])
    assert "没有结果" in sources


@pytest.mark.parametrize("question", ["", "   ", "\x00\x01"])
def test_bad_questions_raise_gradio_errors(real_searcher, library, question):
    with pytest.raises(gr.Error, match="query is empty"):
        answer_view(real_searcher, library, question, 5, "自动 / Auto")


def test_a_paste_over_the_limit_keeps_its_end_and_says_so(real_searcher, library):
    limit = real_searcher.settings.max_query_chars
    paste = "甲" * (limit + 500) + "兰州新区的主导产业有哪些？"
    with pytest.warns(UserWarning, match=f"over the limit of {limit}"):
        kept = fit_question(paste, limit)
    assert len(kept) == limit and kept.endswith("兰州新区的主导产业有哪些？")
    with pytest.warns(UserWarning):
        answer, _ = answer_view(real_searcher, library, paste, 5, "自动 / Auto")
    assert "兰州新区" in answer
    with pytest.raises(gr.Error, match=f"the limit is {limit}"):  # the API refuses instead, naming the limit
        search_api(real_searcher, paste, 3)


def test_language_switch_re_renders_the_current_answer(real_searcher, library):
    question = "到2025年空气质量优良天数比例要达到多少？"
    zh, _ = rerender_view(real_searcher, library, question, 5, "中文")
    en, sources = rerender_view(real_searcher, library, question, 5, "English")
    assert "答案" in zh and "Answer" in en and "Sources" in sources
    assert rerender_view(real_searcher, library, "  ", 5, "English")[0] is not None  # nothing asked: no error


def test_sources_show_the_cited_passages_then_more_up_to_the_slider(real_searcher, library):
    question = "到2025年空气质量优良天数比例要达到多少？"
    _, few = answer_view(real_searcher, library, question, 3, "中文")
    _, many = answer_view(real_searcher, library, question, 10, "中文")
    assert few.count('class="hit"') == 3 and many.count('class="hit"') == 10
    assert "更多段落" in many and many.index("引用来源") < many.index("更多段落")


def test_english_cards_show_english_section_paths_beside_the_chinese(real_searcher, library):
    _, sources = answer_view(real_searcher, library, "Which railways will connect Xining with Chengdu?", 5, "English")
    head = sources.split('class="hit-head"')[1].split("</div>")[0]
    assert "Section:" in head and 'class="section-zh"' in head
    assert '<span class="doc-stamp">青政办〔2022〕5号 · 2022-02-07</span>' in head   # the sidecar's number and date
    _, sources = answer_view(real_searcher, library, "Who leads the Qilian Mountain National Park?", 5, "English")
    assert "Qinghai Provincial Forestry and Grassland Administration (青海省林草局)" in sources
    assert any(ch.isascii() and ch.isalpha() for ch in head.split("Section:")[1].split("<span")[0])


def test_each_card_has_a_copy_button_with_document_section_lines_and_quote(real_searcher, library):
    _, sources = answer_view(real_searcher, library, "到2025年空气质量优良天数比例要达到多少？", 5, "中文")
    cite = sources.split('data-cite="')[1].split('"')[0]
    assert cite.startswith("兰州—西宁城市群发展“十四五”实施方案，") and "第" in cite and "行：" in cite and "90%" in cite
    assert "Implementation Plan" not in cite                              # a Chinese page copies the Chinese


def test_an_english_page_copies_the_chinese_original_with_the_english_beside_it(real_searcher, library):
    from html import unescape

    _, sources = answer_view(real_searcher, library, "What is the 2025 target for good air quality days?", 5, "English")
    cite = unescape(sources.split('data-cite="')[1].split('"')[0])
    chinese, english = cite.split("\n", 1)
    assert chinese.startswith("兰州—西宁城市群发展“十四五”实施方案，") and "行：" in chinese
    assert english.startswith("Implementation Plan") and "lines " in english and "reference translation" in english


def test_a_line_range_is_given_once_and_a_body_name_is_not_marked_inside():
    from index.answer.sentences import highlights
    from index.types import Span, line_ranges

    assert line_ranges([Span(0, 5, 37, 37), Span(9, 12, 37, 37), Span(20, 30, 40, 41)]) == "37, 40–41"
    text = "由省发展改革委牵头，深化改革。"
    assert [text[a:b] for a, b in highlights(text, ["改革"])] == ["改革"] and highlights(text, ["改革"])[0][0] == 12


def test_a_card_cited_for_its_task_note_shows_why_not_a_relevance(real_searcher, library):
    answer = real_searcher.ask("省发展改革委牵头哪些任务？")
    added = [h for h in answer.citations if not h.retrieved]
    assert added, "the which-tasks answer cites a task the search did not return"
    _, sources = answer_view(real_searcher, library, "省发展改革委牵头哪些任务？", 3, "中文")
    assert "因任务的责任单位而引用" in sources and "相关度 0.000" not in sources


def test_everything_rendered_is_escaped(real_searcher, library):
    answer, sources = answer_view(real_searcher, library, '<script>alert(1)</script>"><img src=x> 兰州', 5,
                                  "自动 / Auto")
    assert "<script>" not in answer + sources and "<img" not in answer + sources


def test_api_functions_return_cli_json(real_searcher):
    hits = search_api(real_searcher, "祁连山国家公园", 3)
    assert len(hits) == 3 and {"rank", "score", "doc_id", "doc_title", "section", "text", "spans"} <= set(hits[0])
    assert {h["verdict"] for h in hits} == {"found"}
    answer = ask_api(real_searcher, "祁连山生态环境综合整治由哪些单位牵头？", 5)
    units = answer["responsible_units"]
    assert answer["found"] and "甘肃省林草局" in units["lead"] and "两省林草局" in units["text"]
    assert answer["task"]["heading"] and answer["task"]["note"] == units["text"]
    assert answer["tasks"][0]["lead"] == units["lead"] and answer["tasks"][0]["citation"] >= 1


def test_evaluation_tab_on_an_upload_and_on_a_bad_file(real_searcher, tmp_path: Path):
    from gradio.utils import get_upload_folder

    good = (ROOT / "eval" / "qa.jsonl").read_text(encoding="utf-8").splitlines()
    Path(get_upload_folder()).mkdir(parents=True, exist_ok=True)
    upload = Path(tempfile.mkdtemp(dir=get_upload_folder())) / "mine.jsonl"  # where Gradio puts uploads
    upload.write_text("\n".join(good[:4] + good[-2:]) + "\n", encoding="utf-8")
    table, chart, wrongs = evaluation_view(real_searcher, str(upload))
    assert "| app | zh |" in table and Path(chart).stat().st_size > 1000
    assert "answered wrongly" in wrongs
    upload.write_text(good[0] + "\n{broken\n", encoding="utf-8")
    with pytest.raises(gr.Error, match=r"mine\.jsonl:2: invalid JSON"):
        evaluation_view(real_searcher, str(upload))


def test_gradio_client_calls_the_named_endpoints(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    hits = client.predict("Qilian Mountain National Park", 3, api_name="/search")
    assert len(hits) == 3 and hits[0]["rank"] == 1
    answer = client.predict("到2025年常住人口城镇化率达到多少？", 5, api_name="/ask")
    assert answer["found"] and "69%" in answer["answer"] and answer["citations"][0]["number"] == 1


def test_startup_with_an_existing_index(app_url):
    """From `python app.py` to the port answering, index already built (target ≤ 5 s on 2 cores)."""
    seconds = STARTUP["seconds"]
    print(f"app startup with an existing index: {seconds:.1f} s")
    assert seconds < 15  # generous: CI may share the cores with the rest of the suite


def test_the_outline_tab_says_where_the_text_lost_a_section_or_chapter_heading():
    from index.outline import task_row
    from index.types import Task
    from web.outline import outline_html

    tasks = [Task("p01", "d", False, (), None, ("通知正文。",)),
             Task("t01", "d", True, ("七、公共服务", "(一)教育", "1.建设学校"), "1.建设学校", ("共建职业院校。",)),
             Task("t02", "d", True, ("七、公共服务", "1.建设医院"), "1.建设医院", ("共建医疗中心。",)),
             Task("p02", "d", False, ("(二)落实分工",), None, ("明确责任。",))]
    html = outline_html([task_row(t) for t in tasks], "zh", {})
    order = ["<h4>—</h4>", "<h4>七、公共服务</h4>", "<h5>(一)教育</h5>", "1.建设学校", "<h5>（原文缺少这一节的标题）</h5>",
             "1.建设医院", "<h4>（原文缺少这一章的标题）</h4>", "<h5>(二)落实分工</h5>"]
    places = [html.find(x) for x in order]
    assert -1 not in places and places == sorted(places)
    assert "(the text lost this section" in outline_html([task_row(t) for t in tasks], "en", {})


@pytest.mark.parametrize("headings, shown", [(("1.建设学校",), "1 task<"), (("1.建设学校", "2.建设医院"), "2 tasks<")])
def test_an_english_task_count_agrees_with_its_number(headings, shown):
    from index.outline import task_row
    from index.types import Task
    from web.outline import outline_html

    tasks = [Task(f"t0{i}", "d", True, ("七、公共服务", h), h, ("共建。",)) for i, h in enumerate(headings, 1)]
    assert shown in outline_html([task_row(t) for t in tasks], "en", {})


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("reason", ["lone_item", "text_gap"])
def test_the_outline_tab_says_when_a_note_may_be_a_lost_items(lang, reason):
    from index.answer.sentences import doubt_text
    from index.ingest.structure import parse_responsibility
    from index.outline import task_row
    from index.types import Task
    from web.outline import outline_html

    note = parse_responsibility("(责任单位:两省科技厅牵头，两省教育厅等部门按职责分工负责)", ("甘肃省", "青海省"))
    task = Task("t01", "d", True, ("五、创新", "(一)体系", "1.增强能力"), "1.增强能力", ("共建平台。",), note, gap_line=28)
    shown = doubt_text(reason, lang, 28)
    assert shown and ("28" in shown) == (reason == "text_gap")
    assert shown in outline_html([{**task_row(task), "note_uncertain": True, "uncertain_reason": reason}], lang, {})
    assert shown not in outline_html([{**task_row(task), "note_uncertain": False, "uncertain_reason": None}], lang, {})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_note_the_layout_hid_is_said_so_not_that_none_is_named(lang):
    from html import escape

    from index.answer.responsibility import UNREAD_NOTE, TaskAnswer
    from index.answer.sentences import NO_NOTE, doubt_text
    from index.answer.unit_questions import TaskRole
    from index.outline import task_row
    from index.types import Task
    from web.outline import outline_html
    from web.render import duty_html

    task = Task("t02", "d", True, ("责任分解表",), "2.老城厢复兴", ("老城厢复兴。住建局五星街道",), None)
    shown = escape(doubt_text(UNREAD_NOTE, lang))
    answer = duty_html(TaskAnswer("who_leads", (TaskRole(task, "", (), UNREAD_NOTE),), citations=(1,)), lang, {})
    assert shown in answer and NO_NOTE[lang] not in answer
    page = outline_html([{**task_row(task), "note_uncertain": True, "uncertain_reason": UNREAD_NOTE}], lang, {})
    assert shown in page and NO_NOTE[lang] not in page


def test_leaders_are_shown_with_their_pinyin_in_english():
    from web.render import LABELS, roles_html

    shown = roles_html(("民政局",), (), (), ("张菁",), LABELS["en"], "en", {})
    assert "张菁 (Zhang Jing)" in shown and "Bureau of Civil Affairs" in shown
    assert "(Zhang Jing)" not in roles_html(("民政局",), (), (), ("张菁",), LABELS["zh"], "zh", {})


def test_the_matrix_csv_follows_the_page_language(real_searcher, library):
    import csv
    import io

    from web.outline import matrix_file

    zh = list(csv.reader(io.StringIO(Path(matrix_file(real_searcher.index, None, "zh", library.glossary))
                                     .read_text(encoding="utf-8-sig"))))
    en = list(csv.reader(io.StringIO(Path(matrix_file(real_searcher.index, None, "en", library.glossary))
                                     .read_text(encoding="utf-8-sig"))))
    assert zh[0][:3] == ["文件", "任务", "章"] and en[0][:3] == ["document", "task", "chapter"]
    lead = en[0].index("lead")
    qilian = next(row for row in en if "甘肃省林草局" in row[lead])
    assert "Gansu" in qilian[lead] and "(甘肃省林草局)" in qilian[lead]   # English with the Chinese beside it
