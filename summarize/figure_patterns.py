"""The compiled regular expressions of the figure scanner (built once, at import).

The scans start on a cheap first character; the ``*_AFTER`` patterns read what follows a
number (scale, percent, currency, unit, counted noun) and ``PREFIX_CURRENCY`` what precedes it.
``scan``, ``capital_scan`` and ``word_starts`` run the scans over a text, faster than
``finditer`` with the same matches.
"""

from __future__ import annotations

import re
import sys
from typing import Final

from summarize.figure_tables import CURRENCY_WORDS, ID_KEYWORDS, LOWER_MONTH, MONTH, UNITS
from summarize.figure_word_tables import (
    FRACTION_WORD,
    MULTIPLIERS,
    NUMBER_WORD,
    ORDINAL_WORD,
    START_WORDS,
    trie,
)

# Three scans, each starting on a cheap first character so the regex engine skips the
# rest of the text quickly (one combined alternation tried at every position was ten
# times slower, measured on articles_frank): figures that start with a digit, figures
# that start with a capital letter, and number words (found by a set lookup first).
# The leading lookahead is still tried at every position; DIGIT_START and CAPITAL_START
# below find the positions where a match may start, faster (see ``scan``).
# The digits that open each form but the last are possessive (``\d++``, ``\d{1,2}+``): what
# must follow them is never a digit, so giving digits back could only fail, and trying
# every shorter run for each form cost up to a third of matching a plain number.
DIGIT_SCAN: Final = re.compile(
    r"""
    (?=[\d½¼¾⅓⅔⅛])                                       # only where a digit starts
    (?: (?P<iso> \d{4}-\d{2}-\d{2}\b )                     # 2020-08-23
      | (?P<dmy> \d{1,2}+(?:st|nd|rd|th)?\s+(?:of\s+)?(?:""" + MONTH + "|" + LOWER_MONTH + r""")(?![\w])  # 23 August
            (?:,?\s+\d{4}\b)? )                            #   optional year
      | (?P<slash> \d{1,2}+/\d{1,2}/(?:\d{4}|\d{2})\b )     # 5/17/2018
      | (?P<lap> \d{1,2}+:\d{2}:\d{2}(?:\.\d+)?\b               # 9:40:16, a race time
               | \d{1,2}+:\d{2}\.\d+\b )                        # 1:35.782, a lap time
      | (?P<time> \d{1,2}+(?:[:.]\d{2})?\s?[ap](?:\.m\b\.?|m\b)  # 3pm, 3.30 p.m. (a stop after "pm" ends the sentence)
          | \d{1,2}+:\d{2}\b(?![:.]\d) )                      # 10:30
      | (?P<ident> \d++[ADEGHIJNOPQRSUVWXYZ]\b(?![$.,]?\d) )  # 5G, 3D (not 5K 10M 2B 5C 2L)
      | (?P<decade> \d{2,4}+'?s\b )                          # 1990s, 20s ('90s: see handler)
      | (?P<sci> \d++(?:\.\d++)?+(?: [eE][+\-−]?\d+\b            # 4e14, 1.2E-3
                                | \s?[×x]\s?10(?:\^|\*\*)?[\-−]\d+\b  # 2.48×10−5
                                | \s?[×x]\s?10\^\d+\b ) )              # 3x10^8
      | (?P<mixed> \d++\s\d{1,2}/\d{1,2}\b(?!/)                 # 2 1/2
                 | \d++[½¼¾⅓⅔⅛] )                              # 2½
      | (?P<frac> \d++/\d+\b(?!/) | [½¼¾⅓⅔⅛] )               # 1/4, ½
      | (?P<ord> \d++(?:st|nd|rd|th)\b )                     # 8th, 21st ('1,000th': see _number)
      | (?P<num> (?: \d{1,3}(?:,\d{3})+(?:\.\d+)?           # 2,000 / 1,204.50
                   | \d{1,3}(?:[\u00a0\u2009\u202f]\d{3})+(?:\.\d+)?   # 1 234.5 (narrow spaces)
                   | \d+(?:\.\d+)? )                          # 2003 / 4.5
          (?!\d) )
    )
    """,
    re.VERBOSE,
)
# The letters and digits after an identifier's first digits are one run, not repeated
# groups of letters then digits: the groups could split a run of letters in every way,
# so a run followed by a letter outside ASCII (where \b fails) took exponential time,
# a minute for 30 letters ('G7aaaa...é').
CAPITAL_SCAN: Final = re.compile(
    r"""
    (?=[A-Z])                                              # only where a capital starts
    (?: (?P<mdy> """ + MONTH + r"""\s+\d{1,2}(?:st|nd|rd|th)?\b(?![:.,]?\d)  # August 23
            (?:,?\s+\d{4}\b)? )                            #   optional year
      | (?P<my> """ + MONTH + r"""\s+(?:of\s+)?\d{4}\b )   # June 2020
      | (?P<ident> (?:""" + ID_KEYWORDS + r""")\s\d+[A-Za-z]?\b   # Article 5, Boeing 737
          | [A-Z][A-Za-z]*-\d+[A-Za-z\d]*\b(?!-\d)            # F-35, COVID-19
          | [A-Z]{1,4}\d+[A-Za-z\d]*\b )                     # G7, A320, H1N1
    )
    """,
    re.VERBOSE,
)
# Where a DIGIT_SCAN match may start. A pattern that starts with a character class is
# searched in C, skipping other characters without trying a match: 36 ms -> 21 ms over
# articles_frank, its articles and summaries. The class holds every digit and fraction
# but is written as code points, since testing the Unicode property ``\d`` of each
# character cost a third of the scan: all but ASCII other than 0-9, Latin-1 other than
# ¼½¾, the rest below U+0660 (the first other digit) and General Punctuation (quotes and
# dashes). DIGIT_SCAN skips the few others. Written as what it leaves out, it compiles in
# under a millisecond (listed, 7 ms). ``digit_scan`` finds the ASCII digits without it.
DIGIT_START: Final = re.compile(r"[^\x00-\x2f\x3a-\xbb\xbf-\u065f\u2000-\u206f]")
# Where a CAPITAL_SCAN match may start: every one of its forms holds a digit after a
# capital, a run of letters or dots, and a space (or 'of'), a hyphen or nothing. The
# possessive quantifiers never backtrack, since what follows each run cannot belong to
# it: 30 ms -> 14 ms; most capitals (48,000 there) start a plain word.
CAPITAL_START: Final = re.compile(r"[A-Z][A-Za-z.]*+(?:\s++(?:of\s+)?|-)?\d")
# A run of number words, matched at a position found by the set lookup; lower case.
WORD_RUN: Final = re.compile(
    r"""
    (?P<mult> (?:""" + trie(MULTIPLIERS) + r"""                # twice, doubled
              | (?:\d+|two|three|four|five|ten)[\s-]?fold)\b )  # threefold, 3-fold
  | (?P<words>
      (?: (?:half[\s-]+)?an?[\s-]+ (?=(?:hundred|thousand|million|billion|trillion|dozen|
                                 half|third|quarter)\b) )?      # 'a dozen', 'half a million'
      (?: """ + NUMBER_WORD + "|" + ORDINAL_WORD + r"""|half|quarter )\b   # first word
      (?: (?:\s*[-\u2013\u2014]\s*|\s+and\s+(?:an?\s+)?|\s+|\s+point\s+|\s+an?\s+(?=half\b))
          (?: """ + NUMBER_WORD + "|" + ORDINAL_WORD + "|" + FRACTION_WORD + r"""
            | (?:thousand|million|billion|trillion)s )\b )*          # 'twenty-five millions'
    )
    """,
    re.VERBOSE,
)
# The number words present in a lower-cased text: one pass of a trie, cheaper than
# splitting the text into a set of words (measured with bench/figures_speed.py).
# 'quarter' starts a run ('a quarter million') but stays a content word of its context.
_START_WORD: Final = trie([*START_WORDS, "quarter"])
_START_LETTERS: Final = frozenset(word[0] for word in [*START_WORDS, "quarter"])  # a match's first letter
START_WORD_SCAN: Final = re.compile(r"\b(?:" + _START_WORD + r")\b")
# The same words after a non-word character. A pattern that starts with a character class
# is searched in C, skipping the letters inside words without trying a match there (a
# leading ``\b`` is tried at every position): a third faster. The words at the very start
# of a text are left to START_WORD_SCAN.match.
START_WORD_AFTER_BREAK: Final = re.compile(r"\W(?:" + _START_WORD + r")\b")
# The same with ASCII word characters, where a character outside ASCII is a break: its
# matches include all of START_WORD_AFTER_BREAK's, and more only beside a letter outside
# ASCII ('éone'). The Unicode test of each character cost a third of the scan. It is
# searched as START_WORD_AFTER_SPACE below (``word_starts``).
START_WORD_AFTER_ASCII_BREAK: Final = re.compile(r"\W(?:" + _START_WORD + r")\b", re.ASCII)
LEADS: Final = ("half a ", "half an ", "a ", "an ")
# What CAPITAL_START reads before its digit, in the reversed text ('June of 2020' reads
# '0202 fo enuJ'): a separator, if any, then a word of letters and dots with a capital.
_WORD_BEFORE_DIGIT: Final = re.compile(r"(?:-|\s++fo\s++|\s++)?[a-z.]*+[A-Z][A-Za-z.]*+")
# A digit after a letter, dot, space or hyphen inside a DIGIT_SCAN match: where a
# CAPITAL_START match may end ('23 August 2020', '1.2E-3').
_DIGIT_AFTER_WORD: Final = re.compile(r"[A-Za-z.\s-]\d")


