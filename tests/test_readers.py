"""Readers: PDF, Word, web pages and legacy-encoded text, on fixtures from tests/fixtures/make_formats.py."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from index.ingest.pipeline import build_index
from index.ingest.readers import read_file, sniff
from index.ingest.readers.header import header_meta, iso_date
from index.ingest.readers.radicals import SUPPLEMENT, unify
from index.ingest.readers.text import decode
from index.errors import CorpusError
from index.searcher import Searcher
from index.settings import Settings
from index.store.directory import load_index
from index.types import page_at

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
NOTICE_SENTENCE = "实现企业开办、社保转移等事项异地代收代办。"
NAVIGATION = ("首页", "网站标识码", "分享到", "当前位置", "联系我们")


def read(name: str):
    path = FORMATS / name
    return read_file(path.read_bytes(), name, path.suffix)


def test_pdf_pages_are_known_for_every_gold_sentence():
    extract = read("plan.pdf")
    gold = json.loads((FORMATS / "plan.pages.json").read_text(encoding="utf-8"))
    assert extract.format == "pdf" and len(extract.pages) == 4
    pages = {sentence: page_at(extract.pages, extract.text.index(sentence)) for sentence in gold}
    assert pages == gold


def test_pdf_loses_running_header_and_page_numbers_and_joins_lines():
    text = read("plan.pdf").text
    assert "河湟谷地数字政务建设三年行动方案" not in text   # the running header, on every page
    assert "— 2 —" not in text and "—" not in text
    assert "到2025年政务云资源利用率达到70%以上" in text     # broken across the page 3/4 boundary
    assert "省大数据局牵头，省委网信办、省公安厅按职责分工负责" in text   # broken across lines
    assert "Each year the provincial data bureau shall report progress" in text
    assert not any("\u2e80" <= ch <= "\u2fdf" for ch in text)   # radicals unified


@pytest.mark.parametrize("user_password, algorithm", [("", "AES-128"), ("secret", "RC4-128"), ("secret", "AES-256")])
def test_encrypted_pdfs(user_password, algorithm):
    """Many published PDFs are encrypted with an empty user password (only copying or printing
    restricted): they read. One that needs a password to open is refused with what to do."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(FORMATS / "plan.pdf"))
    writer.encrypt(user_password, owner_password="owner", algorithm=algorithm, permissions_flag=0)
    data = io.BytesIO()
    writer.write(data)
    if user_password:
        with pytest.raises(CorpusError, match=r"locked\.pdf: the PDF is password-protected; save an unprotected copy"):
            read_file(data.getvalue(), "locked.pdf", ".pdf")
    else:
        assert read_file(data.getvalue(), "locked.pdf", ".pdf").text == read("plan.pdf").text


def test_scanned_pdf_is_refused_with_what_to_do():
    with pytest.raises(CorpusError, match=r"scanned\.pdf: no text layer on any of its 1 pages .* ocrmypdf"):
        read("scanned.pdf")


def test_docx_keeps_heading_styles_tables_and_title():
    extract = read("notice.docx")
    lines = extract.text.split("\n")
    assert "# 二、重点任务" in lines and "## (二)推进高频事项跨省通办。" in lines
    assert "网上可办率 | 98% | 2025" in lines
    assert extract.meta == {"title": "关于印发河湟谷地数字政务建设三年行动方案的通知"}


def test_html_keeps_the_article_without_navigation():
    extract = read("notice.html")
    assert NOTICE_SENTENCE in extract.text and "政务云利用率 | 70% | 2025" in extract.text
    assert not [n for n in NAVIGATION if n in extract.text]
    assert extract.meta == {"title": "关于印发河湟谷地数字政务建设三年行动方案的通知", "date": "2023-03-20"}


def test_gb18030_text_is_detected():
    extract = read("notice-gbk.txt")
    assert (extract.encoding, extract.format) == ("gb18030", "txt")
    assert NOTICE_SENTENCE in extract.text and "\r" not in extract.text


