"""The units, currencies, scales and hedges that the figure scanner reads (data only).

Everything here is a table or built from one, so adding a unit, a currency word or a hedge
is a one-line change; ``parse_unit`` maps a free-text unit name through the same tables.
The number words ("twenty-five", "a third") are in ``summarize.figure_word_tables``.
"""

from __future__ import annotations

from typing import Final, Literal

FigureKind = Literal[
    "cardinal", "ordinal", "percent", "money", "quantity", "year",
    "date", "range", "fraction", "multiplier", "identifier",
]

SCALE_SUFFIX: Final = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "bn": 1e9, "bln": 1e9, "b": 1e9, "tln": 1e12,
    "tn": 1e12, "trn": 1e12, "t": 1e12, "lakh": 1e5, "crore": 1e7, "crores": 1e7,
    # plurals after a number ('3 dozens', '12 lakhs', 'two billions') scale it the same
    "thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12, "lakhs": 1e5,
    "dozen": 12, "dozens": 12,
}
# Symbols written before (or after) an amount.
CURRENCY_SYMBOLS: Final = {
    "$": "USD", "US$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "R$": "BRL", "Mex$": "MXN", "MX$": "MXN",
    "NT$": "TWD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
    "₦": "NGN", "₺": "TRY", "₴": "UAH", "₱": "PHP", "₪": "ILS", "฿": "THB", "Rs": "INR",
    "Rs.": "INR", "R": "ZAR", "#": "GBP",
}
ISO_CODES: Final = frozenset(
    [
        "USD", "EUR", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "NZD", "INR", "RUB", "BRL", "MXN", "KRW", "HKD",
        "SGD", "SEK", "NOK", "DKK", "PLN", "ZAR", "TRY", "UAH", "NGN", "KES", "EGP", "SAR", "AED", "QAR", "ILS",
        "THB", "PHP", "IDR", "MYR", "PKR", "BDT", "VND", "ARS", "CLP", "COP", "PEN", "TWD", "CZK", "HUF", "RON",
        "KWD", "MNT", "IRR", "IQD"
    ]
)
# Currency words after an amount; the value is divided by the divisor (pence, cents).
CURRENCY_WORDS: dict[str, tuple[str, float]] = {
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
# symbols in UNITS_CASED (m is metres, M is million; C and F are degrees).
UNITS: dict[str, str] = {}
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
    "sq m": "sq m|square metres|square meters|square metre|square meter|m²",
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
    "mph": "mph|miles per hour|miles an hour",
    "km/h": "km/h|kph|kmh|kilometres per hour|kilometers per hour|km per hour|kilometres an hour|kilometers an hour",
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
    "basis point": "basis points|basis point|bps",
}.items():
    for _form in _forms.replace("|", " ").split(" ") if "|" not in _forms else _forms.split("|"):
        UNITS.setdefault(_form, _canon)
UNITS.update({"miles per hour": "mph", "degrees c": "C", "degrees f": "F"})
UNITS_CASED: Final = {"m": "m", "C": "C", "F": "F", "°C": "C", "°F": "F", "L": "litre", "M": "M", "bp": "basis point"}

# Hedges written before a figure, longest first when matched.
HEDGES: Final = frozenset({
    "nearly", "almost", "about", "around", "approximately", "roughly", "some", "over",
    "under", "below", "above", "approx", "circa", "estimated", "~", "more than",
    "less than", "fewer than", "up to", "at least", "at most", "close to", "as many as",
    "as much as", "as few as", "as little as", "in excess of", "upwards of", "just over",
    "just under", "well over", "an estimated", "more than about", "almost exactly",
    "exceeding", "nearly all", "just about", "some estimated",
})
# Words that end a noun phrase rather than name what is counted.
NOT_NOUNS: Final = frozenset(
    [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "as",
        "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "could", "should", "may",
        "might", "per", "than", "that", "which", "who", "this", "these", "those", "it", "its", "their", "his",
        "her", "more", "less", "after", "before", "since", "during", "into", "over", "under", "between",
        "against", "about", "when", "while", "out", "up", "down", "each", "every", "other", "another", "such",
        "not", "no", "so", "if", "then", "there", "here", "they", "we", "he", "she", "you", "i", "our", "your",
        "all", "both", "only", "also", "just", "new", "old", "last", "next", "first", "second", "same", "more",
        "most", "least", "times", "time", "year", "years",
        # words ending in s that head no compound: '2,000 people across the UK'
        "across", "towards", "afterwards", "besides", "themselves", "plus", "unless", "whereas", "perhaps",
        "always", "thus",
    ]
)


# A stop only after an abbreviation ('Aug. 23'): after 'June' it ends the sentence.
MONTH: Final = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|Jun(?:e|\.)?|Jul(?:y|\.)?"
    r"|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
MONTH_NAMES: Final = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
# Lower-case month names, for lower-cased corpora ('19 august'); 'may' is left out,
# since '15 may have died' is far more common than '15 may'.
LOWER_MONTH: Final = "(?:" + "|".join(name for name in MONTH_NAMES if name != "may") + ")"
MONTHS: Final = {name[:3]: i for i, name in enumerate(MONTH_NAMES, start=1)}
ID_KEYWORDS: Final = (
    "Article|Section|Chapter|Clause|Resolution|Amendment|Proposition|Flight|Route|Highway|"
    "Interstate|Channel|Level|Phase|Stage|Category|Tier|Class|Type|Room|Platform|Gate|"
    "Terminal|Ward|Block|Apollo|Boeing|Airbus|Windows|iPhone|Galaxy|Formula|Number|No\\.|"
    "Line|Paragraph|Rule|Page|Episode|Season|Series|Volume|Part|Title|Bus|Junction|Pier|"
    "Band|Grade|Division|Pixel|Xbox|PlayStation|Mark|Unit|Band|Studio|Camp|Lot|Bay|Zone"
)

_UNIT_NAMES: dict[str, str] = {
    **{k: v for k, v in UNITS.items() if len(k) > 2},
    **{k.lower(): v for k, v in CURRENCY_SYMBOLS.items()},
    **{code.lower(): code for code in ISO_CODES},
    **{k: v[0] for k, v in CURRENCY_WORDS.items() if len(k) > 1},
    "%": "percent", "percent": "percent", "per cent": "percent", "percentage": "percent",
    "pct": "percent", "percentage point": "percentage point",
    "percentage points": "percentage point", "pounds": "GBP", "pound": "GBP", "gbp": "GBP",
    "km": "km", "m": "m", "mi": "mile", "kg": "kg", "ft": "ft", "cm": "cm", "mm": "mm",
    "lb": "lb", "c": "C", "f": "F", "°c": "C", "°f": "F", "gb": "GB", "mb": "MB",
}


# Scale words as a free-text unit may hold them ('million USD' for a value in millions).
UNIT_SCALES: Final = {"thousand": 1e3, "thousands": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6,
               "billion": 1e9, "billions": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12}


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
    if key.upper() in ISO_CODES:
        return key.upper()
    words = key.replace("-", " ").split()
    for word in reversed(words):  # 'million USD', 'US dollars'
        if word in _UNIT_NAMES:
            return _UNIT_NAMES[word]
    return None
