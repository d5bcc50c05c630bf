"""The article figures that may state a value, found without comparing every one (pure).

``ArticleIndex`` compares each summary number with the article's figures: the same value
(``grounding_rules.same``), the same share (``same_percent``) or a unit that converts
(``converts``). Most figures pass none of these tests, and comparing all of them for every
summary number was the largest single part of a check in a profile of articles_frank.
``ValueIndex`` keeps the figures' bounds sorted and picks the few that may pass: those
with a bound near the value, plus, where a test does not compare values directly, every
figure that test may accept (a share in the other form, another unit of the dimension).
The tests themselves still decide, in the figures' order, so the verdicts are the same.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from typing import Final

from summarize.figure_units import dimension
from summarize.figures import Figure, find_figures

__all__ = ["ValueIndex", "fraction_parts", "million_readings"]

# A proportion of two counts: 'five out of six', 'one in three'.
_PROPORTION: Final = re.compile(r"(.+?)(\s+(?:out\s+of(?:\s+the)?|in)\s+)(.+)", re.IGNORECASE | re.DOTALL)


def fraction_parts(article: str, numbers: list[Figure]) -> list[Figure]:
    """The two counts of each proportion the article states ('Five out of six people'
    holds the counts five and six): a summary may state either ("Five people were hurt").
    Each keeps its own span in the article."""
    parts: list[Figure] = []
    for figure in numbers:
        if figure.kind != "fraction":
            continue
        split = _PROPORTION.fullmatch(figure.text)
        if split is None:
            continue
        for group in (1, 3):
            offset = figure.start + split.start(group)
            for part in find_figures(split.group(group)):
                if part.kind == "cardinal":
                    parts.append(part.model_copy(update={"start": part.start + offset, "end": part.end + offset}))
    return parts


def million_readings(numbers: list[Figure]) -> list[Figure]:
    """The article's '67m' read as millions as well as metres: '67m' alone is metres to the
    scanner ('a 100m race'), but 'a population of 67m' is 67,000,000, which a summary may
    write as '67 million'. Only the letter: '6,000 metres' is no million."""
    return [f.model_copy(update={"value": f.value * 1e6, "kind": "cardinal", "unit": None})
            for f in numbers if f.unit == "m" and f.kind == "quantity" and f.high is None and f.text[-1] == "m"]


# ``rules.same`` accepts a relative difference of 1e-9; the bisection window is ten times
# wider, plus a tiny absolute part for a value of zero, so it never misses a bound.
_WINDOW: Final = 1e-8
_FLOOR: Final = 1e-300


class ValueIndex:
    """An article's numbers by the value of each bound, for picking the ones to compare."""

    def __init__(self, numbers: list[Figure]) -> None:
        self._numbers = numbers
        keyed: list[tuple[float, int]] = []
        self._always: list[int] = []  # infinite or NaN bounds: left to the tests
        self._fractions: list[int] = []
        self._percents: list[int] = []
        self._dimensions: dict[str, list[tuple[int, str]]] = {}  # the figures in units that convert
        isfinite = math.isfinite
        for i, figure in enumerate(numbers):
            # The bounds (rules.bounds) inline, and no unit looked up when there is none:
            # 20 -> 12 us per article.
            value, high, unit = figure.value, figure.high, figure.unit
            if isfinite(value):
                keyed.append((value, i))
            else:
                self._always.append(i)
            if high is not None:
                if isfinite(high):
                    keyed.append((high, i))
                else:
                    self._always.append(i)
            if figure.kind == "fraction":
                self._fractions.append(i)
            if unit is not None:
                if unit == "percent":
                    self._percents.append(i)
                measures = dimension(unit)
                if measures is not None:
                    self._dimensions.setdefault(measures, []).append((i, unit))
        keyed.sort()
        self._keys = [key for key, _ in keyed]
        self._owners = [i for _, i in keyed]

    def candidates(self, figure: Figure, value: float) -> list[Figure]:
        """The numbers that may match ``value`` of ``figure``, in the article's order: every
        one with a bound ``rules.same`` as it, ``rules.same_percent`` with it or in a unit
        that ``rules.converts`` to it, and a few more."""
        if not math.isfinite(value):
            return self._numbers
        margin = abs(value) * _WINDOW + _FLOOR
        low = bisect_left(self._keys, value - margin)
        picked = set(self._owners[low:bisect_right(self._keys, value + margin, low)])
        picked.update(self._always)
        if figure.kind == "fraction":  # 'half' for 50%
            picked.update(self._percents)
        if figure.unit == "percent":  # 50% for 'half'
            picked.update(self._fractions)
        measures = dimension(figure.unit)
        if measures is not None:  # '6 km' for '6,000 metres': another unit of the dimension
            picked.update(i for i, unit in self._dimensions.get(measures, ()) if unit != figure.unit)
        return [self._numbers[i] for i in sorted(picked)]