@pytest.mark.parametrize("text, encoding", [
    ("兰州—西宁城市群发展“十四五”实施方案。" * 4, "utf-8"),
    ("兰州—西宁城市群发展“十四五”实施方案。" * 4, "gb18030"),
    ("蘭州—西寧城市群發展「十四五」實施方案，推動甘青兩省共建。" * 4, "big5"),
    ("Lanzhou–Xining plan 2025", "utf-8-sig"),
    ("兰州", "gb18030"),   # too short to tell GBK from Big5: the mainland default
], ids=["utf8", "gbk", "big5", "bom", "short-gbk"])
def test_text_encodings(text, encoding):
    data = ("\ufeff" + text).encode("utf-8") if encoding == "utf-8-sig" else text.encode(encoding)
    assert decode(data, "a.txt") == (text, encoding)


@pytest.mark.parametrize("data, suffix, fmt", [
    (b"%PDF-1.7\n", ".txt", "pdf"), (b"<!DOCTYPE html><html>", ".txt", "html"), ("正文".encode(), ".md", "md"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".docx", "legacy"), ("正文".encode(), ".html", "txt"),
], ids=["pdf-named-txt", "html-named-txt", "markdown", "ole-named-docx", "text-named-html"])
def test_format_is_decided_by_content(data, suffix, fmt):
    assert sniff(data, suffix) == fmt


def test_header_metadata_of_a_notice():
    text = read("notice-gbk.txt").text
    assert header_meta(text) == {"doc_number": "河政办〔2023〕12号", "date": "2023-03-15",
                                 "issuer_zh": "河湟市人民政府办公室",
                                 "title_zh": "关于印发河湟谷地数字政务建设三年行动方案的通知"}
    assert iso_date("二〇二二", "二", "十七") == "2022-02-17"
    assert header_meta("各单位：请落实。") == {}


def test_radicals_become_ideographs():
    assert unify("⻘海省⼈⺠政府⽢肃⻩河⼾⸺") == "青海省人民政府甘肃黄河户——"


def test_radical_table_matches_the_noto_font():
    font = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
    if not font.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":   # CI installs the fonts with the browser
            pytest.fail(f"no {font}: apt-get install fonts-noto-cjk")
        pytest.skip("fonts-noto-cjk is not installed (apt-get install fonts-noto-cjk)")
    from fontTools.ttLib import TTCollection

    sc = next(f for f in TTCollection(str(font)).fonts if "CJK SC" in f["name"].getDebugName(4))
    cmap = sc.getBestCmap()
    for radical, ideograph in SUPPLEMENT.items():
        assert cmap[ord(radical)] == cmap[ord(ideograph)], radical


@pytest.fixture(scope="module")
def formats_index(tmp_path_factory):
    """An index of every readable fixture (the scan left out), with the fake encoder."""
    from tests.conftest import FakeEncoder

    root = tmp_path_factory.mktemp("formats")
    corpus = root / "corpus"
    corpus.mkdir()
    for f in FORMATS.iterdir():
        if f.suffix != ".json" and f.name != "scanned.pdf":
            shutil.copy(f, corpus / f.name)
    settings = Settings(corpus=str(corpus), index_dir=str(root / "index"), chunk_size=120)
    encoder = FakeEncoder()
    build_index(settings, encoder, progress=False)
    return Searcher(load_index(settings.index_dir), encoder, settings), corpus


@pytest.mark.parametrize("doc_id", ["notice.docx", "notice-gbk", "notice.html", "plan.pdf"])
def test_each_format_is_searchable_with_its_own_passages(formats_index, doc_id):
    searcher, _ = formats_index
    question, expected = ("城市大脑试点", "在西宁市开展城市大脑试点") if doc_id == "plan.pdf" else ("异地代收代办", NOTICE_SENTENCE)
    hits = searcher.retrieve(question, 3, doc_ids={doc_id}).hits
    assert expected in hits[0].chunk.text


