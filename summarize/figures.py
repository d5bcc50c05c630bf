"""Finding and normalising the figures in a text (pure, no I/O).

``find_figures(text)`` returns every figure with its character span, the text as written,
a normalised value, a kind, a unit or ISO currency, the counted noun when it is plain and
the hedge in front of it ("nearly 5,000"). The grounding check (``summarize.grounding``)
compares the figures of a summary with those of its article.

Values, by kind:

=========== ==========================================================================
cardinal    the number with scale applied: ``5k`` and ``five thousand`` are 5000
ordinal     the position: ``eighth`` and ``8th`` are 8
percent     the number of percent (``12%`` is 12); unit ``percent`` or ``percentage point``
money       the amount in the currency's main unit, unit an ISO 4217 code (``50p`` is 0.5 GBP)
quantity    the number in the unit as written (no conversion), unit canonical (``km``, ``mile``)
year        the year; a decade (``the 1990s``) is its first year with unit ``decade``
date        ``YYYYMMDD`` with unknown parts zero (``August 23`` is 823); a clock time is
            ``HHMM`` with unit ``time``
range       ``value`` is the first bound as written, ``high`` the second
fraction    the ratio: ``a third`` and ``one in three`` are 0.333...
multiplier  the factor: ``twice`` and ``doubled`` are 2, ``halved`` is 0.5
identifier  the number inside a name (``F-35`` is 35); the grounding check matches it as text
=========== ==========================================================================

Libraries weighed (measured with ``bench/figures_speed.py`` and the peer suites of
``bench/figures_eval.py``): quantulum3 reads units well but is about 50-100 times slower
than the regular expressions here and misses news forms (``5k``, ``£2.3bn``, ``nearly``,
dates, identifiers); text2num, word2number and number-parser each parse number *words* only,
cost a Python call per candidate (tens of microseconds) and still need a scanner to find
the candidates; price-parser handles one price per string. None gives character spans for
everything at once, so the hot path is one compiled scanner plus a small word-number
parser written here; no runtime dependency is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["Figure", "FigureKind", "find_figures", "parse_unit"]

FigureKind = Literal[
    "cardinal", "ordinal", "percent", "money", "quantity", "year",
    "date", "range", "fraction", "multiplier", "identifier",
]


class Figure(BaseModel):
    """One figure found in a text, with its span and normalised value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int
    end: int
    text: str
    value: float
    high: float | None = None
    kind: FigureKind
    unit: str | None = None
    noun: str | None = None
    hedge: str | None = None


# ---------------------------------------------------------------------------- tables

