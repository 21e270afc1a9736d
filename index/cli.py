"""Command line: `python -m index build | add | remove | search | ask | outline | units | info`.
Flags map one-to-one onto `Settings`.

`ask -` reads one question per line from standard input (with `--json`, one JSON object per line),
so a batch is answered without reloading the model and the index.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import MISSING

from .answer.responsibility import UNREAD_NOTE
from .answer.sentences import LOW_CONFIDENCE, NOT_FOUND
from .errors import EngineError
from .settings import Settings, setting_fields
from .types import line_ranges, page_ranges


def add_setting_flags(parser: argparse.ArgumentParser) -> None:
    """One `--flag` per `Settings` field, with the field's type; unset flags keep the defaults."""
    for f in setting_fields():
        flag = "--" + f.name.replace("_", "-")
        names = (flag, "-k") if f.name == "k" else (flag,)
        kind = type(f.default) if f.default is not MISSING else str
        if kind is bool:
            parser.add_argument(*names, dest=f.name, action=argparse.BooleanOptionalAction, default=None)
        else:
            parser.add_argument(*names, dest=f.name, type=kind, default=None, metavar=f.name.upper())


def settings_from(args: argparse.Namespace) -> Settings:
    given = {f.name: getattr(args, f.name) for f in setting_fields() if getattr(args, f.name, None) is not None}
    return Settings(**given)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m index", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build or incrementally rebuild the index")
    add = sub.add_parser("add", help="add a document (PDF, .docx, HTML, text) to the corpus and the index")
    add.add_argument("file", help="the document; its content decides how it is read")
    remove = sub.add_parser("remove", help="take a document out of the corpus and the index")
    remove.add_argument("doc_id", help="the document's id, as `info` lists it")
    search = sub.add_parser("search", help="search the index")
    search.add_argument("query")
    search.add_argument("--json", action="store_true", help="print hits as JSON")
    ask = sub.add_parser("ask", help="answer a question with cited sentences")
    ask.add_argument("query", help="the question, or - to read one question per line from standard input")
    ask.add_argument("--json", action="store_true", help="print found, answer, citations and hits as JSON")
    outline = sub.add_parser("outline", help="the recovered tree of chapters, sections and tasks with their units")
    outline.add_argument("--json", action="store_true", help="print every task as JSON")
    units = sub.add_parser("units", help="every responsible unit and the tasks it leads or supports")
    units.add_argument("--json", action="store_true", help="print every unit as JSON")
    info = sub.add_parser("info", help="what the index holds")
    info.add_argument("--untranslated", action="store_true",
                      help="list the distinct sentences that have no English translation")
    for p in (build, add, remove, search, ask, outline, units, info):
        add_setting_flags(p)
    return parser


def cmd_build(settings: Settings) -> None:
    from .ingest.pipeline import build_index

    _print_report(build_index(settings, notify=_say))


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_add(settings: Settings, file: str) -> None:
    from pathlib import Path

    from .ingest.manage import add_document
    from .embed.encoders import load_encoder

    path = Path(file)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise EngineError(f"{file}: cannot read ({e.strerror or e}); check the path") from None
    encoder = load_encoder(settings.model, settings.query_prefix, settings.passage_prefix)
    added = add_document(settings, data, path.name, encoder, notify=_say, progress=True)
    pages = f", {len(added.extract.pages)} pages" if added.extract.pages else ""
    print(f"added {added.doc_id} ({added.extract.format}{pages}) as {added.path}")
    _print_report(added.report)


def cmd_remove(settings: Settings, doc_id: str) -> None:
    from .ingest.manage import remove_document
    from .embed.encoders import load_encoder

    encoder = load_encoder(settings.model, settings.query_prefix, settings.passage_prefix)
    report = remove_document(settings, doc_id, encoder, notify=_say, progress=True)
    print(f"removed {doc_id}")
    _print_report(report)


def _print_report(report) -> None:
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(f"built {report.index_dir}: {report.chunks} chunks ({report.encoded} texts embedded, "
          f"{report.reused} reused); {report.duplicates} repeated sentences collapsed; "
          f"{report.translated} of {report.distinct} distinct sentences have an English translation")


def cmd_search(settings: Settings, query: str, as_json: bool) -> None:
    from .service import open_searcher

    result = open_searcher(settings).retrieve(query, settings.k)
    hits = result.hits
    if as_json:
        verdict = result.verdict or "found"  # every hit carries the list's verdict
        print(json.dumps([{**h.to_dict(), "verdict": verdict} for h in hits], ensure_ascii=False, indent=2))
        return
    if result.found is False:
        print(NOT_FOUND[result.lang])
    elif result.verdict == "low_confidence":
        print(LOW_CONFIDENCE[result.lang])
    for h in hits:
        print(f"[{h.rank}] {h.score:.3f}  {h.doc_title} › {' › '.join(h.chunk.section) or '—'}  ({_lines(h)})")
        print(f"    {h.chunk.text}")
        for r in h.chunk.responsible:
            print(f"    lead: {'、'.join(r.lead) or '—'}; support: {'、'.join(r.support) or '—'}")


def cmd_ask(settings: Settings, question: str, as_json: bool) -> None:
    from .service import open_searcher

    searcher = open_searcher(settings)
    if question != "-":
        _print_answer(searcher.ask(question, settings.k), as_json, indent=2)
        return
    for line in sys.stdin:
        if line.strip():
            try:
                _print_answer(searcher.ask(line.strip(), settings.k), as_json, indent=None)
            except EngineError as e:  # one bad line does not stop the batch
                print(json.dumps({"question": line.strip(), "error": str(e)}, ensure_ascii=False) if as_json
                      else f"error: {e}", flush=True)


