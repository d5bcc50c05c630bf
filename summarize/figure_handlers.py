"""Turning one scanner match into draft figures: value, kind, and what surrounds it.

Each handler reads one alternative of the scans in ``summarize.figure_patterns``; the
affix readers add a currency, sign and hedge before the number and a scale, percent,
currency, unit or counted noun after it.
"""

from __future__ import annotations

import re

from summarize.figure_patterns import (
    CODE_AFTER,
    CURRENCY_WORD_AFTER,
    DIGIT_SCAN,
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
    MONTHS,
    MULTIPLIERS,
    NOT_NOUNS,
    PRONOUN_ONE_BEFORE,
    SCALE_SUFFIX,
    UNIT_WORDS,
    UNITS,
    UNITS_CASED,
    FigureKind,
)
from summarize.number_words import parse_words


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


def _date(text: str, match: re.Match[str]) -> list[Draft]:
    s = match.group()
    kind = match.lastgroup
    year = month = day = 0
    if kind == "iso":
        year, month, day = int(s[:4]), int(s[5:7]), int(s[8:10])
    elif kind == "slash":
        a, b, c = s.split("/")
        month, day, year = int(a), int(b), int(c)
        if month > 12:
            month, day = day, month
        if year < 100:
            year += 2000 if year < 50 else 1900
    else:
        words = re.findall(r"[A-Za-z]+|\d+", s)
        for word in words:
            if word.isdigit():
                if len(word) == 4:
                    year = int(word)
                else:
                    day = int(word)
            elif word[:3].lower() in MONTHS and not month:
                month = MONTHS[word[:3].lower()]
    if day > 31 or month > 12:
        return []
    return [Draft(match.start(), match.end(), year * 10000 + month * 100 + day, "date")]


def _time(text: str, match: re.Match[str]) -> list[Draft]:
    s = match.group().lower()
    digits = re.findall(r"\d+", s)
    hour, minute = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
    if "p" in s and hour < 12:
        hour += 12
    if hour > 24 or minute > 59:
        return []
    return [Draft(match.start(), match.end(), hour * 100 + minute, "date", "time")]


def _ident(text: str, match: re.Match[str]) -> list[Draft]:
    s = match.group()
    code = re.match(r"[A-Z]{3}(?=\d)", s)
    if code and code.group() in ISO_CODES:  # UAH3.04 is money, not a name
        amount = DIGIT_SCAN.match(text, match.start() + 3)
        if amount is not None and amount.lastgroup == "num":
            return _number(text, amount)
    digits = re.search(r"\d+", s)
    value = float(digits.group()) if digits else 0.0
    return [Draft(match.start(), match.end(), value, "identifier")]


def _decade(text: str, match: re.Match[str]) -> list[Draft]:
    s = match.group().strip("'s")
    value = int(s)
    if len(s) == 4 and value % 10 == 0:
        return [Draft(match.start(), match.end(), value, "year", "decade")]
    if len(s) == 2 and value % 10 == 0:
        if text[max(0, match.start() - 1):match.start()] in ("'", "’"):  # the '90s
            return [Draft(match.start() - 1, match.end(), 1900 + value, "year", "decade")]
        return [Draft(match.start(), match.end(), value, "cardinal", "decade")]
    return [Draft(match.start(), match.start() + len(match.group().rstrip("'s")), value, "cardinal")]


_UNICODE_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}


def _fraction(text: str, match: re.Match[str]) -> list[Draft]:
    s = match.group()
    unicode = _UNICODE_FRACTIONS
    if s in unicode:
        draft = Draft(match.start(), match.end(), unicode[s], "fraction")
    elif s[-1] in unicode:  # 2½
        draft = Draft(match.start(), match.end(), float(s[:-1]) + unicode[s[-1]], "fraction")
    else:
        whole = 0.0
        if " " in s:
            head, s = s.split(" ", 1)
            whole = float(head)
        num, den = s.split("/")
        if float(den) == 0:
            return []
        draft = Draft(match.start(), match.end(), whole + float(num) / float(den), "fraction")
    _prefixes(text, draft)
    _suffixes(text, draft, allow_scale=False)
    if draft.unit is not None:
        draft.kind = "quantity"
    return [draft]


def _scientific(text: str, match: re.Match[str]) -> list[Draft]:
    """4e14, 2.48×10−5, 3x10^8: a mantissa times a power of ten."""
    s = match.group().replace("−", "-").replace(" ", "")
    mantissa, exponent = re.split(r"[eE]|[×x]10(?:\^|\*\*)?", s)
    draft = Draft(match.start(), match.end(), float(mantissa) * 10.0 ** int(exponent), "cardinal")
    _prefixes(text, draft)
    _suffixes(text, draft, allow_scale=False)
    return [draft]