_UNIT_WORDS = {
    "zero": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALE_WORDS = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "quadrillion": 1e15, "quintillion": 1e18, "sextillion": 1e21,
}
_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1e3, "millionth": 1e6, "billionth": 1e9,
    "trillionth": 1e12, "quadrillionth": 1e15, "quintillionth": 1e18, "sextillionth": 1e21,
}
# Denominators: "two thirds", "a quarter", "three fifths".
_FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifths": 5, "sixths": 6, "sevenths": 7, "eighths": 8, "ninths": 9, "tenths": 10,
}
_MULTIPLIERS = {
    "twice": 2.0, "thrice": 3.0, "doubled": 2.0, "doubling": 2.0, "tripled": 3.0,
    "tripling": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5, "halving": 0.5,
}
_SCALE_SUFFIX = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "bn": 1e9, "b": 1e9,
    "tn": 1e12, "trn": 1e12, "t": 1e12, "lakh": 1e5, "crore": 1e7, "crores": 1e7,
}
# Symbols written before (or after) an amount.
_CURRENCY_SYMBOLS = {
    "$": "USD", "US$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "R$": "BRL", "Mex$": "MXN", "MX$": "MXN",
    "NT$": "TWD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
    "₦": "NGN", "₺": "TRY", "₴": "UAH", "₱": "PHP", "₪": "ILS", "฿": "THB", "Rs": "INR",
    "Rs.": "INR", "R": "ZAR",
}
_ISO_CODES = frozenset(
    [
        "USD", "EUR", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "NZD", "INR", "RUB", "BRL", "MXN", "KRW", "HKD",
        "SGD", "SEK", "NOK", "DKK", "PLN", "ZAR", "TRY", "UAH", "NGN", "KES", "EGP", "SAR", "AED", "QAR", "ILS",
        "THB", "PHP", "IDR", "MYR", "PKR", "BDT", "VND", "ARS", "CLP", "COP", "PEN", "TWD", "CZK", "HUF", "RON",
        "KWD", "MNT", "IRR", "IQD"
    ]
)
# Currency words after an amount; the value is divided by the divisor (pence, cents).
_CURRENCY_WORDS: dict[str, tuple[str, float]] = {
    "dollar": ("USD", 1), "dollars": ("USD", 1), "us dollars": ("USD", 1),
    "us dollar": ("USD", 1), "euro": ("EUR", 1), "euros": ("EUR", 1),
    "pounds sterling": ("GBP", 1), "sterling": ("GBP", 1), "pence": ("GBP", 100),
    "pounds": ("GBP", 1), "pound": ("GBP", 1),
    "p": ("GBP", 100), "cents": ("USD", 100), "cent": ("USD", 100), "yen": ("JPY", 1),
    "yuan": ("CNY", 1), "renminbi": ("CNY", 1), "chinese yuan": ("CNY", 1),
    "rupees": ("INR", 1), "rupee": ("INR", 1), "roubles": ("RUB", 1), "rubles": ("RUB", 1),
    "francs": ("CHF", 1), "shekels": ("ILS", 1), "naira": ("NGN", 1), "rand": ("ZAR", 1),
    "dinars": ("DINAR", 1), "dinar": ("DINAR", 1), "rials": ("RIAL", 1), "riyals": ("SAR", 1),
    "pesos": ("PESO", 1), "kuwaiti dinar": ("KWD", 1), "dimes": ("USD", 10),
}
# Units of measure: surface form -> canonical unit. Case matters only for the short
# symbols in _UNITS_CASED (m is metres, M is million; C and F are degrees).
_UNITS: dict[str, str] = {}
for _canon, _forms in {
    "km": "km kms kilometre kilometres kilometer kilometers",
    "m": "metre metres meter meters",
    "cm": "cm centimetre centimetres centimeter centimeters",
    "mm": "mm millimetre millimetres millimeter millimeters",
    "mile": "mile miles mi",
    "nautical mile": "nautical miles|nautical mile",
    "ft": "ft foot feet",
    "inch": "inch inches",
    "yard": "yard yards yd yds",
    "sq km": "sq km|square kilometres|square kilometers|km2|km²|square km",
    "sq mi": "sq mi|square miles|square mile",
    "sq ft": "sq ft|square feet|square foot",
    "acre": "acre acres",
    "hectare": "hectare hectares ha",
    "kg": "kg kgs kilogram kilograms kilo kilos",
    "g": "g gram grams",
    "mg": "mg milligram milligrams",
    "tonne": "tonne|tonnes|metric tons|t",
    "ton": "ton tons",
    "lb": "lb|lbs",
    "stone": "stone",
    "oz": "oz ounce ounces",
    "litre": "l litre litres liter liters",
    "ml": "ml millilitre millilitres milliliter milliliters",
    "gallon": "gallon gallons gal",
    "barrel": "barrel barrels bpd",
    "cup": "cup cups",
    "mph": "mph|miles per hour",
    "km/h": "km/h|kph|kmh|kilometres per hour|kilometers per hour",
    "knot": "knot knots",
    "C": "°c|degrees celsius|degrees centigrade|celsius|degree celsius",
    "F": "°f|degrees fahrenheit|fahrenheit|degree fahrenheit",
    "degree": "degree degrees °",
    "MW": "mw megawatt megawatts",
    "GW": "gw gigawatt gigawatts",
    "kW": "kw kilowatt kilowatts",
    "kWh": "kwh",
    "GB": "gb gigabyte gigabytes",
    "MB": "mb megabyte megabytes",
    "TB": "tb terabyte terabytes",
    "calorie": "calorie calories kcal",
    "year": "year years yr yrs",
    "month": "month months",
    "week": "week weeks",
    "day": "day days",
    "hour": "hour hours hr hrs",
    "minute": "minute minutes min mins",
    "second": "seconds secs",
    "decade": "decade decades",
    "century": "century centuries",
    "basis point": "basis points|bps",
}.items():
    for _form in _forms.replace("|", " ").split(" ") if "|" not in _forms else _forms.split("|"):
        _UNITS.setdefault(_form, _canon)
_UNITS.update({"miles per hour": "mph", "degrees c": "C", "degrees f": "F"})
_UNITS_CASED = {"m": "m", "C": "C", "F": "F", "°C": "C", "°F": "F", "L": "litre", "M": "M"}

# Hedges written before a figure, longest first when matched.
_HEDGES = frozenset({
    "nearly", "almost", "about", "around", "approximately", "roughly", "some", "over",
    "under", "below", "above", "approx", "circa", "estimated", "~", "more than",
    "less than", "fewer than", "up to", "at least", "at most", "close to", "as many as",
    "as much as", "as few as", "as little as", "in excess of", "upwards of", "just over",
    "just under", "well over", "an estimated", "more than about", "almost exactly",
    "exceeding", "nearly all", "just about", "some estimated",
})
# Words that end a noun phrase rather than name what is counted.
_NOT_NOUNS = frozenset(
    [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "as",
        "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "could", "should", "may",
        "might", "per", "than", "that", "which", "who", "this", "these", "those", "it", "its", "their", "his",
        "her", "more", "less", "after", "before", "since", "during", "into", "over", "under", "between",
        "against", "about", "when", "while", "out", "up", "down", "each", "every", "other", "another", "such",
        "not", "no", "so", "if", "then", "there", "here", "they", "we", "he", "she", "you", "i", "our", "your",
        "all", "both", "only", "also", "just", "new", "old", "last", "next", "first", "second", "same", "more",
        "most", "least", "times", "time", "year", "years"
    ]
)
# Words before "one" that make it a pronoun ("no one", "the one"), not a figure.
_PRONOUN_ONE_BEFORE = frozenset(["no", "the", "every", "any", "each", "which", "this", "that", "someone", "anyone"])


