"""Many articles: bounded concurrency, streaming, resumable, one result line per article.

``summarize.inputs.iter_inputs`` reads the input lazily; ``run_batch`` feeds the items
through a bounded queue to workers sharing one summarizer, and appends
one JSON line per article to the output as each finishes. Memory holds the queue, the
in-flight articles and the set of ids seen, never the input list.

Durability and resume are ``summarize.results_file``'s: see its docstring. When one
process runs articles concurrently, their numbers are checked in a child process
(``summarize.checker``), leaving this event loop to the model calls.

``concurrency`` bounds the model calls in flight, not the articles: with a ``Summarizer``
run in this process, twice as many workers take articles, and each HTTP request to the
model holds one of ``concurrency`` slots (``Summarizer.call_slots``, see ``LLM.acall``)
while parsing and checking its answer and writing the line hold none. A slot freed by an
answer goes at once to an article whose prompt is ready, which sends its request before
that answer is handled, instead of waiting out that answer's check (a round trip to the
checker of 3 to 7 ms at concurrency 32, against a 100 ms server: bench/batch_concurrency.py).
So a run that is killed re-does, on resume, up to ``2 * concurrency`` articles whose
lines were not yet written (tests/test_interrupt.py). The embedded local model gets one
slot whatever the concurrency: its server answers one request at a time.
``summarize_concurrently`` (``Summarizer.asummarize_many``) runs the same machinery over
articles in memory, without the results file.

Each line is compact JSON, keys in the order they are built; with ``timings=False`` the result's
``elapsed_seconds`` is left out, so replaying a cassette gives identical lines, and with
``ordered=True`` they are also written in input order, giving an identical file.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import gc
import json
import logging
import os
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError, to_json

from summarize.article import Article
from summarize.errors import SummarizeError, UngroundedNumbers
from summarize.inputs import BatchItem, count_inputs, iter_inputs
from summarize.results_file import Writer, prepare_output

if TYPE_CHECKING:
    from summarize.pipeline import Summarizer
    from summarize.result import SummaryResult

__all__ = [  # BatchItem, count_inputs and iter_inputs re-exported from summarize.inputs
    "BatchItem", "BatchStats", "Progress", "count_inputs", "iter_inputs", "run_batch", "summarize_concurrently",
]

log = logging.getLogger("summarize")

@dataclass
class BatchStats:
    """What a batch did. ``failed`` counts by error type; ``exit_codes`` by exit code."""

    articles: int = 0
    succeeded: int = 0
    failed: collections.Counter[str] = field(default_factory=collections.Counter)
    exit_codes: collections.Counter[int] = field(default_factory=collections.Counter)
    ungrounded: int = 0
    numbers_flagged: int = 0
    skipped: int = 0
    duplicates: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_calls: int = 0
    truncated_bytes: int = 0
    wall_seconds: float = 0.0

    def merge(self, other: BatchStats) -> None:
        """Add the counts of ``other`` (one article's, from a worker process) to these."""
        for name in ("articles", "succeeded", "ungrounded", "numbers_flagged", "prompt_tokens",
                     "completion_tokens", "llm_calls"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failed.update(other.failed)
        self.exit_codes.update(other.exit_codes)

    @property
    def failures(self) -> int:
        """Articles that got an error line in this run."""
        return sum(self.failed.values())

    @property
    def exit_code(self) -> int:
        """0 if all succeeded; else 1 for model/transport, 2 for bad input, 3 for ungrounded numbers."""
        for code in (1, 2, 3):
            if self.exit_codes[code]:
                return code
        return 1 if self.failures else 0


class Progress(Protocol):
    """Receives the running totals after each article, and notes worth showing."""

    def advance(self, stats: BatchStats) -> None: ...

    def note(self, message: str) -> None: ...


class Summarizes(Protocol):
    """What ``run_batch`` needs of ``summarize.pipeline.Summarizer``."""

    async def asummarize(self, article: Article | str) -> SummaryResult: ...


def _flagged(report: Any) -> int:
    """How many of a number report's numbers the article does not support."""
    return len(getattr(report, "unsupported", None) or ())


def _count_usage(stats: BatchStats, usage: Any) -> None:
    stats.prompt_tokens += usage.prompt_tokens
    stats.completion_tokens += usage.completion_tokens
    stats.llm_calls += usage.llm_calls


def _result_dict(result: Any, timings: bool) -> dict[str, Any] | None:
    if not isinstance(result, BaseModel):
        return None
    data = result.model_dump(mode="json")
    if not timings:
        data.pop("elapsed_seconds", None)
    return data


async def _summarize(item: BatchItem, summarizer: Summarizes, stats: BatchStats, timings: bool) -> dict[str, Any]:
    """Run one item and count it; returns its output record. Never raises but cancellation."""
    record: dict[str, Any] = {"id": item.id, "source": item.source, "ok": False, "result": None, "error": None}
    error: BaseException | None = item.error
    if error is None and item.article is not None:
        try:
            result = await summarizer.asummarize(item.article)
        except SummarizeError as exc:
            error = exc
        except Exception as exc:  # a bug in one article must not cost the others
            error = exc
        else:
            record.update(ok=True, result=_result_dict(result, timings))
            stats.succeeded += 1
            flagged = _flagged(result.numbers)
            stats.numbers_flagged += flagged
            stats.ungrounded += bool(flagged)
            _count_usage(stats, result.usage)
    if error is not None:
        code = getattr(error, "exit_code", 1)
        record["error"] = {"type": type(error).__name__, "message": str(error), "exit_code": code}
        status = getattr(error, "status_code", None)
        if status is not None:
            record["error"]["status_code"] = status
        # The calls a failed article spent count too: three answers that all failed
        # validation cost as much as three that passed.
        spent = getattr(getattr(error, "result", None), "usage", None) or getattr(error, "usage", None)
        if spent is not None:
            _count_usage(stats, spent)
            record["error"]["llm_calls"] = spent.llm_calls
        if isinstance(error, UngroundedNumbers):
            stats.ungrounded += 1
            stats.numbers_flagged += _flagged(error.report)
            record["result"] = _result_dict(error.result, timings)
            if record["result"] is None and isinstance(error.report, BaseModel):
                record["error"]["numbers"] = error.report.model_dump(mode="json")
        stats.failed[type(error).__name__] += 1
        stats.exit_codes[code] += 1
    stats.articles += 1
    return record


class _HeapFreeze:
    """Takes the long-lived objects out of the garbage collector for the batch.

    ``start`` freezes (``gc.freeze``) what is alive when the batch starts (the heavy
    imports: openai, instructor, pydantic schemas), and ``after_article`` once more what
    is alive after the first article (the client, its connections). They live as long as
    the batch, yet every full collection walked them again: one that fell in the first
    wave of requests held the event loop for 127 ms, while all of that wave's requests
    waited on it (their answers took 250 ms against a 100 ms server), and later ones cost
    0.2 to 0.6 ms of CPU per article at concurrency 32 (bench/batch_concurrency.py).
    ``release`` hands them back to the collector when the batch ends.
    """

    def __init__(self) -> None:
        self.frozen = False
        self._first = True

    def start(self) -> None:
        self.frozen = True
        gc.freeze()

    def after_article(self) -> None:
        if self._first:
            self._first = False
            self.frozen = True
            gc.freeze()

    def release(self) -> None:
        if self.frozen:
            self.frozen = False
            gc.unfreeze()


def _take(source: Iterator[BatchItem], most: int = 16, seconds: float = 0.05) -> list[BatchItem]:
    """The next items of ``source``: up to ``most``, or what ``seconds`` of reading gives.

    Reading can block (files, HTML extraction), so it runs in a thread; a hop per item
    cost measurable CPU in a batch against a fast server, so items come a few at a time,
    and the time bound keeps slow inputs (large HTML pages) from holding back the workers.
    """
    chunk: list[BatchItem] = []
    until = time.monotonic() + seconds
    while len(chunk) < most and (not chunk or time.monotonic() < until):
        item = next(source, None)
        if item is None:
            break
        chunk.append(item)
    return chunk


def _encode(record: dict[str, Any]) -> bytes:
    """One results line: compact UTF-8 JSON, keys in the order the record was built.

    pydantic's serializer takes a third of ``json.dumps``'s time. Text that is not valid
    Unicode (the undecodable bytes of a file name, which Python keeps as lone surrogates)
    cannot be UTF-8: such a record is written with ``\\u`` escapes instead, which keeps
    the line valid JSON and the name recoverable (``os.fsencode``).
    """
    try:
        return to_json(record) + b"\n"
    except PydanticSerializationError:
        return (json.dumps(record, separators=(",", ":")) + "\n").encode("ascii")


async def _start_checker(summarizer: Summarizes, concurrency: int, processes: int,
                         wanted: bool | None) -> Summarizer | None:
    """Give ``summarizer`` a number-check process when one pays (or is asked for); returns
    it as the ``Summarizer`` whose ``checker`` to close at the end, else None."""
    from summarize.pipeline import Summarizer

    if wanted is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        wanted = processes == 1 and concurrency > 1 and cores > 1
    if not wanted or processes > 1 or not isinstance(summarizer, Summarizer) or summarizer.checker is not None:
        return None
    from summarize.checker import Checker

    checker = Checker()
    try:
        await checker.start()
    except OSError as exc:  # no process to be had: check here, as with one core
        log.warning("number checks run in this process: the checker process did not start (%s)", exc)
        return None
    summarizer.checker = checker
    return summarizer


def _call_slots(summarizer: Summarizes, concurrency: int, processes: int) -> tuple[asyncio.Semaphore | None, int]:
    """The model-call slots a ``Summarizer`` run here gets (see the module docstring), and
    how many workers take articles: two per slot, or one per unit of concurrency without
    slots. None at concurrency 1 (the one worker's check runs in this process, so a second
    worker would only reorder the lines), with worker processes, and when the caller set
    slots of its own.

    The embedded local model gets one slot whatever the concurrency: its server answers
    one request at a time, so more in flight would only queue there, each waiting
    against its own timeout (eight long articles at 100 s each outwait 600 s).
    """
    from summarize.pipeline import Summarizer

    if concurrency == 1 or processes > 1 or not isinstance(summarizer, Summarizer) \
            or summarizer.call_slots is not None:
        return None, concurrency
    calls = 1 if summarizer.settings.is_local else concurrency
    return asyncio.Semaphore(calls), 2 * calls


async def run_batch(
    items: Iterable[BatchItem],
    summarizer: Summarizes,
    out_path: str | Path,
    *,
    concurrency: int = 8,
    retry_failed: bool = False,
    progress: Progress | None = None,
    timings: bool = True,
    ordered: bool = False,
    fsync_interval: float = 1.0,
    processes: int = 1,
    check_process: bool | None = None,
) -> BatchStats:
    """Summarize every item into ``out_path``, one JSON line each; see the module docstring.

    With ``processes`` above 1 the summaries run in that many worker processes built
    from ``summarizer.settings`` (see ``summarize.workers``); the rest stays here.
    With ``check_process`` the numbers are checked in a child process
    (``summarize.checker``); by default when a ``Summarizer`` runs articles
    concurrently in this process on a machine with more than one core.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    if processes < 1:
        raise ValueError(f"processes must be at least 1, got {processes}")
    started = time.monotonic()
    stats = BatchStats()
    out = Path(out_path)
    done, stats.truncated_bytes = prepare_output(out, retry_failed)
    if stats.truncated_bytes and progress:
        progress.note(f"cut a partial last line ({stats.truncated_bytes} bytes) left by an interrupted run")
    seen: set[str] = set()
    slots, workers = _call_slots(summarizer, concurrency, processes)
    if slots is not None and workers < 2 * concurrency and progress:
        progress.note(f"the local model answers one request at a time: 1 in flight, not {concurrency}")
    # Bounds the articles read but not yet written: the queue, the workers' articles and
    # the reorder buffer.
    window = asyncio.Semaphore(2 * concurrency + 2 * workers)
    queue: asyncio.Queue[tuple[int, BatchItem] | None] = asyncio.Queue(maxsize=2 * concurrency)
    writer = Writer(out, fsync_interval=fsync_interval, ordered=ordered, window=window)
    advance: Callable[[BatchStats], None] = progress.advance if progress else (lambda _stats: None)

    async def produce() -> None:
        source = iter(items)
        seq = 0
        while chunk := await asyncio.to_thread(_take, source):
            for item in chunk:
                if item.id in done:
                    stats.skipped += 1
                    advance(stats)
                    continue
                if item.id in seen:
                    stats.duplicates += 1
                    if progress:
                        progress.note(f"duplicate of an earlier article (id {item.id}), summarized once: {item.source}")
                    advance(stats)
                    continue
                seen.add(item.id)
                await window.acquire()
                await queue.put((seq, item))
                seq += 1
        for _ in range(workers):
            await queue.put(None)

    async def work() -> None:
        while (entry := await queue.get()) is not None:
            seq, item = entry
            if pool is not None and item.article is not None:
                line, delta = await pool.run(item)
                stats.merge(delta)
            else:
                line = _encode(await _summarize(item, summarizer, stats, timings))
                heap.after_article()
            writer.put(seq, line)
            advance(stats)

    heap = _HeapFreeze()
    pool = None
    try:
        heap.start()
        async with _helped(summarizer, concurrency, processes, check_process, slots):
            if processes > 1:
                from summarize.workers import WorkerPool

                pool = WorkerPool(getattr(summarizer, "settings"), processes, timings=timings)  # noqa: B009
                await pool.start()
            try:
                async with asyncio.TaskGroup() as group:
                    group.create_task(produce())
                    for _ in range(workers):
                        group.create_task(work())
            except BaseException:
                if pool is not None:
                    pool.kill()  # interrupted: in-flight results could not be written anyway
                raise
            finally:
                if pool is not None:
                    await pool.aclose()
    finally:
        writer.close()
        heap.release()
        stats.wall_seconds = time.monotonic() - started
    return stats


async def summarize_concurrently(
    summarizer: Summarizes,
    articles: Iterable[Article | str],
    *,
    concurrency: int = 8,
    check_process: bool | None = None,
) -> list[SummaryResult | Exception]:
    """The results of ``articles`` in their order, summarized ``concurrency`` model calls at
    a time in this process; an article that fails gives its exception in its place.

    The batch's machinery without the results file: model-call slots and, by default on a
    machine with more than one core, the checker process (see the module docstring). The
    articles are read before the first call, so a faulty iterable raises here.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    texts = list(articles)
    results: list[SummaryResult | Exception | None] = [None] * len(texts)
    indices = iter(range(len(texts)))
    slots, workers = _call_slots(summarizer, concurrency, 1)

    async def work() -> None:
        for index in indices:
            try:
                results[index] = await summarizer.asummarize(texts[index])
            except Exception as exc:  # one bad article must not cost the others
                results[index] = exc
            heap.after_article()

    heap = _HeapFreeze()
    try:
        heap.start()
        async with _helped(summarizer, concurrency, 1, check_process, slots), asyncio.TaskGroup() as group:
            for _ in range(min(len(texts), workers)):
                group.create_task(work())
    finally:
        heap.release()
    return [r for r in results if r is not None]


@contextlib.asynccontextmanager
async def _helped(summarizer: Summarizes, concurrency: int, processes: int, check_process: bool | None,
                  slots: asyncio.Semaphore | None) -> AsyncIterator[None]:
    """The checker process (``_start_checker``) and the model-call ``slots`` of a
    ``Summarizer`` for the block; both are taken back after it, however it ends."""
    checked = await _start_checker(summarizer, concurrency, processes, check_process)
    if slots is not None:
        cast("Summarizer", summarizer).call_slots = slots
    try:
        yield
    finally:
        if slots is not None:
            cast("Summarizer", summarizer).call_slots = None
        if checked is not None and checked.checker is not None:
            checker, checked.checker = checked.checker, None
            await checker.aclose()
