"""Number checks in a child process, so that a batch's event loop keeps to the model calls.

Against a fast server, one process's batch throughput is bounded by the CPU its event
loop spends per article, and finding the article's figures and checking the summary's
numbers were a quarter of it (0.9 of 3.75 ms at concurrency 32, bench/batch_concurrency.py).
They are pure functions of data that pickles small, so ``Checker`` runs them in one child
process, on another core, while the loop goes on with other articles' requests.

``run_batch`` starts one when a ``Summarizer`` serves concurrent articles in its own
process. The child speaks ``summarize.frames`` over its stdin and a duplicate of its
stdout. Parent to child: ``(seq, summary, article, article_date)``; child to parent: ``("ready",)``
once its imports are done, then ``(seq, report)``, or ``(seq, None)`` when the check
raised. The report travels as its JSON, which pydantic reads back in 61 microseconds
against 89 to unpickle the model in isolation (in a batch's profile the two are within
noise of each other).
``check`` answers None, meaning "check in this process", until the child is
ready (its imports take about 0.3 s, which the first answers need not wait for), when the
check raised there (so the caller raises the same error as without a child), and for
good once the child has died. The reports are the same either way (tests/test_checker.py).

The child keeps the figures of the articles it saw last, so a re-ask does not find them
again; it ignores Ctrl-C and ends when its stdin closes, which also happens when its
parent dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from typing import TYPE_CHECKING, Any

from summarize.frames import frame, read_frame, read_frame_blocking

if TYPE_CHECKING:
    import datetime as dt

    from summarize.number_report import NumberReport
    from summarize.schema import ArticleSummary

__all__ = ["Checker"]

log = logging.getLogger("summarize")

# Articles whose figures the child keeps: those in flight, with room to spare (a batch
# has at most ``4 * concurrency`` articles read and not yet written).
_KEEP = 512


class Checker:
    """A child process that checks summaries' numbers against their articles."""

    def __init__(self) -> None:
        self._process: asyncio.subprocess.Process | None = None
        self._pump: asyncio.Task[None] | None = None
        self._pending: dict[int, asyncio.Future[NumberReport | None]] = {}
        self._seq = 0
        self._ready = False
        self._closing = False
        self.served = 0  # reports that came from the child

    @property
    def ready(self) -> bool:
        """True while checks go to the child."""
        return self._ready

    async def start(self) -> None:
        """Start the child; checks run in this process until it reports ready."""
        # No preexec_fn (such as local_server.die_with_parent): without one the child is
        # spawned with vfork, 15 ms sooner. It needs none: when this process dies, however
        # abruptly, its end of the pipe closes and the child reads the end of its input.
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "summarize.checker",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )
        self._pump = asyncio.create_task(self._read_replies())

    async def check(self, summary: ArticleSummary, article: str,
                    article_date: dt.date | None = None) -> NumberReport | None:
        """The number report of ``summary`` against ``article`` (dated ``article_date``), or
        None: check it here."""
        if not self._ready or self._process is None or self._process.stdin is None:
            return None
        self._seq += 1
        future: asyncio.Future[NumberReport | None] = asyncio.get_running_loop().create_future()
        self._pending[self._seq] = future
        self._process.stdin.write(frame((self._seq, summary, article, article_date)))
        return await future

    async def _read_replies(self) -> None:
        from summarize.number_report import NumberReport

        assert self._process is not None
        assert self._process.stdout is not None
        try:
            while (message := await read_frame(self._process.stdout)) is not None:
                if message == ("ready",):
                    self._ready = True
                    continue
                seq, data = message
                future = self._pending.pop(seq, None)
                if future is not None and not future.done():
                    report = None if data is None else NumberReport.model_validate_json(data)
                    self.served += report is not None
                    future.set_result(report)
        except Exception as exc:  # a broken stream costs the child, never an article
            log.warning("number checks back in this process: unreadable reply from the checker (%s)", exc)
            self._process.kill()
        finally:
            if self._ready and not self._closing:
                log.warning("number checks back in this process: the checker process exited")
            self._ready = False
            for future in self._pending.values():
                if not future.done():
                    future.set_result(None)
            self._pending.clear()

    async def aclose(self) -> None:
        """Close the child's stdin and wait for it to end (killing it after 10 s)."""
        if self._process is None:
            return
        self._closing = True
        self._ready = False  # a check from now on runs here: a closed stdin would drop it
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            await asyncio.wait_for(self._process.wait(), 10)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
            await self._process.wait()
        finally:
            if self._pump is not None:
                await asyncio.gather(self._pump, return_exceptions=True)


def _child_main() -> None:
    """The child: check what the parent sends until its stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when this ends
    # The replies get their own copy of stdout; fd 1 then points at stderr, so a stray
    # print from any library cannot corrupt the stream.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    from summarize.figures import Figure, find_figures
    from summarize.grounding import check_numbers

    out.write(frame(("ready",)))
    out.flush()
    figures: dict[str, list[Figure]] = {}
    while (message := read_frame_blocking(sys.stdin.buffer)) is not None:
        seq, summary, article, article_date = message
        report: Any = None
        try:
            found = figures.pop(article, None)
            if found is None:
                found = find_figures(article)
            figures[article] = found  # last in: kept longest
            if len(figures) > _KEEP:
                del figures[next(iter(figures))]
            report = check_numbers(summary, article, article_figures=found, article_date=article_date)
        except Exception:  # noqa: S110 - the parent checks it again and raises there
            pass
        out.write(frame((seq, None if report is None else report.model_dump_json())))
        out.flush()
    # Nothing to clean up: skip the interpreter's teardown, which the batch would wait for.
    os._exit(0)


if __name__ == "__main__":
    _child_main()
