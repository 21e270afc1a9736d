"""Search on the pure core with the fake encoder: input checks, near-duplicates, staleness, reuse."""
from __future__ import annotations

from pathlib import Path

import pytest

from index.ingest.pipeline import build_index
from index.errors import IndexMissingError, IndexStaleError, QueryError, SettingsError
from index.search.fusion import drop_near_duplicates
from index.search.query import clean_query
from index.service import open_searcher
from index.settings import Settings
from index.text.normalize import shingles


@pytest.mark.parametrize("query, message", [
    ("", r"query is empty"),
    ("   \n\t ", r"query is empty"),
    ("\x00\x07\u200b", r"query is empty"),
    ("长" * 301, r"query is 301 characters, the limit is 300; shorten it"),
    (None, r"query must be text, got NoneType"),
    (b"bytes", r"query must be text, got bytes"),
])
def test_bad_queries_raise_typed_errors(query, message):
    with pytest.raises(QueryError, match=message):
        clean_query(query, 300)


def test_control_characters_are_stripped():
    assert clean_query("祁连山\x00国家\u200b公园\n  建设\x1b", 300) == "祁连山国家公园 建设"
    assert clean_query("长" * 300, 300) == "长" * 300


@pytest.mark.parametrize("k", [0, -1, 101, 2.5, "5", True])
def test_k_is_bounded(small_settings, fake_encoder, k):
    searcher = open_searcher(small_settings, rebuild=True, encoder=fake_encoder, progress=False)
    with pytest.raises(QueryError, match=r"k=.* is out of range: must be an integer from 1 to 100"):
        searcher.search("铁路", k)


@pytest.mark.parametrize("changes, message", [
    ({"chunk_size": 10}, r"chunk_size=10 is not allowed: must be at least 20; fix --chunk-size"),
    ({"chunk_overlap": 300}, r"chunk_overlap=300 is not allowed: must be between 0 and chunk_size-1"),
    ({"index_type": "annoy"}, r"index_type='annoy' is not allowed: must be flat or hnsw or ivf"),
    ({"k": 0}, r"k=0 is not allowed"),
    ({"who_heading": -0.5}, r"who_heading=-0.5 is not allowed: must be between 0 and 10; fix --who-heading"),
    ({"who_tie": 0.0}, r"who_tie=0.0 is not allowed: must be above 0 and at most 1; fix --who-tie"),
])
def test_bad_settings_name_value_limit_and_flag(changes, message):
    with pytest.raises(SettingsError, match=message):
        Settings(**changes)


def test_near_duplicates_are_dropped_in_rank_order():
    texts = ["建设兰州新区综合保税区。", "建设兰州新区（综合保税区）！", "完全不同的一段话在这里。",
             "加快建设兰州新区综合保税区和西宁综合保税区，推动开放。"]
    prints = [shingles(t) for t in texts]
    assert drop_near_duplicates([0, 1, 2, 3], prints, 10) == [0, 2]
    assert drop_near_duplicates([1, 0, 2], prints, 2) == [1, 2]


def test_search_returns_ranked_distinct_hits(small_settings, fake_encoder):
    searcher = open_searcher(small_settings, rebuild=True, encoder=fake_encoder, progress=False)
    hits = searcher.search("兰州至西宁铁路建设", 5)
    assert hits[0].chunk.text.startswith("加快兰州至西宁铁路建设")
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.chunk.text for h in hits}) == len(hits)
    d = hits[0].to_dict()
    assert list(d)[:8] == ["rank", "score", "doc_id", "doc_title", "section", "text", "spans", "responsible_units"]


def test_cli_refuses_missing_and_stale_index(small_settings, small_corpus: Path, fake_encoder):
    with pytest.raises(IndexMissingError):
        open_searcher(small_settings, encoder=fake_encoder)
    build_index(small_settings, fake_encoder, progress=False)
    (small_corpus / "plan.zh.txt").write_text("新的内容。", encoding="utf-8")
    (small_corpus / "extra.txt").write_text("另一个文件。", encoding="utf-8")
    with pytest.raises(IndexStaleError) as err:
        open_searcher(small_settings.with_(chunk_size=80, model="other/model"), encoder=fake_encoder)
    message = str(err.value)
    for reason in ("built with model fake/bigram-64, settings ask for sentence-transformers:other/model",
                   "built with chunk_size=60, settings ask for 80",
                   "corpus changed (extra added, plan.zh changed)",
                   f"rebuild it with: python -m index build --index-dir {small_settings.index_dir}"):
        assert reason in message


def test_app_mode_rebuilds_a_stale_index(small_settings, small_corpus: Path, fake_encoder):
    build_index(small_settings, fake_encoder, progress=False)
    (small_corpus / "extra.txt").write_text("敦煌旅游目的地串联合作。", encoding="utf-8")
    searcher = open_searcher(small_settings, rebuild=True, encoder=fake_encoder, progress=False)
    assert any("敦煌" in c.text for c in searcher.index.chunks)


def test_rebuild_embeds_only_changed_chunks(small_settings, small_corpus: Path, fake_encoder):
    first = build_index(small_settings, fake_encoder, progress=False)
    assert first.encoded == len(fake_encoder.encoded) == len(set(fake_encoder.encoded)) > first.chunks
    fake_encoder.encoded.clear()
    assert build_index(small_settings, fake_encoder, progress=False).encoded == 0
    assert fake_encoder.encoded == []
    path = small_corpus / "notes.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nHaidong builds a new logistics hub.\n", encoding="utf-8")
    report = build_index(small_settings, fake_encoder, progress=False)
    assert fake_encoder.encoded == ["Haidong builds a new logistics hub."]
    assert report.encoded == 1 and report.reused == first.encoded


def test_an_index_whose_outline_came_from_other_recovery_code_is_stale(small_settings, fake_encoder):
    """After an upgrade of the structure recovery, serving the old outline would answer "who leads"
    from the old task structure: the index is stale, and rebuilding reuses every vector."""
    from index.service import stale_reasons
    from index.store.directory import read_manifest

    build_index(small_settings, fake_encoder, progress=False)
    manifest = read_manifest(small_settings.index_dir)
    assert not [r for r in stale_reasons(manifest, small_settings) if "outline" in r]
    manifest["outline_recovery"] = "0" * 64
    assert "the outline recovery code changed" in "; ".join(stale_reasons(manifest, small_settings))
