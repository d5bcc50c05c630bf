"""The ``derived`` verdict: a summary's number computed from two article figures (pure).

A summary may state what the article implies but does not write: the sum, difference,
ratio, share or percent change of two article figures (``7,500 = 5,000 + 2,500``). The
search is bounded so that it stays evidence rather than numerology:

- the operands stand within ``DERIVED_SPAN`` characters of each other, since figures far
  apart in an article are unrelated, not a calculation;
- a sum or difference needs comparable terms (the smaller at least ``DERIVED_MIN_SHARE``
  of the larger), so ``94,524 = 94,526 - 2`` is a typo, not arithmetic;
- small bare numbers, ages and spans of time are never derived: almost any article holds
  some pair that adds up to them; but a count up to a dozen is the sum of two nearby counts
  of its own noun ("four children" for "two children ... also had two children"); a factor
  ('doubled', 'almost three times') is, as the ratio of two figures of one thing (the
  bounds of a 'from ... to ...', or two figures of one unit or counted noun), within
  ``MULTIPLIER_WORDS_TOLERANCE`` when in words ('set to triple' for 36 -> 115 million).
  Before, every factor was unsupported: "doubled" for "rose from 100 to 200" too;
- a share ('25%', 'a quarter', 'one in four') may be the ratio of two plain counts in one
  clause, one a part of the other ("Of the 1,000 people surveyed, 250 said yes"), though
  the part counts no noun; a fraction that states its counts ('250 out of 1,000') must find
  those two. Measured on bench/figures_eval.py: FaithBench b4:33 and b4:36 ("four in 89"
  for "scored four times in 89 appearances") no longer flagged, nothing else changed.
  Without the part-of-a-whole test, '78% = seven / 9' ("seven MAX 9 deliveries") and
  'one in three = 224 / 636' (a telephone number) were derived;
- a scale word made an adjective ("a billion-dollar deal", "million-pound homes") names a
  magnitude, not an amount, and is no operand: "$4bn = $5bn - Billion-Dollar" hid a
  labelled numeric error in SummEdits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from summarize import grounding_rules as rules
from summarize.figures import Figure
from summarize.number_format import grouped
from summarize.number_report import Finding
from summarize.number_words import parse_words

__all__ = ["DERIVED_MIN_SHARE", "DERIVED_SPAN", "Operand", "derived", "operations"]

# Derived figures: operands at most this many characters apart.
DERIVED_SPAN: Final = 600
# The smaller term of a sum or difference is at least this share of the larger.
DERIVED_MIN_SHARE: Final = 0.1
# How far a factor in words ('doubled', 'triple') may round the ratio of two figures.
MULTIPLIER_WORDS_TOLERANCE: Final = 0.1
# The largest count summed from two counts of its noun: 57 goals = 35 goals + 22 goals, in
# a table of a striker's seasons, is numerology (a digit changed by bench/figures_eval.py).
_COUNTED_SUM_MAX: Final = 12
_NUMERIC: Final = frozenset({"cardinal", "money", "percent", "quantity", "range", "multiplier", "fraction"})
# 'billion-dollar', 'a million-pound': a scale word joined to its currency, with no digit.
_MAGNITUDE_ADJECTIVE: Final = re.compile(r"(?:an?\s+)?(?:thousand|million|billion|trillion)-[a-z]+", re.IGNORECASE)


class Operand:
    """One value of an article figure (a range gives two) usable in arithmetic."""

    __slots__ = ("figure", "noun", "text", "unit", "value")

    def __init__(self, value: float, figure: Figure) -> None:
        self.value, self.figure, self.unit, self.noun = value, figure, figure.unit, figure.noun
        self.text = figure.text if figure.high is None else grouped(value)


def operations(a: Operand, b: Operand, figure: Figure) -> Iterator[tuple[float, str]]:
    """The simple results of two figures that a summary may state."""
    if a.figure is b.figure and not a.figure.text.lower().startswith("from"):
        return  # the bounds of one range ('20-25%') are no calculation; 'from 40 to 50' is a change
    small, big = (a, b) if a.value <= b.value else (b, a)
    same_unit = a.unit == b.unit and not rules.clash(figure, a.figure) and not rules.clash(figure, b.figure)
    # A share or a change only means something between two counts of the same thing: of one
    # unit or counted noun, or the two ends of one 'from ... to ...'.
    alike = (a.figure is b.figure or (a.unit is not None and a.unit == b.unit)
             or (a.noun is not None and a.noun == b.noun))
    # A sum or difference needs two comparable terms: '94,524 = 94,526 - 2' is a typo.
    comparable = small.value >= DERIVED_MIN_SHARE * big.value
    if figure.kind in ("cardinal", "money", "quantity") and same_unit and a.unit != "percent" and comparable:
        yield big.value + small.value, f"{big.text} + {small.text}"
        yield big.value - small.value, f"{big.text} - {small.text}"
    if figure.kind in ("multiplier", "fraction") or figure.noun == "times":
        if figure.kind == "multiplier" and abs(figure.value) < 100 and not (a.figure is b.figure or alike):
            return  # 'doubled' of two counts of one thing, not of any pair in the article
        yield big.value / small.value, f"{big.text} / {small.text}"
        yield small.value / big.value, f"{small.text} / {big.text}"
    if figure.unit == "percentage point" and a.unit in ("percent", "percentage point") and alike:
        yield big.value - small.value, f"{big.text} - {small.text}"  # points: only a difference
    elif figure.unit in ("percent", "percentage point") and alike:
        yield small.value / big.value * 100, f"{small.text} / {big.text} as a percentage"
        yield (big.value - small.value) / small.value * 100, f"change from {small.text} to {big.text}"
        yield (big.value - small.value) / big.value * 100, f"change from {big.text} to {small.text}"
        if a.unit in ("percent", "percentage point"):
            yield big.value - small.value, f"{big.text} - {small.text}"


def derived(figure: Figure, value: float, numbers: list[Figure], article: str = "") -> Finding | None:
    """``value`` as the result of two of the article's ``numbers``, or None."""
    if figure.kind in ("fraction", "percent") and figure.high is None and figure.unit in (None, "percent"):
        share = _clause_share(figure, value, numbers, article)
        if share is not None:
            return share
    # Small numbers are sums and differences of some pair in almost any article, so
    # deriving them proves nothing: 'two = 6 - 4' hid real errors in XSumFaith.
    small = abs(value) < 100 and figure.unit is None and figure.kind != "multiplier"
    if small and figure.kind == "cardinal" and figure.high is None:
        return _counted_sum(figure, value, numbers)
    if figure.kind not in _NUMERIC or figure.high is not None or small:
        return None
    if figure.unit in rules.DURATIONS:  # ages and spans: '24-year-old = 14-year-old + ten-year'
        return None
    step = max(rules.precision(figure.text, value), abs(value) * 1e-9)
    # A factor in words is rounded as speech rounds: 'tripled' for 36 -> 115 million (3.19).
    words = figure.kind == "multiplier" and not any(ch.isdigit() for ch in figure.text)
    tolerance = MULTIPLIER_WORDS_TOLERANCE if words else 0.01
    pool: dict[tuple[float, str | None], Operand] = {}
    for candidate in numbers:
        if candidate.kind in _NUMERIC and not _MAGNITUDE_ADJECTIVE.fullmatch(candidate.text):
            for bound in rules.bounds(candidate):
                if bound > 0:
                    pool.setdefault((bound, candidate.unit), Operand(bound, candidate))
    # The first 40 distinct values bound the pairs tried (780) on long articles.
    operands = list(pool.values())[:40]
    for i, a in enumerate(operands):
        for b in operands[i + 1:]:
            if abs(a.figure.start - b.figure.start) > DERIVED_SPAN:
                continue
            for result, formula in operations(a, b, figure):
                # a hedge keeps its direction: 'more than 100' is not 123 - 24
                if (figure.hedge in rules.ABOVE and result < value) or (figure.hedge in rules.BELOW and result > value):
                    continue
                if abs(result - value) <= step / 2 and abs(result - value) <= abs(value) * tolerance:
                    return "derived", [a.figure, b.figure], f"{figure.text} = {formula}"
    return None


