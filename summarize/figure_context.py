"""What a figure is about: the content words near it, for telling equal numbers apart.

A summary may copy a number from the wrong sentence: the article's 300 counts troops, the
summary's 300 counts rounds of ammunition. The value matches, the meaning does not. The
grounding check therefore asks, for each equal value, whether the two figures share
context: the same counted noun, or at least one content word within a few words of each
number. Words are compared by a crude stem (their first five letters, a verb's ending
dropped) so that "troop" and "troops", "injured" and "injuries", "kill" and "killed" meet
without a stemming library.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from itertools import chain, filterfalse
from math import fsum
from typing import Final

from summarize.figure_word_tables import START_WORDS

__all__ = ["ArticleContext", "before_stems", "clause_stems", "content_stem", "context_stems", "label",
           "near_stems", "neighbours", "phrase", "run", "stem"]

# Words the size of the window, counted on each side of a number; measured on the
# reference summaries (bench/figures_eval.py): 6 keeps false alarms low, a full sentence
# lets moved numbers through.
WINDOW: Final = 6

# Content words counted on each side of a number for its nearest words: 2 measured best
# (bench/figures_eval.py, moved numbers against false alarms), above 3 and 4.
NEAR: Final = 2

# Where a sentence ends: a stop, a closing quote or bracket, then space; or new lines; or
# a stop after two small letters or digits glued to the next sentence's capitalised word,
# as scraped text has it ("on 15 September.Metropolitan Police", "since 2015.Defeat"), not
# "U.S.Army" or "Mr.Smith". One leading character class, not two alternatives: three
# times faster to scan.
_SENTENCE_BREAK: Final = re.compile(r"[.!?\n](?:(?<=\n)\n*|[\"'’”)]*\s+|(?<=[a-z\d]{2}[.!?])[\"'’”]*(?=[A-Z][a-z]))")
_WORD: Final = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
# Where a clause of a summary's sentence ends: a comma before a conjunction, a semicolon, a
# colon or a dash. A model's summary joins several article sentences into one of its own.
_CLAUSE_BREAK: Final = re.compile(r",\s+(?:and|but|while|which|as|with|whereas)\b|;|:|\s[-–—]\s")

# Words that say nothing about what a number counts: function words, reporting verbs,
# and time words that surround almost every figure in news.
_STOP: Final = frozenset(
    [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and",
        "or", "but", "as", "is", "are", "was", "were", "be", "been", "being", "has", "have",
        "had", "will", "would", "could", "should", "may", "might", "must", "can", "did", "does",
        "do", "not", "no", "nor", "so", "than", "that", "which", "who", "whom", "whose", "this",
        "these", "those", "it", "its", "their", "his", "her", "our", "your", "my", "they",
        "them", "he", "she", "we", "you", "i", "me", "him", "us", "there", "here", "then",
        "when", "while", "where", "what", "why", "how", "about", "over", "under", "after",
        "before", "since", "during", "into", "onto", "out", "up", "down", "off", "per", "each",
        "every", "other", "another", "such", "more", "most", "less", "least", "some", "any",
        "all", "both", "only", "also", "just", "very", "much", "many", "few", "new", "old",
        "last", "next", "first", "second", "same", "said", "says", "say", "told", "according",
        "reported", "year", "years", "month", "months", "week", "weeks", "day", "days", "time",
        "times", "today", "yesterday", "now", "ago", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "june", "july", "august", "september", "october", "november", "december", "mr", "mrs",
        "ms", "dr", "st", "around", "nearly", "almost", "approximately", "roughly", "between",
        "against", "among", "total", "totalling", "including", "include", "includes",
        "included", "one", "ones", "number", "numbers", "figure", "figures", "rose", "fell",
        "rise", "fall", "increase", "decrease"
    ]
)


def stem(word: str) -> str:
    """A crude stem: lower case, possessive dropped, a verb's "-ed" or "-ing" dropped
    (``_verb``), first five letters."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return _verb(word)[:5]


