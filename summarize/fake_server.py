"""A fake OpenAI-compatible chat server on 127.0.0.1, for tests and benchmarks.

It answers ``POST /v1/chat/completions`` a configurable latency after the request
arrives: its own work (reading the request, preparing the answer) falls inside that time,
as a real server's does, not after it. Unless a script says otherwise it synthesises a
schema-valid ``ArticleSummary`` from the article in the request (the text between
``<article>`` and ``</article>`` in the last user message): a headline and key points
from its sentences, figures that ``summarize.figures`` finds verbatim in it, and token
counts. Answers depend only on the request, so a batch against it is deterministic.

A script is a list of ``Reply`` objects served in order, each to the first request it
matches (``match`` is a substring of the article; ``times=None`` repeats it forever);
when none matches the default answer is sent. A reply carries a status, headers, and a
raw ``body`` or a ``content`` to wrap in a chat completion. ``action`` selects the
handler in ``_ACTIONS``: besides ``respond`` there are faults a real server produces only
by accident (``reset`` mid-body, ``drop`` before any header, a ``refusal``, ``no_choices``,
a ``raw_newline`` and tab inside a JSON string). ``FAULTS`` names one reply per fault
kind; with ``fault_rate`` the server answers that share of unscripted requests with a
fault drawn from it by a seeded random generator (which fault a given article meets then
depends on the order requests arrive in). Requests are counted per article (a hash of
its text; ``requests_for``, ``GET /_fake/articles``), so a caller can check that no retry
loop exceeded its bound. With ``api_key`` set, a chat request without ``Authorization:
Bearer <api_key>`` gets OpenAI's 401 (the key itself is kept nowhere else). Recorded real
answers come in through ``replies_from_cassette``.

In-process::

    with serve(latency=0.1) as base_url: ...

As a process (prints its base URL on the first line of stdout)::

    python -m summarize.fake_server --port 0 --latency 0.1 [--script replies.jsonl]
        [--fault-rate 0.05 --seed 1 --faults 429,500,reset --hang 2.0]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import random
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic_core import from_json

from summarize.fake_answers import (
    _ACTIONS,
    _DEFAULT,
    FAULTS,
    Reply,
    _article_of,
    article_hash,
    fault_table,
    prepare,
    replies_from_cassette,
    replies_from_jsonl,
    synthesize_summary,
)

__all__ = [
    "FAULTS",
    "FakeServer",
    "Reply",
    "article_hash",
    "fault_table",
    "replies_from_cassette",
    "replies_from_jsonl",
    "serve",
    "serve_process",
    "synthesize_summary",
]


class FakeServer:
    """The server's state: latency, script and counters. Safe to script from any thread."""

    def __init__(
        self,
        *,
        latency: float = 0.0,
        script: Iterable[Reply] = (),
        fault_rate: float = 0.0,
        seed: int | None = None,
        faults: Mapping[str, Reply] | None = None,
        api_key: str | None = None,
    ) -> None:
        self.latency = latency
        self._authorization = None if api_key is None else f"Bearer {api_key}"
        self._script: list[Reply] = []
        self._remaining: list[int | None] = []
        self._lock = threading.Lock()
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.recent: collections.deque[dict[str, Any]] = collections.deque(maxlen=64)
        # (time.monotonic(), article hash) of each request, for tests of pacing.
        self.arrivals: collections.deque[tuple[float, str]] = collections.deque(maxlen=4096)
        self.fault_rate = fault_rate
        self.faults = dict(FAULTS if faults is None else faults)
        self._fault_names = sorted(self.faults)
        self._random = random.Random(seed)  # noqa: S311 - fault injection, not cryptography
        self.per_article: collections.Counter[str] = collections.Counter()
        self.faults_served: collections.Counter[str] = collections.Counter()
        self.add(*script)

    def add(self, *replies: Reply) -> None:
        """Append replies to the script."""
        with self._lock:
            for reply in replies:
                self._script.append(reply)
                self._remaining.append(reply.times)

    def _next_reply(self, article: str) -> Reply:
        with self._lock:
            for i, reply in enumerate(self._script):
                if reply.match is None or reply.match in article:
                    left = self._remaining[i]
                    if left is not None:
                        if left <= 1:
                            del self._script[i], self._remaining[i]
                        else:
                            self._remaining[i] = left - 1
                    return reply
            if self.fault_rate > 0 and self._fault_names and self._random.random() < self.fault_rate:
                name = self._random.choice(self._fault_names)
                self.faults_served[name] += 1
                return self.faults[name]
        return _DEFAULT

    def stats(self) -> dict[str, Any]:
        """Counters: requests, in flight now and at most, script left, articles seen, faults served."""
        with self._lock:
            left = len(self._script)
            most = max(self.per_article.values(), default=0)
            return {"requests": self.requests, "in_flight": self.in_flight, "max_in_flight": self.max_in_flight,
                    "script_left": left, "articles": len(self.per_article), "max_per_article": most,
                    "faults": dict(self.faults_served)}

    def requests_for(self, article: str) -> int:
        """How many requests carried this article (first asks and re-asks alike)."""
        with self._lock:
            return self.per_article[article_hash(article)]

    async def _chat(self, raw: web.Request) -> web.StreamResponse:
        # The latency runs from the request's arrival, as a real server's would: the work
        # done here (reading, preparing the answer) is inside it, not added after it.
        arrived = time.monotonic()
        self.requests += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self._authorization is not None and raw.headers.get("Authorization") != self._authorization:
                error = {"message": "Incorrect API key provided.", "type": "invalid_request_error",
                         "code": "invalid_api_key"}
                return web.json_response({"error": error}, status=401)
            try:
                # pydantic's parser: the stdlib's took a fifth of this server's CPU per
                # request, and the server shares the machine with the client it measures.
                request = from_json(await raw.read())
            except ValueError:
                return web.json_response({"error": {"message": "request body is not JSON"}}, status=400)
            if not isinstance(request, dict):
                return web.json_response({"error": {"message": "request body is not a JSON object"}}, status=400)
            self.recent.append(request)
            article = _article_of(request)
            key = article_hash(article)
            with self._lock:
                self.per_article[key] += 1
                self.arrivals.append((time.monotonic(), key))
            reply = self._next_reply(article)
            delay = self.latency if reply.delay is None else reply.delay
            if reply.action == "respond":
                # Prepared before the wait, so a wave of answers due at once is not then
                # serialised behind each other's preparation on the server's core.
                response = prepare(reply, request)
                await _until(arrived + delay)
                return response
            await _until(arrived + delay)
            return await _ACTIONS[reply.action](reply, request, raw)
        finally:
            self.in_flight -= 1

    async def _stats(self, _raw: web.Request) -> web.StreamResponse:
        return web.json_response(self.stats())

    async def _add_script(self, raw: web.Request) -> web.StreamResponse:
        payload = await raw.json()
        self.add(*(Reply.model_validate(r) for r in (payload if isinstance(payload, list) else [payload])))
        return web.json_response(self.stats())

    async def _articles(self, _raw: web.Request) -> web.StreamResponse:
        with self._lock:
            counts = dict(self.per_article)
        return web.json_response(counts)

    async def _models(self, _raw: web.Request) -> web.StreamResponse:
        return web.json_response({"object": "list", "data": [{"id": "fake", "object": "model"}]})

    def app(self) -> web.Application:
        """The aiohttp application serving this state."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)
        app.router.add_get("/_fake/stats", self._stats)
        app.router.add_get("/_fake/articles", self._articles)
        app.router.add_post("/_fake/script", self._add_script)
        return app

    async def start(self, port: int = 0) -> tuple[web.AppRunner, str]:
        """Start listening on 127.0.0.1; returns the runner and the base URL (ending in /v1)."""
        runner = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await runner.setup()
        # A deep backlog so hundreds of simultaneous connects are accepted, not refused.
        site = web.TCPSite(runner, "127.0.0.1", port, backlog=2048)
        await site.start()
        host, bound = runner.addresses[0][:2]
        return runner, f"http://{host}:{bound}/v1"


async def _until(deadline: float) -> None:
    """Sleep until ``time.monotonic()`` reaches ``deadline``; return at once if it has."""
    left = deadline - time.monotonic()
    if left > 0:
        await asyncio.sleep(left)


@contextmanager
def serve(*, latency: float = 0.0, script: Iterable[Reply] = (), server: FakeServer | None = None) -> Iterator[str]:
    """Run a fake server in a background thread for the block; yields its base URL.

    Pass ``server`` to keep a handle on its state (script, counters).
    """
    state = server or FakeServer(latency=latency, script=script)
    loop = asyncio.new_event_loop()
    started: dict[str, Any] = {}
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            started["runner"], started["url"] = loop.run_until_complete(state.start())
        except BaseException as exc:  # reported to the caller's thread below
            started["error"] = exc
        ready.set()
        if "error" not in started:
            loop.run_forever()

    thread = threading.Thread(target=run, name="fake-openai-server", daemon=True)
    thread.start()
    ready.wait()
    if "error" in started:
        raise started["error"]
    try:
        yield started["url"]
    finally:
        asyncio.run_coroutine_threadsafe(started["runner"].cleanup(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


@contextmanager
def serve_process(
    *,
    latency: float = 0.0,
    fault_rate: float = 0.0,
    seed: int | None = None,
    faults: Iterable[str] | None = None,
    hang: float = 2.0,
) -> Iterator[str]:
    """Run a fake server as a separate process for the block (its CPU off the caller's); yields its base URL.

    ``fault_rate``, ``seed``, ``faults`` (names in ``FAULTS``) and ``hang`` are passed on
    as the options of the same names; the process's counters are at ``/_fake/stats``.
    """
    import subprocess
    import sys

    args = [sys.executable, "-m", "summarize.fake_server", "--port", "0", "--latency", str(latency)]
    if fault_rate:
        args += ["--fault-rate", str(fault_rate), "--hang", str(hang)]
        if seed is not None:
            args += ["--seed", str(seed)]
        if faults is not None:
            args += ["--faults", ",".join(faults)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        if not url:
            raise RuntimeError(f"the fake server did not start (exit code {process.wait()})")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def main(argv: list[str] | None = None) -> None:
    """Serve until killed, printing the base URL first so a parent process can read it."""
    parser = argparse.ArgumentParser(prog="python -m summarize.fake_server", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--script", type=Path, help="replies: JSONL of Reply objects, or a vcrpy cassette (.yaml)")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="share of unscripted requests given a fault")
    parser.add_argument("--seed", type=int, default=None, help="seed of the fault draws")
    parser.add_argument("--faults", default=",".join(FAULTS), help="comma-separated fault names to draw from")
    parser.add_argument("--hang", type=float, default=2.0, help="seconds the 'timeout' fault waits")
    args = parser.parse_args(argv)
    script: list[Reply] = []
    if args.script is not None:
        is_cassette = args.script.suffix in {".yaml", ".yml"}
        script = replies_from_cassette(args.script) if is_cassette else replies_from_jsonl(args.script)
    table = fault_table(args.hang)
    unknown = sorted(set(args.faults.split(",")) - set(table))
    if unknown:
        parser.error(f"unknown fault(s) {', '.join(unknown)}; choose from {', '.join(table)}")
    faults = {name: table[name] for name in args.faults.split(",")}
    state = FakeServer(latency=args.latency, script=script, fault_rate=args.fault_rate, seed=args.seed, faults=faults)

    async def run() -> None:
        runner, url = await state.start(args.port)
        print(url, flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


if __name__ == "__main__":
    main()

