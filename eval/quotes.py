"""`python -m eval.quotes [--corpus DIR] [--index-dir DIR]`: does a pasted sentence find its source first?

Every distinct sentence of the first document (20 characters or more), and its English reference
translation, is asked as a user pastes it ("这句话出自哪里？…" / "Where does this come from? …"). A
paste counts as found when the first hit holds the sentence, or one of the pieces a long sentence was
cut into. Nothing here was tuned on these questions: they are the document itself.
"""
from __future__ import annotations

import argparse

from index.ingest.dedup import distinct_sentences
from index.ingest.ingest import read_corpus
from index.service import open_searcher
from index.settings import Settings
from index.text.normalize import match_key

ASK = {"zh": "这句话出自哪里？", "en": "Where does this come from? "}


def pastes(corpus: str, limit: int) -> dict[str, list[str]]:
    """The sentences to paste, per language, each short enough to be accepted with its question."""
    doc = read_corpus(corpus).documents[0]
    zh = [s.text for s in distinct_sentences(doc)[0] if len(match_key(s.text)) >= 20]
    en = [doc.translation[match_key(s)] for s in zh if match_key(s) in doc.translation]
    return {lang: [s for s in texts if len(ASK[lang] + s) <= limit] for lang, texts in (("zh", zh), ("en", en))}


def found_first(searcher, sentence: str, lang: str) -> bool:
    hit = searcher.retrieve(ASK[lang] + sentence, 5).hits[0]
    key = match_key(sentence)
    side = [match_key(s) for s in (hit.chunk.segments_en if lang == "en" else hit.chunk.segments)]
    return any(s == key or (len(s) >= 12 and s in key) for s in side)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.quotes", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--index-dir", default="data/index")
    args = parser.parse_args(argv)
    settings = Settings(corpus=args.corpus, index_dir=args.index_dir)
    searcher = open_searcher(settings, rebuild=True, progress=False)
    for lang, texts in pastes(args.corpus, settings.max_query_chars).items():
        hits = sum(found_first(searcher, s, lang) for s in texts)
        print(f"{lang}: {hits} of {len(texts)} pasted sentences find their source at rank 1 ({hits / len(texts):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