def _verb(word: str) -> str:
    """``word`` without a past "-ed" (not "-eed", and not on four letters: "need", "used")
    or a present "-ing" (not on five letters: "thing", "bring"), so that "kill", "killed"
    and "killing", "sign" and "signed", "play" and "playing" meet; the stem stays the
    start of the word, as ``ArticleContext.find`` and ``count`` need. Measured on
    bench/figures_eval.py: labelled numeric errors caught 1040 -> 1045, moved numbers 177
    -> 178, consistent summaries flagged 76 -> 75, xsum references 263 -> 262. A plural
    "-s" dropped as well ("shot" and "shots"): moved 174, swapped 79, consistent 77 (more
    shared words keep more equal figures); on counted nouns alone, consistent 79."""
    n = len(word)
    if n > 4 and word.endswith("ed") and word[-3] != "e":
        return word[:-2]
    if n > 5 and word.endswith("ing"):
        return word[:-3]
    return word


_KEYS: dict[str, str | None] = {}


def _key(word: str) -> str | None:
    """The stem of a content word, None for any other word; cached, words repeat."""
    try:
        return _KEYS[word]
    except KeyError:
        key = stem(word) if _content(word) else None
        if len(_KEYS) < 500_000:
            _KEYS[word] = key
        return key


def content_stem(word: str) -> str | None:
    """The stem of a content word; None for a function word, which tells nothing."""
    return _key(word)


def _keys(words: set[str]) -> set[str]:
    """The stems of the content words among ``words``: the cache answers for most words,
    looked up all at once (the article's sentences were the slowest part of the check)."""
    try:  # one pass when the cache knows every word: 200 -> 170 us per article split
        keys = set(map(_KEYS.__getitem__, words))
    except KeyError:
        for word in filterfalse(_KEYS.__contains__, words):
            _key(word)
        if len(_KEYS) >= 500_000:  # the cache is full: look up one by one
            return {k for k in map(_key, words) if k}
        keys = set(map(_KEYS.__getitem__, words))
    keys.discard(None)
    return keys  # type: ignore[return-value]


def _content(word: str) -> bool:
    lower = word.lower()
    return len(lower) > 2 and lower not in _STOP and lower not in START_WORDS


def clause_stems(text: str, start: int, end: int) -> frozenset[str]:
    """The stems of the content words of the clause around a span (``_CLAUSE_BREAK``)."""
    low = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    high = min(i for i in (text.find(". ", end), text.find("\n", end), len(text)) if i >= 0)
    for brk in _CLAUSE_BREAK.finditer(text, low, high):
        if brk.end() <= start:
            low = brk.end()
        elif brk.start() >= end:
            high = brk.start()
            break
    return frozenset(k for k in map(_key, _WORD.findall(text, low, high)) if k)


def context_stems(text: str, start: int, end: int, window: int = 0) -> frozenset[str]:
    """The stems of the content words within ``window`` words either side of a span."""
    window = window or WINDOW
    # The words are those of the slices of 12 * window characters either side. findall with
    # bounds reads the same words as on a slice (_WORD looks at nothing around its match)
    # without copying it. A shorter reach is read first: when it holds more than ``window``
    # words, the ``window`` nearest are the same (a word cut at the edge of a slice can only
    # be its farthest), for two thirds of the cost.
    words = _WORD.findall(text, max(0, start - 8 * window), start)
    if len(words) <= window and start > 8 * window:
        words = _WORD.findall(text, max(0, start - 12 * window), start)
    after = _WORD.findall(text, end, end + 8 * window)
    if len(after) <= window and end + 8 * window < len(text):
        after = _WORD.findall(text, end, end + 12 * window)
    words = words[-window:] + after[:window]
    try:  # the cache knows most words: look them up without a call for each
        keys = set(map(_KEYS.__getitem__, words))
    except KeyError:
        keys = set(map(_key, words))
    keys.discard(None)
    return frozenset(keys)  # type: ignore[arg-type]


def near_stems(text: str, start: int, end: int) -> frozenset[str]:
    """The stems of the ``NEAR`` content words nearest a span on each side."""
    before = [k for k in map(_key, _WORD.findall(text[max(0, start - 80):start])) if k][-NEAR:]
    after = [k for k in map(_key, _WORD.findall(text[end:end + 80])) if k][:NEAR]
    return frozenset((*before, *after))


def before_stems(text: str, start: int) -> frozenset[str]:
    """The stems of the content words in the 80 characters before ``start``."""
    return frozenset(k for k in map(_key, _WORD.findall(text[max(0, start - 80):start])) if k)


def neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The words right before and right after a span, lower case ('' for none)."""
    before = _WORD.findall(text[max(0, start - 30):start])
    after = _WORD.findall(text[end:end + 30])
    return (before[-1].lower() if before else "", after[0].lower() if after else "")


# The words and marks before a number, for its label: a currency symbol is part of the
# number, any other mark (a comma, a digit, a bracket) ends the phrase it labels.
_TOKEN: Final = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|[^\sA-Za-z$£€¥]")


def label(text: str, start: int) -> str | None:
    """The stem of the content word that labels the number at ``start``: the nearest word
    before it, with at most one function word between and no mark ("finish 13 over par",
    "spend $324", "killing at least six" has none), or None."""
    for token in _TOKEN.findall(text, max(0, start - 60), start)[:-3:-1]:  # the two nearest, nearest first
        if not token[0].isalpha():
            return None
        key = _key(token)
        if key:
            return key
    return None


def phrase(text: str, start: int, end: int, side: int, size: int = 2) -> tuple[str, ...] | None:
    """The ``size`` words right before (``side`` 0) or right after (1) a span, lower case,
    nearest first; None when a mark (a comma, a stop, a digit) comes first or the text ends."""
    if side == 0:
        tokens = _TOKEN.findall(text, max(0, start - 30 * size), start)[:-size - 1:-1]
    else:
        tokens = _TOKEN.findall(text, end, end + 30 * size)[:size]
    if len(tokens) < size or not all(token[0].isalpha() for token in tokens):
        return None
    return tuple(token.lower() for token in tokens)


def run(text: str, start: int, end: int, side: int, size: int) -> tuple[str, ...]:
    """Up to ``size`` words right before (``side`` 0) or right after (1) a span, as written,
    nearest first, up to the first mark (a comma, a stop, a digit)."""
    if side == 0:
        tokens = _TOKEN.findall(text, max(0, start - 30 * size), start)[:-size - 1:-1]
    else:
        tokens = _TOKEN.findall(text, end, end + 30 * size)[:size]
    words: list[str] = []
    for token in tokens:
        if not token[0].isalpha():
            break
        words.append(token)
    return tuple(words)


class ArticleContext:
    """The article's words around figures and its sentences, each computed on first use."""

    def __init__(self, text: str, lower: str | None = None) -> None:
        """``lower`` is ``text.lower()`` when the caller has it already."""
        self._text = text
        self._windows: dict[tuple[int, int], frozenset[str]] = {}
        self._starts: list[int] = []
        self._sentence_stems: list[set[str]] = []
        self._counts: Counter[str] = Counter()
        self._near: dict[tuple[int, int], tuple[frozenset[str], tuple[str, str]]] = {}
        self._sides: dict[tuple[int, int], tuple[str, str]] = {}
        self._lower = "" if lower is None else lower
        self._counted: dict[str, int] = {}
        self._found: dict[str, list[int]] = {}
        self._holding: dict[str, list[int]] = {}

    def stems(self, start: int, end: int) -> frozenset[str]:
        """The stems of the content words within ``WINDOW`` words either side of a span."""
        key = (start, end)
        if key not in self._windows:
            self._windows[key] = context_stems(self._text, start, end)
        return self._windows[key]

    def near(self, start: int, end: int) -> tuple[frozenset[str], tuple[str, str]]:
        """The nearest content words of a span (``near_stems``) and its ``neighbours``."""
        key = (start, end)
        if key not in self._near:
            self._near[key] = near_stems(self._text, start, end), self.sides(start, end)
        return self._near[key]

    def sides(self, start: int, end: int) -> tuple[str, str]:
        """The words right before and after a span (``neighbours``); cached apart from
        ``near``, whose content words cost more and are not always wanted."""
        key = (start, end)
        if key not in self._sides:
            self._sides[key] = neighbours(self._text, start, end)
        return self._sides[key]

    @property
    def lower(self) -> str:
        """The article in lower case."""
        if not self._lower:
            self._lower = self._text.lower()
        return self._lower

    def count(self, key: str) -> int:
        """How often a stem occurs in the article, lower case; cached."""
        if key not in self._counted:
            self._counted[key] = self.lower.count(key)
        return self._counted[key]

    def weight(self, stems: frozenset[str]) -> float:
        """The rarity of some words: each weighs one over its occurrences in the article,
        so a name the article repeats counts for little."""
        # fsum: exactly rounded, so the same in any order (sets iterate in a per-process order)
        return fsum(1 / max(1, self.count(key)) for key in stems)

    def find(self, key: str) -> list[int]:
        """Where a stem occurs in the article, lower case; cached, as the numbers of one
        summary sentence share their words."""
        found = self._found.get(key)
        if found is None:
            lower = self.lower
            found, at = [], lower.find(key)
            while at >= 0:
                found.append(at)
                at = lower.find(key, at + 1)
            self._found[key] = found
        return found

    @property
    def sentence_starts(self) -> list[int]:
        """The start offset of each sentence."""
        if not self._starts:
            self._starts = [0, *(m.end() for m in _SENTENCE_BREAK.finditer(self._text))]
        return self._starts

    def _split(self) -> None:
        """The stems of every sentence, and how many sentences hold each."""
        text, starts = self._text, self.sentence_starts
        ends = [*starts[1:], len(text)]
        findall = _WORD.findall
        self._sentence_stems = [_keys(set(findall(text, start, end))) for start, end in zip(starts, ends, strict=True)]
        self._counts.update(chain.from_iterable(self._sentence_stems))  # one update: 173 -> 160 us

    # The sentences that hold a few stems are found where the stems occur in the article,
    # not by reading the stems of every sentence: over the calls of articles_frank, reading
    # them all made ``best_sentence`` cost 340-520 us a call, a tenth of checking the
    # summaries' numbers; the lookup, the same sentences and counts, 120 us (find + check
    # 9% faster). It reads positions in the lower-cased article, so it is used when lower
    # case keeps every position (not after 'İ') and no stem holds an apostrophe (the
    # article may write it '’').
    def _looks_up(self, stems: frozenset[str]) -> bool:
        """True when the sentences holding ``stems`` may be found by ``_holders``."""
        return len(self.lower) == len(self._text) and not any("'" in key for key in stems)

    def _holders(self, key: str) -> list[int]:
        """The sentences holding a word whose stem is ``key``, in order; cached."""
        found = self._holding.get(key)
        if found is None:
            text, starts, found = self._text, self.sentence_starts, []
            for at in self.find(key):
                if _starts_word(text, at) and (word := _WORD.match(text, at)) and _key(word.group()) == key:
                    index = bisect_right(starts, at) - 1
                    if not found or found[-1] != index:
                        found.append(index)
            self._holding[key] = found
        return found

    def sentence_score(self, index: int, stems: frozenset[str]) -> float:
        """How well sentence ``index`` matches ``stems``, weighed as in ``best_sentence``."""
        if self._looks_up(stems):
            return fsum(1 / len(holders) for key in stems if index in (holders := self._holders(key)))
        if not self._sentence_stems:
            self._split()
        return fsum(1 / self._counts[k] for k in stems.intersection(self._sentence_stems[index]))

    def best_sentence(self, stems: frozenset[str]) -> tuple[int, float]:
        """The sentence sharing the most telling words with ``stems``, and its score.

        Each shared word weighs one over the number of sentences that hold it, so a name
        the article repeats counts for little.
        """
        best, score = -1, 0.0
        if self._looks_up(stems):
            weights: dict[int, list[float]] = {}  # of the sentences holding any of the stems: others score 0
            for key in stems:
                holders = self._holders(key)
                for index in holders:
                    weights.setdefault(index, []).append(1 / len(holders))
            for i in sorted(weights):
                shared = fsum(weights[i])  # fsum: see weight
                if shared > score:
                    best, score = i, shared
            return best, score
        if not self._sentence_stems:
            self._split()
        for i, words in enumerate(self._sentence_stems):
            shared = fsum(1 / self._counts[k] for k in stems.intersection(words))  # fsum: see weight
            if shared > score:
                best, score = i, shared
        return best, score


def _starts_word(text: str, at: int) -> bool:
    """True when a word of ``_WORD`` starts at ``at``, as ``_WORD.findall`` reads them: no
    letter before it in its run of letters, apostrophes and hyphens."""
    i = at - 1
    while i >= 0 and text[i] in "'’-":
        i -= 1
    return i < 0 or not ("a" <= text[i] <= "z" or "A" <= text[i] <= "Z")
