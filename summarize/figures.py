"""Finding and normalising the figures in a text (pure, no I/O).

``find_figures(text)`` returns every figure with its character span, the text as written,
a normalised value, a kind, a unit or ISO currency, the counted noun when it is plain and
the hedge in front of it ("nearly 5,000"). The grounding check (``summarize.grounding``)
compares the figures of a summary with those of its article.

Values, by kind:

=========== ==========================================================================
cardinal    the number with scale applied: ``5k`` and ``five thousand`` are 5000
ordinal     the position: ``eighth`` and ``8th`` are 8; unit ``minute`` or ``round`` for a
            moment of a match (``the 78th minute``, ``the eighth round``), ``birthday`` or
            ``anniversary`` for one of years (``her 90th birthday``)
percent     the number of percent (``12%`` is 12); unit ``percent`` or ``percentage point``
            (``2.5pp``, ``half a percentage point`` is 0.5)
money       the amount in the currency's main unit, unit an ISO 4217 code (``50p`` is 0.5 GBP)
quantity    the number in the unit as written (no conversion), unit canonical (``km``, ``mile``,
            ``basis point`` for ``25bp``)
year        the year; a decade (``the 1990s``) is its first year with unit ``decade``; a
            year before Christ is negative (``500 BC`` is -500, ``79 AD`` is 79)
date        ``YYYYMMDD`` with unknown parts zero (``August 23`` is 823); a clock time is
            ``HHMM`` with unit ``time``
range       ``value`` is the first bound as written, ``high`` the second
fraction    the ratio: ``a third`` and ``one in three`` are 0.333...
multiplier  the factor: ``twice`` and ``doubled`` are 2, ``halved`` is 0.5
identifier  the number inside a name (``F-35`` is 35); the grounding check matches it as text
=========== ==========================================================================

Libraries weighed: quantulum3 reads units well but, measured with
``bench/figures_speed.py``, is two orders of magnitude slower (about 200x on articles_frank,
its finding alone against our finding and checking), and on the peer suites of
``bench/figures_eval.py`` it scores below this scanner on every suite but its own, where
the two tie. text2num, word2number, number-parser and price-parser were not measured for
speed: each parses number words or one price per string, gives no character spans and
would still need a scanner to find candidates. So the hot path is compiled scans
(``summarize.figure_patterns``) with handlers (``summarize.figure_handlers`` for digits,
``summarize.figure_word_handlers`` for words, ``summarize.figure_affixes`` for what
surrounds a number) and a small word-number parser (``summarize.number_words``); no
runtime dependency is added.
"""

from __future__ import annotations

import re
from itertools import pairwise
from operator import attrgetter
from typing import Final, TypeVar

from pydantic import BaseModel

from summarize.figure_affixes import Draft
from summarize.figure_handlers import HANDLERS
from summarize.figure_model import Figure
from summarize.figure_patterns import LEADS, NUMERIC_KINDS, WORD_RUN, capital_scan, digit_scan
from summarize.figure_patterns import scan as _scan  # noqa: F401  # the tests know them by these names
from summarize.figure_patterns import word_starts as _word_starts
from summarize.figure_tables import FigureKind, parse_unit
from summarize.figure_word_handlers import multiplier_drafts, word_drafts

__all__ = ["Figure", "FigureKind", "figures_and_lower", "find_figures", "parse_unit"]


# Letters that case-insensitive matching takes for ASCII ones: 'ſ' for 's', the Kelvin sign
# for 'k', 'ı' and 'İ' for 'i' ('İ' also lower-cases to two characters, shifting every later
# position). The tables behind the patterns are keyed by ASCII words, so 'millionſ' raised
# KeyError; a copy with their ASCII twins (one character each, so spans hold) is scanned.
_LOOKALIKES: Final = str.maketrans({"ſ": "s", "\u212a": "K", "ı": "i", "İ": "I"})


