"""The attempts at one article: a small state machine driven by ``pipeline``.

Each attempt's answer is validated by the schema (with the article as context) and then
its numbers are checked against the article's figures. A failed attempt is re-asked with
the original request plus only the last answer and its errors, so the context does not
grow with the attempts.

A key figure value that its own quote contradicts is read from the quote, a figure
quoting a person's name for their age quotes the age, and a figure quoting no other
number is dropped, each with a warning: at once when that leaves nothing
unsupported (a re-ask would only be told the quote's number: 17 of 91 calls on 47 real
articles were such re-asks), else once the re-asks are spent.

When the re-ask budget is spent: if some answer was valid but had unsupported numbers,
its key figure values are read from their own quotes where that helps, and it is returned
with a warning (or ``UngroundedNumbers`` in strict mode, if any remain); if no answer was
valid but one fails only on figure quotes or on the summary's length, it is repaired
(those figures dropped, the summary cut to its first whole sentences) and returned with a
warning; else ``ValidationFailed`` carries every attempt. An answer that fails the schema
with the same errors as the one before it is repaired so at once, when what remains has
every number checked: the re-ask changed nothing, and the local model repeated such an
answer once more each time.

A summary that stops inside a sentence, where the model opened a quotation and so closed
its JSON string ("... manager Chris Hume said: "), is cut to its whole sentences on every
answer, with a warning and without a re-ask (``schema.unfinished_summary``).

An event date the article does not state is set to null on every answer (or to its month,
when the article states the month but not the day), with a warning,
without a re-ask: null is what the schema asks for then, and the local model wrote such a
date for 13 of 35 real articles. So is one that names no single day or month, such as
'2014-2016' (``schema.undatable``), which fails the schema. On every answer too, the lists
of names are read against the article (``summarize.entities``): a name the article does
not write is respelt or cut to the article's name, or else dropped with a warning.
"""

from __future__ import annotations

import json
import logging
import re
import time
from functools import cached_property
from math import isclose
from typing import Any, Final

from pydantic import ValidationError

from summarize import grounding_rules as rules
from summarize.article import Article
from summarize.entities import ground_names
from summarize.errors import UngroundedNumbers, ValidationFailed
from summarize.figure_tables import parse_unit
from summarize.figures import Figure, find_figures
from summarize.grounding import NumberReport, check_numbers
from summarize.grounding_ages import Ages
from summarize.llm import Reply, Sorting
from summarize.name_kinds import listed_names, sort_names
from summarize.number_format import plain
from summarize.number_report import number_check
from summarize.prompts import Message, prompt_version, render_messages, render_reask, render_sort_names
from summarize.result import Attempt, SummaryResult, Usage
from summarize.schema import (
    ArticleSummary,
    KeyFigure,
    article_wording,
    copied_example,
    cut_summary,
    normalise_quote,
    trim_quote,
    undatable,
    unfinished_summary,
)
from summarize.settings import Settings

__all__ = ["Run"]

log = logging.getLogger("summarize")

# The unit of a key figure whose quote is a time of day, its value read as the hour of a
# 24-hour day ("6:30pm" is 18.5).
HOUR_OF_DAY = "hour of day"