# What may follow a number: a scale, then a percent, currency or unit. The space (or
# hyphen) before one is possessive (``?+``): none of them starts with a space, so trying
# the words again without it could only fail, and cost a fifth of each failed match.
SCALE_AFTER: Final = re.compile(
    r"""
    (?P<sp>\s?+)                                             # attached or one space
    (?P<scale> (?i:thousands?|millions?|billions?|trillions?|lakhs?|crores?|dozens?)\b  # words
             | (?:bn|bln|mn|mln|mil|tn|tln|trn|k|K|m|M|b|B|T)\b(?![.,]?\d) )   # suffixes
    """,
    re.VERBOSE,
)
PERCENT_AFTER: Final = re.compile(
    r"""
    \s?+(?: (?P<pp> (?i:percentage[\s-]points?|pct\.?\s+points?|points?\s+percent|ppts?|pp)\b)
         | (?P<pct> % | (?i:per[\s-]?cent|percent|pct|pc)\b | (?i:p\.c\.) ) )  # 12%, 12 per cent, 12pc, 12 pct
    """,
    re.VERBOSE,
)
CODE_AFTER: Final = re.compile(r"\s?(?P<code>[A-Z]{3})\b")
SYMBOL_AFTER: Final = re.compile(r"\s?(?P<sym>€|£|\$|C\$|¥)")
CURRENCY_WORD_AFTER: Final = re.compile(
    r"[\s-]?+(?i:(?P<cw>" + trie(CURRENCY_WORDS) + r"))\b(?!')",
)
UNIT_AFTER: Final = re.compile(
    r"""
    (?P<age> -year-old|-years-old|\s+years?\s+old|\s-\syears?\s-\sold )  # 43-year-old, five years old
  | (?P<cased> (?:°C|°F|[CF]|L|m|\x20?bp)(?![\w°]) )          # -12C, 100m (attached), 25bp
  | (?:\s-\s|[\s-])?+(?P<u> (?i:""" + trie(UNITS) + r""") )(?![\w/²]|['’]\w)  # 20 km, 20-mile; not L'Aquila
    """,
    re.VERBOSE,
)
NOUN_AFTER: Final = re.compile(
    r"""
    [\s-]+ (?:[A-Z][A-Za-z.]*\s+)?                          # skip one proper adjective: 'US'
    (?P<n1>[a-z][a-z'-]*[a-z])                               # the counted noun ...
    (?:\s+(?P<n2>[a-z][a-z-]*s)\b)?                          # ... or a compound's head
    """,
    re.VERBOSE,
)
PREFIX_CURRENCY: Final = re.compile(
    r"""
    (?: (?P<sym> (?:US|A|AU|C|CA|HK|NZ|S|R|Mex|MX|NT)?\$ | [£€¥₹₩₽₦₺₴₱₪฿] | Rs\.?
               | \#(?=\s) )                                # '# 100': £ lost to ASCII in XSum/CNN
      | (?P<code> \b[A-Z]{3} ) )                             # USD 5, UAH3.04
    \s?:?\s?[-−]?\s?\Z                                       # optional space, colon, minus
    """,
    re.VERBOSE,
)
NUMERIC_KINDS: Final = frozenset({"cardinal", "money", "percent", "quantity", "year"})
# All the ``*_AFTER`` patterns in one, in the order ``summarize.figure_affixes.suffixes``
# tries them, each in a group named after it, so the group that matches is the first
# pattern that would. Most numbers are followed by a plain word, which only the last
# matches: one call instead of seven, the failed ones costing as much as a match.
ANY_AFTER: Final = re.compile(
    "|".join(
        f"(?P<{name}>" + (f"(?-x:{pattern.pattern})" if not pattern.flags & re.VERBOSE else pattern.pattern) + ")"
        for name, pattern in (
            ("scale_after", SCALE_AFTER), ("percent_after", PERCENT_AFTER), ("code_after", CODE_AFTER),
            ("symbol_after", SYMBOL_AFTER), ("currency_word_after", CURRENCY_WORD_AFTER),
            ("unit_after", UNIT_AFTER), ("noun_after", NOUN_AFTER),
        )
    ),
    re.VERBOSE,
)


