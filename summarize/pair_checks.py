"""Checking many summaries against their articles: ``summarize check --pairs FILE``.

Each input line is one pair, a JSON object::

    {"id": "a1", "article": "...", "summary": "...", "article_date": "2024-05-01"}

``article`` may be called ``text`` (as in ``summarize batch`` inputs); ``summary`` is plain
text, an ``ArticleSummary`` object or a result holding one under ``summary``; ``id`` and
``article_date`` are optional. Each pair gives one ``PairResult``, in input order: its
``NumberReport``, or the error that kept it from being checked. A bad line costs only
itself. The last ``KEEP`` articles are kept, read and with their figures found, so several
models' summaries of one article (as in the factuality datasets, where 9,448 pairs hold
2,816 articles in 5,586 runs) read it once.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from summarize.article import Article, parse_text
from summarize.errors import InputError
from summarize.figures import Figure, find_figures
from summarize.grounding import NumberReport, check_numbers
from summarize.schema import ArticleSummary

__all__ = ["KEEP", "PairResult", "check_pairs", "summary_object"]

KEEP = 1024  # articles kept (about 20 MB), the least recently used dropped first


@dataclass(frozen=True)
class PairResult:
    """The outcome for the pair on input line ``line`` (from 1): a report or an error."""

    line: int
    id: str | None
    report: NumberReport | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.report is not None and self.report.ok

    def to_json(self) -> str:
        """One output line: ``{"id", "line", "ok", "numbers"}`` or ``{"id", "line", "error"}``."""
        head = {"id": self.id, "line": self.line}
        if self.report is None:
            return json.dumps({**head, "error": self.error}, ensure_ascii=False)
        # pydantic writes the report's JSON itself: 23-27 us a line where dumping its dict took 60
        head["ok"] = self.report.ok
        return json.dumps(head, ensure_ascii=False)[:-1] + ', "numbers": ' + self.report.model_dump_json() + "}"


def summary_object(data: dict[str, Any]) -> ArticleSummary:
    """A summary given as a JSON object: an ``ArticleSummary``, or a result holding one
    under ``summary``."""
    if isinstance(data.get("summary"), dict):
        data = data["summary"]  # a SummaryResult
    try:
        return ArticleSummary.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise InputError(f"not an ArticleSummary: {where + ': ' if where else ''}{error['msg']}") from None


def check_pairs(lines: Iterable[bytes | str], *, source: str = "pairs") -> Iterator[PairResult]:
    """A ``PairResult`` for each non-blank line of ``lines``, in order."""
    read = functools.lru_cache(maxsize=KEEP)(_read)  # by the article as given; errors are not kept
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        pair_id: str | None = None
        try:
            data = _object(line)
            pair_id = _id(data)
            text, summary, date = _pair(data)
            article, figures = read(text)
        except InputError as exc:
            yield PairResult(number, pair_id, error=f"{where}: {exc.reason}")
            continue
        report = check_numbers(summary, article.text, article_figures=figures, article_date=date or article.date)
        yield PairResult(number, pair_id, report=report)


def _read(text: str) -> tuple[Article, list[Figure]]:
    """The article ``text`` read, and its figures."""
    try:
        article = parse_text(text)
    except InputError as exc:
        raise InputError(exc.reason) from None
    return article, find_figures(article.text)


def _object(line: bytes | str) -> dict[str, Any]:
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise InputError(f"not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"not a JSON object but {type(data).__name__}")
    return data


def _id(data: dict[str, Any]) -> str | None:
    value = data.get("id")
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None


def _pair(data: dict[str, Any]) -> tuple[str, ArticleSummary | str, dt.date | None]:
    """The article as given, the summary and the article's date of one pair."""
    text = data.get("article", data.get("text"))
    if not isinstance(text, str):
        raise InputError("no article: give it as a string under 'article' (or 'text')")
    summary = data.get("summary")
    if summary is None:
        raise InputError("no summary: give it under 'summary'")
    if not isinstance(summary, str | dict):
        raise InputError(f"the summary is a JSON {type(summary).__name__}: give text or an ArticleSummary object")
    date = data.get("article_date")
    if date is not None:
        try:
            date = dt.date.fromisoformat(str(date))
        except ValueError:
            raise InputError(f"article_date {date!r} is not a date (YYYY-MM-DD)") from None
    return text, summary if isinstance(summary, str) else summary_object(summary), date
