"""A fake OpenAI-compatible chat server on 127.0.0.1, for tests and benchmarks.

It answers ``POST /v1/chat/completions`` after a configurable latency. Unless a script
says otherwise it synthesises a schema-valid ``ArticleSummary`` from the article in the
request (the text between ``<article>`` and ``</article>`` in the last user message):
a headline and key points from its sentences, figures that ``summarize.figures`` finds
verbatim in it, and token counts. Answers depend only on the request, so a batch
against it is deterministic.

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
loop exceeded its bound. Recorded real answers come in through ``replies_from_cassette``.

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
import hashlib
import json
import random
import re
import socket
import struct
import threading
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from summarize.figures import find_figures

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

_ARTICLE = re.compile(r"<article>\s*\n(?P<text>.*?)\n\s*</article>", re.DOTALL)
# A sentence ends at . ! or ? (and a closing quote) before space and a capital or a quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z\"“‘(])")
# Figure kinds whose value stands alone, without a unit to read back.
_PLAIN = frozenset({"cardinal", "year"})
# Scale words that make a number of the word before them ("3.5 billion").
_SCALE = frozenset({"hundred", "thousand", "million", "billion", "trillion", "percent", "per", "bn", "m", "k"})
# Filler key points for very short articles: distinct, and free of numbers to ground.
_FILLER = ("The article reports an event.", "The article names those involved.", "The article gives context.")


class Reply(BaseModel):
    """One scripted answer. With neither ``body`` nor ``content`` the default is sent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: int = 200
    headers: dict[str, str] = Field(default_factory=dict)
    body: str | dict[str, Any] | None = Field(default=None, description="Sent as is (a dict as JSON).")
    content: str | None = Field(default=None, description="Wrapped as choices[0].message.content.")
    finish_reason: str = "stop"
    delay: float | None = Field(default=None, description="Seconds before answering; None: the server's latency.")
    match: str | None = Field(default=None, description="Only for a request whose article contains this.")
    times: int | None = Field(default=1, description="How many requests it answers; None: all.")
    action: str = Field(default="respond", description="The handler in _ACTIONS that sends it.")


