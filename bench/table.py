"""The one table format of every benchmark: a markdown table, and how its numbers are written.

Engine, load and scale figures all print through `markdown`, so they paste into the README as they are,
and the unit helpers keep one precision per unit (a number's digits say how precise it is).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

DASH = "—"


def markdown(headers: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> str:
    """A markdown table; `align` has one letter per column, "l" or "r" (default: all left).

    Cells are written with `str` (None as an empty cell); a `|` inside a cell is escaped.
    """
    align = align or "l" * len(headers)
    if len(align) != len(headers):
        raise ValueError(f"{len(align)} alignments for {len(headers)} columns")
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = [_row(headers), _row(rule)]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row of {len(row)} cells under {len(headers)} headers: {row!r}")
        lines.append(_row(["" if c is None else str(c) for c in row]))
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    """One table line; `|` in a cell is escaped."""
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


def _missing(x: float | None) -> bool:
    """No value to show: None or NaN."""
    return x is None or (isinstance(x, float) and math.isnan(x))


def _unit(values: Sequence[float | None], one, unit: str) -> str:
    """Values written by `one`, joined with " / ", then the unit once: "26.0 / 37.1 ms"."""
    if all(_missing(v) for v in values):
        return DASH
    return " / ".join(DASH if _missing(v) else one(v) for v in values) + f" {unit}"


def _decimals(x: float) -> str:
    """Two decimals below 10, one below 100, none above: 0.78, 12.4, 263."""
    return f"{x:.2f}" if abs(x) < 10 else f"{x:.1f}" if abs(x) < 100 else f"{x:,.0f}"


def ms(*values: float | None) -> str:
    """Milliseconds: ms(0.781) == "0.78 ms", ms(26.04, 37.1) == "26.0 / 37.1 ms"."""
    return _unit(values, _decimals, "ms")


def seconds(*values: float | None) -> str:
    """Seconds: seconds(1.237) == "1.24 s", seconds(47.02) == "47.0 s"."""
    return _unit(values, _decimals, "s")


def mb(*values: float | None) -> str:
    """Megabytes (MiB), whole: mb(1465.3) == "1,465 MB"."""
    return _unit(values, lambda v: f"{v:,.0f}", "MB")


def rate(value: float | None, unit: str = "requests/s") -> str:
    """A throughput with one decimal: rate(52.06) == "52.1 requests/s"."""
    return _unit([value], lambda v: f"{v:.1f}", unit)


def count(n: int | None) -> str:
    """A whole number with thousands separators: count(100000) == "100,000"."""
    return DASH if n is None else f"{n:,}"


def ratio(x: float | None) -> str:
    """A share in [0, 1] with three decimals (recall): ratio(0.9642) == "0.964"."""
    return DASH if _missing(x) else f"{x:.3f}"
