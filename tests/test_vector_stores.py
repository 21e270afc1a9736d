"""One suite for the store protocol, run against FAISS and against milvus-lite (real Milvus, embedded).

Small hand-checkable data: eight 4-d unit vectors in two documents, checked against brute force.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.errors import IndexMissingError
from index.store.faiss_store import FaissStore
from index.store.vectors import Where

ROOT = Path(__file__).resolve().parents[1]

IDS = [f"c{i}-0" for i in range(8)]
META = [{"chunk_id": f"c{i}", "doc_id": "plan" if i < 5 else "notice",
         "section": "一、总体要求 / （一）发展目标" if i % 2 == 0 else "二、重点任务"} for i in range(8)]
TOKENS = ["祁连山 国家公园", "兰州 新区", "保税区", "铁路 西宁", "祁连山 生态", "黄河 流域", "兰州 铁路", "国家公园 体制"]


def unit(rows) -> np.ndarray:
    v = np.asarray(rows, np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


VECTORS = unit(np.random.default_rng(3).normal(size=(8, 4)))
QUERY = unit([[1.0, 0.5, -0.2, 0.1]])[0]


def brute_force(ids, vectors, where: Where | None = None, k: int = 3) -> list[str]:
    keep = [i for i, m in enumerate(META) if IDS[i] in ids and (not where or (
        (not where.doc_ids or m["doc_id"] in where.doc_ids) and m["section"].startswith(where.section_prefix)))]
    order = sorted(keep, key=lambda i: -float(vectors[i] @ QUERY))
    return [IDS[i] for i in order[:k]]


@pytest.fixture(params=["faiss", pytest.param("milvus", marks=pytest.mark.milvus)])
def store(request, tmp_path):
    if request.param == "faiss":
        s = FaissStore.empty(4)
        s.upsert(IDS, VECTORS, META)
        yield s
        return
    s = filled_milvus(str(tmp_path / "m.db"))
    yield s
    s.close()


def filled_milvus(uri: str):
    """A milvus-lite collection at `uri` holding the eight rows."""
    pytest.importorskip("pymilvus", reason="pip install pymilvus milvus-lite")
    from index.store.milvus_store import MilvusStore

    s = MilvusStore(uri, "segments", 4, create=True)
    s.upsert(IDS, VECTORS, META, TOKENS)
    return s


def test_search_equals_brute_force(store):
    got = store.search(QUERY, 3)
    assert [i for i, _ in got] == brute_force(set(IDS), VECTORS)
    assert np.allclose([s for _, s in got], [float(VECTORS[IDS.index(i)] @ QUERY) for i, _ in got], atol=1e-5)


@pytest.mark.parametrize("where", [Where(doc_ids=frozenset({"notice"})), Where(section_prefix="一、总体要求"),
                                   Where(doc_ids=frozenset({"plan"}), section_prefix="二、")])
def test_filtered_search_returns_a_full_top_k_of_matching_rows(store, where):
    assert [i for i, _ in store.search(QUERY, 3, where)] == brute_force(set(IDS), VECTORS, where)


def test_upsert_replaces_and_get_returns_vectors(store):
    replaced = unit([[0.0, 0.0, 0.0, 1.0]])
    store.upsert(["c3-0"], replaced, [META[3]])
    assert store.count() == 8 and store.ids() == set(IDS)
    assert np.allclose(store.get(["c3-0", "c0-0"]), np.concatenate([replaced, VECTORS[:1]]), atol=1e-6)


def test_delete_by_document_and_by_id(store):
    store.delete_documents(["notice"])
    assert store.count() == 5 and store.ids() == set(IDS[:5])
    store.delete(["c0-0"])
    assert store.ids() == set(IDS[1:5])
    assert [i for i, _ in store.search(QUERY, 3)] == brute_force(set(IDS[1:5]), VECTORS)


@pytest.mark.milvus
def test_milvus_collection_survives_a_reopen(tmp_path):
    uri = str(tmp_path / "m.db")
    filled_milvus(uri).close()
    from index.store.milvus_store import MilvusStore

    again = MilvusStore(uri, "segments", 4)
    assert again.count() == 8 and [i for i, _ in again.search(QUERY, 3)] == brute_force(set(IDS), VECTORS)
    with pytest.raises(IndexMissingError, match=r"no Milvus collection 'other' .*--store milvus"):
        MilvusStore(uri, "other", 4)
    again.close()


@pytest.mark.milvus
def test_milvus_full_text_search_ranks_by_bm25_on_engine_tokens(tmp_path):
    s = filled_milvus(str(tmp_path / "m.db"))
    assert {i for i, _ in s.text_search(["祁连山"], 5)} == {"c0-0", "c4-0"}
    assert [i for i, _ in s.text_search(["铁路"], 5, Where(doc_ids=frozenset({"notice"})))] == ["c6-0"]
    assert s.text_search(["不存在的词"], 5) == []
    s.close()


def test_faiss_rows_must_match_ids():
    from index.store.faiss_store import make_faiss

    with pytest.raises(ValueError, match="FAISS has 8 rows for 7 ids"):
        FaissStore(make_faiss(VECTORS), IDS[:7], META[:7])


@pytest.mark.milvus
@pytest.mark.parametrize("question", ["祁连山国家公园建设", "兰州至西宁铁路", "Lanzhou New Area bonded zone",
                                      "联席会议制度", "火星探测器"])
def test_the_engine_answers_the_same_from_faiss_and_milvus(small_settings, real_encoder, tmp_path, question):
    pytest.importorskip("pymilvus")
    from index.service import open_searcher

    on_faiss = open_searcher(small_settings, rebuild=True, encoder=real_encoder, progress=False)
    uri = str(tmp_path / "m.db")
    milvus = small_settings.with_(store="milvus", milvus_uri=uri, index_dir=str(tmp_path / "milvus-index"))
    on_milvus = open_searcher(milvus, rebuild=True, encoder=real_encoder, progress=False)
    try:
        a, b = on_faiss.retrieve(question, 5), on_milvus.retrieve(question, 5)
        assert [h.chunk.chunk_id for h in a.hits] == [h.chunk.chunk_id for h in b.hits]
        assert a.found == b.found and np.allclose(a.features, b.features, atol=1e-5)
        assert on_faiss.answer(a).text == on_milvus.answer(b).text
        assert open_searcher(milvus, encoder=real_encoder).index.zh.count() == on_milvus.index.zh.count()
    finally:
        on_milvus.index.zh.close()


@pytest.mark.milvus
def test_a_milvus_rebuild_embeds_only_changed_segments(small_settings, small_corpus, real_encoder, tmp_path):
    pytest.importorskip("pymilvus")
    from index.ingest.pipeline import build_index
    from index.store.milvus_store import release

    uri = str(tmp_path / "m.db")
    settings = small_settings.with_(store="milvus", milvus_uri=uri)
    first = build_index(settings, real_encoder, progress=False)
    plan = small_corpus / "plan.zh.txt"
    plan.write_text(plan.read_text("utf-8") + "两省共同设立协调基金，支持跨省重大项目建设。", "utf-8")
    second = build_index(settings, real_encoder, progress=False)
    assert first.reused == 0 and 0 < second.encoded <= 3 and second.reused >= first.encoded - 3
    searcher_count = len(load_index_ids(settings))
    assert searcher_count == second.encoded + second.reused  # stale segments were deleted
    release(uri)


def load_index_ids(settings) -> set[str]:
    from index.store.directory import load_index

    return load_index(settings.index_dir).zh.ids() | load_index(settings.index_dir).en.ids()


@pytest.mark.milvus
def test_the_evaluation_gives_the_same_figures_on_milvus(real_settings, real_searcher, real_encoder, tmp_path):
    """Every 4th test-set question, through the harness, on the real corpus: FAISS against milvus-lite."""
    pytest.importorskip("pymilvus")
    from eval.__main__ import corpus_text
    from eval.qa import load_qa
    from eval.run import by_language, evaluate
    from index.service import open_searcher

    items = load_qa(ROOT / "eval" / "qa.jsonl", corpus_text(real_settings.corpus))[::4]
    uri = str(tmp_path / "m.db")
    settings = real_settings.with_(store="milvus", milvus_uri=uri, index_dir=str(tmp_path / "index"))
    on_milvus = open_searcher(settings, rebuild=True, encoder=real_encoder, progress=False)
    try:
        faiss_figures, milvus_figures = by_language(evaluate(real_searcher, items)), by_language(evaluate(on_milvus, items))
    finally:
        on_milvus.index.zh.close()
    for lang, figures in faiss_figures.items():
        for name, value in figures.items():
            if not name.endswith("_ms") and isinstance(value, float):
                assert milvus_figures[lang][name] == pytest.approx(value, abs=0.01), (lang, name)
