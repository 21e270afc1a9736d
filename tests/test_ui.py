"""The app's handlers called directly, the JSON API through gradio_client, and startup time."""
from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr
import pytest

from web.handlers import answer_view, ask_api, evaluation_view, make_library, search_api

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


def test_document_filter(real_searcher, library):
    doc = real_searcher.index.chunks[0].doc_id
    assert [h.chunk.doc_id for h in real_searcher.retrieve("兰州新区", 5, doc_ids={doc}).hits] == [doc] * 5
    assert real_searcher.retrieve("兰州新区", 5, doc_ids={"another-plan"}).hits == []
    _, sources = answer_view(real_searcher, library, "兰州新区", 5, "中文", ["another-plan"])
    assert "没有结果" in sources


@pytest.mark.parametrize("question", ["", "   ", "x" * 301])
def test_bad_questions_raise_gradio_errors(real_searcher, library, question):
    with pytest.raises(gr.Error):
        answer_view(real_searcher, library, question, 5, "自动 / Auto")


def test_everything_rendered_is_escaped(real_searcher, library):
    answer, sources = answer_view(real_searcher, library, '<script>alert(1)</script>"><img src=x> 兰州', 5,
                                  "自动 / Auto")
    assert "<script>" not in answer + sources and "<img" not in answer + sources


def test_api_functions_return_cli_json(real_searcher):
    hits = search_api(real_searcher, "祁连山国家公园", 3)
    assert len(hits) == 3 and {"rank", "score", "doc_id", "doc_title", "section", "text", "spans"} <= set(hits[0])
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
    table, chart = evaluation_view(real_searcher, str(upload))
    assert "| app | zh |" in table and Path(chart).stat().st_size > 1000
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
