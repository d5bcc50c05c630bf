"""The rules that decide whether two figures state the same number (pure helpers).

``summarize.grounding`` walks a summary's figures against an article's; the comparisons it
makes are here: equal values, clashing units or kinds, rounding precision, the arithmetic
a summary may do on two article figures, and dates that state only some of their parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from summarize.figures import Figure

# The smaller term of a sum or difference is at least this share of the larger.
DERIVED_MIN_SHARE = 0.1
# Units of time and age: never rounded without a hedge, never derived.
DURATIONS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade", "century"})


def family(figure: Figure) -> str:
    """Identifiers are compared with identifiers, dates with dates, numbers with numbers."""
    return figure.kind if figure.kind in ("identifier", "date") else "number"


def rivals(figure: Figure, other: Figure) -> bool:
    """True when ``other`` could be the figure a moved ``figure`` replaced: a count for a
    count, a year for a year, an amount in the same unit."""
    if other.kind in ("date", "identifier", "ordinal") or clash(figure, other):
        return False
    counts = ("cardinal", "quantity", "range")
    return other.kind == figure.kind or (figure.kind in counts and other.kind in counts)


def digits(value: float) -> str:
    """The significant digits of a value: 347 for 347,000,000."""
    return f"{abs(value):.6e}".split("e")[0].rstrip("0").rstrip(".")


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
SPOKEN_SHARE_POINTS = 2.0


def spoken_share(figure: Figure, candidate: Figure, value: float) -> bool:
    """'a quarter' restating an article's 26%: a fraction written in words, within
    ``SPOKEN_SHARE_POINTS`` of a per cent (never of a change in points)."""
    return (figure.kind == "fraction" and candidate.unit == "percent" and candidate.high is None
            and not any(ch.isdigit() for ch in figure.text)
            and abs(value * 100 - candidate.value) <= SPOKEN_SHARE_POINTS)


def clash(figure: Figure, candidate: Figure) -> str:
    """Why two equal values are not the same figure, or '' when they are compatible."""
    a, b = figure.unit, candidate.unit
    for kind in ("ordinal", "multiplier"):  # 'two-year' is not 'second', '2-1' not 'twice'
        if (figure.kind == kind) != (candidate.kind == kind):
            return f"{candidate.text} is {'an' if kind == 'ordinal' else 'a'} {kind}"
    if a == "time" or b == "time":
        return "a clock time" if a != b else ""
    if a and b and a != b:
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
    if a and not b and candidate.noun and figure.kind in ("quantity", "money"):
        return f"{candidate.text} counts {candidate.noun}, not {a}"
    return ""


def precision(text: str, value: float) -> float:
    """Half the span that the written number may have been rounded from, doubled."""
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    if not digits:
        return abs(value) * 0.1 if value else 0.0
    mantissa = digits.group().replace(",", "")
    written = float(mantissa) if mantissa.replace(".", "", 1).isdigit() else value
    scale = abs(value / written) if written else 1.0
    if digits.group(1):
        return float(10.0 ** -len(digits.group(1)) * scale)
    stripped = mantissa.rstrip("0")
    return float(10.0 ** (len(mantissa) - len(stripped)) * scale)


class Operand:
    """One value of an article figure (a range gives two) usable in arithmetic."""

    __slots__ = ("figure", "noun", "text", "unit", "value")

    def __init__(self, value: float, figure: Figure) -> None:
        self.value, self.figure, self.unit, self.noun = value, figure, figure.unit, figure.noun
        self.text = figure.text if figure.high is None else f"{value:,g}"


def operations(a: Operand, b: Operand, figure: Figure) -> Iterator[tuple[float, str]]:
    """The simple results of two figures that a summary may state."""
    if a.figure is b.figure and not a.figure.text.lower().startswith("from"):
        return  # the bounds of one range ('20-25%') are no calculation; 'from 40 to 50' is a change
    small, big = (a, b) if a.value <= b.value else (b, a)
    same_unit = a.unit == b.unit and not clash(figure, a.figure) and not clash(figure, b.figure)
    # A share or a change only means something between two counts of the same thing.
    alike = (a.unit is not None and a.unit == b.unit) or (a.noun is not None and a.noun == b.noun)
    # A sum or difference needs two comparable terms: '94,524 = 94,526 - 2' is a typo.
    comparable = small.value >= DERIVED_MIN_SHARE * big.value
    if figure.kind in ("cardinal", "money", "quantity") and same_unit and a.unit != "percent" and comparable:
        yield big.value + small.value, f"{big.text} + {small.text}"
        yield big.value - small.value, f"{big.text} - {small.text}"
    if figure.kind in ("multiplier", "fraction") or figure.noun == "times":
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
