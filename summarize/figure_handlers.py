"""Turning one scanner match into draft figures: the handler table (``HANDLERS``).

Each handler reads one alternative of the scans in ``summarize.figure_patterns`` and
returns its draft figures (none when the match is no figure, e.g. a 13th month). The
forms that start with a digit are read here: dates, clock times, identifiers, decades,
fractions, scientific notation, ordinals and plain numbers; number words are read by
``summarize.figure_word_handlers``, and what surrounds a number by
``summarize.figure_affixes``.
"""

from __future__ import annotations

import re
from typing import Final

from summarize.figure_affixes import FACTOR_STARTS, Draft, below_zero, era, factor, moment, prefixes, suffixes
from summarize.figure_patterns import DIGIT_SCAN
from summarize.figure_tables import ISO_CODES, MONTHS
from summarize.figure_word_handlers import multiplier_drafts, word_drafts

__all__ = ["HANDLERS", "Draft"]


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


def _lap(text: str, match: re.Match[str]) -> list[Draft]:
    """A race or lap time, in seconds: '9:40:16' is 34816, '1:35.782' is 95.782. Read as
    a clock time, '2:03:59' was a 2 and a '03:59' in the morning."""
    *larger, seconds = match.group().split(":")
    if any(int(part) > 59 for part in larger[1:]) or float(seconds) >= 60:
        return []
    minutes = 0
    for part in larger:
        minutes = 60 * minutes + int(part)
    return [Draft(match.start(), match.end(), 60 * minutes + float(seconds), "quantity", "second")]


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
    end = match.start() + len(s)
    if len(s) == 4 and 1000 <= value <= 2100 and text[end:end + 1] in ("'", "’"):
        return [Draft(match.start(), end, value, "year")]  # "by 2025's end": a year's possessive
    return [Draft(match.start(), end, value, "cardinal")]


_UNICODE_FRACTIONS: Final = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}


def _season(num: str, den: str) -> float | None:
    """The first year of a season or financial year written with a slash ('2019/20',
    '2019/2020'), or None for a fraction."""
    if len(num) != 4 or not 1000 <= (year := int(num)) <= 2100:
        return None
    following = year + 1
    if (len(den) == 2 and int(den) == following % 100) or (len(den) == 4 and int(den) == following):
        return float(year)
    return None


# Days that news names by their date in the US order: 'the 9/11 attacks' are those of
# September 11, 'the 7/7 bombings' those of July 7 (YYYYMMDD with the year unknown).
_NAMED_DAYS: Final = {"9/11": 911.0, "7/7": 707.0}


def _fraction(text: str, match: re.Match[str]) -> list[Draft]:
    s = match.group()
    unicode = _UNICODE_FRACTIONS
    if s in _NAMED_DAYS:
        return [Draft(match.start(), match.end(), _NAMED_DAYS[s], "date")]
    if s in unicode:
        draft = Draft(match.start(), match.end(), unicode[s], "fraction")
    elif s[-1] in unicode:  # 2½
        draft = Draft(match.start(), match.end(), float(s[:-1]) + unicode[s[-1]], "fraction")
    else:
        whole = 0.0
        if len(parts := s.split()) == 2:  # '2 1/2', also with a no-break space
            head, s = parts
            whole = float(head)
        num, den = s.split("/")
        season = _season(num, den)
        if season is not None:  # '2019/20', '2019/2020': a season, as '2019-20' is
            draft = Draft(match.start(), match.end(), season, "range")
            draft.high = season + 1
            return [draft]
        if float(den) == 0:
            return []
        draft = Draft(match.start(), match.end(), whole + float(num) / float(den), "fraction")
    prefixes(text, draft)
    suffixes(text, draft, allow_scale=False)
    if draft.unit is not None:
        draft.kind = "quantity"
    return [draft]


