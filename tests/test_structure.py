"""Structure, dedup and chunking on small hand-checkable text."""
from __future__ import annotations

import pytest

from index.ingest.chunk import chunk_passages
from index.ingest.dedup import distinct_sentences
from index.ingest.tasks import document_outline
from index.ingest.structure import LineIndex, parse_responsibility, section_paths, split_units
from index.text.normalize import match_key
from index.types import Document

from .conftest import SMALL_DOC


def doc(text: str) -> Document:
    return Document("d", "d.txt", text, "sha", "T")


def test_units_headings_notes_and_sentences():
    units = split_units(SMALL_DOC)
    kinds = [(u.kind, u.level, u.text) for u in units]
    assert ("heading", 1, "一、总体要求") in kinds
    assert ("heading", 2, "(一)发展目标。") in kinds
    assert ("heading", 3, "1.推进交通建设。") in kinds
    assert ("text", 0, "加快兰州至西宁铁路建设；") in kinds
    note = next(u for u in units if u.kind == "note")
    assert note.text == "(责任单位:两省林草局牵头，两省生态环境厅、省民(宗)委等部门按职责分工负责)"
    assert all(SMALL_DOC[u.start:u.end].rstrip() == u.text for u in units)


@pytest.mark.parametrize("text, label", [
    ("（二）重点任务。正文。", "（二）重点任务"),
    ("(十一)加强协作。正文。", "(十一)加强协作"),
    ("12.建设枢纽。正文。", "12.建设枢纽"),
    ("三、推进生态共建环境共治(一)筑牢屏障。", "三、推进生态共建环境共治"),
])
def test_heading_forms_full_and_half_width(text, label):
    units = split_units(text)
    assert units[0].kind == "heading" and units[0].text.rstrip("。") == label


def test_decimal_numbers_are_not_headings():
    units = split_units("增长2.5个百分点。")
    assert [u.kind for u in units] == ["text"]


def test_section_paths_reset_deeper_levels():
    units = split_units("一、甲(一)乙。1.丙。正文一。(二)丁。正文二。二、戊正文三。")
    paths = dict((u.text, p) for u, p in zip(units, section_paths(units)))
    assert paths["正文一。"] == ("一、甲", "(一)乙", "1.丙")
    assert paths["正文二。"] == ("一、甲", "(二)丁")


@pytest.mark.parametrize("note, lead, support", [
    ("(责任单位:两省林草局牵头，两省生态环境厅、省民(宗)委等部门按职责分工负责)",
     ("两省林草局",), ("两省生态环境厅", "省民(宗)委")),   # provinces unknown: kept as written
    ("（责任单位：兰州市、白银市政府牵头，甘肃省科技厅及兰州新区管委会等部门按职责分工负责）",
     ("兰州市政府", "白银市政府"), ("甘肃省科技厅", "兰州新区管委会")),
    ("(责任单位:两省发展改革委)", (), ("两省发展改革委",)),
])
def test_responsibility_notes(note, lead, support):
    r = parse_responsibility(note)
    assert (r.lead, r.support, r.text) == (lead, support, note)


def test_line_index():
    lines = LineIndex("ab\ncd\n\nef")
    assert lines.span(0, 2) == lines.span(0, 2) and lines.span(0, 2).line_start == 1
    sp = lines.span(1, 5)
    assert (sp.line_start, sp.line_end) == (1, 2)
    assert lines.span(7, 9).line_start == 4


def test_repeated_sentences_collapse_with_every_span():
    sentences, stats = distinct_sentences(doc(SMALL_DOC))
    target = [s for s in sentences if "优良天数" in s.text]
    assert len(target) == 1 and len(target[0].spans) == 2
    for sp in target[0].spans:
        assert SMALL_DOC[sp.start:sp.end] == target[0].text
    assert stats.duplicates == 1


def test_punctuation_variants_are_the_same_sentence():
    text = "建设兰州新区(综合保税区)。其他内容。建设兰州新区（综合保税区）。"
    sentences, stats = distinct_sentences(doc(text))
    assert [s.text for s in sentences] == ["建设兰州新区(综合保税区)。", "其他内容。"]
    assert stats.duplicates == 1 and len(sentences[0].spans) == 2


