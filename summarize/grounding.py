"""Checking every number of a summary against the article's figures (pure).

``check_numbers(summary, article)`` finds the figures of each summary field with
``summarize.figures.find_figures`` and gives each a verdict:

- ``supported``: an article figure has the same value after normalisation and a
  compatible unit, currency and scale (``5,000`` and ``5k``; ``12%`` and ``12 per cent``);
- ``approximate``: a hedged or rounded restatement (``about $350 million`` for
  ``$347 million``): within half a unit of the summary's last written digit and 10%, or
  within the direction and 20% of its hedge ("over", "nearly");
- ``derived``: the sum, difference, ratio, share or percent change of two article figures
  (``7,500 = 5,000 + 2,500``);
- ``unsupported``: anything else, including the right digits with the wrong scale, unit
  or currency.

Compatibility is lenient where a summary merely drops information: a bare number matches
a figure with a unit, and a free-text ``KeyFigure.unit`` that names no known unit (a count
noun such as 'troops') constrains nothing. Two different known units or currencies never
match. Identifiers (``F-35``) must occur in the article as text; dates match on the parts
they state (``August 23`` is supported by ``23 August 2020``).

Small numbers written as words ("two", "three") are checked like any other number: they
must occur in the article, as a word or in digits. Supporting them from a count of listed
items ("Paris, Lyon and Nice" for "three cities") is not attempted: it needs parsing we
cannot do reliably. The ordinal words "first" and "second" are not checked, since they
are rarely numbers ("first time", "second half"), nor is the word "one", which in
summaries is mostly a pronoun or an article ("one of the", "One study"): on the human
reference summaries it caused more false alarms than any other word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from summarize.figure_context import ArticleContext, context_stems, sentence_stems, stem
from summarize.figure_units import same_quantity
from summarize.figures import Figure, find_figures, parse_unit
from summarize.schema import ArticleSummary, KeyFigure

__all__ = ["NumberCheck", "NumberReport", "Verdict", "check_numbers"]

Verdict = Literal["supported", "approximate", "derived", "unsupported"]
VERDICTS: tuple[Verdict, ...] = ("supported", "approximate", "derived", "unsupported")


class NumberCheck(BaseModel):
    """The verdict on one number of the summary."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="Where the number is: 'headline', 'key_points[2]', 'figures[0].value', 'text'.")
    text: str = Field(description="The number as written in the summary.")
    value: float
    unit: str | None
    verdict: Verdict
    sources: list[Figure] = Field(description="Supporting article figures (operands when derived).")
    explanation: str
    nearest: list[Figure] = Field(description="For an unsupported number, the closest article figures.")


class NumberReport(BaseModel):
    """Every number of a summary checked against its article."""

    model_config = ConfigDict(extra="forbid")

    checks: list[NumberCheck]
    counts: dict[str, int] = Field(description="Checks per verdict; all four verdicts present.")
    unused: list[Figure] = Field(description="Article figures the summary never used.")

    @property
    def unsupported(self) -> list[NumberCheck]:
        """The checks whose verdict is unsupported."""
        return [check for check in self.checks if check.verdict == "unsupported"]

    @property
    def ok(self) -> bool:
        """True when no number is unsupported."""
        return not self.counts.get("unsupported", 0)

    def reask_message(self) -> str:
        """What to tell the model: one line per unsupported number, with nearby figures."""
        lines = [
            "These numbers are not in the article; correct them using the article's own "
            "figures, or remove them:"
        ]
        for check in self.unsupported:
            near = ", ".join(repr(figure.text) for figure in check.nearest) or "none"
            lines.append(
                f"- {check.path}: {check.text!r} ({check.explanation}); "
                f"nearest article figures: {near}"
            )
        return "\n".join(lines)


# Hedges that say the true value is above, below, or near the one written.
_ABOVE = frozenset({"over", "more than", "at least", "above", "upwards of", "in excess of",
                    "exceeding", "just over", "well over"})
_BELOW = frozenset({"nearly", "almost", "under", "less than", "fewer than", "up to", "below",
                    "at most", "just under", "close to", "as many as", "as much as"})
