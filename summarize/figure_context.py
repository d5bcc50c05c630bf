"""What a figure is about: the content words near it, for telling equal numbers apart.

A summary may copy a number from the wrong sentence: the article's 300 counts troops, the
summary's 300 counts rounds of ammunition. The value matches, the meaning does not. The
grounding check therefore asks, for each equal value, whether the two figures share
context: the same counted noun, or at least one content word within a few words of each
number. Words are compared by a crude stem (their first five letters) so that "troop" and
"troops", "injured" and "injuries" meet without a stemming library.
"""

from __future__ import annotations

import re

from summarize.figure_word_tables import START_WORDS

__all__ = ["ArticleContext", "context_stems", "sentence_stems", "stem"]

# Words the size of the window, counted on each side of a number; measured on the
# reference summaries (bench/figures_eval.py): 6 keeps false alarms low, a full sentence
# lets moved numbers through.
WINDOW = 6

# Where a sentence ends: a stop, a closing quote or bracket, then space; or a new line.
_SENTENCE_BREAK = re.compile(r"[.!?][\"'’”)]*\s+|\n+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")

# Words that say nothing about what a number counts: function words, reporting verbs,
# and time words that surround almost every figure in news.
_STOP = frozenset(
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
    """A crude stem: lower case, possessive dropped, first five letters."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word[:5]


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


def _content(word: str) -> bool:
    lower = word.lower()
    return len(lower) > 2 and lower not in _STOP and lower not in START_WORDS


def sentence_stems(text: str, start: int, end: int) -> frozenset[str]:
    """The stems of the content words of the sentence around a span."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right = min(i for i in (text.find(". ", end), text.find("\n", end), len(text)) if i >= 0)
    return frozenset(k for k in map(_key, _WORD.findall(text, left + 1, right)) if k)


def context_stems(text: str, start: int, end: int, window: int = 0) -> frozenset[str]:
    """The stems of the content words within ``window`` words either side of a span."""
    window = window or WINDOW
    before = _WORD.findall(text[max(0, start - 12 * window):start])[-window:]
    after = _WORD.findall(text[end:end + 12 * window])[:window]
    return frozenset(k for k in map(_key, (*before, *after)) if k)


class ArticleContext:
    """The article's words around figures and its sentences, each computed on first use."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._windows: dict[tuple[int, int], frozenset[str]] = {}
        self._starts: list[int] = []
        self._sentence_stems: list[set[str]] = []
        self._counts: dict[str, int] = {}

    def stems(self, start: int, end: int) -> frozenset[str]:
        """The stems of the content words within ``WINDOW`` words either side of a span."""
        key = (start, end)
        if key not in self._windows:
            self._windows[key] = context_stems(self._text, start, end)
        return self._windows[key]

    @property
    def sentence_starts(self) -> list[int]:
        """The start offset of each sentence."""
        if not self._starts:
            self._split()
        return self._starts

    def _split(self) -> None:
        self._starts = [0, *(m.end() for m in _SENTENCE_BREAK.finditer(self._text))]
        ends = [*self._starts[1:], len(self._text)]
        counts = self._counts
        for start, end in zip(self._starts, ends, strict=True):
            keys = {k for k in map(_key, _WORD.findall(self._text, start, end)) if k}
            self._sentence_stems.append(keys)
            for k in keys:
                counts[k] = counts.get(k, 0) + 1

    def best_sentence(self, stems: frozenset[str]) -> tuple[int, float]:
        """The sentence sharing the most telling words with ``stems``, and its score.

        Each shared word weighs one over the number of sentences that hold it, so a name
        the article repeats counts for little.
        """
        if not self._starts:
            self._split()
        best, score = -1, 0.0
        for i, words in enumerate(self._sentence_stems):
            shared = sum(1 / self._counts[k] for k in stems.intersection(words))
            if shared > score:
                best, score = i, shared
        return best, score
