"""Checking many summaries against their articles: ``summarize check --pairs FILE``.

Each input line is one pair, a JSON object::

    {"id": "a1", "article": "...", "summary": "...", "article_date": "2024-05-01"}

``article`` may be called ``text`` (as in ``summarize batch`` inputs); ``summary`` is plain
text, an ``ArticleSummary`` object, a result holding one under ``summary``, or a summary in
any other schema (a JSON object or array, whose strings are checked by path); ``id`` and
``article_date`` are optional. Each pair gives one ``PairResult``, in input order: its
``NumberReport``, or the error that kept it from being checked. A bad line costs only
itself. The last ``KEEP`` articles are kept, read and with their figures found, so several
models' summaries of one article (as in the factuality datasets, where 9,448 pairs hold
2,816 articles in 5,586 runs) read it once.

With ``processes=N`` (``summarize check --pairs FILE -p N``) N worker processes check
``CHUNK`` lines at a time, each with its own article cache, and the results still come in
input order. Over the 9,448 factuality pairs, ``-p 2`` took 0.58 of the time of ``-p 1`` on
2 cores (medians of 3 runs each, in turn, in two sets: 4.80 s for 8.28 s, 4.38 s for 7.58
s). Reports cross from the workers as JSON (``PairResult``): sent as pydantic objects, they
took the parent 150 us a pair to unpickle, and the ratio was 0.65-0.75. A worker that dies
(killed, out of memory) costs only the lines of the chunks then in flight, each reported
as an error with its id, as ``summarize batch`` reports a dead worker's articles. Written
on ``concurrent.futures`` rather than ``summarize.workers``: those children each run many
model calls at once over their own event loop; here a call is pure CPU.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from pydantic import ValidationError

from summarize.article import Article, parse_text
from summarize.errors import InputError
from summarize.figures import Figure, find_figures
from summarize.grounding import NumberReport, check_numbers, json_fields
from summarize.schema import ArticleSummary

__all__ = ["CHUNK", "KEEP", "PairResult", "check_pairs", "summary_object"]

KEEP = 1024  # articles kept (about 20 MB), the least recently used dropped first


class PairResult:
    """The outcome for the pair on input line ``line`` (from 1): a report or an error.

    A result checked in a worker process (``processes`` > 1) crosses to the parent as its
    report's JSON, which ``to_json`` writes as it is; ``report`` reads it back on first use.
    Pickling the pydantic report itself cost the parent 150 us a pair to unpickle, more
    than a fifth of the check.
    """

    __slots__ = ("_counts", "_numbers", "_ok", "_report", "error", "id", "line")

    def __init__(self, line: int, id: str | None, report: NumberReport | None = None,  # noqa: A002
                 error: str | None = None) -> None:
        self.line, self.id, self.error = line, id, error
        self._report = report
        self._numbers: str | None = None  # the report as JSON, written once
        self._ok = report is not None and report.ok
        self._counts: dict[str, int] = dict(report.counts) if report is not None else {}

    @property
    def report(self) -> NumberReport | None:
        """The report, or None when the pair could not be checked (see ``error``)."""
        if self._report is None and self._numbers is not None:
            self._report = NumberReport.model_validate_json(self._numbers)
        return self._report

    @property
    def ok(self) -> bool:
        """True when the pair was checked and no number is unsupported."""
        return self._ok

    @property
    def counts(self) -> dict[str, int]:
        """Checks per verdict (all four present); empty when the pair could not be checked."""
        return self._counts

    def to_json(self) -> str:
        """One output line: ``{"id", "line", "ok", "numbers"}`` or ``{"id", "line", "error"}``."""
        head: dict[str, Any] = {"id": self.id, "line": self.line}
        numbers = self._numbers_json()
        if numbers is None:
            return json.dumps({**head, "error": self.error}, ensure_ascii=False)
        head["ok"] = self._ok
        return json.dumps(head, ensure_ascii=False)[:-1] + ', "numbers": ' + numbers + "}"

    def _numbers_json(self) -> str | None:
        # pydantic writes the report's JSON itself: 23-27 us a line where dumping its dict took 60
        if self._numbers is None and self._report is not None:
            self._numbers = self._report.model_dump_json()
        return self._numbers

    def __reduce__(self) -> tuple[Any, ...]:
        return _rendered, (self.line, self.id, self.error, self._numbers_json(), self._ok, self._counts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PairResult):
            return NotImplemented
        return (self.line, self.id, self.error, self.report) == (other.line, other.id, other.error, other.report)

    __hash__ = None  # type: ignore[assignment]  # mutable (its report is read on first use)

    def __repr__(self) -> str:
        return f"PairResult(line={self.line}, id={self.id!r}, ok={self._ok}, error={self.error!r})"


def _rendered(line: int, id: str | None, error: str | None, numbers: str | None, ok: bool,  # noqa: A002
              counts: dict[str, int]) -> PairResult:
    """A ``PairResult`` as it arrives from a worker process: its report as JSON."""
    result = PairResult(line, id, error=error)
    result._numbers, result._ok, result._counts = numbers, ok, counts
    return result


def summary_object(data: dict[str, Any] | list[Any]) -> ArticleSummary | dict[str, str]:
    """A summary given as a JSON object: an ``ArticleSummary``, a result holding one under
    ``summary``, or a summary in any other schema, as its strings by path (``json_fields``).
    An object with a ``headline`` is taken for an ``ArticleSummary``, and must be one."""
    if isinstance(data, list) or not ("headline" in data or isinstance(data.get("summary"), dict)):
        fields = json_fields(data)
        if not any(text.strip() for text in fields.values()):
            raise InputError("the summary has no text: no string in its JSON, or only empty ones")
        return fields
    if isinstance(data.get("summary"), dict):
        data = data["summary"]  # a SummaryResult
    try:
        return ArticleSummary.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise InputError(f"not an ArticleSummary: {where + ': ' if where else ''}{error['msg']}") from None


def check_pairs(lines: Iterable[bytes | str], *, source: str = "pairs", processes: int = 1) -> Iterator[PairResult]:
    """A ``PairResult`` for each non-blank line of ``lines``, in order.

    With ``processes`` above 1 the pairs are checked in that many worker processes,
    ``CHUNK`` lines at a time (see the module docstring).
    """
    numbered = enumerate(lines, start=1)
    if processes <= 1:
        yield from _check(numbered, source, functools.lru_cache(maxsize=KEEP)(_read))
    else:
        yield from _in_processes(numbered, source, processes)


def _check(numbered: Iterable[tuple[int, bytes | str]], source: str,
           read: Callable[[str], tuple[Article, list[Figure]]]) -> Iterator[PairResult]:
    """The results of the numbered lines, each article read through ``read`` (a cache)."""
    for number, line in numbered:
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


# Lines per task given to a worker process: 64 pairs take about 40 ms to check, so the
# parent's pickling and ordering stay small beside the work; tasks in flight: 2 per process.
CHUNK = 64
_DIED = "the worker process checking it died"
_worker_read: Callable[[str], tuple[Article, list[Figure]]] | None = None  # a worker's article cache


def _in_processes(numbered: Iterable[tuple[int, bytes | str]], source: str, processes: int) -> Iterator[PairResult]:
    """``_check`` in ``processes`` worker processes, in input order, ``2 * processes``
    chunks in flight. A worker that dies costs the lines of the chunks then in flight (and
    of one more, if it was being handed over): each gets an error result, and a new pool
    takes the rest."""
    pending: deque[tuple[list[tuple[int, bytes | str]], Future[list[PairResult]]]] = deque()
    pool = ProcessPoolExecutor(processes, initializer=_start_worker)
    try:
        for chunk in _chunks(numbered):
            if len(pending) >= 2 * processes:
                results, pool = _collect(pending, pool, source, processes)
                yield from results
            pending.append((chunk, _submit(pool, chunk, source)))
        while pending:
            results, pool = _collect(pending, pool, source, processes)
            yield from results
    finally:
        pool.shutdown(cancel_futures=True)


def _collect(pending: deque[tuple[list[tuple[int, bytes | str]], Future[list[PairResult]]]],
             pool: ProcessPoolExecutor, source: str, processes: int) -> tuple[list[PairResult], ProcessPoolExecutor]:
    """The first pending chunk's results, and the pool to go on with (a new one if a worker died)."""
    chunk, future = pending.popleft()
    try:
        return future.result(), pool
    except BrokenProcessPool:
        pool.shutdown(cancel_futures=True)
        results: list[PairResult] = []
        for lines, done in [(chunk, future), *pending]:  # the chunks finished before the death stand
            if done.done() and not done.cancelled() and done.exception() is None:
                results += done.result()
            else:
                results += [PairResult(number, _id_of(line), error=f"{source}:{number}: {_DIED}")
                            for number, line in lines if line.strip()]
        pending.clear()
        return results, ProcessPoolExecutor(processes, initializer=_start_worker)


