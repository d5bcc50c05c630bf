"""Articles longer than the model's context: split on paragraphs, merge the part summaries.

Splitting is by token counts (``count`` is the server's tokenizer where it has one) so the
budget follows the model's real window. Paragraphs are packed greedily into parts; a
paragraph longer than a part is split on sentences, and a sentence longer than a part
on whitespace.

Merging is deterministic, with no extra model call that could add facts: the headline
and date come from the first part that has them, the summary takes sentences from each
part's summary in turn (at most four), key points alternate between parts (at most
seven, no repeats), and figures and names are the union in order of first appearance.
The merged summary's numbers are then checked against the whole article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from summarize.schema import ArticleSummary, KeyFigure, normalise_quote

__all__ = ["merge_summaries", "split_text"]

_PARAGRAPHS = re.compile(r"\n\s*\n")
_LINES = re.compile(r"\n")
_SENTENCES = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z\"“‘(])")


def _pieces(text: str, count: Callable[[str], int], budget: int, level: int = 0) -> list[str]:
    """``text`` cut into pieces of at most ``budget`` tokens, at the coarsest boundary that works."""
    if count(text) <= budget:
        return [text]
    splitters = (_PARAGRAPHS, _LINES, _SENTENCES, re.compile(r"\s+"))
    for depth in range(level, len(splitters)):
        parts = [p for p in splitters[depth].split(text) if p.strip()]
        if len(parts) > 1:
            return [piece for part in parts for piece in _pieces(part, count, budget, depth)]
    # One unbreakable run of characters: cut it in half until it fits.
    middle = len(text) // 2
    return _pieces(text[:middle], count, budget, level) + _pieces(text[middle:], count, budget, level)


def split_text(text: str, count: Callable[[str], int], budget: int) -> list[str]:
    """Parts of ``text``, each at most ``budget`` tokens, packed from whole paragraphs where possible."""
    if budget <= 0:
        raise ValueError(f"no room for the article in the context window (budget {budget} tokens)")
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for piece in _pieces(text, count, budget):
        size = count(piece)
        if current and used + size > budget:
            parts.append("\n\n".join(current))
            current, used = [], 0
        current.append(piece)
        used += size
    if current:
        parts.append("\n\n".join(current))
    return parts


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for item in items:
        key = normalise_quote(item).lower()
        if key and key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _alternate(lists: list[list[str]]) -> list[str]:
    longest = max((len(items) for items in lists), default=0)
    return [items[i] for i in range(longest) for items in lists if i < len(items)]


def merge_summaries(parts: list[ArticleSummary]) -> ArticleSummary:
    """One summary from the summaries of consecutive parts of an article."""
    if len(parts) == 1:
        return parts[0]
    sentences = _alternate([[s for s in _SENTENCES.split(p.summary.strip()) if s] for p in parts])
    figures: dict[str, KeyFigure] = {}
    for part in parts:
        for figure in part.figures:
            figures.setdefault(normalise_quote(figure.quote), figure)
    return ArticleSummary.model_construct(
        headline=parts[0].headline,
        summary=" ".join(sentences[:4]),
        key_points=_unique(_alternate([p.key_points for p in parts]))[:7],
        figures=list(figures.values()),
        people=_unique(name for p in parts for name in p.people),
        organizations=_unique(name for p in parts for name in p.organizations),
        places=_unique(name for p in parts for name in p.places),
        event_date=next((p.event_date for p in parts if p.event_date), None),
    )
