"""Checking every number of a summary against the article's figures (pure).

``check_numbers(summary, article)`` finds the figures of each summary field (headline,
summary, key points, each key figure's quote and value, and the event date) with
``summarize.figures.find_figures`` and gives each a verdict:

- ``supported``: an article figure has the same value after normalisation and a
  compatible unit, currency and scale (``5,000`` and ``5k``; ``12%`` and ``12 per cent``;
  ``6 km`` and ``6,000 metres``), see ``summarize.grounding_rules``, or the article says it
  in other words (``10 years`` for "a decade", ``doubled`` for "rose 100%"), see
  ``summarize.grounding_wording``;
- ``approximate``: a hedged or rounded restatement (``about $350 million`` for
  ``$347 million``), see ``summarize.grounding_approximate``;
- ``derived``: the sum, difference, ratio, share or percent change of two nearby article
  figures (``7,500 = 5,000 + 2,500``), see ``summarize.grounding_derived``;
- ``unsupported``: anything else, including the right digits with the wrong scale, unit
  or currency, and a value copied from another sentence (``summarize.grounding_moved``).

The search for a verdict is ``summarize.grounding_index``; this module walks the
summary's fields, decides which words are numbers to check, and counts the verdicts.

Small numbers written as words ("two", "three") are checked like any other number: they
must occur in the article, as a word or in digits. Supporting them from a count of listed
items ("Paris, Lyon and Nice" for "three cities") is not attempted: it needs parsing we
cannot do reliably. So a small count of things the summary names itself ("the two
fighters", "two different films") is left unchecked when the article states no such
count (an ordinal "second" is none) and counts no such noun
(``grounding_words.enumerated_count``).

The ordinal words "first" and "second" are not checked, since they are rarely numbers
("first time", "second half"), nor is the word "one", which in summaries is mostly a
pronoun or an article ("one of the", "One study"): on the human reference summaries it
caused more false alarms than any other word. Where "one" can only be a number or a name,
for a stage of a competition ("the last eight") or a "one-two" finish, which the article
must name, and for vague magnitudes ("hundreds of"), see ``summarize.grounding_words``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Final

from summarize import grounding_words as words
from summarize.figures import Figure, figures_and_lower, find_figures, typed_model
from summarize.grounding_index import ArticleIndex
from summarize.number_report import VERDICTS, NumberCheck, NumberReport, Verdict
from summarize.schema import ArticleSummary

__all__ = ["NumberCheck", "NumberReport", "Verdict", "check_numbers", "json_fields"]

def _given(summary: object, article: object) -> None:
    """A ``TypeError`` naming what a caller passed instead of a summary or an article: a dict
    from a model's JSON had failed with "'dict' object has no attribute 'headline'"."""
    if isinstance(summary, dict):
        if all(isinstance(k, str) and isinstance(v, str) for k, v in summary.items()):
            return  # fields by path: json_fields(...) of any JSON document
        key, value = next((k, v) for k, v in summary.items() if not (isinstance(k, str) and isinstance(v, str)))
        holding = f"a {type(value).__name__}" if isinstance(key, str) else "a key that is no text"
        raise TypeError(f"check_numbers takes a dict only of field paths to text, not one holding {holding}: "
                        "ArticleSummary.model_validate(...) reads a summary's JSON, json_fields(...) any other")
    if not isinstance(summary, (ArticleSummary, str)):  # a tuple: mypyc compiles it
        raise TypeError(f"check_numbers takes an ArticleSummary or text as the summary, not {type(summary).__name__}")
    if not isinstance(article, str):
        raise TypeError(f"check_numbers takes the article as text, not {type(article).__name__}")


# Ordinal words that are rarely numbers ('first time', 'second half'): not checked.
_SKIPPED_WORDS: Final = frozenset({"first", "second"})


