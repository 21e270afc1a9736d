"""Percentages as values, however a text writes them: `8%`, `百分之八`, `百分之五点五`, `增长一成`, `8 percent`. Pure.

A question may say 百分之八 or "eight percent" where the document writes 8%; comparing values, not strings,
lets a stated target tell two tasks apart (8% is not 2.8%, and 一成 is 10%).
"""
from __future__ import annotations

import re

from .numbering import ordinal

_CN_NUMBER = r"[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?"
_ARABIC = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|％|percent\b|per cent\b)", re.I)
_CN_PERCENT = re.compile(rf"百分之({_CN_NUMBER})")
_TENTHS = re.compile(r"(?:增长|增加|提高|提升|上升|下降|降低|减少)(?:了)?(?:约|近|超过|逾)?([一二两三四五六七八九])成")
_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_EN_WORD = re.compile(rf"\b({'|'.join(_WORDS)})\s+(?:percent|per cent)\b", re.I)
_DIGITS = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0"}


def percents(text: str) -> frozenset[float]:
    """Every percentage the text states, as a number (8% → 8.0, 一成 → 10.0)."""
    out = {float(m.group(1)) for m in _ARABIC.finditer(text)}
    out |= {v for m in _CN_PERCENT.finditer(text) if (v := _chinese(m.group(1))) is not None}
    out |= {10.0 * ordinal(m.group(1)) for m in _TENTHS.finditer(text)}
    out |= {float(_WORDS[m.group(1).lower()]) for m in _EN_WORD.finditer(text)}
    return frozenset(out)


def _chinese(number: str) -> float | None:
    """五 → 5.0, 十二 → 12.0, 五点五 → 5.5; None when it is no number."""
    whole, _, frac = number.partition("点")
    value = ordinal(whole) if whole not in ("零", "〇") else 0
    if not value and whole not in ("零", "〇"):
        return None
    return float(f"{value}.{''.join(_DIGITS[c] for c in frac)}") if frac else float(value)


_SCALE = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(trillion|billion|million)\b", re.I)


def chinese_amounts(text: str) -> list[str]:
    """English amounts as a Chinese document writes them: `6 billion` → 60亿, `800 million` → 8亿,
    `1.65 trillion` → 1.65万亿, `500,000` stays a number; lets an English question meet the figure."""
    out = []
    for m in _SCALE.finditer(text):
        value = float(m.group(1).replace(",", ""))
        scale = m.group(2).lower()
        if scale == "trillion":
            out.append(f"{_plain(value)}万亿")
        elif scale == "billion":
            out.append(f"{_plain(value * 10)}亿")
        elif value >= 100:
            out.append(f"{_plain(value / 100)}亿")
        else:
            out.append(f"{_plain(value * 100)}万")
    return out


def _plain(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")