def test_pdf_hits_and_tasks_carry_their_page(formats_index):
    searcher, _ = formats_index
    hit = next(h for h in searcher.search("城市大脑试点", 10) if h.chunk.doc_id == "plan.pdf")
    assert [s.page for s in hit.chunk.spans][0] == 3
    assert hit.to_dict()["spans"][0]["page"] == 3
    tasks = [t for t in searcher.index.outline["plan.pdf"] if t.responsible]
    assert {t.responsible.lead for t in tasks} == {("省大数据局",), ("省政务服务监管局",)}
    assert all(s.page for t in tasks for s in t.spans)


def test_manifest_records_format_encoding_and_pages(formats_index):
    searcher, _ = formats_index
    docs = {d["doc_id"]: d for d in searcher.index.manifest["corpus"]["documents"]}
    assert {i: (d["format"], d["encoding"], d["pages"]) for i, d in docs.items()} == {
        "notice.docx": ("docx", None, None), "notice-gbk": ("txt", "gb18030", None),
        "notice.html": ("html", "utf-8", None), "plan.pdf": ("pdf", None, 4)}
    assert docs["notice-gbk"]["meta"]["doc_number"] == "河政办〔2023〕12号"
    assert docs["notice.html"]["meta"]["date"] == "2023-03-20"
    assert docs["plan.pdf"]["title"] == "plan"   # its first line is a section heading, not a title
    assert docs["notice-gbk"]["title"] == "关于印发河湟谷地数字政务建设三年行动方案的通知"


def test_notes_are_tied_to_tasks_in_every_format(formats_index):
    searcher, _ = formats_index
    for doc_id in ("notice.docx", "notice-gbk", "notice.html"):
        tasks = [t for t in searcher.index.outline[doc_id] if t.responsible]
        assert sorted(t.responsible.lead for t in tasks) == [("市大数据局",), ("市政务服务中心",)], doc_id
        # the section tree follows the plan's numbering, whatever heading tag or style carried it
        assert ("二、重点任务", "(二)推进高频事项跨省通办") in {t.section[:2] for t in tasks}, doc_id


def test_pdf_cards_cite_the_page_and_show_it_in_context(formats_index):
    from web.handlers import make_library
    from web.render import citation_text, context_html, hit_card

    searcher, _ = formats_index
    library = make_library(searcher)
    hit = searcher.retrieve("城市大脑试点", 3, doc_ids={"plan.pdf"}).hits[0]
    assert "第3页 · 原文行" in hit_card(hit, 1, "zh", [], library)
    assert "Page 3 as printed" in hit_card(hit, 1, "en", [], library)
    assert ", p. 3, lines " in citation_text(hit, "en", library)
    page = context_html(hit, library)
    assert "<mark>" in page and "三、保障措施" not in page and "(三)建设城市运行管理中心" in page   # page 3 only


def test_joining_lines_into_paragraphs_by_hand():
    from index.ingest.readers.pdf import drop_running_lines, join_pages

    full = "一二三四五六七八九十一二三四五六七八九十"          # a full line: 20 columns
    pages = [["      某某方案", "  " + full[:18], full, "完。", "— 1 —"],
             ["      某某方案", full[:15] + "2022-", "02-07发布。The plan covers data,", "services and people.", "— 2 —"]]
    kept = drop_running_lines(pages)
    assert kept == [[pages[0][1], full, "完。"], [pages[1][1], pages[1][2], pages[1][3]]]
    text, starts = join_pages(kept)
    assert text.split("\n") == [full[:18] + full + "完。",
                                full[:15] + "2022-02-07发布。The plan covers data, services and people."]
    assert starts == (0, len(full[:18] + full + "完。") + 1)


def test_a_gbk_web_page_as_older_government_sites_serve_them():
    page = (FORMATS / "notice.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gbk"')
    extract = read_file(page.encode("gb18030"), "old.html", ".html")
    assert extract.encoding == "gb18030" and NOTICE_SENTENCE in extract.text
    assert extract.meta["title"] == "关于印发河湟谷地数字政务建设三年行动方案的通知"
