"""What a figure is about: the content words near it, for telling equal numbers apart.

A summary may copy a number from the wrong sentence: the article's 300 counts troops, the
summary's 300 counts rounds of ammunition. The value matches, the meaning does not. The
grounding check therefore asks, for each equal value, whether the two figures share
context: the same counted noun, or at least one content word within a few words of each
number. Words are compared by a crude stem (their first five letters) so that "troop" and
"troops", "injured" and "injuries" meet without a stemming library.
"""

from __future__ import annotations

import bisect
import re

from summarize.figure_tables import START_WORDS

__all__ = ["ArticleContext", "context_stems", "sentence_stems", "stem"]

# Words the size of the window, counted on each side of a number; measured on the
# reference summaries (bench/figures_eval.py): 6 keeps false alarms low, a full sentence
# lets moved numbers through.
WINDOW = 6

_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*\s+\Z|\n")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")

# Words that say nothing about what a number counts: function words, reporting verbs,
# and time words that surround almost every figure in news.
_STOP = frozenset(
    """
    a an the of in on at to for from by with and or but as is are was were be been being
    has have had will would could should may might must can did does do not no nor so
    than that which who whom whose this these those it its their his her our your my
    they them he she we you i me him us there here then when while where what why how
    about over under after before since during into onto out up down off per each every
    other another such more most less least some any all both only also just very much
    many few new old last next first second same said says say told according reported
    year years month months week weeks day days time times today yesterday now ago
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    mr mrs ms dr st around nearly almost approximately roughly between against among
    total totalling including include includes included up than then one ones
    number numbers figure figures rose fell rise fall increase decrease
    """.split()
)


def stem(word: str) -> str:
    """A crude stem: lower case, possessive dropped, first five letters."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word[:5]


def _content(word: str) -> bool:
    lower = word.lower()
    return len(lower) > 2 and lower not in _STOP and lower not in START_WORDS


def sentence_stems(text: str, start: int, end: int) -> frozenset[str]:
    """The stems of the content words of the sentence around a span."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right = min(i for i in (text.find(". ", end), text.find("\n", end), len(text)) if i >= 0)
    return frozenset(stem(w) for w in _WORD.findall(text[left + 1:right]) if _content(w))


def context_stems(text: str, start: int, end: int, window: int = 0) -> frozenset[str]:
    """The stems of the content words within ``window`` words either side of a span."""
    window = window or WINDOW
    before = [w for w in _WORD.findall(text[max(0, start - 12 * window):start])][-window:]
    after = [w for w in _WORD.findall(text[end:end + 12 * window])][:window]
    return frozenset(stem(w) for w in (*before, *after) if _content(w))


class ArticleContext:
    """The article's words, tokenised once, so each figure's context is a slice."""

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []
        self._stems: list[str | None] = []
        self._counts: dict[str, int] = {}
        # Sentences: the start offset of each, and the stems of its content words.
        self.sentence_starts: list[int] = [0]
        self._sentence_stems: list[set[str]] = [set()]
        for match in _WORD.finditer(text):
            word = match.group()
            start = match.start()
            if _SENTENCE_END.search(text, max(0, start - 4), start):
                self.sentence_starts.append(start)
                self._sentence_stems.append(set())
            self._starts.append(start)
            key = stem(word) if _content(word) else None
            self._stems.append(key)
            if key:
                self._counts[key] = self._counts.get(key, 0) + 1
                self._sentence_stems[-1].add(key)

    def sentence_of(self, offset: int) -> int:
        """The index of the sentence holding ``offset``."""
        return bisect.bisect_right(self.sentence_starts, offset) - 1

    def best_sentence(self, stems: frozenset[str]) -> tuple[int, float]:
        """The sentence sharing the most telling words with ``stems``, and its score."""
        best, score = -1, 0.0
        for i, words in enumerate(self._sentence_stems):
            shared = self.weight(stems.intersection(words))
            if shared > score:
                best, score = i, shared
        return best, score

    def weight(self, stems: frozenset[str]) -> float:
        """How telling shared words are: a word the article repeats (a name) counts less."""
        return sum(1 / self._counts.get(s, 1) for s in stems)

    def stems(self, start: int, end: int, window: int = 0) -> frozenset[str]:
        """The stems of the content words within ``window`` words either side of a span."""
        window = window or WINDOW
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end)
        picked = self._stems[max(0, first - window):first] + self._stems[last:last + window]
        return frozenset(s for s in picked if s)
