"""The draft figure, and reading what is written around a number (pure).

A scanner match gives a number; what surrounds it decides what it counts. Before the
number: a currency symbol or code, a minus sign and a hedge ("nearly", "up to"). After
it: a scale ("million", "bn", "k"), a percent sign, a currency, a unit or a counted noun,
and "below zero". The patterns are in ``summarize.figure_patterns``, the words they map
to in ``summarize.figure_tables``.

``Draft`` is mutable so that the readers and the range joiner of ``summarize.figures``
can adjust a figure in place; it becomes a frozen ``Figure`` at the end.
"""

from __future__ import annotations

import re
from typing import Final

from summarize.figure_patterns import (
    ANY_AFTER,
    CODE_AFTER,
    CURRENCY_WORD_AFTER,
    NOUN_AFTER,
    PERCENT_AFTER,
    PREFIX_CURRENCY,
    SCALE_AFTER,
    SYMBOL_AFTER,
    UNIT_AFTER,
)
from summarize.figure_tables import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    HEDGES,
    ISO_CODES,
    NOT_NOUNS,
    SCALE_SUFFIX,
    UNITS,
    UNITS_CASED,
    FigureKind,
)

__all__ = ["FACTOR_STARTS", "Draft", "below_zero", "era", "factor", "moment", "prefixes", "suffixes"]


class Draft:
    """A figure being assembled; turned into a frozen ``Figure`` at the end."""

    __slots__ = ("end", "hedge", "high", "kind", "noun", "raw", "scaled", "start", "unit", "value")

    def __init__(self, start: int, end: int, value: float, kind: FigureKind, unit: str | None = None) -> None:
        self.start, self.end, self.value, self.kind, self.unit = start, end, value, kind, unit
        self.high: float | None = None
        self.noun: str | None = None
        self.hedge: str | None = None
        self.scaled = False
        self.raw = value


# The last character of each currency of PREFIX_CURRENCY: a symbol, 'Rs' or 'Rs.', '#',
# or the capital that ends a code.
_SYMBOL_ENDS: Final = frozenset("$£€¥₹₩₽₦₺₴₱₪฿s.#")
# The last words of the hedges: no other word can end one, so the joins are skipped.
_HEDGE_ENDS: Final = frozenset(hedge.split()[-1] for hedge in HEDGES)
# The words that change a figure when they end the words before it.
_LAST_WORDS: Final = _HEDGE_ENDS | {"minus", "negative"}
# A dash after a number and a space: the dash of a range ('around 2 -7 g').
_RANGE_DASH: Final = re.compile(r"\d\s[-−]\Z")
# A temperature given below zero: '2 below zero', '5 degrees below zero' are negative.
_BELOW_ZERO: Final = re.compile(r"\s+(?:degrees?\s+)?below\s+(?:zero|freezing)\b", re.IGNORECASE)
# An era after a year, '500 BC', '2140BC', '3000 B.C.', '79 AD', or 'AD' before it, 'AD 79'
# (capitals only: 'ad' and 'ce' are words).
_ERA_AFTER: Final = re.compile(r"\s?(?:(?P<bc>BCE?|B\.C\.(?:E\.)?)|AD|A\.D\.|CE|C\.E\.)(?![A-Za-z])")
_ERA_BEFORE: Final = re.compile(r"(?:AD|A\.D\.)\s\Z")
_MOMENT_AFTER: Final = re.compile(r"[\s-]?(?P<u>minute|min|round|birthday|anniversary)\b", re.IGNORECASE)


def prefixes(text: str, draft: Draft) -> None:
    """Read a currency, a minus sign and a hedge written before the figure."""
    before = text[max(0, draft.start - 10):draft.start]
    if before:
        tail = before.rstrip()
        last = tail[-1:]  # mostly a letter or a digit: no need to strip more
        if last == "s" or last == ".":  # the only currency ending so is 'Rs' ('was 5', 'Rs 5')
            may_be_currency = tail.endswith(("Rs", "Rs."))
        elif last and last not in "-−:":
            may_be_currency = last in _SYMBOL_ENDS or "A" <= last <= "Z"
        else:
            may_be_currency = _may_end_in_currency(before)
        currency = PREFIX_CURRENCY.search(before) if may_be_currency else None
        if currency and (currency.group("sym") or currency.group("code") in ISO_CODES):
            symbol = currency.group("sym")
            draft.unit = CURRENCY_SYMBOLS[symbol] if symbol else currency.group("code")
            draft.kind = "money"
            if currency.group().rstrip().endswith(("-", "−")):
                draft.value = -draft.value
            draft.start -= len(currency.group())
        elif before[-1] in "-−" and (len(before) < 2 or not (before[-2].isalnum() or before[-2] in ",.%")) \
                and not _RANGE_DASH.search(before):  # '2 -7 g' is a range, not minus seven
            draft.value = -draft.value
            draft.start -= 1
    window = text[max(0, draft.start - 24):draft.start]
    last_word = window.rsplit(None, 1)[-1:]
    if last_word and last_word[0].lower() in _LAST_WORDS:  # else no word before it counts
        words = window.lower().split()
        if words and words[-1] in ("minus", "negative"):
            draft.value = -draft.value
            words = words[:-1]
        for size in (3, 2, 1) if words and words[-1] in _HEDGE_ENDS else ():
            if len(words) >= size and " ".join(words[-size:]) in HEDGES:
                draft.hedge = " ".join(words[-size:])
                return
    if window[-1:] == "~":
        draft.hedge = "~"