def _scientific(text: str, match: re.Match[str]) -> list[Draft]:
    """4e14, 2.48×10−5, 3x10^8: a mantissa times a power of ten."""
    s = match.group().replace("−", "-").replace(" ", "")
    mantissa, exponent = re.split(r"[eE]|[×x]10(?:\^|\*\*)?", s)
    try:
        value = float(mantissa) * 10.0 ** int(exponent)
    except OverflowError:  # '1e523': beyond any float, no quantity anyone writes
        return []
    draft = Draft(match.start(), match.end(), value, "cardinal")
    prefixes(text, draft)
    suffixes(text, draft, allow_scale=False)
    return [draft]


def _ordinal(text: str, match: re.Match[str]) -> list[Draft]:
    digits, suffix = match.group()[:-2], match.group()[-2:]
    if suffix == "st" and (digits[-1] != "1" or digits[-2:] == "11"):
        # no ordinal ends so ('7st', '12st', '11st'): British weights in stone ('12st 4lb')
        draft = Draft(match.start(), match.end(), float(digits), "quantity", unit="stone")
        prefixes(text, draft)  # 'almost 7st'
        return [draft]
    return [Draft(match.start(), match.end(), float(digits), "ordinal", moment(text, match.end()))]


_ORDINAL_ENDS: Final = frozenset(["st", "nd", "rd", "th"])
# Thousands separators, deleted: commas and the narrow spaces of typeset text ('1 234').
_NO_SEPARATORS: Final = str.maketrans("", "", ",\u00a0\u2009\u202f")


def _number(text: str, match: re.Match[str], start: int | None = None) -> list[Draft]:
    start = match.start() if start is None else start
    if start > 0 and text[start - 1] == "." and "." not in match.group() and not text[start - 2:start - 1].isalnum():
        start -= 1  # .08
    s = text[start:match.end()]
    value = float(s) if s.isdigit() else float(s.translate(_NO_SEPARATORS))  # most have no separator
    end = match.end()
    if "," in s and text[end:end + 2] in _ORDINAL_ENDS and not text[end + 2:end + 3].isalnum():
        return [Draft(start, end + 2, value, "ordinal", moment(text, end + 2))]  # '1,000th'
    draft = Draft(start, match.end(), value, "cardinal")
    prefixes(text, draft)
    if "." in s and text.startswith("st", end) and not text[end + 2:end + 3].isalnum():
        draft.kind, draft.unit, draft.end = "quantity", "stone", end + 2  # '12.5st', as _ordinal's '7st'
        return [draft]
    suffixes(text, draft, allow_scale=True)
    below_zero(text, draft)
    if text.startswith(FACTOR_STARTS, draft.end):
        factor(text, draft)
    era(text, draft)
    if draft.kind == "cardinal" and not draft.scaled and 1000 <= value <= 2100 and len(s) == 4:
        if draft.noun is None or not _counts(draft.noun):
            draft.kind = "year"
        elif _YEAR_LEAD.search(text, max(0, start - 7), start):
            draft.kind, draft.noun = "year", None  # 'since 1987 tensions have grown': the noun is the clause's
    return [draft]


# Words that make a four-digit number a year even before a plural noun.
_YEAR_LEAD: Final = re.compile(r"\b(?:[Ss]ince|[Ii]n|[Uu]ntil|[Tt]ill|[Dd]uring)\s\Z")
# Nouns a four-digit number counts although they do not end in "s" ('1500 people'), and
# "strong" ('a 1000-strong crowd').
_COUNTED: Final = frozenset(["people", "men", "women", "children", "police", "staff", "personnel", "cattle", "sheep",
                      "fish", "deer", "strong", "feet", "teeth", "geese", "mice", "crew"])


def _counts(noun: str) -> bool:
    """True when a noun after a four-digit number makes it a count, not a year."""
    return noun.endswith("s") or noun.lower() in _COUNTED


# One handler per named group of the scans: DIGIT_SCAN, CAPITAL_SCAN and WORD_RUN.
HANDLERS: Final = {
    "iso": _date, "mdy": _date, "my": _date, "dmy": _date, "slash": _date, "time": _time, "lap": _lap,
    "ident": _ident, "decade": _decade, "mixed": _fraction, "frac": _fraction, "sci": _scientific,
    "ord": _ordinal, "num": _number, "mult": multiplier_drafts, "words": word_drafts,
}