_NUMERIC = frozenset({"cardinal", "money", "percent", "quantity", "range", "multiplier", "fraction"})
_SKIPPED_WORDS = frozenset({"first", "second", "one"})
# Shared content words that show a summary's number belongs to another article figure.
MOVED_ALIGN = 1.5
# Derived figures: operands at most this many characters apart, the smaller term of a
# sum or difference at least this share of the larger.
DERIVED_SPAN = 600
DERIVED_MIN_SHARE = 0.1
_DURATIONS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade", "century"})
MOVED_SPREAD = 0
MOVED_DIGITS = False
# Names that carry a number but state no fact of the article.
_COMMON_NAMES = frozenset({"covid19", "g7", "g8", "g20", "4g", "5g", "3d", "mp3", "formula1", "f1"})
_QUARTER = re.compile(r"q([1-4])|([1-4])q")
# A score or a small pair written with a dash: '3-1', '6-3', '10 - 12'.
_SCORE = re.compile(r"\d{1,3}\s?[-\u2013]\s?\d{1,3}")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]+)\s+\Z")
_ID_FOLD = re.compile(r"[\s\-\u2010-\u2014.]")


def check_numbers(
    summary: ArticleSummary | str,
    article: str,
    *,
    article_figures: list[Figure] | None = None,
) -> NumberReport:
    """Check every number in ``summary`` against ``article``."""
    figures = find_figures(article) if article_figures is None else article_figures
    index = _Index(article, figures)
    checks: list[NumberCheck] = []
    for path, text in _fields(summary):
        for figure in find_figures(text):
            if figure.text.lower() in _SKIPPED_WORDS:
                continue
            checks.append(index.check(path, figure, text))
    if isinstance(summary, ArticleSummary):
        for i, key_figure in enumerate(summary.figures):
            checks.append(index.check_value(f"figures[{i}].value", key_figure))
    counts: dict[str, int] = dict.fromkeys(VERDICTS, 0)
    used: set[tuple[float, float | None, str | None]] = set()
    for check in checks:
        counts[check.verdict] += 1
        used.update((source.value, source.high, source.unit) for source in check.sources)
    # A figure restated elsewhere in the article ('5k' and 'nearly 5,000') counts as used too.
    return NumberReport(
        checks=checks,
        counts=counts,
        unused=[f for f in figures if (f.value, f.high, f.unit) not in used],
    )


def _fields(summary: ArticleSummary | str) -> Iterator[tuple[str, str]]:
    if isinstance(summary, str):
        yield "text", summary
        return
    yield "headline", summary.headline
    yield "summary", summary.summary
    for i, point in enumerate(summary.key_points):
        yield f"key_points[{i}]", point
    for i, key_figure in enumerate(summary.figures):
        yield f"figures[{i}].quote", key_figure.quote


