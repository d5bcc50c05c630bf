"""Checking every number of a summary against the article's figures (pure).

``check_numbers(summary, article)`` finds the figures of each summary field with
``summarize.figures.find_figures`` and gives each a verdict:

- ``supported``: an article figure has the same value after normalisation and a
  compatible unit, currency and scale (``5,000`` and ``5k``; ``12%`` and ``12 per cent``;
  ``6 km`` and ``6,000 metres``, converted within a dimension by ``summarize.figure_units``);
- ``approximate``: a hedged or rounded restatement (``about $350 million`` for
  ``$347 million``): within half a unit of the summary's last written digit and 10%, or
  within the direction and 20% of its hedge ("over", "nearly"); ages and spans of time
  are never rounded without a hedge;
- ``derived``: the sum, difference, ratio, share or percent change of two article figures
  stated within ``DERIVED_SPAN`` characters of each other (``7,500 = 5,000 + 2,500``);
  a sum or difference needs comparable terms, so ``94,524 = 94,526 - 2`` is not one;
- ``unsupported``: anything else, including the right digits with the wrong scale, unit
  or currency, and a value copied from another sentence (below).

A number "moved" from another sentence has the article's value but another meaning
(the article's 300 counts troops, the summary's 300 rounds). It is flagged only on
evidence, since summaries reword freely: none of the equal article figures shares a
content word with the summary's words around the number, the summary's sentence matches
one article sentence well (``MOVED_ALIGN``, words weighted by rarity), and that sentence
holds another figure of the same kind instead. See ``summarize.figure_context``.

A score or pair (``3-1``) must occur as a pair. Lower-cased forms of tokenised corpora are
read too: ``# 1m`` is £1m, ``63.4 m`` may be millions, ``march 21`` and ``highway 36``
are matched as text.

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

from summarize import grounding_rules as rules
from summarize import grounding_words as words
from summarize.figure_context import ArticleContext, context_stems, sentence_stems, stem
from summarize.figure_units import CONVERSION_TOLERANCE, convert
from summarize.figures import Figure, find_figures, parse_unit
from summarize.number_report import VERDICTS, NumberCheck, NumberReport, Verdict
from summarize.schema import ArticleSummary, KeyFigure

__all__ = ["NumberCheck", "NumberReport", "Verdict", "check_numbers"]

# Hedges that say the true value is above, below, or near the one written.
_ABOVE = frozenset({"over", "more than", "at least", "above", "upwards of", "in excess of",
                    "exceeding", "just over", "well over"})
_BELOW = frozenset({"nearly", "almost", "under", "less than", "fewer than", "up to", "below",
                    "at most", "just under", "close to", "as many as", "as much as"})
_NUMERIC = frozenset({"cardinal", "money", "percent", "quantity", "range", "multiplier", "fraction"})
_SKIPPED_WORDS = frozenset({"first", "second"})
# Shared content words that show a summary's number belongs to another article figure.
MOVED_ALIGN = 1.5
# An unhedged rounded number is within this share of the article's ('$350m' for $347m).
ROUNDING = 0.05
# Derived figures: operands at most this many characters apart.
DERIVED_SPAN = 600
# Names that carry a number but state no fact of the article.
_COMMON_NAMES = frozenset({"covid19", "g7", "g8", "g20", "4g", "5g", "3d", "mp3", "formula1", "f1"})
_QUARTER = re.compile(r"q([1-4])|([1-4])q")
# A score or a small pair written with a dash: '3-1', '6-3', '10 - 12'.
_SCORE = re.compile(r"\d{1,3}\s?[-\u2013]\s?\d{1,3}")
_FUNCTION_WORDS = frozenset(["", "and", "or", "the", "a", "an", "in", "on", "of", "at", "to", "by", "for",
                             "from", "with", "since", "until", "than", "about", "over", "under"])
_AGE_BEFORE = re.compile(r"\b(?:aged|age of)\s+\Z", re.IGNORECASE)
_SPACED_M = re.compile(r"\s?m\b")  # '63.4 m' in tokenised text: metres or millions
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
            word = figure.text.lower()
            if word == "one":
                name = words.name_with_one(figure, text, index.lowered)
                if name is not None:
                    checks.append(index.named(path, figure, *name))
                    continue
                if not words.checked_one(figure, text):
                    continue
            elif word in _SKIPPED_WORDS:
                continue
            checks.append(index.check(path, figure, text))
        checks.extend(index.vague(path, vague) for vague in words.vague_magnitudes(text))
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


_UNIT_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6,
                "billion": 1e9, "billions": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12}


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

    def check(self, path: str, figure: Figure, text: str = "", *, retry: bool = True) -> NumberCheck:
        """The verdict on one figure found in the summary field ``text``."""
        if figure.kind == "identifier":
            return self._identifier(path, figure)
        if figure.kind == "date":
            return self._date(path, figure)
        if figure.kind == "range" and figure.unit is None and _SCORE.fullmatch(figure.text):
            return self._score(path, figure)
        if figure.high is not None:
            other = self._other_range(figure)
            if other is not None:  # '1 to 11 years' where the article says '1 to 15 years'
                return self._result(path, figure.text, figure.value, figure.unit, "unsupported", [],
                                    f"the article's range is {other.text}", figure)
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
            before = _WORD_BEFORE.search(text, max(0, figure.start - 30), figure.start)
            word = before.group(1).lower() if before else ""
            if word not in _FUNCTION_WORDS and f"{word} {figure.text}".lower() in self.lowered:
                return self._result(path, figure.text, figure.value, None, "supported", [],
                                    f"'{word} {figure.text}' occurs in the article", figure)
        metres = figure.unit == "m" and figure.kind in ("quantity", "range")
        spaced_m = figure.kind == "cardinal" and _SPACED_M.match(text, figure.end) is not None
        if retry and worst[0] == "unsupported" and (spaced_m or metres):
            # 'm' after a number is metres or million ('# 1m bill', '63.4 m people').
            million = figure.model_copy(update={"value": figure.value * 1e6, "unit": None, "kind": "cardinal",
                                                "high": None if figure.high is None else figure.high * 1e6})
            again = self.check(path, million, text, retry=False)
            if again.verdict != "unsupported":
                return again.model_copy(update={"text": figure.text})
        return self._result(path, figure.text, figure.value, figure.unit, worst[0], sources, worst[1], figure)

    def named(self, path: str, figure: Figure, name: str, stated: bool) -> NumberCheck:
        """A name that holds a number ('League One'): the article must state it."""
        verdict: Verdict = "supported" if stated else "unsupported"
        why = "name occurs in the article" if stated else f"'{name}' is not in the article"
        return self._result(path, name, figure.value, None, verdict, [], why, figure)

    def vague(self, path: str, vague: words.VagueMagnitude) -> NumberCheck:
        """'hundreds of': the article must give the same word or a figure of that size."""
        support = words.vague_support(vague, self.lowered, self.numbers)
        if support is None:
            return NumberCheck(path=path, text=vague.text, value=vague.low, unit=None, verdict="unsupported",
                               sources=[], explanation=f"no figure of {vague.text.lower()} in the article",
                               nearest=[])
        sources, why = ([support], f"as {support.text}") if isinstance(support, Figure) else ([], f"as '{support}'")
        return NumberCheck(path=path, text=vague.text, value=vague.low, unit=None, verdict="supported",
                           sources=sources, explanation=why, nearest=[])

    def check_value(self, path: str, key_figure: KeyFigure) -> NumberCheck:
        """The verdict on a ``KeyFigure.value``, its free-text unit read leniently."""
        unit = parse_unit(key_figure.unit)
        text = f"{key_figure.value:g}" + (f" {key_figure.unit}" if key_figure.unit else "")
        # A scale word in the unit ('million USD') is part of the value: 347 of them.
        scale = next((_UNIT_SCALES[w] for w in (key_figure.unit or "").lower().split() if w in _UNIT_SCALES), 1.0)
        value = key_figure.value * scale
        probe = Figure(start=0, end=len(text), text=text, value=value,
                       kind="money" if unit and unit.isupper() and len(unit) == 3 else "cardinal",
                       unit=unit)
        # No context check here: ``measures`` is free text, and the quote and the summary's
        # own sentences are checked with their context.
        verdict, found, why = self._number(probe, value, exact_only=True)
        if verdict == "unsupported":
            for date in self.dates:  # a date's day or year given as the value
                if key_figure.value in rules.date_parts(date.value):
                    verdict, found, why = "supported", [date], f"part of {date.text}"
                    break
        return self._result(path, text, value, unit, verdict, found, why, probe)

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
            for bound in rules.bounds(candidate):
                if rules.same(bound, value) or rules.same_percent(figure, candidate, bound, value):
                    why = rules.clash(figure, candidate)
                    if why:
                        mismatch = mismatch or why
                    else:
                        matches.append(candidate)
                    break
                if (figure.unit and candidate.unit and figure.unit != candidate.unit
                        and self._converts(figure, value, candidate, bound)):
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
                if value in rules.date_parts(date.value):
                    return "supported", [date], f"part of {date.text}"
        if not exact_only:
            close = self._approximate(figure, value)
            if close:
                return close
            derived = self._derived(figure, value)
            if derived:
                return derived
        return "unsupported", [], mismatch or self._scale_hint(figure, value) or "not in the article"

    @staticmethod
    def _converts(figure: Figure, value: float, candidate: Figure, bound: float) -> bool:
        """True when ``candidate`` in its unit, converted, gives the summary's number as
        written: rounded no finer than the article's own precision allows."""
        if figure.unit is None or candidate.unit is None:
            return False
        converted = convert(bound, candidate.unit, figure.unit)
        if converted is None:
            return False
        step = rules.precision(figure.text, value)
        article_step = convert(rules.precision(candidate.text, bound), candidate.unit, figure.unit)
        if article_step is not None and step < article_step / 2:
            return False  # '9061m' cannot come from '9km'
        return abs(value - converted) <= max(step / 2, CONVERSION_TOLERANCE * abs(value))

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
        if not context or figure.kind == "ordinal" or figure.unit == "decade":
            return best, None
        if not self._span[0] or self._overlap(best, context) > 0 or self._context is None:
            return best, None  # the words around an equal figure match: not moved
        article = self._context
        # The article sentence the summary's sentence was written from, if one stands out.
        index, score = article.best_sentence(sentence_stems(*self._span))
        if score < MOVED_ALIGN:
            return best, None
        starts = article.sentence_starts
        low = starts[index]
        high = starts[index + 1] if index + 1 < len(starts) else len(self.article)
        if any(low <= m.start < high for m in matches):
            return best, None  # the value is there: not moved
        end = starts[index + 1] if index + 1 < len(starts) else len(self.article)
        for rival in self.numbers:
            if starts[index] <= rival.start < end and rules.rivals(figure, rival):
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
        step = rules.precision(figure.text, value) if figure.high is None else 0.0
        for candidate in self.numbers:
            if candidate.kind in ("year", "ordinal") or rules.clash(figure, candidate):
                continue
            if rules.spoken_share(figure, candidate, value):
                return "approximate", [candidate], f"a share in words for {candidate.text}"
            for bound in rules.bounds(candidate):
                if bound == 0:
                    continue
                ratio = value / bound
                hedge = figure.hedge
                # A hedge licenses a rounder number, not a different one: 'over 20' for 22,
                # never 'at least 14' for 16 (human annotators mark that as an error).
                rounder = step > rules.precision(candidate.text, bound)
                if hedge in _ABOVE:
                    near = rounder and 1 / 1.1 <= ratio <= 1
                elif hedge in _BELOW:
                    near = rounder and 1 <= ratio <= 1.1
                elif hedge:
                    near = rounder and abs(ratio - 1) <= 0.1
                elif figure.unit in rules.DURATIONS or candidate.unit in rules.DURATIONS or self._age(figure):
                    near = False  # ages and spans are not rounded: '90-year-old' is not 94
                else:
                    near = abs(value - bound) <= step / 2 + 1e-9 and abs(ratio - 1) <= ROUNDING
                if near:
                    how = f"{hedge} " if hedge else "rounded "
                    return "approximate", [candidate], f"{how}{candidate.text}"
        return None

    def _derived(self, figure: Figure, value: float) -> tuple[Verdict, list[Figure], str] | None:
        # Small numbers are sums and differences of some pair in almost any article, so
        # deriving them proves nothing: 'two = 6 - 4' hid real errors in XSumFaith.
        if figure.kind not in _NUMERIC or figure.high is not None or (abs(value) < 100 and figure.unit is None):
            return None
        if figure.unit in rules.DURATIONS:  # ages and spans: '24-year-old = 14-year-old + ten-year'
            return None
        step = max(rules.precision(figure.text, value), abs(value) * 1e-9)
        pool: dict[tuple[float, str | None], rules.Operand] = {}
        for candidate in self.numbers:
            if candidate.kind in _NUMERIC:
                for bound in rules.bounds(candidate):
                    if bound > 0:
                        pool.setdefault((bound, candidate.unit), rules.Operand(bound, candidate))
        operands = list(pool.values())[:40]
        for i, a in enumerate(operands):
            for b in operands[i + 1:]:
                # Operands far apart in the article are unrelated figures, not a calculation.
                if abs(a.figure.start - b.figure.start) > DERIVED_SPAN:
                    continue
                for result, formula in rules.operations(a, b, figure):
                    # a hedge keeps its direction: 'more than 100' is not 123 - 24
                    if (figure.hedge in _ABOVE and result < value) or (figure.hedge in _BELOW and result > value):
                        continue
                    if abs(result - value) <= step / 2 and abs(result - value) <= abs(value) * 0.01:
                        return "derived", [a.figure, b.figure], f"{figure.text} = {formula}"
        return None

    def _age(self, figure: Figure) -> bool:
        """True when the summary gives the figure as an age: 'aged 100', 'at the age of 100'."""
        text, start, end = self._span
        return (start, end) == (figure.start, figure.end) and bool(_AGE_BEFORE.search(text, max(0, start - 12), start))

    def _scale_hint(self, figure: Figure, value: float) -> str:
        """Name the scale when the digits match an article figure of another scale."""
        for candidate in self.numbers:
            for factor in (1e3, 1e6, 1e9, 1e-3, 1e-6, 1e-9):
                if rules.same(candidate.value * factor, value):
                    return f"scale differs from {candidate.text}"
        return ""

    def _other_range(self, figure: Figure) -> Figure | None:
        """An article range sharing one bound with the summary's range but not the other,
        when no article range has both: the summary changed a bound."""
        pair = {figure.value, figure.high}
        half: Figure | None = None
        for candidate in self.numbers:
            if candidate.high is None or rules.clash(figure, candidate) or _SCORE.fullmatch(candidate.text):
                continue
            shared = pair & {candidate.value, candidate.high}
            if shared == pair or len(pair) == 1:
                return None
            if shared and half is None:
                half = candidate
        return half

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
        parts = rules.split_date(figure.value) if figure.unit != "time" else (0, 0, 0)
        for candidate in pool:
            if figure.unit == "time":
                if candidate.value == figure.value:
                    return self._result(path, figure.text, figure.value, figure.unit, "supported",
                                        [candidate], f"as {candidate.text}", figure)
                continue
            if rules.date_covers(rules.split_date(candidate.value), parts, self.numbers):
                return self._result(path, figure.text, figure.value, figure.unit, "supported",
                                    [candidate], f"as {candidate.text}", figure)
        if figure.unit != "time" and parts[0] and not parts[1]:  # 'June 2020' with no day
            pass
        return self._result(path, figure.text, figure.value, figure.unit, "unsupported", [],
                            "date not in the article", figure)

    def _nearest(self, figure: Figure) -> list[Figure]:
        family = rules.family(figure)
        pool: dict[str, Figure] = {}
        for candidate in self.figures:
            if rules.family(candidate) == family:
                pool.setdefault(candidate.text, candidate)
        digits = rules.digits(figure.value)

        def distance(candidate: Figure) -> tuple[int, int, float]:
            # Same unit first, then the same significant digits ('$347 billion' is
            # nearest '$347 million'), then the closest magnitude.
            same_unit = 0 if candidate.unit == figure.unit else 1
            same_digits = 0 if rules.digits(candidate.value) == digits else 1
            a, b = abs(candidate.value) + 1, abs(figure.value) + 1
            return same_unit, same_digits, abs(math.log(a) - math.log(b))
        return sorted(pool.values(), key=distance)[:3]
