"""Reading numbers written in words: "twenty-five", "half a million", "two and a half"."""

from __future__ import annotations

import functools
import re
from typing import Final

from summarize.figure_tables import FigureKind
from summarize.figure_word_tables import (
    ALL_WORDS,
    FRACTION_WORDS,
    ORDINAL_WORDS,
    SCALE_WORDS,
    SMALL_WORDS,
    TENS_WORDS,
    UNIT_WORDS,
)

# Ordinals that read as a denominator after 'one': 'one sixth' is 1/6.
_SINGULAR_DENOMINATORS: Final = frozenset(["fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"])
_WORD_TOKEN: Final = re.compile(r"[a-z]+")
# What a plural scale may follow: 'twenty-five millions' is a number, 'millions of' is not.
_COUNTS: Final = frozenset(["unit", "tens", "hundred"])
# 'half a million', 'half a dozen': what 'half a' multiplies.
_AFTER_HALF_A: Final = frozenset([*SCALE_WORDS, "hundred", "dozen"])


def parse_words(text: str, offset: int, run: str) -> list[tuple[int, int, float, FigureKind]]:
    """Split a run of number words into figures: 'twenty five and thirty six' is two."""
    return [(offset + start, offset + end, value, kind) for start, end, value, kind in _parse_run(run)]


@functools.lru_cache(maxsize=4096)
def _parse_run(run: str) -> tuple[tuple[int, int, float, FigureKind], ...]:
    """``parse_words`` at offset 0. Cached: most runs are one common word ('two', 'first'),
    and parsing them again cost a third of reading number words."""
    tokens: list[tuple[str, int, int]] = []
    for m in _WORD_TOKEN.finditer(run.lower()):
        word, start, end = m.group(), m.start(), m.end()
        if word not in ALL_WORDS and word[:-1] not in ALL_WORDS:
            for tens in TENS_WORDS:  # 'fortysecond' is forty + second
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
    return tuple(out)


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
            if last not in ("", "and", "half") or (last == "half" and following not in _AFTER_HALF_A):
                return False
            category = "a"
        elif word == "and":
            fractional = following == "a" and (after_next in FRACTION_WORDS or after_next in _SINGULAR_DENOMINATORS)
            if not (fractional or (last in ("hundred", "scale") and following in SMALL_WORDS)):
                return False
            category = "and"
        elif word == "point":
            if last not in ("unit", "tens") or following not in UNIT_WORDS:
                return False
            category = "point"
        elif word in UNIT_WORDS and last in ("point", "decimal"):
            self.decimals += str(UNIT_WORDS[word])
            category = "decimal"
        elif word in UNIT_WORDS:
            value = UNIT_WORDS[word]
            if not (last in ("", "and", "hundred", "scale") or (last == "tens" and value < 10)):
                return False
            self.cur += value
            category = "unit"
        elif word in TENS_WORDS:
            if last not in ("", "and", "hundred", "scale"):
                return False
            self.cur += TENS_WORDS[word]
            category = "tens"
        elif word in ("hundred", "dozen"):
            if last not in ("", "a", "unit", "tens", "scale"):
                return False
            size = 100 if word == "hundred" else 12
            if last == "a" and self.kind == "fraction":  # 'half a dozen' is six
                self.cur, self.kind = self.cur * size, "cardinal"
            else:
                base = self.cur % 100 if last in ("unit", "tens") else 0.0
                self.cur = self.cur - base + (base or 1) * size
            category = "hundred"
        elif word == "crore" and last == "scale" and self.scale == SCALE_WORDS["lakh"]:
            self.total *= SCALE_WORDS["crore"]  # 'three lakh crore' is 3 x 10^12 in Indian usage
            self.scale *= SCALE_WORDS["crore"]
            category = "scale"
        elif word in SCALE_WORDS or (word[-1] == "s" and word[:-1] in SCALE_WORDS and last in _COUNTS):
            # a plural scale only after a count: 'twenty-five millions', never 'millions of'
            scale = SCALE_WORDS[word.rstrip("s")]
            if last not in ("", "a", "unit", "tens", "hundred", "decimal", "half", "frac") or scale >= self.scale:
                return False
            self._settle_decimals()
            self.total += (self.cur or 1) * scale
            self.cur, self.scale = 0.0, scale
            category = "scale"
        elif word == "half" and last == "":
            self.cur, self.kind = 0.5, "fraction"
            category = "half"
        elif word in FRACTION_WORDS and word[-1] == "s" and last in ("hundred", "scale", "tens"):
            # 'a hundred trillionths': the whole count over a large denominator
            self.cur, self.total, self.kind = (self.total + self.cur) / FRACTION_WORDS[word], 0.0, "fraction"
            category = "frac"
        elif word in FRACTION_WORDS and last in ("a", "unit") and (self.cur <= 20 or last == "a") and not self.total:
            numerator = 1.0 if last == "a" and self.cur == 0 else self.cur
            if last == "a" and self.start >= 0 and self.cur:  # 'two and a half'
                self.cur += 1 / FRACTION_WORDS[word]
            else:
                self.cur = numerator / FRACTION_WORDS[word]
                self.kind = "fraction"
            category = "frac"
        elif word in _SINGULAR_DENOMINATORS and last == "unit" and self.cur == 1 and not self.total:
            self.cur, self.kind = 1 / ORDINAL_WORDS[word], "fraction"  # 'one sixth', not 'a fifth term'
            category = "frac"
        elif word in _SINGULAR_DENOMINATORS and last == "a" and self.cur and not self.total:
            self.cur += 1 / ORDINAL_WORDS[word]  # 'three and a fifth'
            category = "frac"
        elif word in ORDINAL_WORDS:
            place = float(ORDINAL_WORDS[word])
            # 'two hundredth' and 'twenty-one thousandth' scale the count before them
            scaling = place >= 100 and last in ("unit", "tens", "hundred") and place < self.scale
            if not (last in ("", "and", "hundred", "scale") or (last == "tens" and place < 10) or scaling):
                return False
            if place >= 1000:
                self.total += (self.cur or 1) * place
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
