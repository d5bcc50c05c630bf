"""The ``approximate`` verdict: a hedged or rounded restatement of an article figure (pure).

``about $350 million`` for ``$347 million`` is a faithful summary, ``$350 million`` alone
nearly so. A summary's number is approximate when it is

- unhedged, within half a unit of its last written digit and within ``ROUNDING`` of the
  article's figure (``$350m`` for ``$347m``, never ``$360m``);
- hedged and rounder than the article's figure: within 10% in the direction of its hedge
  ("over 20" for 22, "nearly 5,000" for 4,800), or either way for "about"; for "about",
  also the article's figure rounded to the summary's last written digit, within
  ``ABOUT_ROUNDING`` ("about 3%" for 3.4%, not "about 10%" for 13%);
- a share in words near an article's per cent (``a quarter`` for 26%).

A hedge licenses a rounder number, not a different one: "at least 14" for 16 is one that
human annotators mark as an error. Ages and spans of time are never rounded without a
hedge: a "90-year-old" is not 94.
"""

from __future__ import annotations

import re
from typing import Final

from summarize import grounding_rules as rules
from summarize.figures import Figure
from summarize.number_report import Finding

__all__ = ["ABOUT_ROUNDING", "ROUNDING", "approximate"]

# An unhedged rounded number is within this share of the article's ('$350m' for $347m).
ROUNDING: Final = 0.05
# "about" with the article's figure rounded to its last digit, within this share: small
# numbers round by more than 10% ("about 3%" for 3.4%, "about 4%" for 3.5%).
ABOUT_ROUNDING: Final = 0.15
_AGE_BEFORE: Final = re.compile(r"\b(?:aged|age of)\s+\Z", re.IGNORECASE)


def approximate(figure: Figure, value: float, numbers: list[Figure], span: tuple[str, int, int]) -> Finding | None:
    """The article figure that ``value`` restates roughly, or None.

    ``span`` is the summary field and the span of the figure being checked, for telling
    an age ('aged 100') from a count.
    """
    if figure.kind in ("year", "ordinal") or value == 0:
        return None
    step = rules.precision(figure.text, value) if figure.high is None else 0.0
    for candidate in numbers:
        if candidate.kind in ("year", "ordinal") or rules.clash(figure, candidate):
            continue
        if rules.spoken_share(figure, candidate, value):
            return "approximate", [candidate], f"a share in words for {candidate.text}"
        for bound in rules.bounds(candidate):
            if bound == 0:
                continue
            ratio = value / bound
            hedge = figure.hedge
            rounder = step > rules.precision(candidate.text, bound)
            if hedge in rules.ABOVE:
                near = rounder and 1 / 1.1 <= ratio <= 1
            elif hedge in rules.BELOW:
                near = rounder and 1 <= ratio <= 1.1
            elif hedge:
                near = rounder and (abs(ratio - 1) <= 0.1 or (
                    abs(value - bound) <= step / 2 + 1e-9 and abs(ratio - 1) <= ABOUT_ROUNDING))
            elif figure.unit in rules.DURATIONS or candidate.unit in rules.DURATIONS or _age(figure, span):
                near = False  # an age or a span: see the module docstring
            else:
                near = abs(value - bound) <= step / 2 + 1e-9 and abs(ratio - 1) <= ROUNDING
            if near:
                how = f"{hedge} " if hedge else "rounded "
                return "approximate", [candidate], f"{how}{candidate.text}"
    return None


def _age(figure: Figure, span: tuple[str, int, int]) -> bool:
    """True when the summary gives the figure as an age: 'aged 100', 'at the age of 100'."""
    text, start, end = span
    return (start, end) == (figure.start, figure.end) and bool(_AGE_BEFORE.search(text, max(0, start - 12), start))