def fold_lookalikes(text: str) -> str:
    """``text`` with the letters case-insensitive matching takes for ASCII ones replaced by
    those (one character for one, so every span holds)."""
    # ``in`` tests, not a regex search: 8 us -> 0.1 us per article (instant on Latin-1 text)
    found = "ſ" in text or "\u212a" in text or "ı" in text or "İ" in text
    return text.translate(_LOOKALIKES) if found else text


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, in order of position."""
    if not isinstance(text, str):  # it failed deep inside with "argument of type 'NoneType' is not iterable"
        raise TypeError(f"find_figures takes text, not {type(text).__name__}")
    return _found(text)[0]


def figures_and_lower(text: str) -> tuple[list[Figure], str]:
    """``find_figures(text)`` and ``text.lower()``. The scan lower-cases the text for its
    number words, and the grounding check reads the article in lower case again (its
    words and sentences): kept, the article is lower-cased once. Measured with callgrind
    on the compiled build, check_numbers over articles_frank: 2% fewer instructions (half
    its articles hold characters outside ASCII, whose lower case costs most)."""
    figures, folded, lower = _found(text)
    return figures, lower if folded is text else text.lower()


def _found(text: str) -> tuple[list[Figure], str, str]:
    """The figures of ``text``, the text scanned (its lookalike letters folded) and that
    text in lower case."""
    folded = fold_lookalikes(text)
    lower = folded.lower()
    return [_figure(text, d) for d in _drafts(folded, lower)], folded, lower


_START, _END = attrgetter("start"), attrgetter("end")
# One or two lower-case letters and a hyphen right before digits: a unit's exponent
# ('s-1', 'm-2'), unless the letters end a number ('5k-20k', '3km-5km': a range).
_UNIT_EXPONENT: Final = re.compile(r"(?<![A-Za-z\d])[a-z]{1,2}-\Z")
# The rest of a name after its letters: digits, then maybe a letter and digits ('h1n1').
_NAME_DIGITS: Final = re.compile(r"(\d+)(?:[a-z]\d*)?\b")


# Digits grouped in thousands, the whole number ('3,955', '230,000'; not '3,95' or '1,2345').
_GLUED_THOUSANDS: Final = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,])")


def _lower_name(text: str, start: int) -> Draft | None:
    """An identifier of letters ending in lower case, a word of its own, then the digits at
    ``start``: 'a3', 'm4', 'mp3', 'h1n1' in lower-cased text, 'Twenty20', 'iPhone6'. None
    otherwise. (Capitals before the digits are read by CAPITAL_SCAN: 'G7', 'A320'.)"""
    first = start
    while first > 0 and text[first - 1].isascii() and text[first - 1].isalpha():
        first -= 1
    if not 1 <= start - first <= 12 or (first and (text[first - 1].isalnum() or text[first - 1] in "_'’-")):
        return None
    digits = _NAME_DIGITS.match(text, start)
    return None if digits is None else Draft(first, digits.end(), float(digits.group(1)), "identifier")


def _drafts(text: str, lower: str) -> list[Draft]:
    """The drafts of the figures in ``text``, whose lower case is ``lower``."""
    drafts: list[Draft] = []
    digits = digit_scan(text)
    for match in digits:
        start = match.start()
        before = text[start - 1] if start else ""
        if (before and (before.isalpha() or (before in "_'^" and match.lastgroup != "decade"))
                and not (before.isalpha() and _GLUED_THOUSANDS.match(text, start))):
            # digits after letters make a name, as after capitals ('a3', 'mp3', 'covid19');
            # inside a word ('x2y3', 'éa3') they belong to no figure. Not digits grouped in
            # thousands: no name is written so, but scraping glues a table's cells
            # ('Liberia3,955 Sierra Leone2,536', 'peak4,000km'), where the number is the
            # article's; the local model quoted '3,955' and '2,536' from such a table
            # (frank:xsum:34769201) and was re-asked for them twice as not in the article.
            name = _lower_name(text, start) if "a" <= before <= "z" else None
            if name is not None and (not drafts or drafts[-1].end <= name.start):
                drafts.append(name)
            continue
        if before == "-" and _UNIT_EXPONENT.search(text, max(0, start - 4), start):
            continue  # the exponent of a unit: 's-1', 'm-2' (searched only after a hyphen)
        drafts.extend(HANDLERS[match.lastgroup or ""](text, match))
    for match in capital_scan(text, digits):
        start = match.start()
        if not (start and text[start - 1].isalnum()):
            drafts.extend(HANDLERS[match.lastgroup or ""](text, match))
    hits = _word_starts(lower)
    if hits:
        drafts.extend(_word_drafts(text, lower, hits))
    if len(drafts) < 2:
        return drafts  # nothing to order or merge (most fields of a summary)
    # By start, the longest first: two stable sorts on attributes, faster than one on a
    # (start, -end) key built by a Python function for each draft.
    drafts.sort(key=_END, reverse=True)
    drafts.sort(key=_START)
    return _merge(text, drafts)


# How every one of LEADS ends; the longest is 8 characters ('half an ').
_LEAD_ENDS: Final = ("a ", "an ")


def _word_drafts(text: str, lower: str, hits: list[int]) -> list[Draft]:
    """Drafts for the runs of number words that start at (or just before) ``hits``."""
    starts: set[int] = set()
    for pos in hits:
        if pos and lower[pos - 1].isdigit():
            continue  # '2one' is no number word
        if pos >= 8 and not lower.endswith(_LEAD_ENDS, 0, pos):
            starts.add(pos)  # no lead ends here (and none reaches before the text)
            continue
        for lead in LEADS:  # 'a dozen', 'half a million'
            begin = pos - len(lead)
            # begin >= 0: a negative start would read the lead off the end of the text.
            if begin >= 0 and lower.startswith(lead, begin) and (begin == 0 or not lower[begin - 1].isalpha()):
                pos = begin
                break
        starts.add(pos)
    drafts: list[Draft] = []
    covered = -1
    for pos in sorted(starts):
        if pos < covered:
            continue
        match = WORD_RUN.match(lower, pos)
        if match is None and lower.startswith(LEADS, pos):  # 'a seven-hour day': no lead
            pos = lower.index(" ", pos + 2 if lower.startswith("half", pos) else pos) + 1
            match = WORD_RUN.match(lower, pos)
        if match:
            covered = match.end()
            kind = match.lastgroup
            drafts.extend(multiplier_drafts(text, match) if kind == "mult" else word_drafts(text, match))
    return drafts


_Model = TypeVar("_Model", bound=BaseModel)
_new_object: Final = object.__new__
# pydantic's slots, set through their descriptors: by name, object.__setattr__ looks each
# up first (0.63 -> 0.49 us a model).
_set_dict: Final = BaseModel.__dict__["__dict__"].__set__
_set_fields_set: Final = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra: Final = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private: Final = BaseModel.__dict__["__pydantic_private__"].__set__


def _figure(text: str, d: Draft) -> Figure:
    """Build a ``Figure`` without re-validating what the scanner already typed.

    ``Figure.model_construct`` costs about 9 microseconds per figure, more than finding
    it; setting the same state directly costs under one (a test checks the result equals
    ``Figure.model_validate`` of its dump).
    """
    value = float(d.value)
    if not value.is_integer():  # most values are whole: tidied inline, a call costs more
        value = _tidy(value)
    return typed_model(Figure, {
        "start": d.start, "end": d.end, "text": text[d.start:d.end], "value": value,
        "high": None if d.high is None else _tidy(float(d.high)), "kind": d.kind, "unit": d.unit,
        "noun": d.noun, "hedge": d.hedge,
    })


def _tidy(value: float) -> float:
    """``value`` rounded to the 15 significant digits a float holds exactly: a scale
    multiplies binary fractions, and 4.1 x 10^9 is 4099999999.9999995, which would show in
    the JSON and differ from the 4,100,000,000 that "4,100 million" reads as."""
    return value if value.is_integer() else float(f"{value:.15g}")


def whole_figure(text: str, value: float, kind: FigureKind, unit: str | None) -> Figure:
    """``Figure(start=0, end=len(text), text=text, value=value, kind=kind, unit=unit)``,
    built as ``_figure`` builds one (the grounding check makes one per key figure)."""
    return _built({
        "start": 0, "end": len(text), "text": text, "value": float(value), "high": None, "kind": kind,
        "unit": unit, "noun": None, "hedge": None,
    })


def _built(fields: dict[str, object]) -> Figure:
    return typed_model(Figure, fields)


def typed_model(model: type[_Model], fields: dict[str, object]) -> _Model:
    """An instance of ``model`` holding ``fields``: every field, each already of its type.

    pydantic's state is set directly, without validation (see ``_figure`` for why); the
    checks build their ``NumberCheck`` results the same way.
    """
    instance = _new_object(model)
    _set_dict(instance, fields)
    _set_fields_set(instance, set(fields))
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


def _merge(text: str, drafts: list[Draft]) -> list[Draft]:
    """Drop overlaps, then join ranges ('between 150 and 200') and 'one in three'."""
    kept: list[Draft] = []
    for draft in drafts:
        if kept and draft.start < kept[-1].end:
            continue
        kept.append(draft)
    _coordinated_days(text, kept)
    out: list[Draft] = []
    i = 0
    while i < len(kept):
        a = kept[i]
        b = kept[i + 1] if i + 1 < len(kept) else None
        if b is not None and (b.start - a.end <= 8 or (b.start - a.end <= 12 and " the " in text[a.end:b.start])):
            gap = text[a.end:b.start]
            if _join(text, a, b, gap):
                out.append(a)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


# Between two days of one month: 'the 4 and 5 June', 'June 4th and 5th', '4-5 June'.
_DAY_LINKS: Final = frozenset([" and ", " or ", " & ", "-", "\u2013", " to ", " - "])


def _coordinated_days(text: str, drafts: list[Draft]) -> None:
    """A bare day beside a date of the same month is a date too: in 'the 4 and 5 June' and
    'June 4th and 5th' both are dates (read alone, '4' was a count and '5th' a position)."""
    for a, b in pairwise(drafts):
        if text[a.end:b.start] not in _DAY_LINKS:
            continue
        day, date = (a, b) if b.kind == "date" else (b, a)
        if (date.kind != "date" or date.unit is not None or day.kind not in ("cardinal", "ordinal")
                or day.unit is not None or day.noun is not None or day.high is not None):
            continue
        month_of = int(date.value) // 100 * 100  # YYYYMM00
        if month_of % 10000 and int(date.value) % 100 and day.value.is_integer() and 1 <= day.value <= 31:
            day.kind, day.value = "date", float(month_of + int(day.value))


# 'a million' after 'a quarter of': the scale the fraction is of.
_BARE_SCALE: Final = frozenset(f"{article} {scale}" for article in ("a", "an")
                               for scale in ("hundred", "thousand", "million", "billion", "trillion", "dozen"))


_SCALE_WORDS: Final = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


# The dashes of a range; '--' is the dash of tokenised corpora ('2007 -- 08').
_DASHES: Final = ("-", "\u2013", "\u2014", "--")


def _join(text: str, a: Draft, b: Draft, gap: str) -> bool:
    """Join ``b`` into ``a`` when the two make one range or one proportion."""
    sep = gap.strip().lower()
    if sep == "of" and a.kind == "fraction" and b.kind == "cardinal" and text[b.start:b.end].lower() in _BARE_SCALE:
        a.value, a.kind, a.end = a.value * b.value, "cardinal", b.end  # 'a quarter of a million'
        return True
    if (b.kind == "fraction" and (sep, text[b.start:b.end].lower()) in (("and", "a half"), ("and a", "half"))
            and a.kind in ("cardinal", "quantity", "money") and a.high is None and a.value.is_integer()):
        # 'two years and a half', 'a million and a half': the half is of the last unit or scale
        last = text[a.start:a.end].lower().rsplit(None, 1)[-1]
        scale = _SCALE_WORDS.get(last) or (a.value / a.raw if a.scaled and a.raw else 1.0)
        a.value, a.end = a.value + 0.5 * scale, b.end
        return True
    if sep == "over" and a.kind == b.kind == "cardinal" and b.value > 0 and not (b.unit or b.noun or a.unit):
        a.value, a.kind, a.end = a.value / b.value, "fraction", b.end  # 'one over three'
        return True
    if sep in ("in", "out of", "out of the") and a.kind == b.kind == "cardinal" and a.unit is None and b.unit is None:
        if 0 < a.value < b.value and b.value == int(b.value) and a.value == int(a.value):
            a.value, a.kind, a.end = a.value / b.value, "fraction", b.end
            return True
        return False
    if (sep not in _DASHES and sep not in ("~", "to", "and")) or gap.startswith("\n"):
        return False
    if a.kind not in NUMERIC_KINDS or b.kind not in NUMERIC_KINDS:
        return False
    if a.unit and b.unit and a.unit != b.unit:
        return False
    if a.unit and not b.unit and (a.kind == "percent" or b.noun is not None or b.value < a.value):
        return False  # a change and a total: 'rose by 17.3% to 2,839', 'gave $5 million to 200 schools'
    before = text[max(0, a.start - 9):a.start].lower().split()
    opener = before[-1] if before else ""
    if sep == "and" and opener != "between":
        return False
    if sep in _DASHES and (a.kind == "year") != (b.kind == "year") and b.value < 100:
        b.value += a.value - a.value % 100  # 2010-11
    if b.scaled and b.raw and not a.scaled and a.value < b.raw and (a.unit is None or b.unit in (None, a.unit)):
        a.value *= b.value / b.raw
    if opener in ("between", "from"):
        window = max(0, a.start - 9)
        a.start = window + text[window:a.start].lower().rindex(opener)
    a.high, a.kind, a.end = b.value, "range", b.end
    a.unit = a.unit or b.unit
    a.noun = b.noun
    return True
