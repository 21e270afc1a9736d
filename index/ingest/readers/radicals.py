"""Radical code points → the ideographs they stand for, for text pulled out of PDFs.

A CJK font draws a radical and its ideograph with one glyph (⻘ and 青, ⽢ and 甘), and a PDF's
ToUnicode map may name the glyph by either code point, so the extracted text holds radicals that
look right but match nothing. NFKC maps the Kangxi radicals (U+2F00–U+2FD5); the CJK Radicals
Supplement (U+2E80–U+2EF3) needs a table: this one is Unicode's EquivalentUnifiedIdeograph data for
the radicals that fonts draw with their ideograph's glyph (read from Noto Serif CJK SC's cmap:
tests/test_readers.py checks it against the installed font).
"""
from __future__ import annotations

import re
import unicodedata

_SUPPLEMENT = ("⺂乛⺃乚⺅亻⺉刂⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺦丬⺨犭⺫罒⺭礻"
               "⺯糹⺰纟⺱罓⺲罒⺹耂⺺肀⺾艹⻁虎⻂衤⻃覀⻅见⻆角⻈讠⻉贝⻋车⻌辶⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦"
               "⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟")
# Where the Simplified font draws a Kangxi radical as another ideograph than NFKC gives (⼾ is
# drawn as 户, NFKC says 戶).
_KANGXI = "⼾户"
SUPPLEMENT = dict(zip(_SUPPLEMENT[::2] + _KANGXI[::2], _SUPPLEMENT[1::2] + _KANGXI[1::2]))
# Dash ligatures: fonts draw "——" as one glyph that ToUnicode names U+2E3A (two-em dash).
DASHES = {"⸺": "——", "⸻": "———"}
_RADICAL = re.compile("[\u2e80-\u2fdf\u2e3a\u2e3b]")


def unify(text: str) -> str:
    """`text` with every radical that stands for an ideograph replaced by that ideograph."""
    return _RADICAL.sub(_replace, text)


def _replace(m: re.Match) -> str:
    ch = m.group()
    if ch in SUPPLEMENT:
        return SUPPLEMENT[ch]
    if ch in DASHES:
        return DASHES[ch]
    return unicodedata.normalize("NFKC", ch)