def _print_answer(answer, as_json: bool, indent: int | None) -> None:
    if as_json:
        print(json.dumps({"question": answer.question, **answer.to_dict()}, ensure_ascii=False, indent=indent),
              flush=True)
        return
    if answer.verdict == "low_confidence":
        print(LOW_CONFIDENCE[answer.lang])
    if answer.found and answer.lang == "en" and any(s.text_en for s in answer.answer_sentences):
        print(" ".join(f"{s.text_en}[{s.citation}]" for s in answer.answer_sentences if s.text_en))
        print("(reference translation; the Chinese original is authoritative:)")
    print(answer.text if answer.found else NOT_FOUND[answer.lang])
    for n, h in enumerate(answer.citations if answer.found else answer.hits, 1):
        print(f"[{n}] {h.doc_title} › {' › '.join(h.chunk.section) or '—'} ({_lines(h)})")


def cmd_outline(settings: Settings, as_json: bool) -> None:
    from .outline import glossary_of, outline_rows
    from .store.directory import load_index

    rows = outline_rows(load_index(settings.index_dir), glossary_of(settings.corpus))
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        units = (f"牵头 {'、'.join(row['lead']) or '—'}; 配合 {'、'.join(row['support']) or '—'}"
                 if row["note"] else ("(责任单位未能读出)" if row["uncertain_reason"] == UNREAD_NOTE
                                      else "(原文无责任单位)" if row["is_task"] else ""))
        if row["responsible"]:
            units += f"; 责任单位 {'、'.join(row['responsible'])}"
        if row["persons"]:
            units += f"; 负责领导 {'、'.join(row['persons'])}"
        if row["uncertain_reason"]:
            where = f", 第{row['gap_line']}行" if row["gap_line"] else ""
            units += f" [存疑: {row['uncertain_reason']}{where}]"
        place = " › ".join(row["section"]) or "—"
        print(f"{row['ref']}  {place}{'' if row['heading'] else '  [标题缺失]' if row['is_task'] else ''}")
        print(f"     {units}  (lines {row['lines']})" if units else f"     (lines {row['lines']})")


def cmd_units(settings: Settings, as_json: bool) -> None:
    from .outline import glossary_of, unit_rows
    from .store.directory import load_index

    rows = unit_rows(load_index(settings.index_dir), glossary_of(settings.corpus))
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        lead = ", ".join(t["task_id"] for t in row["lead"]) or "—"
        support = ", ".join(t["task_id"] for t in row["support"]) or "—"
        print(f"{row['unit']} ({row['unit_en']}): leads {lead}; supports {support}")


def _lines(hit) -> str:
    """"lines 12–14" or, for a PDF, "p. 3, lines 12–14"."""
    pages = page_ranges(hit.chunk.spans)
    return (f"p. {pages}, " if pages else "") + f"lines {line_ranges(hit.chunk.spans)}"


def cmd_info(settings: Settings, untranslated: bool = False) -> None:
    from .store.directory import load_index

    if untranslated:
        for doc_id, sentence in untranslated_sentences(settings.corpus):
            print(f"{doc_id}\t{sentence}")
        return
    index = load_index(settings.index_dir)
    m = index.manifest
    print(f"index:      {index.path} (format {m['format_version']}, built {m.get('created')})")
    print(f"model:      {m['model']} (dim {m['dim']}, metric {m['metric']}, {m['index_type']})")
    store = m.get("store", {"kind": "faiss"})
    print(f"vectors:    {store['kind']}" + (f" at {store['uri']}, collections "
                                             f"{', '.join(store['collections'].values())}"
                                           if store["kind"] == "milvus" else f" files in {index.path}"))
    print(f"chunking:   {json.dumps(m['chunking'])}")
    for d in m["corpus"]["documents"]:
        pages = f", {d['pages']} pages" if d.get("pages") else ""
        print(f"document:   {d['doc_id']}  {d['title']}  ({d.get('format', 'txt')}{pages})")
    c = m["counts"]
    print(f"chunks:     {len(index.chunks)}")
    print(f"sentences:  {c['units']} in the source, {c['distinct_units']} distinct, "
          f"{c['duplicate_units']} duplicates collapsed")
    print(f"repeated chunks: {sum(1 for ch in index.chunks if ch.occurrences > 1)}")
    print(f"translated: {c.get('translated_units', 0)} of {c['distinct_units']} distinct sentences "
          f"(list the rest with: python -m index info --untranslated)")


def untranslated_sentences(corpus_dir: str) -> list[tuple[str, str]]:
    """(doc_id, sentence) for every distinct sentence without an English translation."""
    from .ingest.dedup import distinct_sentences
    from .ingest.ingest import read_corpus

    return [(d.doc_id, s.text) for d in read_corpus(corpus_dir).documents
            for s in distinct_sentences(d)[0] if s.key not in d.translation]


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        settings = settings_from(args)
        if args.command == "build":
            cmd_build(settings)
        elif args.command == "add":
            cmd_add(settings, args.file)
        elif args.command == "remove":
            cmd_remove(settings, args.doc_id)
        elif args.command == "search":
            cmd_search(settings, args.query, args.json)
        elif args.command == "ask":
            cmd_ask(settings, args.query, args.json)
        elif args.command == "outline":
            cmd_outline(settings, args.json)
        elif args.command == "units":
            cmd_units(settings, args.json)
        else:
            cmd_info(settings, args.untranslated)
    except EngineError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 0