def _may_end_in_currency(before: str) -> bool:
    """False when PREFIX_CURRENCY cannot match ``before``, told without the regex search
    (tried at each of ten positions, it cost more than the rest of ``prefixes``): once the
    space, colon and minus it allows at the end are stripped, a symbol or code must end."""
    tail = before.rstrip().rstrip("-−").rstrip().rstrip(":").rstrip()
    return bool(tail) and (tail[-1] in _SYMBOL_ENDS or "A" <= tail[-1] <= "Z")


def below_zero(text: str, draft: Draft) -> None:
    """'2 below zero' and '5 degrees below zero' are negative temperatures."""
    below = _BELOW_ZERO.match(text, draft.end)
    if below and draft.kind in ("cardinal", "quantity") and draft.value > 0:
        draft.value = -draft.value
        draft.kind, draft.unit, draft.end = "quantity", draft.unit or "degree", below.end()


def moment(text: str, end: int) -> str | None:
    """The unit of an ordinal that names a moment: of a match, 'the 78th minute' ('minute') or
    'the eighth round' ('round'), the same moment as a report's 'Austin 78' or '8 rounds';
    or of years, 'her 90th birthday' ('birthday') when she 'turns 90', 'the 500th
    anniversary' ('anniversary') of something '500 years' old."""
    after = _MOMENT_AFTER.match(text, end)
    if after is None:
        return None
    unit = after.group("u").lower()
    return "minute" if unit == "min" else unit


_FOLD_AFTER: Final = re.compile(r"[\s-]?fold\b", re.IGNORECASE)
# 'three times as many', 'five times more likely', 'ten times the size': a factor.
_TIMES_AFTER: Final = re.compile(r"\s+times\s+(?:as|more|less|larger|bigger|higher|greater|faster|smaller|lower|"
                          r"the|that|what|over)\b", re.IGNORECASE)


# What a factor starts with after its number; callers test it before calling ``factor``.
FACTOR_STARTS: Final = ("-fold", "fold", " fold", " times ")


def factor(text: str, draft: Draft) -> None:
    """A count that multiplies is a factor: '10-fold', 'three times as many' (but 'arrested
    three times' is a count)."""
    if draft.kind != "cardinal" or draft.unit is not None or draft.scaled:
        return
    end = draft.end
    if text.startswith(("-fold", "fold", " fold"), end):
        fold = _FOLD_AFTER.match(text, end)
        if fold is not None:
            draft.kind, draft.end, draft.noun = "multiplier", fold.end(), None
    elif text.startswith(" times ", end) and _TIMES_AFTER.match(text, end):
        draft.kind, draft.end = "multiplier", end + len(" times")


def era(text: str, draft: Draft) -> None:
    """A whole number with an era is a year: '500 BC' is the year -500, '79 AD' and 'AD 79' 79."""
    if draft.kind != "cardinal" or draft.unit is not None or draft.scaled or not draft.value.is_integer():
        return
    # Capitals tested first: the searches cost more than the rest of a plain number's reading.
    ahead = text[draft.end:draft.end + 2]
    after = _ERA_AFTER.match(text, draft.end) if "B" in ahead or "A" in ahead or "C" in ahead else None
    if after is not None:
        draft.kind, draft.end = "year", after.end()
        if after.group("bc"):
            draft.value = -draft.value
    else:
        before = max(0, draft.start - 5)
        if "D" in text[before:draft.start] and _ERA_BEFORE.search(text, before, draft.start):
            draft.kind = "year"