class Run:
    """The state of summarizing one article across its attempts."""

    def __init__(self, article: Article, settings: Settings, model: str) -> None:
        self.article = article
        self.settings = settings
        self.model = model
        self.started = time.perf_counter()
        self.base_messages = render_messages(article)
        self.messages: list[Message] = self.base_messages
        self.context: dict[str, Any] = {"article": article.text, "article_date": article.date}
        self.usage = Usage()
        self.attempts: list[Attempt] = []
        # The best valid summary so far whose numbers were not all grounded, with the
        # warnings of its repairs.
        self.fallback: tuple[ArticleSummary, NumberReport, list[str]] | None = None

    @cached_property
    def _states_a_year(self) -> bool:
        """Whether the article writes a year, alone or in a date ('2015', '22 June 2013')."""
        return any(f.kind == "year" or (f.kind == "date" and f.value >= 10_000) for f in self.figures)

    @cached_property
    def figures(self) -> list[Figure]:
        """The article's figures, found on first need: with a ``summarize.checker`` they
        are found in its process and seldom needed here."""
        return find_figures(self.article.text)

    @cached_property
    def ages(self) -> Ages:
        """The ages the article gives people, read on first need."""
        return Ages(self.article.text, [f for f in self.figures if f.kind not in ("date", "identifier")])

    def check(self, summary: ArticleSummary) -> NumberReport:
        """The numbers of ``summary`` checked against the article, in this process."""
        return check_numbers(summary, self.article.text, article_figures=self.figures,
                             article_date=self.article.date)

    @property
    def temperature(self) -> float | None:
        """None for the first call; re-asks sample warmer, since at temperature 0 a small
        model tends to repeat its rejected answer word for word."""
        if not self.attempts:
            return None
        return max(self.settings.temperature, self.settings.reask_temperature)

    @property
    def budget_left(self) -> bool:
        return len(self.attempts) <= self.settings.max_reasks

    def record(self, reply: Reply, report: NumberReport | None = None) -> SummaryResult | None:
        """Judge one answer: a result when it passes, None to re-ask; raise when out of budget.

        ``report`` is the answer's number report when it was checked elsewhere
        (``summarize.checker``); else the numbers are checked here.
        """
        self.usage.add(reply.prompt_tokens, reply.completion_tokens)
        number = len(self.attempts) + 1
        if reply.summary is None:
            errors = [*reply.errors, *_quotation_hint(reply.text)]
            self.attempts.append(Attempt(number=number, errors=errors, output=reply.text, kind="schema"))
            # A "figure" quoting a phrase with no number in it is not a figure, and
            # re-asks rarely fix it (8 of 8 on a bench of real articles): drop it now, as
            # one copying the schema's example ('40 km', '$12.5 million'); an event date
            # that names no one day or month ('2014-2016') is null now.
            salvaged = self._salvage(numberless=True)
            if salvaged is None and self._repeated():
                salvaged = self._salvage(now=True)
            return salvaged or self._reask_or_give_up(reply)
        if report is None:
            report = self.check(reply.summary)
        summary, report, notes = self._settled(reply.summary, report)
        repaired = None if report.ok else self._values_from_quotes(summary, report)
        if repaired is not None and repaired[1].ok:  # nothing left that a re-ask could fix
            summary, report, repairs = repaired
            notes = [*notes, *repairs]
        if report.ok:
            self._log(notes)
            return self._result(summary, report, notes)
        errors = report.reask_message().splitlines()
        self.attempts.append(Attempt(number=number, errors=errors, output=reply.text, kind="numbers"))
        if self.fallback is None or len(report.unsupported) <= len(self.fallback[1].unsupported):
            self.fallback = (summary, report, notes)
        return self._reask_or_give_up(reply)

    def _settled(self, summary: ArticleSummary, report: NumberReport) -> tuple[ArticleSummary, NumberReport, list[str]]:
        """The repairs every answer gets without a re-ask, and their warnings: a summary
        that stops where a quotation opened cut to its whole sentences, an event date the
        article does not state set to null, names as the article writes them."""
        cut = unfinished_summary(summary.summary)
        if cut is not None:
            written = len(summary.summary)
            summary = summary.model_copy(update={"summary": cut})
            report = self.check(summary)
        summary, report, notes = _without_ungrounded_date(summary, report)
        if cut is not None:
            notes.insert(0, f"summary stopped where a quotation opened, cut to its whole sentences: "
                            f"{len(cut)} of the {written} characters written")
        summary, named = ground_names(summary, self.article.text)
        return summary, report, notes + named

    def _repeated(self) -> bool:
        """True when the last answer failed the schema with the same errors as the answer
        before it: the re-ask changed nothing that was wrong ("summary is 1017 characters"
        again, the same made-up quote again), and on the local model a further one did not
        either (the 2 answers of bench/pipeline.py that repeated the one before were
        repeated once more), so the answer is repaired now, as it would be once the budget
        is spent, when that leaves every number checked (``_salvage``). A summary still too
        long counts as the same error at any length: frank:cnndm:2d4ca8fe... ran 1,017, 992
        and 992 characters in three answers, so only the third counted as a repeat."""
        if len(self.attempts) < 2:
            return False
        last, before = self.attempts[-1], self.attempts[-2]
        return last.kind == before.kind == "schema" and _unsized(last.errors) == _unsized(before.errors)

    def _reask_or_give_up(self, reply: Reply) -> SummaryResult | None:
        if self.budget_left:
            last = self.attempts[-1]
            self.messages = [
                *self.base_messages,
                {"role": "assistant", "content": reply.text or ""},
                {"role": "user", "content": render_reask(last.errors)},
            ]
            return None
        if self.fallback is None:
            salvaged = self._salvage()
            if salvaged is not None:
                return salvaged
            raise ValidationFailed(
                f"no valid summary after {len(self.attempts)} attempts; last errors: "
                + "; ".join(self.attempts[-1].errors)[:500],
                attempts=self.attempts,
                last_output=reply.text,
                usage=self.usage,
            )
        summary, report, notes = self.fallback
        warnings = list(notes)
        repaired = self._values_from_quotes(summary, report)
        if repaired is not None:
            summary, report, repairs = repaired
            warnings += repairs
            if report.ok:
                self._log(warnings)
                return self._result(summary, report, warnings)
        flagged = ", ".join(f"{c.text!r} in {c.path}" for c in report.unsupported)
        warning = f"numbers not found in the article: {flagged}"
        warnings.append(warning)
        result = self._result(summary, report, warnings)
        if self.settings.strict_numbers:
            raise UngroundedNumbers(warning, report=report, result=result)
        self._log(warnings)
        return result

    def _values_from_quotes(
        self, summary: ArticleSummary, report: NumberReport
    ) -> tuple[ArticleSummary, NumberReport, list[str]] | None:
        """The summary with each rejected key figure value read from its own quote: the
        quote is the article's text, and its one figure gives the value and unit the
        schema asks for; a time of day is read as the hour of a 24-hour day ('6:30pm' is 18.5
        'hour of day'). A figure quoting no number, or only a position ('First'), or a date
        of which the value is no part ('April 4' given 2023), is dropped. The
        warnings number the figures as the model's answer did. None when nothing changes, or
        when as many numbers would still not check out.

        A small model gets these values wrong more than anything else it writes: they were
        5 of the 5 numbers left unsupported in 11 final summaries of articles_frank on the
        local model, and 11 of 13 in 48 recorded ones ('1' for the quote '1987', '63.4
        million' for '77.4 million', '0' for a place name).
        """
        rejected = {c.path for c in report.unsupported}
        kept: list[KeyFigure] = []
        notes: list[str] = []
        for i, key_figure in enumerate(summary.figures):
            if f"figures[{i}].value" not in rejected:
                kept.append(key_figure)
                continue
            stated = [f for f in find_figures(key_figure.quote) if f.kind != "identifier"]
            if not stated:
                # A person's name for their age ('Leon Yeaman' given 55): quote the age.
                age = next((f for f in self.ages.of(key_figure.quote) if f.value == key_figure.value), None)
                if age is not None:
                    kept.append(key_figure.model_copy(update={"quote": age.text}))
                    notes.append(f"figures[{i}].quote {key_figure.quote!r} -> {age.text!r}, the age the article "
                                 f"gives {key_figure.quote}")
                    continue
                notes.append(f"figures[{i}] dropped, its quote {key_figure.quote!r} states no number")
                continue
            if len(stated) > 1:
                # '53bn roubles ($1bn; £665m)' given 530000000 'RUB', '1.2m (4ft)' given 1200
                # 'm': the one figure in the key figure's unit is the one it means (the local
                # model was re-asked for both, and then read them so).
                unit = parse_unit(key_figure.unit)
                same = [f for f in stated if unit is not None and f.unit == unit]
                stated = same if len(same) == 1 else stated
            figure = stated[0]
            if len(stated) == 1 and figure.unit == "time":
                # '6:30am' given 20180419, a date, on all three attempts: the time as the hour
                # of a 24-hour day, minutes as its fraction (6.5), one of the forms the checks
                # read a time of day in (grounding_index._clock_values).
                hour, minute = divmod(int(figure.value), 100)
                hours = hour + minute / 60
                kept.append(key_figure.model_copy(update={"value": hours, "unit": HOUR_OF_DAY}))
                notes.append(f"figures[{i}].value read from its quote {key_figure.quote!r}: "
                             f"{_amount(key_figure.value, key_figure.unit)} -> {_amount(hours, HOUR_OF_DAY)}")
                continue
            if (len(stated) == 1 and figure.kind == "date" and figure.unit != "time"
                    and not any(isclose(key_figure.value, part) for part in rules.split_date(figure.value) if part)):
                # 'April 4' given 2023 'year': no part of the date, so no reading of it helps.
                notes.append(f"figures[{i}] dropped, its quote {key_figure.quote!r} is a date with no part "
                             f"{_amount(key_figure.value, key_figure.unit)}")
                continue
            if len(stated) > 1 or figure.high is not None or figure.kind == "date":
                bound = _scaled_bound(key_figure.value, figure) if len(stated) == 1 else None
                if bound is None:
                    kept.append(key_figure)  # which number, or which part of a date, is a guess
                    continue
                # '33-1' given 33000000: the bound the value names, at another scale
                figure = figure.model_copy(update={"value": bound, "high": None})
            if figure.kind == "ordinal":
                # 'First' (of "First Great Western") given 50 "passengers": a position read as
                # the value would state one passenger, so the figure goes.
                notes.append(f"figures[{i}] dropped, its quote {key_figure.quote!r} is a position, "
                             f"not {_amount(key_figure.value, key_figure.unit)}")
                continue
            kept.append(key_figure.model_copy(update={"value": figure.value, "unit": figure.unit}))
            notes.append(f"figures[{i}].value read from its quote {key_figure.quote!r}: "
                         f"{_amount(key_figure.value, key_figure.unit)} -> {_amount(figure.value, figure.unit)}")
        if not notes:
            return None
        try:
            repaired = ArticleSummary.model_validate(
                {**summary.model_dump(), "figures": [k.model_dump() for k in kept]}, context=self.context)
        except ValidationError:
            return None
        checked = self.check(repaired)
        if len(checked.unsupported) >= len(report.unsupported):
            return None
        return repaired, checked, notes

    def _salvage(self, *, numberless: bool = False, now: bool = False) -> SummaryResult | None:
        """The last answer that fails only on figure quotes or on the summary's length,
        with those figures dropped and the summary cut to its first whole sentences.

        Losing a whole summary because one "figure" quotes a phrase the article does not
        contain, or because the summary runs long, helps nobody: once the re-asks are
        spent, such figures are dropped and a long summary is cut (``cut_summary``), each
        named in a warning (strict mode included: what remains is all checked), and its
        key figure values are read from their quotes (``_values_from_quotes``). With
        ``numberless``, only the latest answer is tried, only quotes holding no number at
        all, copying the schema's examples or given the value 0 that they do not state
        (``_no_figure``) are dropped (an event date naming no one day
        or month, ``undatable``, is set to null on every salvage), and only a summary whose
        numbers all check out is accepted. With ``now`` (an answer that repeats the errors
        of the one before: ``_repeated``), only the latest answer is tried and only such a
        summary is accepted, since a re-ask names the numbers that do not.
        """
        folded = normalise_quote(self.article.text)
        texts = frozenset(normalise_quote(f.text) for f in self.figures)
        clean = numberless or now  # mid-budget: a number left unchecked is for a re-ask
        for attempt in reversed(self.attempts[-1:] if clean else self.attempts):
            try:
                data = json.loads(attempt.output or "", strict=False)
                figures = data["figures"]
                quotes = [str(f.get("quote", "")) for f in figures]
                values = [f.get("value") if isinstance(f.get("value"), int | float) else None for f in figures]
            except (ValueError, TypeError, KeyError, AttributeError):
                continue
            # a quote the article words otherwise ('$2.5 billion' for '$2.5bn') is kept: the
            # validation below takes the article's wording, as for any answer
            keep = [normalise_quote(q) in folded or trim_quote(q, texts, v) is not None
                    or article_wording(q, self.figures, self.article.text, v) is not None
                    for q, v in zip(quotes, values, strict=True)]
            if numberless:  # and the schema's own examples, copied, and facts given no number
                keep = [kept or (bool(find_figures(q)) and not copied_example(q, self.article.text)
                                 and not _no_figure(q, v))
                        for kept, q, v in zip(keep, quotes, values, strict=True)]
            written = data.get("summary")
            written = written if isinstance(written, str) else ""
            cut = None if numberless else cut_summary(written)
            date = data.get("event_date")
            undated = undatable(date, years=self._states_a_year)
            if all(keep) and cut is None and not undated:
                continue
            data["figures"] = [f for f, kept in zip(figures, keep, strict=True) if kept]
            if cut is not None:
                data["summary"] = cut
            if undated:
                data["event_date"] = None
            try:
                summary = ArticleSummary.model_validate(data, context=self.context)
            except ValidationError:
                continue
            warnings = []
            if not all(keep):
                dropped = ", ".join(repr(q) for q, kept in zip(quotes, keep, strict=True) if not kept)
                warnings.append(f"figures dropped, their quotes are not in the article: {dropped}")
            if cut is not None:
                warnings.append(f"summary cut to its first sentences: {len(cut)} of the {len(written)} "
                                "characters written")
            if undated:
                why = "no one day or month" if undatable(date) else "no year, and the article states none"
                warnings.append(f"event_date {date!r} set to null: {why}")
            summary, report, notes = self._settled(summary, self.check(summary))
            warnings += notes
            repaired = None if report.ok else self._values_from_quotes(summary, report)
            if clean and not (report.ok or (repaired is not None and repaired[1].ok)):
                # what is left for a re-ask is a number; a kept figure that quotes no
                # number (the article's 'King was hospitalized', value 0) is dropped first,
                # as for an answer that passes the schema
                return None
            if repaired is not None:  # the cut summary's key figures, as a kept answer's
                summary, report, notes = repaired
                warnings += notes
            if not report.ok:
                flagged = ", ".join(f"{c.text!r} in {c.path}" for c in report.unsupported)
                warnings.append(f"numbers not found in the article: {flagged}")
                if self.settings.strict_numbers:
                    raise UngroundedNumbers(warnings[-1], report=report,
                                            result=self._result(summary, report, warnings))
            self._log(warnings)
            return self._result(summary, report, warnings)
        return None

    def sort_messages(self, result: SummaryResult) -> list[Message]:
        """The conversation that asks what each of the result's names is: the first
        request's messages and the question, so that a llama.cpp server, whose cache holds
        that request, evaluates only the question (``summarize.name_kinds``)."""
        return [*self.base_messages, {"role": "user", "content": render_sort_names(listed_names(result.summary))}]

    def sorted(self, result: SummaryResult, sorting: Sorting) -> SummaryResult:
        """``result`` with its names in the lists the model sorted them into, its usage and
        elapsed time counting the call; a sorting that failed leaves the lists, with a
        warning."""
        self.usage.add(sorting.prompt_tokens, sorting.completion_tokens)
        if sorting.kinds is None:
            warnings = [f"names not sorted: {'; '.join(sorting.errors)[:300]}"]
            summary = result.summary
        else:
            summary, warnings = sort_names(result.summary, sorting.kinds)
        self._log(warnings)
        return result.model_copy(update={"summary": summary, "usage": self.usage.model_copy(),
                                         "warnings": [*result.warnings, *warnings],
                                         "elapsed_seconds": round(time.perf_counter() - self.started, 3)})

    def _log(self, warnings: list[str]) -> None:
        if warnings:
            log.warning("%s: %s", self.article.source or self.article.key, "; ".join(warnings))

    def _result(self, summary: ArticleSummary, report: NumberReport, warnings: list[str]) -> SummaryResult:
        return SummaryResult(
            summary=summary,
            numbers=report,
            attempts=self.attempts,
            usage=self.usage,
            model=self.model,
            prompt_version=prompt_version(),
            elapsed_seconds=round(time.perf_counter() - self.started, 3),
            article_id=self.article.key,
            warnings=warnings,
        )


