"""How well a "who leads" question's topic fits each task's heading: the words of every task's heading with
their IDF, read once per index. It reads the retriever's tokenizer and IDF; it never ranks."""
from __future__ import annotations

from typing import Callable

from ..search.retriever import Retriever
from ..text.tokens import english_tokens
from ..types import Task
from .responsibility import heading_share, unnumbered


class HeadingFit:
    """The heading words of the tasks of an index, and their fit to a question's topic."""

    def __init__(self, retriever: Retriever, tasks: dict[tuple[str, str], Task]) -> None:
        self.retriever = retriever
        self.words = self._heading_words(tasks)

    def _heading_words(self, tasks: dict[tuple[str, str], Task]
                       ) -> dict[tuple[str, str], tuple[dict[str, float], dict[str, float]]]:
        """The words of the heading that names each task, each with its IDF: jieba words, and English
        words where the translation has the heading. The heading is the task's own, or for a task
        whose heading the text lost, the nearest one above it (its section's), so that such a task is
        not outranked for want of one."""
        r, out = self.retriever, {}
        for key, task in tasks.items():
            if task.section:
                english = task.section_en[-1] if task.section_en and task.section_en[-1] != task.section[-1] else ""
                zh = r.segmenter.tokenize(unnumbered(task.section[-1]))
                en = english_tokens(unnumbered(english))
                out[key] = (r.idf(dict.fromkeys(zh, 1.0)), r.idf(dict.fromkeys(en, 1.0), english=True))
        return out

    def fit(self, about: str, lang: str) -> Callable[[Task], float] | None:
        """Task → `who_heading` × how well the question's topic `about` names its heading: the IDF-weighted
        share of the heading's words that the topic holds, or of the topic's words that the heading holds
        (a real document titles a task by its whole text, of which a question names a part), whichever is
        larger, in Chinese or, for an English question, in English; None when headings weigh nothing."""
        r, weight = self.retriever, self.retriever.settings.who_heading
        words = set(r.lexical_query(about, lang, r.segmenter.tokenize(about)))
        words_en = set(english_tokens(about)) if lang == "en" else set()
        asked = r.idf(dict.fromkeys(words, 1.0))
        asked_en = r.idf(dict.fromkeys(words_en, 1.0), english=True) if words_en else {}

        def fit(task: Task) -> float:
            zh, en = self.words.get((task.doc_id, task.task_id), ({}, {}))
            share = max(heading_share(words, zh, zh), heading_share(zh, asked, asked))
            if words_en and en:
                share = max(share, heading_share(words_en, en, en), heading_share(en, asked_en, asked_en))
            return weight * share
        return fit if weight else None