def _submit(pool: ProcessPoolExecutor, chunk: list[tuple[int, bytes | str]], source: str) -> Future[list[PairResult]]:
    """The chunk's task; a failed one when the pool broke since the last collect (a worker
    died), which ``_collect`` then treats as it treats the chunks in flight."""
    try:
        return pool.submit(_check_chunk, chunk, source)
    except BrokenProcessPool as exc:
        failed: Future[list[PairResult]] = Future()
        failed.set_exception(exc)
        return failed


def _chunks(numbered: Iterable[tuple[int, bytes | str]]) -> Iterator[list[tuple[int, bytes | str]]]:
    # itertools.batched does this from Python 3.12; the project supports 3.11
    chunk: list[tuple[int, bytes | str]] = []
    for item in numbered:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _start_worker() -> None:
    global _worker_read
    _worker_read = functools.lru_cache(maxsize=KEEP)(_read)


def _check_chunk(chunk: list[tuple[int, bytes | str]], source: str) -> list[PairResult]:
    assert _worker_read is not None  # set by _start_worker
    return list(_check(chunk, source, _worker_read))


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
        data = json.loads(line.lstrip("\ufeff"))  # the first line of a file saved with a BOM
    except ValueError as exc:
        raise InputError(f"not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"not a JSON object but {type(data).__name__}")
    return data


def _id_of(line: bytes | str) -> str | None:
    """The id of a line's pair, or None when the line has none or is no pair."""
    try:
        return _id(_object(line))
    except InputError:
        return None


def _id(data: dict[str, Any]) -> str | None:
    value = data.get("id")
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None


def _pair(data: dict[str, Any]) -> tuple[str, ArticleSummary | str | dict[str, str], dt.date | None]:
    """The article as given, the summary and the article's date of one pair."""
    text = data.get("article", data.get("text"))
    if not isinstance(text, str):
        raise InputError("no article: give it as a string under 'article' (or 'text')")
    summary = data.get("summary")
    if summary is None:
        raise InputError("no summary: give it under 'summary'")
    if not isinstance(summary, str | dict | list):
        raise InputError(f"the summary is a JSON {type(summary).__name__}: give text or a JSON object")
    if isinstance(summary, str) and not summary.strip():
        raise InputError("the summary is empty or only whitespace")
    date = data.get("article_date")
    if date is not None:
        try:
            date = dt.date.fromisoformat(str(date))
        except ValueError:
            raise InputError(f"article_date {date!r} is not a date (YYYY-MM-DD)") from None
    return text, summary if isinstance(summary, str) else summary_object(summary), date