# A JSON string closed right after a space or colon, then more answer: where a model that
# opened a quotation ("... said they were "living comfortably"") ended its string.
_QUOTE_CLOSED = re.compile(r"(\w+[ :]{1,2})\"\s*,")


def _quotation_hint(output: str | None) -> list[str]:
    """The re-ask's line for an answer a quotation broke, naming where; else none.

    On the local model such an answer came back the same on all three attempts when the
    re-ask named only the JSON error (1 of 10 articles of a batch of real ones, lost).
    """
    found = _QUOTE_CLOSED.search(output or "")
    if found is None:
        return []
    return [f"a double quote inside a text ended its string after {found.group(1).strip()!r}: "
            "write what people said in your own words, or quote with single quotes"]


def _without_ungrounded_date(
    summary: ArticleSummary, report: NumberReport
) -> tuple[ArticleSummary, NumberReport, list[str]]:
    """``summary`` with an event date the article does not state set to null, its report
    without that check, and the warning saying so; else all as given."""
    dated = next((c for c in report.unsupported if c.path == "event_date"), None)
    if dated is None:
        return summary, report, []
    if dated.nearest:  # the month of a day the article does not state: 'March 2020'
        month, stated = dated.text[:7], dated.nearest[0]
        check = number_check("event_date", month, stated.value, None, "supported", [stated],
                             f"as {stated.text}", [])
        return (summary.model_copy(update={"event_date": month}), report.replaced(check),
                [f"event_date {dated.text!r} set to {month!r}: {dated.explanation}"])
    return (summary.model_copy(update={"event_date": None}), report.without("event_date"),
            [f"event_date {dated.text!r} set to null: {dated.explanation.split(';')[0]}"])


