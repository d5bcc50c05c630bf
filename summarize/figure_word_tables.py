"""The number words that the figure scanner reads (data, and the regexes built from it).

"twenty-five", "a third", "eighth", "twice": each table maps a word to its value, so that
adding a word is a one-line change. ``trie`` turns a list of words into one regular
expression alternation, which ``summarize.figure_patterns`` compiles into its scans;
``summarize.number_words`` reads the values of a run of these words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

__all__ = [
    "ALL_WORDS", "FRACTION_WORD", "FRACTION_WORDS", "MULTIPLIERS", "NUMBER_WORD", "ORDINAL_WORD",
    "ORDINAL_WORDS", "PRONOUN_ONE_BEFORE", "SCALE_WORDS", "SMALL_WORDS", "START_WORDS", "TENS_WORDS",
    "UNIT_WORDS", "trie",
]

UNIT_WORDS: Final = {
    "zero": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
TENS_WORDS: Final = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALE_WORDS: Final = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "quadrillion": 1e15, "quintillion": 1e18, "sextillion": 1e21, "lakh": 1e5, "crore": 1e7,
}
ORDINAL_WORDS: Final = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1e3, "millionth": 1e6, "billionth": 1e9,
    "trillionth": 1e12, "quadrillionth": 1e15, "quintillionth": 1e18, "sextillionth": 1e21,
}
# Denominators: "two thirds", "a quarter", "three fifths".
FRACTION_WORDS: Final = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifths": 5, "sixths": 6, "sevenths": 7, "eighths": 8, "ninths": 9, "tenths": 10,
    "hundredths": 100, "thousandths": 1e3, "millionths": 1e6, "billionths": 1e9, "trillionths": 1e12,
}
MULTIPLIERS: Final = {
    "twice": 2.0, "thrice": 3.0, "doubled": 2.0, "doubling": 2.0, "tripled": 3.0,
    "tripling": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5, "halving": 0.5,
    # Factors only before what they multiply ('double the level'): see multiplier_drafts.
    "double": 2.0, "triple": 3.0, "treble": 3.0, "quadruple": 4.0,
}
# Words before "one" that make it a pronoun ("no one", "the one"), not a figure.
PRONOUN_ONE_BEFORE: Final = frozenset(
    ["no", "the", "every", "any", "each", "which", "this", "that", "someone", "anyone"])


def trie(words: Iterable[str]) -> str:
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


NUMBER_WORD: Final = trie(
    [*UNIT_WORDS, *TENS_WORDS, *SCALE_WORDS, "hundred", "dozen",
     *(t + u for t in TENS_WORDS for u in [*list(UNIT_WORDS)[1:10], *list(ORDINAL_WORDS)[:9]])]
)
ORDINAL_WORD: Final = trie(ORDINAL_WORDS)
FRACTION_WORD: Final = trie(FRACTION_WORDS)

SMALL_WORDS: Final = frozenset([*UNIT_WORDS, *TENS_WORDS, *ORDINAL_WORDS])
# Words that can start (or sit inside) a run; compounds such as 'fortysecond' included.
START_WORDS: Final = frozenset(
    [*UNIT_WORDS, *TENS_WORDS, *SCALE_WORDS, *ORDINAL_WORDS, *MULTIPLIERS, "hundred",
     "dozen", "half", "fold", "threefold", "twofold", "fourfold", "fivefold", "tenfold",
     *(t + u for t in TENS_WORDS for u in [*list(UNIT_WORDS)[1:10], *list(ORDINAL_WORDS)[:9]])]
)

ALL_WORDS: Final = frozenset(
    [*UNIT_WORDS, *TENS_WORDS, *SCALE_WORDS, *ORDINAL_WORDS, *FRACTION_WORDS,
     "hundred", "dozen", "and", "a", "an", "point", "half"]
)
