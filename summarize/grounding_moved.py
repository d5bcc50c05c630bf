"""Telling which of the article's equal figures a summary's number restates, and when it
was moved from another sentence (pure).

A number "moved" from another sentence has the article's value but another meaning (the
article's 300 counts troops, the summary's 300 rounds). It is flagged only on evidence,
since summaries reword freely: none of the equal article figures shares a content word
with the summary's words around the number, the summary's sentence matches one article
sentence well (``MOVED_ALIGN``, words weighted by rarity), and that sentence holds another
figure of the same kind instead. Paraphrase alone (no shared words anywhere) never flags.
The context words come from ``summarize.figure_context``.
"""

from __future__ import annotations

from summarize import grounding_rules as rules
from summarize.figure_context import ArticleContext, sentence_stems, stem
from summarize.figures import Figure

__all__ = ["MOVED_ALIGN", "Placer", "rivals"]

# Shared content words that show a summary's number belongs to another article figure.
MOVED_ALIGN = 1.5


def rivals(figure: Figure, other: Figure) -> bool:
    """True when ``other`` could be the figure a moved ``figure`` replaced: a count for a
    count, a year for a year, an amount in the same unit."""
    if other.kind in ("date", "identifier", "ordinal") or rules.clash(figure, other):
        return False
    counts = ("cardinal", "quantity", "range")
    return other.kind == figure.kind or (figure.kind in counts and other.kind in counts)


class Placer:
    """Places a summary's number among the article's equal figures by the words around it.

    The article's sentences and context words are built on first use: most summary
    numbers match a single article figure and never need them.
    """

    def __init__(self, article: str, numbers: list[Figure]) -> None:
        self.article = article
        self.numbers = numbers
        self._context: ArticleContext | None = None

    def place(self, figure: Figure, matches: list[Figure], context: frozenset[str] | None,
              span: tuple[str, int, int]) -> tuple[Figure, Figure | None]:
        """The best of the equal article figures ``matches``, and the figure the summary's
        words point to instead when the number looks moved from another sentence (else None).

        ``context`` holds the content words around the summary's number, ``span`` the
        summary field and the number's span in it.
        """
        def preference(candidate: Figure) -> tuple[int, bool]:
            return self.overlap(candidate, context), candidate.text == figure.text
        best = matches[0] if len(matches) == 1 else max(matches, key=preference)
        if not context or figure.kind == "ordinal" or figure.unit == "decade":
            return best, None
        if not span[0] or self.overlap(best, context) > 0 or self._context is None:
            return best, None  # the words around an equal figure match: not moved
        article = self._context
        # The article sentence the summary's sentence was written from, if one stands out.
        index, score = article.best_sentence(sentence_stems(*span))
        if score < MOVED_ALIGN:
            return best, None
        starts = article.sentence_starts
        low = starts[index]
        high = starts[index + 1] if index + 1 < len(starts) else len(self.article)
        if any(low <= m.start < high for m in matches):
            return best, None  # the value is there: not moved
        for rival in self.numbers:
            if low <= rival.start < high and rivals(figure, rival):
                return best, rival
        return best, None

    def overlap(self, candidate: Figure, context: frozenset[str] | None) -> int:
        """How many content words the summary's context shares with an article figure's."""
        if not context:
            return 0
        if self._context is None:
            self._context = ArticleContext(self.article)
        around = self._context.stems(candidate.start, candidate.end)
        if candidate.noun:
            around |= {stem(candidate.noun)}
        return len(context & around)

    def explain(self, best: Figure, moved: Figure) -> str:
        """Why a moved number is unsupported: what the article's figure is about, and the
        figure the summary's words match instead."""
        return (f"value occurs in the article but about {self._topic(best)}; "
                f"the words around it match {moved.text!r}")

    def _topic(self, candidate: Figure) -> str:
        """What an article figure counts, for an explanation: its noun or its words."""
        if candidate.noun:
            return repr(candidate.noun)
        start, end = max(0, candidate.start - 40), candidate.end + 40
        snippet = " ".join(self.article[start:end].split()[1:-1])
        return f"'...{snippet}...'"