def _no_figure(quote: str, value: float | None) -> bool:
    """True when a key figure is a fact, not a figure: its value is 0 and its quote states
    no 0. The local model gave three sentences of its own value 0 for frank:xsum:34687720
    ('McIlroy returned in time to ... played in three of the FedEx Cup play-off events'),
    beside one holding no number; a re-ask would only be told the sentences' numbers."""
    return value == 0 and not any(f.value == 0 for f in find_figures(quote))


# How long the summary is, in a schema error: its size changes between answers that are
# all still too long ('summary is 1017 characters', then 992).
_SUMMARY_SIZE: Final = re.compile(r"\bsummary (is|has) \d+ (characters|sentences)")


def _unsized(errors: list[str]) -> list[str]:
    """``errors`` with the summary's size left out, to compare two answers' errors."""
    return [_SUMMARY_SIZE.sub(r"summary \1 N \2", error) for error in errors]


def _scaled_bound(value: float, figure: Figure) -> float | None:
    """The bound of a range or pair (``figure``) that ``value`` gives a thousand, a million
    or a billion times too large or small, if one does: '33-1' given 33000000 is 33."""
    if figure.high is None or figure.kind == "date":
        return None
    for bound in (figure.value, figure.high):
        if bound and any(isclose(value, bound * scale, rel_tol=1e-9) for scale in rules.SCALE_STEPS):
            return bound
    return None


def _amount(value: float, unit: str | None) -> str:
    """'36000000 USD' for a warning: the unit says what a repair changed when the value
    stays ('36000000 USD -> 36000000 GBP')."""
    return f"{plain(value)} {unit}" if unit else plain(value)
