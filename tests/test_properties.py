"""Property tests: hostile Unicode through every stage, from bytes on disk to rendered HTML.

Inputs mix policy text with astral characters, combining marks, RTL and zero-width characters,
lone surrogates, NUL bytes, HTML and JavaScript. The stages must not crash, must keep spans in
bounds and pointing at the source, and may only fail with the engine's typed errors.
"""
from __future__ import annotations

import hashlib
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index.ingest.chunk import chunk_passages
from index.ingest.dedup import distinct_sentences
from index.ingest.tasks import document_outline
from index.ingest.ingest import read_corpus
from index.ingest.readers.text import decode
from index.errors import CorpusError, QueryError
from index.text.normalize import detect_lang, match_key, squash_space, strip_control
from index.types import Document
from web.handlers import make_library
from web.render import answer_html, sources_html

FRAGMENTS = [
    "到2025年，空气质量优良天数比例达到90%以上。", "(责任单位:两省林草局牵头，(省民(宗)委)按职责分工负责)",
    "一、总体要求", "（二）重点任务。", "1.推进交通建设。", "# Heading\n", "Lanzhou New Area. ", "；", "。", "\n\n",
    "<script>alert(1)</script>", '" onmouseover="alert(1)', "<img src=x onerror=alert(2)>",
    "[click](javascript:alert(3))", "<a href='javascript:alert(4)'>x</a>", "&lt;b&gt;", "\x00", "\u200b\u200d\ufeff",
    "\u202eإدارة\u202c", "שלום", "e\u0301\u0308", "𠀀𠀁😀", "\ud800", "\udfff", "（（（", "))))", "责任单位:",
]
HOSTILE = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=25).map("".join)
PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def make_doc(text: str) -> Document:
    return Document("doc", "doc.txt", text, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), "t")


@PROFILE
@given(HOSTILE)
def test_normalisation_never_fails_and_cleans(text):
    clean = squash_space(strip_control(text))
    assert not any(ch in clean for ch in "\x00\u200b\ufeff\ud800\n")
    assert clean == clean.strip()
    assert match_key(match_key(text)) == match_key(text)  # idempotent
    assert detect_lang(text) in ("zh", "en")


@PROFILE
@given(HOSTILE)
@example("x" * 200_000)
@example("。" * 50_000)
@example("(责任单位:" * 5_000)
@example("<script>alert(1)</script>" * 2 + '" onmouseover="alert(1)' * 3 + "e\u0301\u0308")  # cut inside a cluster
def test_sentences_and_chunks_map_back_to_the_source(text):
    doc = make_doc(text)
    sentences, stats = distinct_sentences(doc)
    assert stats.distinct == len(sentences) <= stats.units
    for s in sentences:
        for span in s.spans:
            assert 0 <= span.start < span.end <= len(text)
            assert match_key(text[span.start:span.end]) == s.key  # the span holds this sentence
            assert 1 <= span.line_start <= span.line_end <= text.count("\n") + 1
    for chunk in chunk_passages(document_outline(doc, None, None)[1], text, 60, 0, False):   # as the build cuts
        assert all(0 <= sp.start < sp.end <= len(text) for sp in chunk.spans)
        assert all(seg in text for seg in chunk.segments)  # verbatim source characters


@PROFILE
@given(st.binary(max_size=300))
@example(b"\xff\xfe\x00")
@example("policy\udc80".encode("utf-8", "surrogateescape"))
def test_decoding_bytes_gives_text_or_a_corpus_error(data):
    try:
        text, encoding = decode(data, "f.txt")
    except CorpusError as e:
        assert "f.txt" in str(e)
    else:
        assert data.decode(encoding) == text  # strictly: no byte was replaced or dropped


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200), HOSTILE)
def test_reading_a_corpus_of_hostile_files_fails_only_with_corpus_errors(tmp_path_factory, data, text):
    root = tmp_path_factory.mktemp("hostile")
    (root / "a.txt").write_bytes(data)
    (root / "b.md").write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        corpus = read_corpus(root)
    except CorpusError as e:
        assert str(root) in str(e)
    else:
        assert all(d.text.strip() for d in corpus.documents)


class TagCollector(HTMLParser):
    """Every start tag with its attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


SAFE_TAGS = {"b", "button", "details", "div", "h4", "i", "li", "mark", "ol", "p", "pre", "span", "summary", "sup", "ul"}


def assert_inert(html: str) -> None:
    parser = TagCollector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in SAFE_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on") and name not in ("href", "src", "style"), (tag, name, value)


@pytest.fixture(scope="module")
def library(real_searcher):
    return make_library(real_searcher)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(HOSTILE, st.sampled_from(["zh", "en"]))
@example("<script>alert(1)</script> 兰州新区", "zh")
@example('" onmouseover="alert(1) [x](javascript:alert(2)) Lanzhou New Area', "en")
def test_search_and_ask_survive_any_query_and_render_inert_html(real_searcher, library, query, lang):
    try:
        result = real_searcher.retrieve(query, 5)
    except QueryError as e:
        assert str(e)
        return
    n = {h.chunk.doc_id: len(library.sources[h.chunk.doc_id]) for h in result.hits}
    assert all(0 <= s.start < s.end <= n[h.chunk.doc_id] for h in result.hits for s in h.chunk.spans)
    answer = real_searcher.answer(result)
    assert answer.hits[:len(result.hits)] == tuple(result.hits)  # a task's note passage may be added after them
    assert {c.chunk.chunk_id for c in answer.citations} <= {h.chunk.chunk_id for h in answer.hits}
    assert_inert(answer_html(answer, lang))
    assert_inert(sources_html(answer, lang, list(result.lexical), library))


def test_the_inertness_check_itself_catches_markup():
    with pytest.raises(AssertionError):
        assert_inert('<div onmouseover="alert(1)">x</div>')
    with pytest.raises(AssertionError):
        assert_inert("<script>alert(1)</script>")