def check_numbers(
    summary: ArticleSummary | str | dict[str, str],
    article: str,
    *,
    article_figures: list[Figure] | None = None,
    article_date: dt.date | None = None,
) -> NumberReport:
    """Check every number in ``summary`` against ``article``, whose own date (its ``date``
    header) is ``article_date``. The summary is an ``ArticleSummary``, text (its path is
    ``text``), or any summary's fields by path (``json_fields`` of a JSON document)."""
    _given(summary, article)
    lower: str | None = None  # the article in lower case, when finding its figures made it
    if article_figures is None:
        figures, lower = figures_and_lower(article)
    else:
        figures = article_figures
    # Built on first use: 39% of the reference summaries of articles_frank state no number
    # and need none (19 us per article).
    index: ArticleIndex | None = None
    checks: list[NumberCheck] = []
    found: dict[str, list[Figure]] = {}  # each field's figures: check_value reads the quotes' again
    for path, text in _fields(summary):
        figures_in_text = found.get(text)
        if figures_in_text is None:
            figures_in_text = found[text] = find_figures(text)
        vagues = words.vague_magnitudes(text)
        if not (figures_in_text or vagues):
            continue
        if index is None:
            index = ArticleIndex(article, figures, lower)
        for figure in figures_in_text:
            at_line_start = figure.start == 0 or text[figure.start - 1] in " \t\n"  # cheap test first
            if at_line_start and words.list_marker(figure, text):
                continue
            word = figure.text.lower()
            if word == "one":
                name = words.name_with_one(figure, text)
                if name is not None:
                    checks.append(index.named(path, figure, *name))
                    continue
                if not words.checked_one(figure, text):
                    continue
            elif word in _SKIPPED_WORDS:
                continue
            stage = words.stage_name(figure, text)
            if stage is not None:
                checks.append(index.named(path, figure, *stage))
                continue
            check = index.check(path, figure, text)
            if check.verdict == "unsupported" and words.enumerated_count(figure, text) \
                    and not _counts_noun(figure, figures) and not _states_count(figure.value, figures):
                continue
            checks.append(check)
        for vague in vagues:
            checks.append(index.vague(path, vague))
    if isinstance(summary, ArticleSummary):
        if index is None:
            index = ArticleIndex(article, figures, lower)
        if summary.event_date:
            checks.append(index.event_date(summary.event_date, article_date))
        for i, key_figure in enumerate(summary.figures):
            checks.append(index.check_value(f"figures[{i}].value", key_figure, found.get(key_figure.quote)))
    counts: dict[str, int] = dict.fromkeys(VERDICTS, 0)
    used: set[tuple[float, float | None, str | None]] = set()
    for check in checks:
        counts[check.verdict] += 1
        for source in check.sources:
            used.add((source.value, source.high, source.unit))
    # A figure restated elsewhere in the article ('5k' and 'nearly 5,000') counts as used too.
    # Every part is typed already: validating the report re-checked each check and figure.
    return typed_model(NumberReport, {
        "checks": checks,
        "counts": counts,
        "unused": [f for f in figures if (f.value, f.high, f.unit) not in used],
    })


def _states_count(value: float, figures: list[Figure]) -> bool:
    """True when an article figure states ``value`` as a count: an article's 'second' or
    'twice' is no count of things ('two individuals named Ann Richards')."""
    return any(f.value == value and f.kind in ("cardinal", "quantity", "range") for f in figures)


def _counts_noun(figure: Figure, figures: list[Figure]) -> bool:
    """True when an article figure counts the noun that ``figure`` counts."""
    return figure.noun is not None and any(f.noun == figure.noun for f in figures)


def json_fields(data: object, path: str = "") -> dict[str, str]:
    """The strings of a JSON document by their path (``title``, ``points[1]``, ``a.b[0].c``),
    in document order: what ``check_numbers`` checks of a summary in any schema. Numbers,
    booleans and nulls are left out: a JSON number is as often an id or a score as a figure."""
    found: dict[str, str] = {}
    if isinstance(data, str):
        found[path or "text"] = data
    elif isinstance(data, dict):
        for key, value in data.items():
            found.update(json_fields(value, f"{path}.{key}" if path else str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found.update(json_fields(value, f"{path}[{i}]"))
    return found


def _fields(summary: ArticleSummary | str | dict[str, str]) -> Iterator[tuple[str, str]]:
    if isinstance(summary, str):
        yield "text", summary
        return
    if isinstance(summary, dict):
        yield from summary.items()
        return
    yield "headline", summary.headline
    yield "summary", summary.summary
    for i, point in enumerate(summary.key_points):
        yield f"key_points[{i}]", point
    for i, key_figure in enumerate(summary.figures):
        yield f"figures[{i}].quote", key_figure.quote