# A share of two counts in one clause: "Of the 1,000 people surveyed, 250 said yes" is a
# quarter. At most this many characters between the two, and no sentence end.
_CLAUSE_SPAN: Final = 120
_SENTENCE_END: Final = re.compile(r"[.!?;]\s")
# What makes one count a part of the other: 'of' or 'in' between them ('250 of the 1,000',
# 'four times in 89 appearances') or an 'of' opening the clause before the whole ('Of the
# 1,000 people surveyed, 250 said yes').
_PART_BETWEEN: Final = re.compile(r"\b(?:of|in)\b", re.IGNORECASE)
# A fraction written as two counts ('nine out of 12', '4 in 89'); a rate ('one in four') is not.
_COUNTS_STATED: Final = re.compile(r"([\w,.-]+)\s+(?:in|out\s+of)\s+(?:the\s+)?([\w,.-]+)", re.IGNORECASE)
_OF_BEFORE: Final = re.compile(r"(?:^|[,;:.]\s*)(?:of|out of)\s+(?:the\s+|those\s+|these\s+)?\Z", re.IGNORECASE)


def _clause_share(figure: Figure, value: float, numbers: list[Figure], article: str) -> Finding | None:
    """A share as the ratio of two plain counts in one clause of the article, the part
    often counting no noun of its own ("Of the 1,000 people surveyed, 250 said yes").

    A share or a rate ('25%', 'a quarter', 'one in four') may be any such pair's ratio; a
    share in words is rounded as speech rounds (``rules.SPOKEN_SHARE_POINTS``). Across a
    whole article any share is the ratio of some pair, so only pairs this close count. A
    fraction that states its counts ('250 out of 1,000', 'four in 89') must find those two
    counts, not another pair with their ratio ('21 of the 28 officials' for 'nine out of 12').
    """
    if not article:
        return None
    stated = _stated_counts(figure)
    share = value / 100 if figure.unit == "percent" else value
    if not 0 < share < 1:
        return None
    words = not any(ch.isdigit() for ch in figure.text)
    step = max(rules.precision(figure.text, value), abs(value) * 1e-9)
    counts = [f for f in numbers if f.kind == "cardinal" and f.unit is None and f.high is None and f.value > 0]
    for i, a in enumerate(counts):
        for b in counts[i + 1:]:  # in article order: the next ones are further still
            if b.start - a.end > _CLAUSE_SPAN:
                break
            if _SENTENCE_END.search(article, a.end, b.start):
                continue
            small, big = (a, b) if a.value < b.value else (b, a)
            if not (_PART_BETWEEN.search(article, a.end, b.start)
                    or (big is a and _OF_BEFORE.search(article[max(0, a.start - 30):a.start]))):
                continue  # two counts side by side, not a part and its whole: 'seven MAX 9 jets'
            ratio = small.value / big.value
            if stated is not None:
                close = stated == (small.value, big.value)
            elif words:
                close = abs(ratio - share) * 100 <= rules.SPOKEN_SHARE_POINTS
            else:
                result = ratio * 100 if figure.unit == "percent" else ratio
                close = abs(result - value) <= step / 2 and abs(result - value) <= abs(value) * 0.01
            if close:
                return "derived", [small, big], f"{figure.text} = {small.text} / {big.text}"
    return None