def suffixes(text: str, draft: Draft, *, allow_scale: bool) -> None:
    """Read a scale, a percent sign, a currency, a unit or a counted noun after the figure."""
    if draft.kind == "cardinal" and draft.unit is None:
        # Every pattern applies (a plain number): one match of them all tells which one
        # ``_suffixes_in_turn`` would take, all those before it having failed.
        after = ANY_AFTER.match(text, draft.end)
        if after is None:
            return
        which = after.lastgroup
        if which == "percent_after":
            _percent(draft, after)
            return
        if which == "symbol_after":
            draft.kind, draft.unit, draft.end = "money", CURRENCY_SYMBOLS[after.group("sym")], after.end()
            return
        if which == "unit_after":
            _unit(draft, after)
            return
        if which == "noun_after":
            _noun(draft, after)
            return
        if which == "scale_after":  # read on from the scale
            _suffixes_in_turn(text, draft, allow_scale=allow_scale, scale=after)
            return
        # A code or a currency word, which the tests of ``_suffixes_in_turn`` may turn down.
    _suffixes_in_turn(text, draft, allow_scale=allow_scale)


# Counted nouns whose plural has no s: '1m people' is a million, like '90m rounds'.
_PLURALS_WITHOUT_S: Final = frozenset({"people", "children", "men", "women", "staff", "police", "personnel",
                                       "cattle", "sheep", "livestock"})


def _suffixes_in_turn(text: str, draft: Draft, *, allow_scale: bool, scale: re.Match[str] | None = None) -> None:
    """``suffixes``, trying each pattern in turn; ``scale`` is the match of SCALE_AFTER
    when it is known already."""
    pos = draft.end
    if allow_scale:
        scale = scale or SCALE_AFTER.match(text, pos)
        if scale:
            word = scale.group("scale")
            spaced = bool(scale.group("sp"))
            short = word in ("m", "b", "B", "T", "t") or (spaced and len(word) <= 2 and word.lower() != "bn")
            if short and word == "m" and not spaced and draft.unit is None:
                # '90m rounds' is millions, '100m race' metres: a plural count noun decides.
                noun = NOUN_AFTER.match(text, scale.end())
                n1 = noun.group("n1") if noun else ""
                after = text[noun.end("n1"):noun.end("n1") + 1] if noun else ""
                plural = (n1.endswith("s") or n1 in _PLURALS_WITHOUT_S) and not (  # not "100m men's final"
                    n1.endswith("'s") or after in ("'", "’"))
                short = not (plural and n1 not in NOT_NOUNS)
            if short and CURRENCY_WORD_AFTER.match(text, scale.end()):
                short = False  # '13.5 m euros': a currency word makes 'm' a million
            if not short or draft.unit is not None:
                draft.value *= SCALE_SUFFIX[word.lower()]
                draft.scaled = True
                draft.end = pos = scale.end()
    percent = PERCENT_AFTER.match(text, pos)
    if percent and draft.kind == "cardinal":
        _percent(draft, percent)
        return
    if draft.unit is None:
        code = CODE_AFTER.match(text, pos)
        if code and code.group("code") in ISO_CODES:
            draft.kind, draft.unit, draft.end = "money", code.group("code"), code.end()
            return
        symbol = SYMBOL_AFTER.match(text, pos)
        if symbol:
            draft.kind, draft.unit, draft.end = "money", CURRENCY_SYMBOLS[symbol.group("sym")], symbol.end()
            return
        word = CURRENCY_WORD_AFTER.match(text, pos)
        if word:
            iso, divisor = CURRENCY_WORDS[word.group("cw").lower()]
            if not (word.group("cw").lower() == "p" and draft.scaled):
                draft.kind, draft.unit, draft.end = "money", iso, word.end()
                draft.value /= divisor
                return
    if draft.kind == "money":
        return
    unit = UNIT_AFTER.match(text, pos)
    if unit:
        _unit(draft, unit)
        return
    noun = NOUN_AFTER.match(text, pos)
    if noun:
        _noun(draft, noun)


def _percent(draft: Draft, percent: re.Match[str]) -> None:
    draft.kind, draft.unit = "percent", "percent" if percent.group("pct") else "percentage point"
    draft.end = percent.end()


def _unit(draft: Draft, unit: re.Match[str]) -> None:
    if unit.group("age"):
        canonical = "year"
    elif unit.group("cased"):
        canonical = UNITS_CASED[unit.group("cased").lstrip()]
    else:
        canonical = UNITS[unit.group("u").lower()]
    draft.kind, draft.unit, draft.end = "quantity", canonical, unit.end()


def _noun(draft: Draft, noun: re.Match[str]) -> None:
    first, second = noun.group("n1"), noun.group("n2")
    if first not in NOT_NOUNS and not first.endswith(("ed", "ly")):
        # The second word heads a compound ('seven fuel stations') unless the first is a plural
        # already ('30 players' is whole) or one thing is counted: 'one officer says'.
        plain_second = (second and second not in NOT_NOUNS and draft.value != 1
                        and (not first.endswith("s") or first.endswith("ous")))  # '64 previous convictions'
        draft.noun = second if plain_second else first