def _chunks(text: str, size: int, overlap: int = 0, headings: bool = False):
    _, passages, _ = document_outline(doc(text), None, None)   # the passages the build cuts
    return chunk_passages(passages, text, size, overlap, headings)


def test_chunks_never_cut_a_sentence_that_fits():
    text = "第一句比较短。第二句稍微长一些内容。第三句！第四句？第五句；第六句结束。" * 3 + "新的内容在这里出现。"
    chunks = _chunks(text, 20)
    sentences = {s.text for s in distinct_sentences(doc(text))[0]}
    for c in chunks:
        assert len(c.text) <= 20
        pieces = [p for p in c.text.replace("。", "。|").replace("！", "！|").replace("？", "？|")
                  .replace("；", "；|").split("|") if p]
        assert all(p in sentences for p in pieces)


def test_over_long_sentence_is_split_on_commas():
    long = "，".join(["兰州新区建设项目推进"] * 8) + "。"
    chunks = _chunks(long, 40)
    assert len(chunks) > 1 and all(len(c.text) <= 40 for c in chunks)
    assert "".join(c.text for c in chunks) == long
    assert all(c.text.endswith(("，", "。")) for c in chunks)


def test_chunk_spans_point_at_their_text_and_notes_stay_whole():
    chunks = _chunks(SMALL_DOC, 80)
    for c in chunks:
        for sp in c.spans:
            assert match_key(SMALL_DOC[sp.start:sp.end]) in match_key(c.text)
    noted = [c for c in chunks if c.responsible]
    assert len(noted) == 1 and noted[0].responsible[0].text in noted[0].text
    repeated = next(c for c in chunks if "优良天数" in c.text)
    assert len(repeated.spans) >= 2


def test_segments_are_the_chunk_sentences_plus_an_optional_heading():
    plain = next(c for c in _chunks(SMALL_DOC, 80) if "铁路" in c.text)
    assert plain.section == ("一、总体要求", "(二)重点任务", "1.推进交通建设")
    assert plain.segments == ("加快兰州至西宁铁路建设；", "完善城市公交网络。", "到2025年，空气质量优良天数比例达到90%以上。")
    assert plain.lexical_text == plain.text
    headed = next(c for c in _chunks(SMALL_DOC, 80, headings=True) if "铁路" in c.text)
    assert headed.segments == ("一、总体要求 (二)重点任务 1.推进交通建设",) + plain.segments
    assert headed.lexical_text == "一、总体要求 (二)重点任务 1.推进交通建设\n" + plain.text
    assert headed.text == plain.text and "推进交通建设" not in headed.text


def test_segments_of_an_over_long_sentence_are_its_pieces():
    long = "，".join(["兰州新区建设项目推进"] * 8) + "。"
    for c in _chunks(long, 40):
        assert c.segments == (c.text,)


def test_english_and_markdown_documents():
    text = "# Trade\nLanzhou New Area builds a bonded zone. Xining hosts a science park.\nHaidong adds a hub.\n"
    units = split_units(text)
    assert (units[0].kind, units[0].level, units[0].text) == ("heading", 1, "Trade")
    chunks = _chunks(text, 60)
    assert [c.text for c in chunks] == ["Lanzhou New Area builds a bonded zone.",
                                        "Xining hosts a science park. Haidong adds a hub."]
    assert all(c.section == ("Trade",) for c in chunks)
    assert [text[s.start:s.end] for s in chunks[1].spans] == ["Xining hosts a science park.\nHaidong adds a hub."]


def test_passage_text_keeps_lines_without_punctuation_apart():
    from index.ingest.chunk import join_sentences
    from index.types import Sentence

    def s(text: str) -> Sentence:
        return Sentence("d", text, match_key(text), ())

    text, starts = join_sentences(tuple(map(s, ["建设数据平台。", "网上可办率 | 98% | 2025", "河湟市人民政府办公室",
                                               "2023年3月15日", "The plan.", "It works."])))
    assert text == "建设数据平台。网上可办率 | 98% | 2025 河湟市人民政府办公室 2023年3月15日 The plan. It works."
    assert [text[i:i + 2] for i in starts] == ["建设", "网上", "河湟", "20", "Th", "It"]
