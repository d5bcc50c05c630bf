"""Batch worker processes, for batches that one event loop cannot keep up with.

One process's event loop spends 2.5 to 3 ms of CPU per article outside the model
(bench/batch_concurrency.py at concurrency 32, its numbers checked in a
``summarize.checker`` process), most of it in the openai client and instructor. So a
batch in one process tops out near 350 articles/s whatever its concurrency, which a
fast server can outrun. With
``processes=N`` the summaries run in N child processes, each with its own event loop,
client and share of the concurrency; the parent keeps everything else of
``summarize.batch`` (reading, resume, duplicates, order, the fsynced writes), so
durability and the results file are unchanged.

Why not ``multiprocessing`` or ``concurrent.futures``: their pools run one call per
worker at a time, so concurrency 32 would need 32 processes, each with its own client;
here a child runs many articles at once. The transport is the child's stdin and a
duplicate of its stdout, framed by ``summarize.frames``, read and written by asyncio
streams on both sides so neither end can block the other.

Messages, parent to child: ``(settings, timings)`` first, then ``("item", seq, item)``
and ``("hold", until)``; end of input means finish. Child to parent: ``("done", seq,
line, stats)`` with the encoded result line and what it adds to ``BatchStats``, and
``("hold", until)`` when a server asked to wait (a 429's Retry-After): the parent passes
it to every other child, so the batch backs off as a whole, as the shared ``RateGate``
of one process does.

A child that dies (killed, out of memory, a crash in a C extension) costs only its
in-flight articles: each gets a ``WorkerDied`` error line, to be re-run with
``--retry-failed``, and a new child takes its place (at most ``processes + 3`` times).
Children die with the parent (``PR_SET_PDEATHSIG``), so a killed batch leaves none.

The local model is served one request at a time and cassettes are recorded by one
process, so both run with ``processes=1``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from typing import Any

from summarize.batch import BatchStats, _encode, _HeapFreeze, _summarize
from summarize.errors import WorkerDied
from summarize.frames import frame as _frame
from summarize.frames import read_frame as _read
from summarize.inputs import BatchItem
from summarize.retry import RateGate
from summarize.settings import Settings

__all__ = ["WorkerPool"]

class _Child:
    """One worker process and the articles it has in flight."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.pending: dict[int, tuple[BatchItem, asyncio.Future[tuple[bytes, BatchStats]]]] = {}
        self.pump: asyncio.Task[None] | None = None

    def send(self, message: Any) -> None:
        assert self.process.stdin is not None
        if not self.process.stdin.is_closing():
            self.process.stdin.write(_frame(message))


class WorkerPool:
    """``processes`` children summarizing with ``settings``; ``run`` one item at a time."""

    def __init__(self, settings: Settings, processes: int, *, timings: bool) -> None:
        if settings.base_url is None:
            raise ValueError("worker processes need a model server (base_url); the local model runs in one")
        self._settings = settings
        self._processes = processes
        self._timings = timings
        self._children: list[_Child] = []
        self._respawns = processes + 3
        self._seq = 0
        self._closing = False

    async def start(self) -> None:
        for _ in range(self._processes):
            await self._spawn()

    async def _spawn(self) -> None:
        from summarize.local_server import die_with_parent

        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "summarize.workers",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            preexec_fn=die_with_parent(),
        )
        child = _Child(process)
        child.send((self._settings, self._timings))
        child.pump = asyncio.create_task(self._pump(child))
        self._children.append(child)

    async def run(self, item: BatchItem) -> tuple[bytes, BatchStats]:
        """The result line of ``item`` and what it adds to the batch's stats."""
        self._seq += 1
        future: asyncio.Future[tuple[bytes, BatchStats]] = asyncio.get_running_loop().create_future()
        if not self._children and not self._closing and self._respawns > 0:
            self._respawns -= 1  # every child died at once: start one rather than fail the item
            await self._spawn()
        if not self._children:
            return await self._failed(item, "no batch worker process is left (they kept dying)", None)
        child = min(self._children, key=lambda c: len(c.pending))
        child.pending[self._seq] = (item, future)
        child.send(("item", self._seq, item))
        return await future

    async def _pump(self, child: _Child) -> None:
        """Read one child's messages until it exits; then fail its articles and replace it."""
        assert child.process.stdout is not None
        while (message := await _read(child.process.stdout)) is not None:
            if message[0] == "hold":
                for other in self._children:
                    if other is not child:
                        other.send(message)
                continue
            _, seq, line, stats = message
            _item, future = child.pending.pop(seq)
            if not future.done():
                future.set_result((line, stats))
        status = await child.process.wait()
        self._children.remove(child)
        for item, future in child.pending.values():
            if not future.done():
                reason = f"the batch worker process died (exit status {status}) with this article in flight"
                future.set_result(await self._failed(item, reason, status))
        if not self._closing and self._respawns > 0:
            self._respawns -= 1
            await self._spawn()

    async def _failed(self, item: BatchItem, reason: str, status: int | None) -> tuple[bytes, BatchStats]:
        stats = BatchStats()
        failed = BatchItem(id=item.id, source=item.source, error=WorkerDied(reason, status=status))
        record = await _summarize(failed, _NoSummarizer(), stats, self._timings)
        return _encode(record), stats

    def kill(self) -> None:
        """Stop every child now (the batch was interrupted): no respawns, no waiting."""
        self._closing = True
        for child in self._children:
            with contextlib.suppress(ProcessLookupError):
                child.process.kill()

    async def aclose(self) -> None:
        """Let the children finish and exit; kill any that do not within 30 s."""
        self._closing = True
        for child in list(self._children):
            assert child.process.stdin is not None
            child.process.stdin.close()
        pumps = [child.pump for child in self._children if child.pump is not None]
        try:
            await asyncio.wait_for(asyncio.gather(*pumps, return_exceptions=True), 30)
        except (TimeoutError, asyncio.CancelledError):
            for child in self._children:
                with contextlib.suppress(ProcessLookupError):
                    child.process.kill()
            raise


class _NoSummarizer:
    async def asummarize(self, article: Any) -> Any:  # pragma: no cover - items carry their error
        raise AssertionError("a failed item is never summarized")


async def _child_main() -> None:
    """The child: summarize what the parent sends, send back each result line."""
    from summarize.pipeline import Summarizer

    loop = asyncio.get_running_loop()
    # The protocol gets its own copy of stdout; fd 1 then points at stderr, so a stray
    # print from any library cannot corrupt the stream.
    out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    reader = asyncio.StreamReader(limit=2**26)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin.buffer)
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, out)
    writer = asyncio.StreamWriter(transport, protocol, None, loop)

    first = await _read(reader)
    if first is None:
        return
    settings, timings = first
    gate = RateGate(on_hold=lambda until: writer.write(_frame(("hold", until))))
    summarizer = Summarizer(settings, gate=gate)
    tasks: set[asyncio.Task[None]] = set()
    heap = _HeapFreeze()
    heap.start()

    async def one(seq: int, item: BatchItem) -> None:
        stats = BatchStats()
        record = await _summarize(item, summarizer, stats, timings)
        heap.after_article()
        writer.write(_frame(("done", seq, _encode(record), stats)))
        await writer.drain()

    try:
        while (message := await _read(reader)) is not None:
            if message[0] == "hold":
                gate.hold_until(message[1])
                continue
            task = asyncio.create_task(one(message[1], message[2]))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks)
        await writer.drain()
    finally:
        await summarizer.aclose()
        writer.close()
        heap.release()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):  # the parent's Ctrl-C reaches the group
        asyncio.run(_child_main())