def _ordinal(text: str, match: re.Match[str]) -> list[Draft]:
    return [Draft(match.start(), match.end(), float(match.group()[:-2]), "ordinal")]


# After 'twice', the words that make it a factor ('twice as many', 'twice the limit');
# otherwise it counts occurrences ('scored twice', 'twice fled').
_COMPARISON_AFTER = re.compile(
    r"\s+(?:as|the|that|a|an|its|his|her|their|our|this|what|how|more|less|\d)\b", re.IGNORECASE
)


def multiplier_drafts(text: str, match: re.Match[str]) -> list[Draft]:
    s = match.group().lower()
    if s in MULTIPLIERS:
        value = MULTIPLIERS[s]
    else:
        head = re.split(r"[\s-]?fold", s)[0]
        value = float(head) if head.isdigit() else float(UNIT_WORDS[head])
    if s in ("twice", "thrice") and not _COMPARISON_AFTER.match(text, match.end()):
        return [Draft(match.start(), match.end(), value, "cardinal")]  # 'scored twice': a count
    return [Draft(match.start(), match.end(), value, "multiplier")]


def _number(text: str, match: re.Match[str], start: int | None = None) -> list[Draft]:
    start = match.start() if start is None else start
    if start > 0 and text[start - 1] == "." and "." not in match.group() and not text[start - 2:start - 1].isalnum():
        start -= 1  # .08
    s = text[start:match.end()]
    value = float(re.sub(r"[,\u00a0\u2009\u202f]", "", s))
    draft = Draft(start, match.end(), value, "cardinal")
    _prefixes(text, draft)
    _suffixes(text, draft, allow_scale=True)
    _below_zero(text, draft)
    if (draft.kind == "cardinal" and not draft.scaled and 1000 <= value <= 2100
            and len(s) == 4 and (draft.noun is None or not draft.noun.endswith("s"))):
        draft.kind = "year"
    return [draft]


_A_BEFORE = re.compile(r"\b[Aa]n?\s+\Z")
_OF_AFTER = re.compile(r"\s+of\b")
_WORD_AFTER = re.compile(r"\s+[A-Za-z]")
_VAGUE_BEFORE = re.compile(r"\b(?:several|few|many)\s+\Z", re.IGNORECASE)
_BARE_SCALES = frozenset(["hundred", "thousand", "million", "billion"])
_HALF_OF_MATCH = re.compile(r"(?:first|second|each|either)[\s-]\Z", re.IGNORECASE)
_HALF_TIME = re.compile(r"[\s-]?time\b", re.IGNORECASE)


def word_drafts(text: str, match: re.Match[str]) -> list[Draft]:
    drafts = []
    for start, end, value, kind in parse_words(text, match.start(), match.group()):
        if kind == "cardinal" and value == 1 and end - start == 3 and _pronoun_one(text, start, end):
            continue
        if _VAGUE_BEFORE.search(text, max(0, start - 12), start) and text[start:end].lower() in _BARE_SCALES:
            continue  # 'several hundred', 'a few thousand': no figure to check
        if text[start:end].lower() == "half" and (
            _HALF_OF_MATCH.search(text, max(0, start - 8), start) or _HALF_TIME.match(text, end)
        ):
            continue  # 'first-half display', 'half-time': a part of a match
        if text[start:end].lower().endswith("quarter") and text[end:end + 1] == "-":
            continue  # 'a quarter-final', 'a quarter-mile': a compound, not a share
        if kind == "ordinal" and value >= 4:
            article = _A_BEFORE.search(text, max(0, start - 4), start)
            if article and (_OF_AFTER.match(text, end) or (value >= 100 and not _WORD_AFTER.match(text, end))):
                # 'a fifth of voters', 'a hundredth of a second': a share, not a position
                start, value, kind = article.start(), 1 / value, "fraction"
        draft = Draft(start, end, value, kind)
        _prefixes(text, draft)
        if kind in ("cardinal", "fraction"):
            _suffixes(text, draft, allow_scale=kind == "cardinal")
            _below_zero(text, draft)
        drafts.append(draft)
    return drafts


def _pronoun_one(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12):start].split()
    after = text[end:end + 9].lower()
    return bool(
        (before and before[-1].lower().lstrip("\"'“‘(") in PRONOUN_ONE_BEFORE)
        or after.startswith((" of ", " another", "-on-one", " by one", "'s ", " or two"))
    )


