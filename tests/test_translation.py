"""The English reference translation: coverage, fidelity of numbers, alignment and the engine leg."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from index.ingest.dedup import distinct_sentences
from index.ingest.ingest import read_corpus
from index.ingest.readings import label
from index.ingest.structure import split_units
from index.ingest.translation import english_for, memory_path, read_memory
from index.errors import CorpusError
from index.searcher import Searcher
from index.service import open_searcher
from index.text.normalize import match_key

from .conftest import PLAN, ROOT

MEMORY = ROOT / "corpus" / "lanzhou-xining-14th-fyp-implementation-plan.en.jsonl"
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in MEMORY.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_distinct_sentence_and_heading_is_translated_and_every_key_is_one(rows):
    plan = read_corpus(ROOT / "corpus").doc("lanzhou-xining-14th-fyp-implementation-plan.zh")
    keys = {s.key for s in distinct_sentences(plan)[0]}
    headings = {match_key(label(u.text)) for u in split_units(plan.text) if u.kind == "heading"}
    translated = {match_key(r["zh"]) for r in rows}
    assert keys - translated == set()          # coverage 100%
    assert headings - translated == set()      # section paths read in English too
    assert translated - keys - headings == set()   # no key that is not a sentence or heading of the document
    assert all(r["zh"] in PLAN.read_text(encoding="utf-8") for r in rows)


def test_numbers_and_percentages_survive_translation(rows):
    for r in rows:
        for number in _NUMBER.findall(r["zh"]):
            assert number in r["en"], (number, r["zh"], r["en"])


def test_names_follow_the_glossary(rows):
    text = " ".join(r["en"] for r in rows)
    assert "Lanzhou New Area" in text and "Qilian Mountain National Park" in text
    assert "Hainan Province" not in text


def test_memory_sits_beside_the_document():
    assert memory_path(Path("c/plan.zh.txt")) == Path("c/plan.en.jsonl")
    assert memory_path(Path("c/notes.md")) == Path("c/notes.en.jsonl")


@pytest.mark.parametrize("line, message", [
    ("{oops", r"plan\.en\.jsonl:2: expected"), ('{"zh": "正文。"}', r"plan\.en\.jsonl:2: expected"),
    ('{"zh": "正文。", "en": " "}', r"plan\.en\.jsonl:2: \"zh\" and \"en\" must be non-empty text"),
])
def test_bad_memory_lines_are_named(tmp_path: Path, line, message):
    (tmp_path / "plan.zh.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "plan.en.jsonl").write_text('{"zh": "正文。", "en": "Text."}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        read_memory(tmp_path / "plan.zh.txt")


def test_alignment_ignores_punctuation_and_covers_pieces_of_long_sentences():
    memory = {match_key("建设兰州新区(综合保税区)，推动开放型经济发展。"): "Build the zone."}
    assert english_for("建设兰州新区（综合保税区），推动开放型经济发展。", memory) == "Build the zone."
    assert english_for("推动开放型经济发展。", memory) == "Build the zone."
    assert english_for("别的。", memory) == ""


def test_english_side_is_indexed_and_searched(small_settings, small_corpus: Path, fake_encoder):
    (small_corpus / "plan.en.jsonl").write_text("\n".join(json.dumps({"zh": zh, "en": en}, ensure_ascii=False) for zh, en in [
        ("加快兰州至西宁铁路建设；", "Speed up the Lanzhou–Xining railway;"),
        ("完善城市公交网络。", "Improve urban bus networks."),
    ]) + "\n", encoding="utf-8")
    searcher = open_searcher(small_settings, rebuild=True, encoder=fake_encoder, progress=False)
    assert searcher.index.en.count() == 2
    top = searcher.search("Improve urban bus networks", 1)[0].chunk
    assert "公交" in top.text and top.text_en == "Speed up the Lanzhou–Xining railway; Improve urban bus networks."
    off = Searcher(searcher.index, fake_encoder, small_settings.with_(translation=False))
    assert not off.retriever.uses_translation and "Improve" not in off.retriever.lexical_query("Improve bus", "en", [])


def test_cli_lists_untranslated_sentences(small_corpus: Path, tmp_path: Path):
    import subprocess
    import sys

    (small_corpus / "plan.en.jsonl").write_text(
        json.dumps({"zh": "完善城市公交网络。", "en": "Improve urban bus networks."}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "index", "info", "--untranslated", "--corpus", str(small_corpus)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    listed = [line.split("\t") for line in out.stdout.splitlines()]
    assert ["plan.zh", "加快兰州至西宁铁路建设；"] in listed
    assert not any("公交" in s for _, s in listed)


def test_an_untranslated_document_competes_fairly_for_the_answer_sentence(tmp_path, fake_encoder):
    """An English–English cosine runs higher than a cross-lingual one: while a candidate sentence
    has no English, every candidate is compared on its Chinese side."""
    from index.ingest.pipeline import build_index
    from index.settings import Settings
    from index.store.directory import load_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.zh.txt").write_text("一、总体要求\n建设城市大脑平台。\n", encoding="utf-8")
    (corpus / "a.en.jsonl").write_text("\n".join(json.dumps({"zh": zh, "en": en}, ensure_ascii=False) for zh, en in [
        ("一、总体要求", "I. General requirements"), ("建设城市大脑平台。", "Build the city brain platform.")]),
        encoding="utf-8")
    (corpus / "b.zh.txt").write_text("一、重点任务\n在西宁市开展城市大脑试点。\n", encoding="utf-8")   # no translation
    settings = Settings(corpus=str(corpus), index_dir=str(tmp_path / "index"))
    build_index(settings, fake_encoder, progress=False)
    answer = Searcher(load_index(settings.index_dir), fake_encoder, settings).ask("Where will the city brain pilot be?")
    assert answer.answer_sentences[0].text == "在西宁市开展城市大脑试点。"