def replies_from_jsonl(path: str | Path) -> list[Reply]:
    """Read a script: one ``Reply`` as a JSON object per line."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [Reply.model_validate_json(line) for line in lines if line.strip()]


def replies_from_cassette(path: str | Path) -> list[Reply]:
    """Turn the responses recorded in a vcrpy cassette into a script, in recorded order."""
    from vcr.serializers import yamlserializer  # vcrpy's own reader of its format

    data = yamlserializer.deserialize(Path(path).read_text(encoding="utf-8"))
    replies = []
    for interaction in data.get("interactions", []):
        response = interaction["response"]
        body = response.get("body", {}).get("string", "")
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        replies.append(Reply(status=response["status"]["code"], body=body))
    return replies


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def synthesize_summary(article: str) -> dict[str, Any]:
    """A schema-valid ArticleSummary (as a dict) built only from the article's own words."""
    sentences = _sentences(article)
    first_words = sentences[0].split() if sentences else []
    # Words with digits are left out of the headline, and so is a scale word after one:
    # "$3.5" alone or "billion" alone would be a number the article does not state.
    kept: list[str] = []
    for i, word in enumerate(first_words):
        after_number = i > 0 and any(c.isdigit() for c in first_words[i - 1])
        if not any(c.isdigit() for c in word) and not (after_number and word.lower().strip(".,;:") in _SCALE):
            kept.append(word)
    headline = " ".join(kept[:12]) or "News report"
    # The schema wants a summary shorter than the article: take the first candidate that is.
    words = article.split()
    candidates = [" ".join(sentences[:2]), "The article is a short report.", " ".join(words[: len(words) // 2])]
    summary = next((c for c in candidates if c and len(c) < len(article.strip())), article.strip()[:1])
    points: list[str] = []
    seen: set[str] = set()
    for sentence in [*sentences[:7], *_FILLER]:
        key = sentence.lower()
        if key not in seen and len(sentence.split()) <= 60:
            seen.add(key)
            points.append(sentence)
        if len(points) == 5:
            break
    # Figures come from the finder the numbers check uses, so the default answer is grounded
    # by construction (scale words, units, times, ranges): tests of that check must not use it.
    found = [f for f in find_figures(article) if f.text in article and f.high is None and f.kind in _PLAIN]
    unique = list({f.text: f for f in found}.values())[:5]
    figures = [{"quote": f.text, "value": f.value, "unit": None, "measures": "a number the article states"}
               for f in unique]
    return {
        "headline": headline,
        "summary": summary,
        "key_points": points,
        "figures": figures,
        "people": [],
        "organizations": [],
        "places": [],
        "event_date": None,
    }


def _article_of(request: dict[str, Any]) -> str:
    """The article in the latest user message that has one (a re-ask's last message has none)."""
    users = [m for m in request.get("messages") or [] if m.get("role") == "user"]
    texts = []
    for message in reversed(users):
        content = message.get("content")
        if isinstance(content, list):  # content parts
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        found = _ARTICLE.findall(content or "")
        if found:
            return str(found[-1])
        texts.append(content or "")
    return texts[0] if texts else ""


def _completion(request: dict[str, Any], content: str, finish_reason: str) -> dict[str, Any]:
    digest = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()[:24]
    prompt = sum(len(str(m.get("content", ""))) for m in request.get("messages") or []) // 4 + 1
    completion = len(content) // 4 + 1
    return {
        "id": f"chatcmpl-fake-{digest}",
        "object": "chat.completion",
        "created": 1700000000,  # fixed, so identical requests get identical answers
        "model": request.get("model") or "fake",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "finish_reason": finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
    }


def _error_body(status: int) -> dict[str, Any]:
    return {"error": {"message": f"fake server error {status}", "type": "server_error", "code": status}}


def _body(reply: Reply, request: dict[str, Any]) -> str:
    """The HTTP body of a reply: its raw body, an error, or a completion of its content (or the default)."""
    if reply.body is not None:
        return reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
    if reply.status >= 400 and reply.content is None:
        return json.dumps(_error_body(reply.status))
    content = reply.content
    if content is None:
        content = json.dumps(synthesize_summary(_article_of(request)), ensure_ascii=False)
    return json.dumps(_completion(request, content, reply.finish_reason), ensure_ascii=False)


async def _respond(reply: Reply, request: dict[str, Any], _raw: web.Request) -> web.StreamResponse:
    headers = {"Content-Type": "application/json", **reply.headers}
    return web.Response(status=reply.status, text=_body(reply, request), headers=headers)


def _abort(raw: web.Request) -> None:
    """Reset the connection: SO_LINGER 0 makes the close send RST, not an orderly FIN."""
    transport = raw.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


async def _reset(reply: Reply, request: dict[str, Any], raw: web.Request) -> web.StreamResponse:
    """Send the headers (announcing the whole body) and half the body, then reset the connection."""
    body = _body(reply, request).encode("utf-8")
    headers = {"Content-Type": "application/json", **reply.headers, "Content-Length": str(len(body))}
    response = web.StreamResponse(status=reply.status, headers=headers)
    await response.prepare(raw)
    await response.write(body[: len(body) // 2])
    await asyncio.sleep(0.01)  # let the half body leave before the reset discards the send buffer
    _abort(raw)
    return response


async def _drop(_reply: Reply, _request: dict[str, Any], raw: web.Request) -> web.StreamResponse:
    """Reset the connection before sending anything."""
    _abort(raw)
    return web.Response(status=500)  # never sent: the connection is gone


async def _refusal(reply: Reply, request: dict[str, Any], _raw: web.Request) -> web.StreamResponse:
    """OpenAI's refusal: ``message.content`` null and ``message.refusal`` saying why."""
    completion = _completion(request, "", reply.finish_reason)
    message = completion["choices"][0]["message"]
    message["content"], message["refusal"] = None, reply.content or "I can't help with that"
    return web.json_response(completion, status=reply.status, headers=reply.headers)


async def _no_choices(reply: Reply, request: dict[str, Any], _raw: web.Request) -> web.StreamResponse:
    """A completion whose ``choices`` list is empty."""
    completion = {**_completion(request, "", reply.finish_reason), "choices": []}
    return web.json_response(completion, status=reply.status, headers=reply.headers)


async def _raw_newline(reply: Reply, request: dict[str, Any], raw: web.Request) -> web.StreamResponse:
    """The default answer with a raw newline and a raw tab in its headline, as llama.cpp's grammar lets through."""
    summary = synthesize_summary(_article_of(request))
    words = summary["headline"].split()
    words += ["News", "report"][len(words):]  # two words at least, to put the characters between
    summary["headline"] = f"{words[0]}\n{words[1]}\t{' '.join(words[2:])}"
    # The headline is the first string with an escape, so these replace its escapes, unescaping them.
    content = json.dumps(summary, ensure_ascii=False).replace("\\n", "\n", 1).replace("\\t", "\t", 1)
    return await _respond(reply.model_copy(update={"content": content}), request, raw)


# action name -> handler: what a reply does to the connection.
_ACTIONS: dict[str, Callable[[Reply, dict[str, Any], web.Request], Awaitable[web.StreamResponse]]] = {
    "respond": _respond,
    "reset": _reset,
    "drop": _drop,
    "refusal": _refusal,
    "no_choices": _no_choices,
    "raw_newline": _raw_newline,
}
_DEFAULT = Reply(times=None)


def fault_table(hang: float = 2.0) -> dict[str, Reply]:
    """One reply per fault kind, by name; ``hang`` is how long the ``timeout`` fault waits.

    Whether ``timeout`` is a read timeout or a slow answer outliving the transport
    deadline depends on the client's settings, not on the server.
    """
    schema_fail = json.dumps({"headline": 1, "summary": "", "key_points": []})
    return {
        "429": Reply(status=429, headers={"Retry-After": "0"}),
        "429_no_retry_after": Reply(status=429),
        "500": Reply(status=500),
        "502": Reply(status=502),
        "503": Reply(status=503, headers={"Retry-After": "0"}),
        "timeout": Reply(delay=hang),
        "reset": Reply(action="reset"),
        "drop": Reply(action="drop"),
        "body_not_json": Reply(body="<html><body>upstream proxy error</body></html>"),
        "content_not_json": Reply(content="Here is the summary you asked for: troops left."),
        "schema_fail": Reply(content=schema_fail),
        "raw_newline": Reply(action="raw_newline"),
        "length": Reply(content='{"headline": "Troops leave', finish_reason="length"),
        "refusal": Reply(action="refusal"),
        "no_choices": Reply(action="no_choices"),
    }


FAULTS = fault_table()


def article_hash(article: str) -> str:
    """The key the server counts requests under: a short hash of the article's text."""
    return hashlib.sha256(article.encode("utf-8")).hexdigest()[:16]


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
    ) -> None:
        self.latency = latency
        self._script: list[Reply] = []
        self._remaining: list[int | None] = []
        self._lock = threading.Lock()
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.recent: collections.deque[dict[str, Any]] = collections.deque(maxlen=64)
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
        self.requests += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            try:
                request = await raw.json()
            except ValueError:
                return web.json_response({"error": {"message": "request body is not JSON"}}, status=400)
            self.recent.append(request)
            article = _article_of(request)
            with self._lock:
                self.per_article[article_hash(article)] += 1
            reply = self._next_reply(article)
            delay = self.latency if reply.delay is None else reply.delay
            if delay > 0:
                await asyncio.sleep(delay)
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