def _count(word: str) -> float | None:
    """A count written in digits ('1,000') or as one number word ('nine'), else None."""
    digits = word.replace(",", "")
    if digits.isdigit():
        return float(digits)
    found = parse_words(word.lower(), 0, word.lower())
    return found[0][2] if len(found) == 1 and found[0][3] == "cardinal" and found[0][1] == len(word) else None


def _stated_counts(figure: Figure) -> tuple[float, float] | None:
    """The part and the whole a fraction states as counts ('nine out of 12': 9 and 12), or
    None for a share or a rate ('a quarter', 'one in four')."""
    parts = _COUNTS_STATED.fullmatch(figure.text)
    if parts is None or parts.group(1).lower() in ("one", "1"):
        return None
    part, whole = _count(parts.group(1)), _count(parts.group(2))
    return None if part is None or whole is None else (part, whole)


def _counted_sum(figure: Figure, value: float, numbers: list[Figure]) -> Finding | None:
    """A small count as the sum of two article counts of its own noun, near each other:
    "had four children" for "They had two children ... with whom he also had two children".
    Any two small numbers add up to some count; two counts of the same noun, told apart
    only by what else the article says of them, do not. Measured on bench/figures_eval.py:
    consistent summaries flagged 72 -> 71 of 2,956 (FaithBench b14:32), nothing else changed."""
    noun = figure.noun
    if noun is None or value > _COUNTED_SUM_MAX:
        return None
    counts = [f for f in numbers if f.kind == "cardinal" and f.high is None and f.unit is None
              and f.noun is not None and f.noun.lower() == noun.lower()]
    for i, a in enumerate(counts):
        for b in counts[i + 1:]:
            if abs(a.start - b.start) <= DERIVED_SPAN and a.value + b.value == value:
                return "derived", [a, b], f"{figure.text} = {a.text} + {b.text}"
    return None
