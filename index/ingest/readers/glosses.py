"""Pinyin glosses a copying site put after characters (`目標(biāo)管理`, `一(yī)、`), taken out. Pure.

Some mirror sites gloss characters with their pinyin in brackets. The glosses split words, label words
(`責(zé)任單(dān)位`) and numbering (`一(yī)、`), so nothing that reads the text would match. A gloss is a
bracket of one pinyin syllable with a tone mark right after an ideograph; the text is changed only when it
holds several (`MIN_GLOSSES`), so a single romanised name in a clean document stays.
"""
from __future__ import annotations

import re

MIN_GLOSSES = 3
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_GLOSS = re.compile(rf"(?<=[\u4e00-\u9fff])[(（](?=[a-zü]{{0,5}}[{_TONED}])[a-zü{_TONED}]{{1,6}}[)）]")


def without_glosses(text: str) -> str:
    """The text without its pinyin glosses, when it holds at least MIN_GLOSSES of them."""
    return strip_glosses(text) if len(_GLOSS.findall(text)) >= MIN_GLOSSES else text


def strip_glosses(text: str) -> str:
    """The text without any pinyin gloss (a short name or heading, where there is no count to go by)."""
    return _GLOSS.sub("", text)