def scan(pattern: re.Pattern[str], starts: re.Pattern[str], text: str, pos: int = 0,
         endpos: int = sys.maxsize) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))``, trying ``pattern`` only where ``starts`` finds a
    position at which it may match (from ``pos``, before ``endpos``): the same matches,
    found faster."""
    found: list[re.Match[str]] = []
    search, match = starts.search, pattern.match
    while (start := search(text, pos, endpos)) is not None:
        at = start.start()
        hit = match(text, at)
        if hit is None:
            pos = at + 1
        else:
            found.append(hit)
            pos = hit.end()  # no scan matches an empty string
    return found


def capital_scan(text: str, digits: list[re.Match[str]]) -> list[re.Match[str]]:
    """``scan(CAPITAL_SCAN, CAPITAL_START, text)``, given ``digits``, the DIGIT_SCAN matches.

    A CAPITAL_START match is a word, a separator and a digit ('June 2020', 'F-35', 'G7'),
    and the digit scan's matches hold every digit, so only the word before each digit
    is searched, found by reading backwards from the digit: searching the whole text
    for capitals (a hundred in an article, few of them before a digit) cost 25 us per
    article of articles_frank, this about 10.
    """
    found: list[re.Match[str]] = []
    reverse = text[::-1] if digits else ""
    pos = 0
    for digit in digits:
        start, end = digit.span()
        ends = [start] if text[start] not in "½¼¾⅓⅔⅛" else []
        if end - start > 2 and not text[start:end].isdigit():
            ends += [inner.start() + 1 for inner in _DIGIT_AFTER_WORD.finditer(text, start, end)]
        for at in ends:
            word = _WORD_BEFORE_DIGIT.match(reverse, len(text) - at)
            if word is not None:
                hits = scan(CAPITAL_SCAN, CAPITAL_START, text, max(pos, len(text) - word.end()), at + 1)
                if hits:
                    found += hits
                    pos = hits[-1].end()
    return found


# Searching for a class of characters calls a test for each character; searching for one
# character runs a tight loop over them. So the scans below first map the text to bytes, one
# for each character ('?' for each outside ASCII, by the ASCII codec's "replace"), then map
# those bytes through a table to one byte that marks where a match may start, and search
# for that byte.
# ASCII word characters kept, every other byte (so every character outside ASCII) a space.
_WORD_BYTES: Final = bytes(c if chr(c).isalnum() or c == 0x5F else 0x20 for c in range(128)) + b" " * 128
# START_WORD_AFTER_ASCII_BREAK, in the text mapped by _WORD_BYTES, where its \W is a space.
START_WORD_AFTER_SPACE: Final = re.compile(rb" (?:" + _START_WORD.encode() + rb")\b")
# Every ASCII digit becomes "0", and so does "?", which stands for any character outside
# ASCII (DIGIT_START tests those one by one); every other byte a space.
_DIGIT_BYTES: Final = bytes(0x30 if 0x30 <= c <= 0x39 or c == 0x3F else 0x20 for c in range(256))


def digit_scan(text: str) -> list[re.Match[str]]:
    """``scan(DIGIT_SCAN, DIGIT_START, text)``, the positions found in the text mapped by
    _DIGIT_BYTES: DIGIT_START holds no ASCII character but the digits. Measured with
    callgrind on the compiled build over articles_frank (each article and its summary):
    335,000 -> 210,000 instructions an article."""
    marks = text.encode("ascii", "replace").translate(_DIGIT_BYTES)
    found: list[re.Match[str]] = []
    match, may_start = DIGIT_SCAN.match, DIGIT_START.match
    at = marks.find(b"0")
    while at >= 0:
        char = text[at]
        hit = match(text, at) if "0" <= char <= "9" or may_start(char) is not None else None
        if hit is None:
            at = marks.find(b"0", at + 1)
        else:
            found.append(hit)
            at = marks.find(b"0", hit.end())  # no scan matches an empty string
    return found


def word_starts(lower: str) -> list[int]:
    """Where the matches of ``START_WORD_SCAN`` start in ``lower``, found faster: those of
    START_WORD_AFTER_ASCII_BREAK, searched as START_WORD_AFTER_SPACE (measured as
    ``digit_scan``: 427,000 -> 291,000 instructions an article; the regex is still tried at
    every space)."""
    spaced = lower.encode("ascii", "replace").translate(_WORD_BYTES)
    hits = [m.start() + 1 for m in START_WORD_AFTER_SPACE.finditer(spaced)]
    if not lower.isascii():  # drop the words that a letter outside ASCII joins ('éone')
        hits = [pos for pos in hits if START_WORD_AFTER_BREAK.match(lower, pos - 1)]
    if lower[:1] in _START_LETTERS and START_WORD_SCAN.match(lower):
        hits.insert(0, 0)
    return hits