class _Index:
    """The article's figures arranged for the checks."""

    def __init__(self, article: str, figures: list[Figure]) -> None:
        self.article = article
        self.figures = figures
        self.numbers = [f for f in figures if f.kind not in ("date", "identifier")]
        self.dates = [f for f in figures if f.kind == "date" and f.unit != "time"]
        self.times = [f for f in figures if f.unit == "time"]
        self._folded: str | None = None
        self._lowered: str | None = None
        self._context: ArticleContext | None = None
        self._span = ("", 0, 0)  # the summary field and span of the figure being checked

    @property
    def lowered(self) -> str:
        """The article in lower case, with single spaces."""
        if self._lowered is None:
            self._lowered = " ".join(self.article.lower().split())
        return self._lowered

    @property
    def folded(self) -> str:
        """The article without spaces and hyphens, lower case, for matching identifiers."""
        if self._folded is None:
            self._folded = _ID_FOLD.sub("", self.article).lower()
        return self._folded

    # ------------------------------------------------------------------ one number

    def check(self, path: str, figure: Figure, text: str = "") -> NumberCheck:
        """The verdict on one figure found in the summary field ``text``."""
        if figure.kind == "identifier":
            return self._identifier(path, figure)
        if figure.kind == "date":
            return self._date(path, figure)
        if figure.kind == "range" and figure.unit is None and _SCORE.fullmatch(figure.text):
            return self._score(path, figure)
        values = [figure.value] if figure.high is None else [figure.value, figure.high]
        sources: list[Figure] = []
        verdicts: list[tuple[Verdict, str]] = []
        for value in values:
            context = context_stems(text, figure.start, figure.end) if text else None
            self._span = (text, figure.start, figure.end)
            verdict, found, why = self._number(figure, value, context=context)
            verdicts.append((verdict, why))
            sources.extend(found)
        worst = max(verdicts, key=lambda v: VERDICTS.index(v[0]))
        if worst[0] == "unsupported" and figure.kind == "cardinal" and text:
            # Lower-cased names and dates ('highway 36', 'march 21') are read as bare
            # numbers in the summary: the word before and the number, as text, settle it.
            before = _WORD_BEFORE.search(text, 0, figure.start)
            if before and f"{before.group(1)} {figure.text}".lower() in self.lowered:
                return self._result(path, figure.text, figure.value, None, "supported", [],
                                    f"'{before.group(1)} {figure.text}' occurs in the article", figure)
        if worst[0] == "unsupported" and figure.unit == "m" and figure.kind in ("quantity", "range"):
            # 'm' after a number is metres or million ('# 1m bill', '63.4 m people').
            million = figure.model_copy(update={"value": figure.value * 1e6, "unit": None, "kind": "cardinal",
                                                "high": None if figure.high is None else figure.high * 1e6})
            again = self.check(path, million, text)
            if again.verdict != "unsupported":
                return again.model_copy(update={"text": figure.text})
        return self._result(path, figure.text, figure.value, figure.unit, worst[0], sources, worst[1], figure)

    def check_value(self, path: str, key_figure: KeyFigure) -> NumberCheck:
        """The verdict on a ``KeyFigure.value``, its free-text unit read leniently."""
        unit = parse_unit(key_figure.unit)
        text = f"{key_figure.value:g}" + (f" {key_figure.unit}" if key_figure.unit else "")
        probe = Figure(start=0, end=len(text), text=text, value=key_figure.value,
                       kind="money" if unit and unit.isupper() and len(unit) == 3 else "cardinal",
                       unit=unit)
        # No context check here: ``measures`` is free text, and the quote and the summary's
        # own sentences are checked with their context.
        verdict, found, why = self._number(probe, key_figure.value, exact_only=True)
        if verdict == "unsupported":
            for date in self.dates:  # a date's day or year given as the value
                if key_figure.value in _date_parts(date.value):
                    verdict, found, why = "supported", [date], f"part of {date.text}"
                    break
        return self._result(path, text, key_figure.value, unit, verdict, found, why, probe)

    def _result(self, path: str, text: str, value: float, unit: str | None, verdict: Verdict,
                sources: list[Figure], why: str, figure: Figure) -> NumberCheck:
        nearest = self._nearest(figure) if verdict == "unsupported" else []
        return NumberCheck(path=path, text=text, value=value, unit=unit, verdict=verdict,
                           sources=sources, explanation=why, nearest=nearest)

    def _number(self, figure: Figure, value: float, *, exact_only: bool = False,
                context: frozenset[str] | None = None) -> tuple[Verdict, list[Figure], str]:
        mismatch = ""
        matches: list[Figure] = []
        for candidate in self.numbers:
            for bound in _bounds(candidate):
                if _same(bound, value) or _same_percent(figure, candidate, bound, value):
                    why = _clash(figure, candidate)
                    if why:
                        mismatch = mismatch or why
                    else:
                        matches.append(candidate)
                    break
                if (figure.unit and candidate.unit and figure.unit != candidate.unit
                        and same_quantity(value, figure.unit, bound, candidate.unit)):
                    matches.append(candidate)  # '6 km' for '6,000 metres'
                    break
        if matches:
            best, moved = self._placed(figure, matches, context)
            if moved is None:
                return "supported", [best], f"as {best.text}"
            why = (f"value occurs in the article but about {self._topic(best)}; "
                   f"the words around it match {moved.text!r}")
            return "unsupported", [], why
        if figure.kind in ("year", "cardinal") and value == int(value) and value >= 1000:
            for date in self.dates:  # a year stated inside an article date
                if value in _date_parts(date.value):
                    return "supported", [date], f"part of {date.text}"
        if not exact_only:
            close = self._approximate(figure, value)
            if close:
                return close
            derived = self._derived(figure, value)
            if derived:
                return derived
        return "unsupported", [], mismatch or self._scale_hint(figure, value) or "not in the article"

    def _placed(self, figure: Figure, matches: list[Figure], context: frozenset[str] | None
                ) -> tuple[Figure, Figure | None]:
        """The best of the equal article figures, and the figure the summary's words point to
        instead when the number looks moved from another sentence (else None).

        A number is taken as moved only on evidence: none of the equal figures shares a
        content word with the summary's words around it, while another article figure shares
        at least ``MOVED_EVIDENCE`` of them. Paraphrase alone (no shared words anywhere)
        never flags, since human summaries reword freely.
        """
        def preference(candidate: Figure) -> tuple[int, bool]:
            return self._overlap(candidate, context), candidate.text == figure.text
        best = matches[0] if len(matches) == 1 else max(matches, key=preference)
        if not context or figure.kind == "ordinal" or (MOVED_DIGITS and not any(c.isdigit() for c in figure.text)):
            return best, None
        if not self._span[0] or self._overlap(best, context) > 0 or self._context is None:
            return best, None  # the words around an equal figure match: not moved
        article = self._context
        # The article sentence the summary's sentence was written from, if one stands out.
        index, score = article.best_sentence(sentence_stems(*self._span))
        if score < MOVED_ALIGN:
            return best, None
        starts = article.sentence_starts
        low = starts[max(0, index - MOVED_SPREAD)]
        high = starts[index + 1 + MOVED_SPREAD] if index + 1 + MOVED_SPREAD < len(starts) else len(self.article)
        if any(low <= m.start < high for m in matches):
            return best, None  # the value is there: not moved
        end = starts[index + 1] if index + 1 < len(starts) else len(self.article)
        for rival in self.numbers:
            if starts[index] <= rival.start < end and _rivals(figure, rival):
                return best, rival
        return best, None

    def _overlap(self, candidate: Figure, context: frozenset[str] | None) -> int:
        """How many content words the summary's context shares with an article figure's."""
        if not context:
            return 0
        if self._context is None:
            self._context = ArticleContext(self.article)
        around = self._context.stems(candidate.start, candidate.end)
        if candidate.noun:
            around |= {stem(candidate.noun)}
        return len(context & around)

    def _topic(self, candidate: Figure) -> str:
        """What an article figure counts, for an explanation: its noun or its words."""
        if candidate.noun:
            return repr(candidate.noun)
        start, end = max(0, candidate.start - 40), candidate.end + 40
        snippet = " ".join(self.article[start:end].split()[1:-1])
        return f"'...{snippet}...'"

    def _approximate(self, figure: Figure, value: float) -> tuple[Verdict, list[Figure], str] | None:
        if figure.kind in ("year", "ordinal") or value == 0:
            return None
        step = _precision(figure.text, value) if figure.high is None else 0.0
        for candidate in self.numbers:
            if candidate.kind in ("year", "ordinal") or _clash(figure, candidate):
                continue
            for bound in _bounds(candidate):
                if bound == 0:
                    continue
                ratio = value / bound
                hedge = figure.hedge
                # A hedge licenses a rounder number, not a different one: 'over 20' for 22,
                # never 'at least 14' for 16 (human annotators mark that as an error).
                rounder = step > _precision(candidate.text, bound)
                if hedge in _ABOVE:
                    near = rounder and 1 / 1.1 <= ratio <= 1
                elif hedge in _BELOW:
                    near = rounder and 1 <= ratio <= 1.1
                elif hedge:
                    near = rounder and abs(ratio - 1) <= 0.1
                elif figure.unit in _DURATIONS or candidate.unit in _DURATIONS:
                    near = False  # ages and spans are not rounded: '90-year-old' is not 94
                else:
                    near = abs(value - bound) <= step / 2 + 1e-9 and abs(ratio - 1) <= 0.1
                if near:
                    how = f"{hedge} " if hedge else "rounded "
                    return "approximate", [candidate], f"{how}{candidate.text}"
        return None

    def _derived(self, figure: Figure, value: float) -> tuple[Verdict, list[Figure], str] | None:
        # Small numbers are sums and differences of some pair in almost any article, so
        # deriving them proves nothing: 'two = 6 - 4' hid real errors in XSumFaith.
        if figure.kind not in _NUMERIC or figure.high is not None or (abs(value) < 100 and figure.unit is None):
            return None
        if figure.unit in _DURATIONS:  # ages and spans: '24-year-old = 14-year-old + ten-year'
            return None
        step = max(_precision(figure.text, value), abs(value) * 1e-9)
        pool: dict[tuple[float, str | None], _Operand] = {}
        for candidate in self.numbers:
            if candidate.kind in _NUMERIC:
                for bound in _bounds(candidate):
                    if bound > 0:
                        pool.setdefault((bound, candidate.unit), _Operand(bound, candidate))
        operands = list(pool.values())[:40]
        for i, a in enumerate(operands):
            for b in operands[i + 1:]:
                # Operands far apart in the article are unrelated figures, not a calculation.
                if abs(a.figure.start - b.figure.start) > DERIVED_SPAN:
                    continue
                for result, formula in _operations(a, b, figure):
                    if abs(result - value) <= step / 2 and abs(result - value) <= abs(value) * 0.01:
                        return "derived", [a.figure, b.figure], f"{figure.text} = {formula}"
        return None

    def _scale_hint(self, figure: Figure, value: float) -> str:
        """Name the scale when the digits match an article figure of another scale."""
        for candidate in self.numbers:
            for factor in (1e3, 1e6, 1e9, 1e-3, 1e-6, 1e-9):
                if _same(candidate.value * factor, value):
                    return f"scale differs from {candidate.text}"
        return ""

    def _score(self, path: str, figure: Figure) -> NumberCheck:
        """A score or a pair such as '3-1' is one fact: both numbers must occur together."""
        pair = sorted((figure.value, figure.high or 0.0))
        for candidate in self.numbers:
            if candidate.kind == "range" and sorted((candidate.value, candidate.high or 0.0)) == pair:
                return self._result(path, figure.text, figure.value, None, "supported", [candidate],
                                    f"as {candidate.text}", figure)
        return self._result(path, figure.text, figure.value, None, "unsupported", [],
                            "this pair of numbers is not in the article", figure)

    def _identifier(self, path: str, figure: Figure) -> NumberCheck:
        key = _ID_FOLD.sub("", figure.text).lower()
        for candidate in self.figures:
            if candidate.kind == "identifier" and _ID_FOLD.sub("", candidate.text).lower() == key:
                return self._result(path, figure.text, figure.value, None, "supported", [candidate],
                                    f"as {candidate.text}", figure)
        if key in self.folded or key in _COMMON_NAMES:
            return self._result(path, figure.text, figure.value, None, "supported", [],
                                "name occurs in the article", figure)
        quarter = _QUARTER.fullmatch(key)
        if quarter:  # 'Q3' and '3Q' for 'third quarter'
            number = int(quarter.group(1) or quarter.group(2))
            spelled = ("first", "second", "third", "fourth")[number - 1] + " quarter"
            if spelled in self.article.lower() or f"{number}q" in self.folded or f"q{number}" in self.folded:
                return self._result(path, figure.text, figure.value, None, "supported", [],
                                    f"as the {spelled}", figure)
        return self._result(path, figure.text, figure.value, None, "unsupported", [],
                            "name not in the article", figure)

    def _date(self, path: str, figure: Figure) -> NumberCheck:
        pool = self.times if figure.unit == "time" else self.dates
        parts = _split_date(figure.value) if figure.unit != "time" else (0, 0, 0)
        for candidate in pool:
            if figure.unit == "time":
                if candidate.value == figure.value:
                    return self._result(path, figure.text, figure.value, figure.unit, "supported",
                                        [candidate], f"as {candidate.text}", figure)
                continue
            if _date_covers(_split_date(candidate.value), parts, self.numbers):
                return self._result(path, figure.text, figure.value, figure.unit, "supported",
                                    [candidate], f"as {candidate.text}", figure)
        if figure.unit != "time" and parts[0] and not parts[1]:  # 'June 2020' with no day
            pass
        return self._result(path, figure.text, figure.value, figure.unit, "unsupported", [],
                            "date not in the article", figure)

    def _nearest(self, figure: Figure) -> list[Figure]:
        family = _family(figure)
        pool: dict[str, Figure] = {}
        for candidate in self.figures:
            if _family(candidate) == family:
                pool.setdefault(candidate.text, candidate)
        digits = _digits(figure.value)

        def distance(candidate: Figure) -> tuple[int, int, float]:
            # Same unit first, then the same significant digits ('$347 billion' is
            # nearest '$347 million'), then the closest magnitude.
            same_unit = 0 if candidate.unit == figure.unit else 1
            same_digits = 0 if _digits(candidate.value) == digits else 1
            a, b = abs(candidate.value) + 1, abs(figure.value) + 1
            return same_unit, same_digits, abs(math.log(a) - math.log(b))
        return sorted(pool.values(), key=distance)[:3]


