"""What an unsupported verdict tells the model: the nearest article figures and the scale.

The re-ask names, for each unsupported number, the article figures it most likely should
have been, so that the model can correct rather than guess: ``$347 billion`` is nearest
``$347 million`` (same unit, same significant digits), and its explanation says the scale
differs.
"""

from __future__ import annotations

import functools
import math
from typing import Final

from summarize import grounding_rules as rules
from summarize.figures import Figure

__all__ = ["digits", "family", "nearest", "scale_hint"]


def family(figure: Figure) -> str:
    """Identifiers are compared with identifiers, dates with dates, numbers with numbers."""
    return figure.kind if figure.kind in ("identifier", "date") else "number"


def digits(value: float) -> str:
    """The significant digits of a value: 347 for 347,000,000."""
    return f"{abs(value):.6e}".split("e")[0].rstrip("0").rstrip(".")


def nearest(figure: Figure, figures: list[Figure]) -> list[Figure]:
    """Up to three article figures of ``figure``'s family, nearest first, one per text."""
    kind = family(figure)
    year = figure.kind == "year"
    pool: dict[str, Figure] = {}
    for candidate in figures:
        if _holds_year(candidate) if year else family(candidate) == kind:
            pool.setdefault(candidate.text, candidate)
    written = digits(figure.value)
    unit, log_b = figure.unit, math.log(abs(figure.value) + 1)

    def distance(candidate: Figure) -> tuple[int, int, float]:
        # Same unit first, then the same significant digits ('$347 billion' is
        # nearest '$347 million'), then the closest magnitude.
        same_unit = 0 if candidate.unit == unit else 1
        same_digits = 0 if _digits(candidate.value) == written else 1
        return same_unit, same_digits, abs(math.log(abs(candidate.value) + 1) - log_b)
    return sorted(pool.values(), key=distance)[:3]


def _holds_year(figure: Figure) -> bool:
    """A year's nearest figures are the article's years, ranges of years and dates with a
    year: '31-year-old' offered for a made-up '2017' reads as a year to correct it to."""
    if figure.kind == "date":
        return rules.split_date(figure.value)[0] > 0  # 'March 2019', not 'August 23'
    return figure.kind == "year" or rules.year_range(figure)


# The article's values recur for each unsupported number: formatting them again cost half
# of ``nearest`` (14 -> 8 us a call).
_digits: Final = functools.lru_cache(maxsize=4096)(digits)


# Figures no amount restates at another scale: positions, years, dates, names.
_NO_SCALE: Final = frozenset({"ordinal", "year", "date", "identifier"})


def scale_hint(value: float, numbers: list[Figure], figure: Figure | None = None) -> str:
    """Name the scale when the digits match an article figure of another scale, or a zero
    added or dropped ('3,000 troops' for '300 troops', the commonest slip of a digit) from
    a figure ``figure`` could be (same kind, no clash of unit)."""
    scaled = figure is None or figure.kind not in _NO_SCALE | {"fraction", "percent"}
    for candidate in numbers if scaled else ():  # 'more than half' is no £500,000 scaled
        if candidate.kind in _NO_SCALE:
            continue  # 'a million yuan' is no 'first' scaled
        for factor in (1e3, 1e6, 1e9, 1e-3, 1e-6, 1e-9):
            if rules.same(candidate.value * factor, value):
                return f"scale differs from {candidate.text}"
    for candidate in numbers:
        if candidate.kind in _NO_SCALE or candidate.value == 0 or (
                figure is not None and (candidate.kind != figure.kind or rules.clash(figure, candidate))):
            continue
        if rules.same(candidate.value * 10, value):
            return f"ten times the article's {candidate.text}"
        if rules.same(candidate.value / 10, value):
            return f"a tenth of the article's {candidate.text}"
    return ""
