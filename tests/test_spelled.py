"""Names an English question spells in pinyin, or names as the dictionary does, that no document holds
(hand-checked on a small vocabulary)."""
from __future__ import annotations

import pytest

from index.answer.kinds import asks_named_person
from index.search.spelled import SpelledNames, pinyin_shaped

WORDS = ["湟源县", "西宁", "乐都区", "城北", "发展"]
TEXT = "湟源县 西宁 乐都区 城北 发展"


@pytest.mark.parametrize("word, shaped", [
    ("Jiuquan", True), ("Xi'an", True), ("Huangyuan", True),
    ("Xian", False),        # one syllable: too short to tell
    ("Kashgar", False), ("Istanbul", False),
])
def test_pinyin_shaped(word, shaped):
    assert pinyin_shaped(word) is shaped


def names() -> SpelledNames:
    return SpelledNames(WORDS, "Xining Ledu District", lambda word: word in TEXT)


def test_a_pinyin_name_no_document_word_reads_as_is_unknown():
    assert names().unknown("What will Jiuquan and Huangyuan build?") == ["Jiuquan"]   # 湟源 begins 湟源县


def test_polyphones_typos_and_english_words_are_not_unknown():
    spelled = names()
    assert spelled.unknown("What about Yuedu?") == []         # 乐 is le or yue
    assert spelled.unknown("What about Xinning?") == []       # a typo of Xining: one letter doubled
    assert spelled.unknown("What about Chengbei and the Women and Children plan?") == []   # 城北; English words
    assert spelled.unknown("What about Ledu's parks?") == []  # the index's English holds it


def test_a_name_the_dictionary_gives_only_in_chinese_words_no_document_uses_is_unknown():
    spelled = names()
    assert spelled.unknown("Is there a route to Istanbul?") == ["Istanbul"]
    assert spelled.unknown("What do Chinese cities plan?") == []   # a word of many dictionary entries


@pytest.mark.parametrize("question, asked", [
    ("Who is the director of the bonded zone?", True), ("Who, by name, runs the committee?", True),
    ("新区管委会主任是谁？", True),
    ("Who heads the work on ecological protection?", False),   # as often a unit
    ("这项任务的牵头单位是谁？", False),
])
def test_a_person_asked_by_name_or_post(question, asked):
    assert asks_named_person(question) is asked