# ---------------------------------------------------------------------------- helpers

def _family(figure: Figure) -> str:
    """Identifiers are compared with identifiers, dates with dates, numbers with numbers."""
    return figure.kind if figure.kind in ("identifier", "date") else "number"


def _rivals(figure: Figure, other: Figure) -> bool:
    """True when ``other`` could be the figure a moved ``figure`` replaced: a count for a
    count, a year for a year, an amount in the same unit."""
    if other.kind in ("date", "identifier", "ordinal") or _clash(figure, other):
        return False
    counts = ("cardinal", "quantity", "range")
    return other.kind == figure.kind or (figure.kind in counts and other.kind in counts)


def _digits(value: float) -> str:
    """The significant digits of a value: 347 for 347,000,000."""
    return f"{abs(value):.6e}".split("e")[0].rstrip("0").rstrip(".")


def _bounds(figure: Figure) -> tuple[float, ...]:
    return (figure.value,) if figure.high is None else (figure.value, figure.high)


def _same(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def _same_percent(figure: Figure, candidate: Figure, bound: float, value: float) -> bool:
    """'half' and '50%' state the same share."""
    if figure.kind == "fraction" and candidate.unit == "percent":
        return abs(value * 100 - bound) <= 0.5
    if candidate.kind == "fraction" and figure.unit == "percent":
        return abs(bound * 100 - value) <= 0.5
    return False


def _clash(figure: Figure, candidate: Figure) -> str:
    """Why two equal values are not the same figure, or '' when they are compatible."""
    a, b = figure.unit, candidate.unit
    for kind in ("ordinal", "multiplier"):  # 'two-year' is not 'second', '2-1' not 'twice'
        if (figure.kind == kind) != (candidate.kind == kind):
            return f"{candidate.text} is {'an' if kind == 'ordinal' else 'a'} {kind}"
    if a == "time" or b == "time":
        return "a clock time" if a != b else ""
    if a and b and a != b:
        if {a, b} == {"percent", "percentage point"}:
            return ""
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


def _precision(text: str, value: float) -> float:
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


class _Operand:
    """One value of an article figure (a range gives two) usable in arithmetic."""

    __slots__ = ("figure", "noun", "text", "unit", "value")

    def __init__(self, value: float, figure: Figure) -> None:
        self.value, self.figure, self.unit, self.noun = value, figure, figure.unit, figure.noun
        self.text = figure.text if figure.high is None else f"{value:,g}"


def _operations(a: _Operand, b: _Operand, figure: Figure) -> Iterator[tuple[float, str]]:
    """The simple results of two figures that a summary may state."""
    small, big = (a, b) if a.value <= b.value else (b, a)
    same_unit = a.unit == b.unit and not _clash(figure, a.figure) and not _clash(figure, b.figure)
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
    if figure.unit in ("percent", "percentage point") and alike:
        yield small.value / big.value * 100, f"{small.text} / {big.text} as a percentage"
        yield (big.value - small.value) / small.value * 100, f"change from {small.text} to {big.text}"
        yield (big.value - small.value) / big.value * 100, f"change from {big.text} to {small.text}"
        if a.unit in ("percent", "percentage point"):
            yield big.value - small.value, f"{big.text} - {small.text}"


def _split_date(value: float) -> tuple[int, int, int]:
    number = int(value)
    return number // 10000, number // 100 % 100, number % 100


def _date_parts(value: float) -> tuple[float, ...]:
    year, _, day = _split_date(value)
    return tuple(float(part) for part in (year, day) if part)


def _date_covers(article: tuple[int, int, int], summary: tuple[int, int, int], numbers: list[Figure]) -> bool:
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
