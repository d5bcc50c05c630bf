"""The rules that decide whether two figures state the same number (pure helpers).

``summarize.grounding_index`` walks a summary's figures against an article's; the
comparisons it makes are here: equal values, clashing units or kinds, units converted
within a dimension, rounding precision, the direction of hedges, and dates that state only
some of their parts.

Compatibility is lenient where a summary merely drops information: a bare number matches
a figure with a unit (but a summary's per cent is no article's bare count: '2,839%' for
'rose by 17.3% to 2,839'), and a free-text ``KeyFigure.unit`` that names no known unit (a count
noun such as 'troops') constrains nothing. Two different known units or currencies never
match (``clash``), but two units of one dimension convert (``converts``: ``6 km`` and
``6,000 metres``, by ``summarize.figure_units``). Dates match on the parts they state
(``August 23`` is supported by ``23 August 2020``).

A ``KeyFigure``'s value must also restate its own quote (``restates``), leniently as to
form: a scale the quote names or omits (``347`` for ``$347 million`` or the reverse), a
share as a fraction or a per cent, a date's year or day, a point inside a range.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from summarize.figure_units import CONVERSION_TOLERANCE, convert
from summarize.figures import Figure, parse_unit

# Hedges that say the true value is above, below, or near the one written.
ABOVE: Final = frozenset({"over", "more than", "at least", "above", "upwards of", "in excess of",
                   "exceeding", "just over", "well over"})
BELOW: Final = frozenset({"nearly", "almost", "under", "less than", "fewer than", "up to", "below",
                   "at most", "just under", "close to", "as many as", "as much as"})
# Units of time and age: never rounded without a hedge, never derived.
DURATIONS: Final = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade", "century"})


def year_range(figure: Figure) -> bool:
    """'1708-1765': a range of two years, each of which an article date may state."""
    return (figure.kind == "range" and figure.unit is None and figure.high is not None
            and all(1000 <= v <= 2100 and v == int(v) for v in (figure.value, figure.high)))


def bounds(figure: Figure) -> tuple[float, ...]:
    return (figure.value,) if figure.high is None else (figure.value, figure.high)


def same(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def same_percent(figure: Figure, candidate: Figure, bound: float, value: float) -> bool:
    """'half' and '50%' state the same share."""
    if figure.kind == "fraction" and candidate.unit == "percent":
        return abs(value * 100 - bound) <= 0.5
    if candidate.kind == "fraction" and figure.unit == "percent":
        return abs(bound * 100 - value) <= 0.5
    return False


# A share in words is a rounding: 'a quarter' for 26%, 'a third' for 32%, in points.
SPOKEN_SHARE_POINTS: Final = 2.0


def spoken_share(figure: Figure, candidate: Figure, value: float) -> bool:
    """'a quarter' restating an article's 26%: a fraction written in words, within
    ``SPOKEN_SHARE_POINTS`` of a per cent (never of a change in points)."""
    return (figure.kind == "fraction" and candidate.unit == "percent" and candidate.high is None
            and not any(ch.isdigit() for ch in figure.text)
            and abs(value * 100 - candidate.value) <= SPOKEN_SHARE_POINTS)


def _same_moment(figure: Figure, candidate: Figure) -> bool:
    """True for a moment told two ways: of a match, 'the 78th minute' and 'Austin 78' or
    'an 87 minute winner', 'the eighth round' and 'after 8 rounds' (a bare number, or one
    in the same unit); of years, 'her 90th birthday' and 'turns 90' or '90 years old'."""
    ordinal, other = (figure, candidate) if figure.kind == "ordinal" else (candidate, figure)
    if ordinal.kind != "ordinal" or other.kind not in ("cardinal", "quantity") or ordinal.unit is None:
        return False
    if ordinal.unit in ("birthday", "anniversary"):
        return other.unit in (None, "year") and other.noun is None  # not '90 medals'
    return other.unit in (None, ordinal.unit)


def clash(figure: Figure, candidate: Figure) -> str:
    """Why two equal values are not the same figure, or '' when they are compatible."""
    if figure.hedge is not None and candidate.hedge is not None and _opposed(figure, candidate):
        return f"{figure.hedge} {figure.text} is not {candidate.hedge} {candidate.text}"
    a, b = figure.unit, candidate.unit
    if a is None and b is None and figure.kind == candidate.kind:
        return ""  # no test below can fail (most calls): 0.7 -> 0.2 us
    if _same_moment(figure, candidate):
        return ""
    for kind in ("ordinal", "multiplier"):  # 'two-year' is not 'second', '2-1' not 'twice'
        if (figure.kind == kind) != (candidate.kind == kind):
            article = "an" if kind == "ordinal" else "a"
            return f"the article's {candidate.text} is {'' if candidate.kind == kind else 'not '}{article} {kind}"
    if a == "time" or b == "time":
        return "a clock time" if a != b else ""
    if b == "decade" and a != "decade" and figure.hedge is None:  # 'in 1980' says more than
        return f"{candidate.text} is a decade"                   # 'in the 1980s'; 'at least 30' not
    if a and b and a != b:
        if {a, b} == {"GBP", "lb"} and _pound_word(figure if a == "GBP" else candidate):
            return ""  # 'a 20-pound lamb' weighs the article's '20lb'
        if a == "percent" and b == "percentage point":
            return ""  # '2%' for '2 percentage points' is loose usage, not a new figure
        if a == "percentage point" and b == "percent":
            return f"{candidate.text} is a per cent, not a change in points"
        label = "currency" if a.isupper() and b.isupper() and len(a) == len(b) == 3 else "unit"
        return f"{label} differs: {a} vs {b} in {candidate.text}"
    if {figure.kind, candidate.kind} == {"year", "cardinal"} and "," in figure.text + candidate.text:
        return f"{candidate.text} is {'an amount' if figure.kind == 'year' else 'a year'}"  # '2,000'
    if a and not b and candidate.text.isalpha() and candidate.value <= 10:
        return f"{candidate.text} is a bare word"  # '$1.00' is not supported by 'one'
    if figure.kind == "year" and candidate.kind in ("money", "quantity", "percent"):
        return f"a year, but {candidate.text} is an amount"
    if a == "percent" and not b and candidate.kind == "cardinal":
        return f"{candidate.text} is no per cent"
    if a and not b and candidate.noun and figure.kind in ("quantity", "money") and parse_unit(candidate.noun) != a:
        return f"{candidate.text} counts {candidate.noun}, not {a}"  # but '10 sick days' are days
    return ""


def _opposed(figure: Figure, candidate: Figure) -> bool:
    """True when the two figures' hedges put the true value on opposite sides of their
    value: 'over 600' and 'almost 600' share no number. Not for "over" before a span of
    time, which as often means "during" ('cut over three years')."""
    if figure.hedge in ABOVE:
        other = BELOW
    elif figure.hedge in BELOW:
        other = ABOVE
    else:
        return False
    if candidate.hedge not in other:
        return False
    return not ("over" in (figure.hedge, candidate.hedge) and (figure.unit or candidate.unit) in DURATIONS)


def _pound_word(figure: Figure) -> bool:
    """True for an amount in pounds written as a word ('20 pounds', 'a 20-pound'), which
    may weigh as well as cost; '£20' only costs."""
    return "pound" in figure.text.lower() and "£" not in figure.text


# The scales a written number is misread by ('347' for '$347 million', 4500000 for '£4.5bn').
SCALE_STEPS: Final = (1e3, 1e6, 1e9, 1e12, 1e-3, 1e-6, 1e-9, 1e-12)


# Cached: the checks of one summary ask again for the same article figures' (6 -> 2 us per article).
@functools.lru_cache(maxsize=4096)
def precision(text: str, value: float) -> float:
    """Half the span that the written number may have been rounded from, doubled.

    A whole number in words is as precise as in digits: "two months" as "2 months" (1),
    "three hundred" as "300" (100); a share in words ("a third") is taken to 10%.
    """
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    if not digits:
        if value and float(value).is_integer():
            return precision(str(int(abs(value))), value)
        return abs(value) * 0.1 if value else 0.0
    mantissa = digits.group().replace(",", "")
    written = float(mantissa) if mantissa.replace(".", "", 1).isdigit() else value
    scale = abs(value / written) if written else 1.0
    if digits.group(1):
        return float(10.0 ** -len(digits.group(1)) * scale)
    stripped = mantissa.rstrip("0")
    return float(10.0 ** (len(mantissa) - len(stripped)) * scale)


def converts(figure: Figure, value: float, candidate: Figure, bound: float) -> bool:
    """True when ``candidate`` in its unit, converted, gives the summary's number as
    written. A number written finer than the article's own precision must be the article's
    number as written, converted and rounded at the summary's last digit ('1.24 miles' for
    '2km', '3.66m' for '12ft'); '9061m' cannot come from '9km'."""
    if figure.unit is None or candidate.unit is None:
        return False
    converted = convert(bound, candidate.unit, figure.unit)
    if converted is None:
        return False
    step = precision(figure.text, value)
    article_step = convert(precision(candidate.text, bound), candidate.unit, figure.unit)
    if article_step is not None and step < article_step / 2:
        return abs(value - converted) <= step / 2 * (1 + 1e-9)
    return abs(value - converted) <= max(step / 2, CONVERSION_TOLERANCE * abs(value))


def restates(figure: Figure, value: float) -> bool:
    """True when ``value`` can be a ``KeyFigure.value`` for a quote stating ``figure``."""
    if figure.kind == "date":
        return figure.unit == "time" or any(same(value, v) for v in (figure.value, *date_parts(figure.value)))
    if figure.high is not None and figure.value <= value <= figure.high:
        return True  # a range's bound or a point inside it
    if figure.kind == "multiplier" and same(abs(figure.value - 1) * 100, value):
        return True  # 'doubled' as a change of 100 per cent
    for bound in bounds(figure):
        if bound == 0:
            if value == 0:
                return True
            continue
        ratio = value / bound
        # A scale step either way ('347' for '$347 million'), a per cent as a share or the
        # reverse ('12%' as 0.12, 'a third' as 33.3), rounded to a few digits.
        for step in (1.0, *SCALE_STEPS, 100.0, 0.01):
            if abs(ratio / step - 1) <= 0.01:
                return True
    return False


def split_date(value: float) -> tuple[int, int, int]:
    number = int(value)
    return number // 10000, number // 100 % 100, number % 100


def date_parts(value: float) -> tuple[float, ...]:
    year, _, day = split_date(value)
    return tuple(float(part) for part in (year, day) if part)


def date_covers(article: tuple[int, int, int], summary: tuple[int, int, int], numbers: list[Figure]) -> bool:
    """True when every part the summary's date states agrees with the article's date."""
    for have, want in zip(article, summary, strict=True):
        if want and have and have != want:
            return False
    if summary[1] and not article[1]:
        return False
    if summary[2] and not article[2]:
        return False
    if summary[0] and not article[0]:  # the year may be stated elsewhere in the article
        return any(f.kind == "year" and f.value == summary[0] for f in numbers)
    return True
