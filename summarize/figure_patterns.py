"""The compiled regular expressions of the figure scanner (built once, at import).

The scans start on a cheap first character; the ``*_AFTER`` patterns read what follows a
number (scale, percent, currency, unit, counted noun) and ``PREFIX_CURRENCY`` what precedes it.
"""

from __future__ import annotations

import re

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
# below find the positions where a match may start, faster (see figures._scan).
DIGIT_SCAN = re.compile(
    r"""
    (?=[\d½¼¾⅓⅔⅛])                                       # only where a digit starts
    (?: (?P<iso> \d{4}-\d{2}-\d{2}\b )                     # 2020-08-23
      | (?P<dmy> \d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:""" + MONTH + "|" + LOWER_MONTH + r""")(?![\w])  # 23 August
            (?:,?\s+\d{4}\b)? )                            #   optional year
      | (?P<slash> \d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b )     # 5/17/2018
      | (?P<time> \d{1,2}(?:[:.]\d{2})?\s?[ap]\.?m\b\.?      # 3pm, 3.30 p.m.
          | \d{1,2}:\d{2}\b(?![:.]\d) )                      # 10:30
      | (?P<ident> \d+[ADEGHIJNOPQRSUVWXYZ]\b(?![$.,]?\d) )  # 5G, 3D (not 5K 10M 2B 5C 2L)
      | (?P<decade> \d{2,4}'?s\b )                          # 1990s, 20s ('90s: see handler)
      | (?P<sci> \d+(?:\.\d+)?(?: [eE][+\-−]?\d+\b            # 4e14, 1.2E-3
                                | \s?[×x]\s?10(?:\^|\*\*)?[\-−]\d+\b  # 2.48×10−5
                                | \s?[×x]\s?10\^\d+\b ) )              # 3x10^8
      | (?P<mixed> \d+\s\d{1,2}/\d{1,2}\b(?!/)                 # 2 1/2
                 | \d+[½¼¾⅓⅔⅛] )                              # 2½
      | (?P<frac> \d+/\d+\b(?!/) | [½¼¾⅓⅔⅛] )               # 1/4, ½
      | (?P<ord> \d+(?:st|nd|rd|th)\b )                     # 8th, 21st
      | (?P<num> (?: \d{1,3}(?:,\d{3})+(?:\.\d+)?           # 2,000 / 1,204.50
                   | \d{1,3}(?:[\u00a0\u2009\u202f]\d{3})+(?:\.\d+)?   # 1 234.5 (narrow spaces)
                   | \d+(?:\.\d+)? )                          # 2003 / 4.5
          (?!\d) )
    )
    """,
    re.VERBOSE,
)
CAPITAL_SCAN = re.compile(
    r"""
    (?=[A-Z])                                              # only where a capital starts
    (?: (?P<mdy> """ + MONTH + r"""\s+\d{1,2}(?:st|nd|rd|th)?\b(?![:.,]?\d)  # August 23
            (?:,?\s+\d{4}\b)? )                            #   optional year
      | (?P<my> """ + MONTH + r"""\s+(?:of\s+)?\d{4}\b )   # June 2020
      | (?P<ident> (?:""" + ID_KEYWORDS + r""")\s\d+[A-Za-z]?\b   # Article 5, Boeing 737
          | [A-Z][A-Za-z]*-\d+(?:[A-Za-z]+\d*)*\b(?!-\d)      # F-35, COVID-19
          | [A-Z]{1,4}\d+(?:[A-Za-z]+\d*)*\b )               # G7, A320, H1N1
    )
    """,
    re.VERBOSE,
)
# Where a DIGIT_SCAN match may start. A pattern that starts with a character class is
# searched in C, skipping other characters without trying a match: 36 ms -> 21 ms over
# articles_frank, its articles and summaries.
DIGIT_START = re.compile(r"[\d½¼¾⅓⅔⅛]")
# Where a CAPITAL_SCAN match may start: every one of its forms holds a digit after a
# capital, a run of letters or dots, and a space (or 'of'), a hyphen or nothing. The
# possessive quantifiers never backtrack, since what follows each run cannot belong to
# it: 30 ms -> 14 ms; most capitals (48,000 there) start a plain word.
CAPITAL_START = re.compile(r"[A-Z][A-Za-z.]*+(?:\s++(?:of\s+)?|-)?\d")
# A run of number words, matched at a position found by the set lookup; lower case.
WORD_RUN = re.compile(
    r"""
    (?P<mult> (?:""" + trie(MULTIPLIERS) + r"""                # twice, doubled
              | (?:\d+|two|three|four|five|ten)[\s-]?fold)\b )  # threefold, 3-fold
  | (?P<words>
      (?: (?:half\s+)?an?\s+ (?=(?:hundred|thousand|million|billion|trillion|dozen|
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
_START_WORD = trie([*START_WORDS, "quarter"])
START_WORD_SCAN = re.compile(r"\b(?:" + _START_WORD + r")\b")
# The same words after a non-word character. A pattern that starts with a character class
# is searched in C, skipping the letters inside words without trying a match there (a
# leading ``\b`` is tried at every position): a third faster. The words at the very start
# of a text are left to START_WORD_SCAN.match.
START_WORD_AFTER_BREAK = re.compile(r"\W(?:" + _START_WORD + r")\b")
LEADS = ("half a ", "half an ", "a ", "an ")


# What may follow a number: a scale, then a percent, currency or unit.
SCALE_AFTER = re.compile(
    r"""
    (?P<sp>\s?)                                              # attached or one space
    (?P<scale> (?i:thousands?|millions?|billions?|trillions?|lakhs?|crores?|dozens?)\b  # words
             | (?:bn|bln|mn|mln|mil|tn|tln|trn|k|K|m|M|b|B|T)\b(?![.,]?\d) )   # suffixes
    """,
    re.VERBOSE,
)
PERCENT_AFTER = re.compile(
    r"""
    \s?(?: (?P<pct> % | (?i:per\s?cent|percent|pc)\b )      # 12%, 12 per cent, 12pc
         | (?P<pp> (?i:percentage[\s-]points?|pct\.?\s+points?|points?\s+percent)\b) )
    """,
    re.VERBOSE,
)
CODE_AFTER = re.compile(r"\s?(?P<code>[A-Z]{3})\b")
SYMBOL_AFTER = re.compile(r"\s?(?P<sym>€|£|\$|C\$|¥)")
CURRENCY_WORD_AFTER = re.compile(
    r"[\s-]?(?i:(?P<cw>" + trie(CURRENCY_WORDS) + r"))\b(?!')",
)
UNIT_AFTER = re.compile(
    r"""
    (?P<age> -year-old|-years-old|\s+years?\s+old )          # 43-year-old, five years old
  | (?P<cased> (?:°C|°F|[CF]|L|m)(?![\w°]) )                 # -12C, 100m (attached)
  | [\s-]?(?P<u> (?i:""" + trie(UNITS) + r""") )(?![\w/²])   # 20 km, 20-mile, 5 kilometres
    """,
    re.VERBOSE,
)
NOUN_AFTER = re.compile(
    r"""
    [\s-]+ (?:[A-Z][A-Za-z.]*\s+)?                          # skip one proper adjective: 'US'
    (?P<n1>[a-z][a-z'-]*[a-z])                               # the counted noun ...
    (?:\s+(?P<n2>[a-z][a-z-]*s)\b)?                          # ... or a compound's head
    """,
    re.VERBOSE,
)
PREFIX_CURRENCY = re.compile(
    r"""
    (?: (?P<sym> (?:US|A|AU|C|CA|HK|NZ|S|R|Mex|MX|NT)?\$ | [£€¥₹₩₽₦₺₴₱₪฿] | Rs\.?
               | \#(?=\s) )                                # '# 100': £ lost to ASCII in XSum/CNN
      | (?P<code> \b[A-Z]{3} ) )                             # USD 5, UAH3.04
    \s?:?\s?[-−]?\s?\Z                                       # optional space, colon, minus
    """,
    re.VERBOSE,
)
NUMERIC_KINDS = frozenset({"cardinal", "money", "percent", "quantity", "year"})