HANDLERS = {
    "iso": _date, "mdy": _date, "my": _date, "dmy": _date, "slash": _date, "time": _time,
    "ident": _ident, "decade": _decade, "mixed": _fraction, "frac": _fraction, "sci": _scientific,
    "ord": _ordinal, "num": _number, "mult": multiplier_drafts, "words": word_drafts,
}

# A dash after a number and a space: the dash of a range ('around 2 -7 g').
_RANGE_DASH = re.compile(r"\d\s[-−]\Z")
# A temperature given below zero: '2 below zero', '5 degrees below zero' are negative.
_BELOW_ZERO = re.compile(r"\s+(?:degrees?\s+)?below\s+(?:zero|freezing)\b", re.IGNORECASE)


def _prefixes(text: str, draft: Draft) -> None:
    """Read a currency, a minus sign and a hedge written before the figure."""
    before = text[max(0, draft.start - 10):draft.start]
    if before:
        currency = PREFIX_CURRENCY.search(before)
        if currency and (currency.group("sym") or currency.group("code") in ISO_CODES):
            symbol = currency.group("sym")
            draft.unit = CURRENCY_SYMBOLS[symbol] if symbol else currency.group("code")
            draft.kind = "money"
            if currency.group().rstrip().endswith(("-", "−")):
                draft.value = -draft.value
            draft.start -= len(currency.group())
        elif before[-1] in "-−" and (len(before) < 2 or not (before[-2].isalnum() or before[-2] in ",.")) \
                and not _RANGE_DASH.search(before):  # '2 -7 g' is a range, not minus seven
            draft.value = -draft.value
            draft.start -= 1
    words = text[max(0, draft.start - 24):draft.start].lower().split()
    if words and words[-1] in ("minus", "negative"):
        draft.value = -draft.value
        words = words[:-1]
    for size in (3, 2, 1):
        if len(words) >= size and " ".join(words[-size:]) in HEDGES:
            draft.hedge = " ".join(words[-size:])
            break
    else:
        if text[max(0, draft.start - 1):draft.start] == "~":
            draft.hedge = "~"


def _below_zero(text: str, draft: Draft) -> None:
    """'2 below zero' and '5 degrees below zero' are negative temperatures."""
    below = _BELOW_ZERO.match(text, draft.end)
    if below and draft.kind in ("cardinal", "quantity") and draft.value > 0:
        draft.value = -draft.value
        draft.kind, draft.unit, draft.end = "quantity", draft.unit or "degree", below.end()


def _suffixes(text: str, draft: Draft, *, allow_scale: bool) -> None:
    """Read a scale, a percent sign, a currency, a unit or a counted noun after the figure."""
    pos = draft.end
    if allow_scale:
        scale = SCALE_AFTER.match(text, pos)
        if scale:
            word = scale.group("scale")
            spaced = bool(scale.group("sp"))
            short = word in ("m", "b", "B", "T", "t") or (spaced and len(word) <= 2 and word.lower() != "bn")
            if short and word == "m" and not spaced and draft.unit is None:
                # '90m rounds' is millions, '100m race' metres: a plural count noun decides.
                noun = NOUN_AFTER.match(text, scale.end())
                short = not (noun and noun.group("n1").endswith("s") and noun.group("n1") not in NOT_NOUNS)
            if short and CURRENCY_WORD_AFTER.match(text, scale.end()):
                short = False  # '13.5 m euros': a currency word makes 'm' a million
            if not short or draft.unit is not None:
                draft.value *= SCALE_SUFFIX[word.lower()]
                draft.scaled = True
                draft.end = pos = scale.end()
    percent = PERCENT_AFTER.match(text, pos)
    if percent and draft.kind == "cardinal":
        draft.kind, draft.unit = "percent", "percent" if percent.group("pct") else "percentage point"
        draft.end = percent.end()
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
        if unit.group("age"):
            canonical = "year"
        elif unit.group("cased"):
            canonical = UNITS_CASED[unit.group("cased")]
        else:
            canonical = UNITS[unit.group("u").lower()]
        draft.kind, draft.unit, draft.end = "quantity", canonical, unit.end()
        return
    noun = NOUN_AFTER.match(text, pos)
    if noun:
        first, second = noun.group("n1"), noun.group("n2")
        if first not in NOT_NOUNS and not first.endswith(("ed", "ly")):
            plain_second = second and second not in NOT_NOUNS and not first.endswith("s")
            draft.noun = second if plain_second else first
