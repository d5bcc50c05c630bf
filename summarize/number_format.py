"""Numbers written out for the model and for people, never in exponent notation (pure).

Python's ``:g`` writes 347,000,000 as ``3.47e+08`` and rounds 1,234,567 to ``1.23457e+06``.
A key figure's value was written that way in its check (``figures[0].value: '3.47e+08
USD'``), so in reports, in the re-ask the model reads and in the tables people read.

- ``plain``: every digit the float holds (15 significant), no separators, as the model
  wrote it in JSON: ``347000000``, ``0.00000025``;
- ``grouped``: the same with thousands separators, for people: ``347,000,000``;
- ``figure_value``: a found figure's value by its kind (``summarize.figures``): a year bare
  (``2003``, ``500 BC``, ``1990s``), a date in ISO 8601 with unknown parts left out
  (``2020-08-23``, ``--08-23`` for "August 23", ``2020-08``), a clock time ``18:30``, a
  range ``150–200``, anything else ``grouped``.

Written here, not taken from a library: ``format(Decimal(...), 'f')`` does the work, and
babel or humanize would add a dependency for two lines.
"""

from __future__ import annotations

import math
from decimal import Decimal

__all__ = ["figure_value", "grouped", "plain"]


def plain(value: float) -> str:
    """``value`` with every digit it holds and no exponent: ``347000000``, ``4.5``."""
    return _positional(value, "")


def grouped(value: float) -> str:
    """``value`` as ``plain`` writes it, with thousands separators: ``347,000,000``."""
    return _positional(value, ",")


def _positional(value: float, separator: str) -> str:
    value = float(value)  # an int passes for a float to mypy, and has no is_integer before 3.12
    if not math.isfinite(value):
        return str(value)  # 'inf', 'nan': no digits to write
    sign = "-" if value < 0 else ""
    if value.is_integer():
        return sign + (f"{int(abs(value)):,}" if separator else str(int(abs(value))))
    text = format(Decimal(f"{abs(value):.15g}"), "f")  # the 15 digits a float holds, positional
    whole, _, fraction = text.partition(".")
    if separator:
        whole = f"{int(whole):,}"
    return f"{sign}{whole}.{fraction}"


def figure_value(kind: str, value: float, high: float | None = None, unit: str | None = None) -> str:
    """A found figure's value for people, by its kind (see the module docstring)."""
    shown = _one(kind, value, unit)
    return shown if high is None else f"{shown}–{_one(kind, high, unit)}"


def _one(kind: str, value: float, unit: str | None) -> str:
    value = float(value)
    if not value.is_integer():
        return grouped(value)
    whole = int(value)
    if kind == "year":
        year = f"{-whole} BC" if whole < 0 else str(whole)
        return f"{year}s" if unit == "decade" else year
    if kind == "date" and unit == "time" and 0 <= whole <= 2400:  # HHMM
        return f"{whole // 100:02d}:{whole % 100:02d}"
    if kind == "date" and whole > 0:  # YYYYMMDD, unknown parts zero
        years, month, day = whole // 10000, whole // 100 % 100, whole % 100
        if 1 <= month <= 12:
            head = f"{years:04d}" if years else "-"
            return f"{head}-{month:02d}" + (f"-{day:02d}" if day else "")
    return grouped(value)