def _trie(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` arranged as a trie, so matching is one pass."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(c) + emit(child) for c, child in sorted(node.items()) if c]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            body = "(?:" + body + ")?"
        return body

    return emit(root)


_NUMBER_WORD = _trie(
    [*_UNIT_WORDS, *_TENS_WORDS, *_SCALE_WORDS, "hundred", "dozen",
     *(t + u for t in _TENS_WORDS for u in [*list(_UNIT_WORDS)[1:10], *list(_ORDINAL_WORDS)[:9]])]
)
_ORDINAL_WORD = _trie(_ORDINAL_WORDS)
_FRACTION_WORD = _trie(_FRACTION_WORDS)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTHS = {m[:3]: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_ID_KEYWORDS = (
    "Article|Section|Chapter|Clause|Resolution|Amendment|Proposition|Flight|Route|Highway|"
    "Interstate|Channel|Level|Phase|Stage|Category|Tier|Class|Type|Room|Platform|Gate|"
    "Terminal|Ward|Block|Apollo|Boeing|Airbus|Windows|iPhone|Galaxy|Formula|Number|No\\.|"
    "Line|Paragraph|Rule|Page|Episode|Season|Series|Volume|Part|Title|Bus|Junction|Pier|"
    "Band|Grade|Division|Pixel|Xbox|PlayStation|Mark|Unit|Band|Studio|Camp|Lot|Bay|Zone"
)

# ---------------------------------------------------------------------------- scanner

# Three scans, each starting on a cheap first character so the regex engine skips the
# rest of the text quickly (one combined alternation tried at every position was ten
# times slower, measured on articles_frank): figures that start with a digit, figures
# that start with a capital letter, and number words (found by a set lookup first).
_DIGIT_SCAN = re.compile(
    r"""
    (?=[\d½¼¾⅓⅔⅛])                                       # only where a digit starts
    (?: (?P<iso> \d{4}-\d{2}-\d{2}\b )                     # 2020-08-23
      | (?P<dmy> \d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?""" + _MONTH + r"""(?![\w])  # 23 August
            (?:,?\s+\d{4}\b)? )                            #   optional year
      | (?P<slash> \d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b )     # 5/17/2018
      | (?P<time> \d{1,2}(?:[:.]\d{2})?\s?[ap]\.?m\b\.?      # 3pm, 3.30 p.m.
          | \d{1,2}:\d{2}\b(?![:.]\d) )                      # 10:30
      | (?P<ident> \d+[ADEGHIJNOPQRSUVWXYZ]\b(?![$.,]?\d) )  # 5G, 3D (not 5K 10M 2B 5C 2L)
      | (?P<decade> \d{2,4}'?s\b )                          # 1990s, 20s ('90s: see handler)
      | (?P<mixed> \d+\s\d{1,2}/\d{1,2}\b(?!/) )              # 2 1/2
      | (?P<frac> \d+/\d+\b(?!/) | [½¼¾⅓⅔⅛] )               # 1/4, ½
      | (?P<ord> \d+(?:st|nd|rd|th)\b )                     # 8th, 21st
      | (?P<num> (?: \d{1,3}(?:,\d{3})+(?:\.\d+)?           # 2,000 / 1,204.50
                   | \d{1,3}(?:[\u00a0\u2009\u202f]\d{3})+    # 1 234 (narrow spaces)
                   | \d+(?:\.\d+)? )                          # 2003 / 4.5
          (?!\d) )
    )
    """,
    re.VERBOSE,
)
_CAPITAL_SCAN = re.compile(
    r"""
    (?=[A-Z])                                              # only where a capital starts
    (?: (?P<mdy> """ + _MONTH + r"""\s+\d{1,2}(?:st|nd|rd|th)?\b(?![:.,]?\d)  # August 23
            (?:,?\s+\d{4}\b)? )                            #   optional year
      | (?P<my> """ + _MONTH + r"""\s+(?:of\s+)?\d{4}\b )   # June 2020
      | (?P<ident> (?:""" + _ID_KEYWORDS + r""")\s\d+[A-Za-z]?\b   # Article 5, Boeing 737
          | [A-Z][A-Za-z]*-\d+(?:[A-Za-z]+\d*)*\b(?!-\d)      # F-35, COVID-19
          | [A-Z]{1,4}\d+(?:[A-Za-z]+\d*)*\b )               # G7, A320, H1N1
    )
    """,
    re.VERBOSE,
)
# A run of number words, matched at a position found by the set lookup; lower case.
_WORD_RUN = re.compile(
    r"""
    (?P<mult> (?:""" + _trie(_MULTIPLIERS) + r"""                # twice, doubled
              | (?:\d+|two|three|four|five|ten)[\s-]?fold)\b )  # threefold, 3-fold
  | (?P<words>
      (?: (?:half\s+)?an?\s+ (?=(?:hundred|thousand|million|billion|trillion|dozen|
                                 half|third|quarter)\b) )?      # 'a dozen', 'half a million'
      (?: """ + _NUMBER_WORD + "|" + _ORDINAL_WORD + r"""|half )\b   # first word
      (?: (?:\s*[-\u2013\u2014]\s*|\s+and\s+(?:an?\s+)?|\s+|\s+point\s+|\s+an?\s+(?=half\b))
          (?: """ + _NUMBER_WORD + "|" + _ORDINAL_WORD + "|" + _FRACTION_WORD + r""")\b )*
    )
    """,
    re.VERBOSE,
)
_NOT_LETTER = str.maketrans(dict.fromkeys("-–—,.;:!?()[]\"'“”‘’/\n\t", " "))
_LEADS = ("half a ", "half an ", "a ", "an ")
_MONTH_STARTS = frozenset(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])


# What may follow a number: a scale, then a percent, currency or unit.
_SCALE_AFTER = re.compile(
    r"""
    (?P<sp>\s?)                                              # attached or one space
    (?P<scale> (?i:thousand|million|billion|trillion|lakh|crores?)\b   # words
             | (?:bn|mn|mln|tn|trn|k|K|m|M|b|B|T)\b(?![.,]?\d) )        # suffixes
    """,
    re.VERBOSE,
)
_PERCENT_AFTER = re.compile(
    r"""
    \s?(?: (?P<pct> % | (?i:per\s?cent|percent|pc)\b )      # 12%, 12 per cent, 12pc
         | (?P<pp> (?i:percentage[\s-]points?|pct\.?\s+points?|points?\s+percent)\b) )
    """,
    re.VERBOSE,
)
_CODE_AFTER = re.compile(r"\s?(?P<code>[A-Z]{3})\b")
_SYMBOL_AFTER = re.compile(r"\s?(?P<sym>€|£|\$|C\$|¥)")
_CURRENCY_WORD_AFTER = re.compile(
    r"[\s-]?(?i:(?P<cw>" + _trie(_CURRENCY_WORDS) + r"))\b(?!')",
)
_UNIT_AFTER = re.compile(
    r"""
    (?P<age> -year-old|-years-old|\s+years?\s+old )          # 43-year-old, five years old
  | (?P<cased> (?:°C|°F|[CF]|L|m)(?![\w°]) )                 # -12C, 100m (attached)
  | [\s-]?(?P<u> (?i:""" + _trie(_UNITS) + r""") )(?![\w/²])   # 20 km, 20-mile, 5 kilometres
    """,
    re.VERBOSE,
)
_NOUN_AFTER = re.compile(
    r"""
    [\s-]+ (?:[A-Z][A-Za-z.]*\s+)?                          # skip one proper adjective: 'US'
    (?P<n1>[a-z][a-z'-]*[a-z])                               # the counted noun ...
    (?:\s+(?P<n2>[a-z][a-z-]*s)\b)?                          # ... or a compound's head
    """,
    re.VERBOSE,
)
_PREFIX_CURRENCY = re.compile(
    r"""
    (?: (?P<sym> (?:US|A|AU|C|CA|HK|NZ|S|R|Mex|MX|NT)?\$ | [£€¥₹₩₽₦₺₴₱₪฿] | Rs\.? )
      | (?P<code> \b[A-Z]{3} ) )                             # USD 5, UAH3.04
    \s?:?\s?[-−]?\s?\Z                                       # optional space, colon, minus
    """,
    re.VERBOSE,
)
_RANGE_GAP = re.compile(r"\s*(?:-|\u2013|\u2014|~|to|and)\s*\Z|\s+(?:to|and)\s+\Z")
_WORD_TOKEN = re.compile(r"[a-z]+")
_NUMERIC_KINDS = frozenset({"cardinal", "money", "percent", "quantity", "year"})


class _Draft:
    """A figure being assembled; turned into a frozen ``Figure`` at the end."""

    __slots__ = ("end", "hedge", "high", "kind", "noun", "raw", "scaled", "start", "unit", "value")

    def __init__(self, start: int, end: int, value: float, kind: FigureKind, unit: str | None = None) -> None:
        self.start, self.end, self.value, self.kind, self.unit = start, end, value, kind, unit
        self.high: float | None = None
        self.noun: str | None = None
        self.hedge: str | None = None
        self.scaled = False
        self.raw = value


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, in order of position."""
    return [_figure(text, d) for d in _drafts(text)]


def _drafts(text: str) -> list[_Draft]:
    drafts: list[_Draft] = []
    for match in _DIGIT_SCAN.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalpha() or (text[start - 1] in "_'" and match.lastgroup != "decade")):
            continue  # digits inside a name (mp3, covid19) belong to no figure
        drafts.extend(_HANDLERS[match.lastgroup or ""](text, match))
    for match in _CAPITAL_SCAN.finditer(text):
        start = match.start()
        if not (start and text[start - 1].isalnum()):
            drafts.extend(_HANDLERS[match.lastgroup or ""](text, match))
    lower = text.lower()
    words = set(lower.translate(_NOT_LETTER).split())
    if not words.isdisjoint(_START_WORDS):
        drafts.extend(_word_drafts(text, lower, words & _START_WORDS))
    drafts.sort(key=lambda d: (d.start, -d.end))
    return _merge(text, drafts)


def _word_drafts(text: str, lower: str, hits: set[str]) -> list[_Draft]:
    """Drafts for the runs of number words that contain one of ``hits``."""
    starts: set[int] = set()
    for word in hits:
        pos = lower.find(word)
        while pos >= 0:
            end = pos + len(word)
            if (pos == 0 or not lower[pos - 1].isalnum()) and (end == len(lower) or not lower[end].isalnum()):
                for lead in _LEADS:  # 'a dozen', 'half a million'
                    begin = pos - len(lead)
                    if lower.startswith(lead, begin) and (begin == 0 or not lower[begin - 1].isalpha()):
                        pos = begin
                        break
                starts.add(pos)
            pos = lower.find(word, end)
    drafts: list[_Draft] = []
    covered = -1
    for pos in sorted(starts):
        if pos < covered:
            continue
        match = _WORD_RUN.match(lower, pos)
        if match is None and lower.startswith(_LEADS, pos):  # 'a seven-hour day': no lead
            pos = lower.index(" ", pos + 2 if lower.startswith("half", pos) else pos) + 1
            match = _WORD_RUN.match(lower, pos)
        if match:
            covered = match.end()
            kind = match.lastgroup
            drafts.extend(_multiplier(text, match) if kind == "mult" else _words(text, match))
    return drafts


_FIELDS_SET = frozenset(Figure.model_fields)
_new_object = object.__new__
_set = object.__setattr__


def _figure(text: str, d: _Draft) -> Figure:
    """Build a ``Figure`` without re-validating what the scanner already typed.

    ``Figure.model_construct`` costs about 9 microseconds per figure, more than finding
    it; setting the same state directly costs under one (a test checks the result equals
    ``Figure.model_validate`` of its dump).
    """
    figure = _new_object(Figure)
    _set(figure, "__dict__", {
        "start": d.start, "end": d.end, "text": text[d.start:d.end], "value": float(d.value),
        "high": None if d.high is None else float(d.high), "kind": d.kind, "unit": d.unit,
        "noun": d.noun, "hedge": d.hedge,
    })
    _set(figure, "__pydantic_fields_set__", set(_FIELDS_SET))
    _set(figure, "__pydantic_extra__", None)
    _set(figure, "__pydantic_private__", None)
    return figure


# ---------------------------------------------------------------------------- handlers

def _date(text: str, match: re.Match[str]) -> list[_Draft]:
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
            elif word[:3].lower() in _MONTHS and not month:
                month = _MONTHS[word[:3].lower()]
    if day > 31 or month > 12:
        return []
    return [_Draft(match.start(), match.end(), year * 10000 + month * 100 + day, "date")]


def _time(text: str, match: re.Match[str]) -> list[_Draft]:
    s = match.group().lower()
    digits = re.findall(r"\d+", s)
    hour, minute = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
    if "p" in s and hour < 12:
        hour += 12
    if hour > 24 or minute > 59:
        return []
    return [_Draft(match.start(), match.end(), hour * 100 + minute, "date", "time")]


def _ident(text: str, match: re.Match[str]) -> list[_Draft]:
    s = match.group()
    code = re.match(r"[A-Z]{3}(?=\d)", s)
    if code and code.group() in _ISO_CODES:  # UAH3.04 is money, not a name
        return _number(text, match, start=match.start() + 3)
    digits = re.search(r"\d+", s)
    value = float(digits.group()) if digits else 0.0
    return [_Draft(match.start(), match.end(), value, "identifier")]


def _decade(text: str, match: re.Match[str]) -> list[_Draft]:
    s = match.group().strip("'s")
    value = int(s)
    if len(s) == 4 and value % 10 == 0:
        return [_Draft(match.start(), match.end(), value, "year", "decade")]
    if len(s) == 2 and value % 10 == 0:
        if text[max(0, match.start() - 1):match.start()] in ("'", "’"):  # the '90s
            return [_Draft(match.start() - 1, match.end(), 1900 + value, "year", "decade")]
        return [_Draft(match.start(), match.end(), value, "cardinal", "decade")]
    return [_Draft(match.start(), match.start() + len(match.group().rstrip("'s")), value, "cardinal")]


def _fraction(text: str, match: re.Match[str]) -> list[_Draft]:
    s = match.group()
    unicode = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}
    if s in unicode:
        draft = _Draft(match.start(), match.end(), unicode[s], "fraction")
    else:
        whole = 0.0
        if " " in s:
            head, s = s.split(" ", 1)
            whole = float(head)
        num, den = s.split("/")
        if float(den) == 0:
            return []
        draft = _Draft(match.start(), match.end(), whole + float(num) / float(den), "fraction")
    _suffixes(text, draft, allow_scale=False)
    if draft.unit is not None:
        draft.kind = "quantity"
    return [draft]


def _ordinal(text: str, match: re.Match[str]) -> list[_Draft]:
    return [_Draft(match.start(), match.end(), float(match.group()[:-2]), "ordinal")]


def _multiplier(text: str, match: re.Match[str]) -> list[_Draft]:
    s = match.group().lower()
    if s in _MULTIPLIERS:
        value = _MULTIPLIERS[s]
    else:
        head = re.split(r"[\s-]?fold", s)[0]
        value = float(head) if head.isdigit() else float(_UNIT_WORDS[head])
    return [_Draft(match.start(), match.end(), value, "multiplier")]


def _number(text: str, match: re.Match[str], start: int | None = None) -> list[_Draft]:
    start = match.start() if start is None else start
    if text[start - 1:start] == "." and not text[start - 2:start - 1].isalnum() and start > 0:
        start -= 1  # .08
    s = text[start:match.end()]
    value = float(re.sub(r"[,\u00a0\u2009\u202f]", "", s))
    draft = _Draft(start, match.end(), value, "cardinal")
    _prefixes(text, draft)
    _suffixes(text, draft, allow_scale=True)
    if (draft.kind == "cardinal" and not draft.scaled and 1000 <= value <= 2100
            and len(s) == 4 and (draft.noun is None or not draft.noun.endswith("s"))):
        draft.kind = "year"
    return [draft]


def _words(text: str, match: re.Match[str]) -> list[_Draft]:
    drafts = []
    for start, end, value, kind in _parse_words(text, match.start(), match.group()):
        if kind == "cardinal" and value == 1 and end - start == 3 and _pronoun_one(text, start, end):
            continue
        draft = _Draft(start, end, value, kind)
        _prefixes(text, draft)
        if kind in ("cardinal", "fraction"):
            _suffixes(text, draft, allow_scale=kind == "cardinal")
        drafts.append(draft)
    return drafts


def _pronoun_one(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12):start].split()
    after = text[end:end + 9].lower()
    return bool(
        (before and before[-1].lower() in _PRONOUN_ONE_BEFORE)
        or after.startswith((" of ", " another", "-on-one", " by one", "'s ", " or two"))
    )


_HANDLERS = {
    "iso": _date, "mdy": _date, "my": _date, "dmy": _date, "slash": _date, "time": _time,
    "ident": _ident, "decade": _decade, "mixed": _fraction, "frac": _fraction,
    "ord": _ordinal, "num": _number, "mult": _multiplier, "words": _words,
}


def _parse_words(text: str, offset: int, run: str) -> list[tuple[int, int, float, FigureKind]]:
    """Split a run of number words into figures: 'twenty five and thirty six' is two."""
    tokens: list[tuple[str, int, int]] = []
    for m in _WORD_TOKEN.finditer(run.lower()):
        word, start, end = m.group(), offset + m.start(), offset + m.end()
        if word not in _ALL_WORDS and word[:-1] not in _ALL_WORDS:
            for tens in _TENS_WORDS:  # 'fortysecond' is forty + second
                if word.startswith(tens) and word != tens:
                    tokens += [(tens, start, end), (word[len(tens):], start, end)]
                    break
            continue
        tokens.append((word, start, end))
    out: list[tuple[int, int, float, FigureKind]] = []
    parser = _WordParser()
    for i, (word, start, end) in enumerate(tokens):
        following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        after_next = tokens[i + 2][0] if i + 2 < len(tokens) else ""
        if not parser.feed(word, start, end, following, after_next):
            out.extend(parser.flush())
            parser = _WordParser()
            parser.feed(word, start, end, following, after_next)
    out.extend(parser.flush())
    return out


_ALL_WORDS = frozenset(
    [*_UNIT_WORDS, *_TENS_WORDS, *_SCALE_WORDS, *_ORDINAL_WORDS, *_FRACTION_WORDS,
     "hundred", "dozen", "and", "a", "an", "point", "half"]
)


class _WordParser:
    """Reads one number written in words, token by token; ``feed`` is False at a break."""

    def __init__(self) -> None:
        self.total = 0.0
        self.cur = 0.0
        self.last = ""  # the category of the last token
        self.start = -1
        self.end = -1
        self.kind: FigureKind = "cardinal"
        self.scale = float("inf")
        self.decimals = ""
        self.done = False

    def feed(self, word: str, start: int, end: int, following: str, after_next: str) -> bool:
        """Take one token; return False (taking nothing) when it starts a new number."""
        if self.done:
            return False
        last = self.last
        category = ""
        if word in ("a", "an"):
            if last not in ("", "and", "half") or (last == "half" and following not in _SCALE_WORDS):
                return False
            category = "a"
        elif word == "and":
            fractional = following == "a" and after_next in ("half", "quarter")
            if not (fractional or (last in ("hundred", "scale") and following in _SMALL_WORDS)):
                return False
            category = "and"
        elif word == "point":
            if last not in ("unit", "tens") or following not in _UNIT_WORDS:
                return False
            category = "point"
        elif word in _UNIT_WORDS and last in ("point", "decimal"):
            self.decimals += str(_UNIT_WORDS[word])
            category = "decimal"
        elif word in _UNIT_WORDS:
            value = _UNIT_WORDS[word]
            if not (last in ("", "and", "hundred", "scale") or (last == "tens" and value < 10)):
                return False
            self.cur += value
            category = "unit"
        elif word in _TENS_WORDS:
            if last not in ("", "and", "hundred", "scale"):
                return False
            self.cur += _TENS_WORDS[word]
            category = "tens"
        elif word in ("hundred", "dozen"):
            if last not in ("", "a", "unit", "tens", "scale"):
                return False
            base = self.cur % 100 if last in ("unit", "tens") else 0.0
            self.cur = self.cur - base + (base or 1) * (100 if word == "hundred" else 12)
            category = "hundred"
        elif word in _SCALE_WORDS:
            scale = _SCALE_WORDS[word]
            if last not in ("", "a", "unit", "tens", "hundred", "decimal", "half") or scale >= self.scale:
                return False
            self._settle_decimals()
            self.total += (self.cur or 1) * scale
            self.cur, self.scale = 0.0, scale
            category = "scale"
        elif word == "half" and last == "":
            self.cur, self.kind = 0.5, "fraction"
            category = "half"
        elif word in _FRACTION_WORDS and last in ("a", "unit") and self.cur <= 20 and not self.total:
            numerator = 1.0 if last == "a" and self.cur == 0 else self.cur
            if last == "a" and self.start >= 0 and self.cur:  # 'two and a half'
                self.cur += 1 / _FRACTION_WORDS[word]
            else:
                self.cur = numerator / _FRACTION_WORDS[word]
                self.kind = "fraction"
            category = "frac"
        elif word in _ORDINAL_WORDS:
            place = float(_ORDINAL_WORDS[word])
            if not (last in ("", "and", "hundred", "scale") or (last == "tens" and place < 10)):
                return False
            if place >= 1000:
                self.total = (self.total + (self.cur or 1)) * place
                self.cur = 0.0
            elif place == 100:
                self.cur = (self.cur or 1) * 100
            else:
                self.cur += place
            self.kind, self.done = "ordinal", True
            category = "ordinal"
        else:
            return False
        if self.start < 0 and category not in ("a",):
            self.start = start
        if category not in ("a", "and", "point"):
            self.end = end
        elif self.start < 0 and category == "a":
            self.start = start
        self.last = category
        return True

    def _settle_decimals(self) -> None:
        if self.decimals:
            self.cur += float("0." + self.decimals)
            self.decimals = ""

    def flush(self) -> list[tuple[int, int, float, FigureKind]]:
        """The number read so far, if any."""
        if self.end < 0 or self.last in ("",):
            return []
        self._settle_decimals()
        if self.kind == "fraction" and self.total:
            self.kind = "cardinal"
        value = self.total + self.cur
        if self.kind == "fraction" and value >= 1:
            self.kind = "cardinal"
        return [(self.start, self.end, value, self.kind)]


_SMALL_WORDS = frozenset([*_UNIT_WORDS, *_TENS_WORDS, *_ORDINAL_WORDS])
# Words that can start (or sit inside) a run; compounds such as 'fortysecond' included.
_START_WORDS = frozenset(
    [*_UNIT_WORDS, *_TENS_WORDS, *_SCALE_WORDS, *_ORDINAL_WORDS, *_MULTIPLIERS, "hundred",
     "dozen", "half", "fold", "threefold", "twofold", "fourfold", "fivefold", "tenfold",
     *(t + u for t in _TENS_WORDS for u in [*list(_UNIT_WORDS)[1:10], *list(_ORDINAL_WORDS)[:9]])]
)


def _prefixes(text: str, draft: _Draft) -> None:
    """Read a currency, a minus sign and a hedge written before the figure."""
    before = text[max(0, draft.start - 10):draft.start]
    if before:
        currency = _PREFIX_CURRENCY.search(before)
        if currency and (currency.group("sym") or currency.group("code") in _ISO_CODES):
            symbol = currency.group("sym")
            draft.unit = _CURRENCY_SYMBOLS[symbol] if symbol else currency.group("code")
            draft.kind = "money"
            if currency.group().rstrip().endswith(("-", "−")):
                draft.value = -draft.value
            draft.start -= len(currency.group())
        elif before[-1] in "-−" and (len(before) < 2 or not (before[-2].isalnum() or before[-2] in ",.")):
            draft.value = -draft.value
            draft.start -= 1
    words = text[max(0, draft.start - 24):draft.start].lower().split()
    if words and words[-1] in ("minus", "negative"):
        draft.value = -draft.value
        words = words[:-1]
    for size in (3, 2, 1):
        if len(words) >= size and " ".join(words[-size:]) in _HEDGES:
            draft.hedge = " ".join(words[-size:])
            break
    else:
        if text[max(0, draft.start - 1):draft.start] == "~":
            draft.hedge = "~"


def _suffixes(text: str, draft: _Draft, *, allow_scale: bool) -> None:
    """Read a scale, a percent sign, a currency, a unit or a counted noun after the figure."""
    pos = draft.end
    if allow_scale:
        scale = _SCALE_AFTER.match(text, pos)
        if scale:
            word = scale.group("scale")
            spaced = bool(scale.group("sp"))
            short = word in ("m", "b", "B", "T", "t") or (spaced and len(word) <= 2 and word.lower() != "bn")
            if short and word == "m" and not spaced and draft.unit is None:
                # '90m rounds' is millions, '100m race' metres: a plural count noun decides.
                noun = _NOUN_AFTER.match(text, scale.end())
                short = not (noun and noun.group("n1").endswith("s") and noun.group("n1") not in _NOT_NOUNS)
            if not short or draft.unit is not None:
                draft.value *= _SCALE_SUFFIX[word.lower()]
                draft.scaled = True
                draft.end = pos = scale.end()
    percent = _PERCENT_AFTER.match(text, pos)
    if percent and draft.kind == "cardinal":
        draft.kind, draft.unit = "percent", "percent" if percent.group("pct") else "percentage point"
        draft.end = percent.end()
        return
    if draft.unit is None:
        code = _CODE_AFTER.match(text, pos)
        if code and code.group("code") in _ISO_CODES:
            draft.kind, draft.unit, draft.end = "money", code.group("code"), code.end()
            return
        symbol = _SYMBOL_AFTER.match(text, pos)
        if symbol:
            draft.kind, draft.unit, draft.end = "money", _CURRENCY_SYMBOLS[symbol.group("sym")], symbol.end()
            return
        word = _CURRENCY_WORD_AFTER.match(text, pos)
        if word:
            iso, divisor = _CURRENCY_WORDS[word.group("cw").lower()]
            if not (word.group("cw").lower() == "p" and draft.scaled):
                draft.kind, draft.unit, draft.end = "money", iso, word.end()
                draft.value /= divisor
                return
    if draft.kind == "money":
        return
    unit = _UNIT_AFTER.match(text, pos)
    if unit:
        if unit.group("age"):
            canonical = "year"
        elif unit.group("cased"):
            canonical = _UNITS_CASED[unit.group("cased")]
        else:
            canonical = _UNITS[unit.group("u").lower()]
        draft.kind, draft.unit, draft.end = "quantity", canonical, unit.end()
        return
    noun = _NOUN_AFTER.match(text, pos)
    if noun:
        first, second = noun.group("n1"), noun.group("n2")
        if first not in _NOT_NOUNS and not first.endswith(("ed", "ly")):
            plain_second = second and second not in _NOT_NOUNS and not first.endswith("s")
            draft.noun = second if plain_second else first


def _merge(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """Drop overlaps, then join ranges ('between 150 and 200') and 'one in three'."""
    kept: list[_Draft] = []
    for draft in drafts:
        if kept and draft.start < kept[-1].end:
            continue
        kept.append(draft)
    out: list[_Draft] = []
    i = 0
    while i < len(kept):
        a = kept[i]
        b = kept[i + 1] if i + 1 < len(kept) else None
        if b is not None and b.start - a.end <= 8:
            gap = text[a.end:b.start]
            if _join(text, a, b, gap):
                out.append(a)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _join(text: str, a: _Draft, b: _Draft, gap: str) -> bool:
    """Join ``b`` into ``a`` when the two make one range or one proportion."""
    sep = gap.strip().lower()
    if sep in ("in", "out of") and a.kind == b.kind == "cardinal" and a.unit is None and b.unit is None:
        if 0 < a.value < b.value and b.value == int(b.value) and a.value == int(a.value):
            a.value, a.kind, a.end = a.value / b.value, "fraction", b.end
            return True
        return False
    if sep not in ("-", "\u2013", "\u2014", "~", "to", "and") or gap.startswith("\n"):
        return False
    if a.kind not in _NUMERIC_KINDS or b.kind not in _NUMERIC_KINDS:
        return False
    if a.unit and b.unit and a.unit != b.unit:
        return False
    before = text[max(0, a.start - 9):a.start].lower().split()
    opener = before[-1] if before else ""
    if sep == "and" and opener != "between":
        return False
    if sep in ("-", "\u2013", "\u2014") and (a.kind == "year") != (b.kind == "year") and b.value < 100:
        b.value += a.value - a.value % 100  # 2010-11
    if b.scaled and not a.scaled and a.value < b.raw and (a.unit is None or b.unit in (None, a.unit)):
        a.value *= b.value / b.raw
    if opener in ("between", "from"):
        window = max(0, a.start - 9)
        a.start = window + text[window:a.start].lower().rindex(opener)
    a.high, a.kind, a.end = b.value, "range", b.end
    a.unit = a.unit or b.unit
    a.noun = b.noun
    return True


_UNIT_NAMES: dict[str, str] = {
    **{k: v for k, v in _UNITS.items() if len(k) > 2},
    **{k.lower(): v for k, v in _CURRENCY_SYMBOLS.items()},
    **{code.lower(): code for code in _ISO_CODES},
    **{k: v[0] for k, v in _CURRENCY_WORDS.items() if len(k) > 1},
    "%": "percent", "percent": "percent", "per cent": "percent", "percentage": "percent",
    "pct": "percent", "percentage point": "percentage point",
    "percentage points": "percentage point", "pounds": "GBP", "pound": "GBP", "gbp": "GBP",
    "km": "km", "m": "m", "mi": "mile", "kg": "kg", "ft": "ft", "cm": "cm", "mm": "mm",
    "lb": "lb", "c": "C", "f": "F", "°c": "C", "°f": "F", "gb": "GB", "mb": "MB",
}


def parse_unit(name: str | None) -> str | None:
    """The canonical unit or ISO currency for a free-text unit name, or None if unknown.

    ``'dollars'`` and ``'US$'`` give ``USD``, ``'kilometres'`` gives ``km``; a counted noun
    (``'troops'``) or anything unknown gives None.
    """
    if not name:
        return None
    key = name.strip().lower()
    if key in _UNIT_NAMES:
        return _UNIT_NAMES[key]
    if key.upper() in _ISO_CODES:
        return key.upper()
    words = key.replace("-", " ").split()
    for word in reversed(words):  # 'million USD', 'US dollars'
        if word in _UNIT_NAMES:
            return _UNIT_NAMES[word]
    return None
