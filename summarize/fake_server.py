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
handler in ``_ACTIONS``: faults (connection resets, hangs, ...) are added there.
Recorded real answers come in through ``replies_from_cassette``.

In-process::

    with serve(latency=0.1) as base_url: ...

As a process (prints its base URL on the first line of stdout)::

    python -m summarize.fake_server --port 0 --latency 0.1 [--script replies.jsonl]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import hashlib
import json
import re
import threading
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field

from summarize.figures import find_figures

__all__ = [
    "FakeServer",
    "Reply",
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
    # Words with digits are left out of the headline: cutting "$3.5 million" to "$3.5"
    # would make a number the article does not state.
    headline = " ".join([w for w in first_words if not any(c.isdigit() for c in w)][:12]) or "News report"
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


async def _respond(reply: Reply, request: dict[str, Any], _raw: web.Request) -> web.StreamResponse:
    if reply.body is not None:
        body = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
    elif reply.status >= 400 and reply.content is None:
        body = json.dumps(_error_body(reply.status))
    else:
        content = reply.content
        if content is None:
            content = json.dumps(synthesize_summary(_article_of(request)), ensure_ascii=False)
        body = json.dumps(_completion(request, content, reply.finish_reason), ensure_ascii=False)
    headers = {"Content-Type": "application/json", **reply.headers}
    return web.Response(status=reply.status, text=body, headers=headers)


# action name -> handler. Fault injection (resets, hangs, truncated bodies) goes here.
_ACTIONS: dict[str, Callable[[Reply, dict[str, Any], web.Request], Awaitable[web.StreamResponse]]] = {
    "respond": _respond,
}
_DEFAULT = Reply(times=None)


class FakeServer:
    """The server's state: latency, script and counters. Safe to script from any thread."""

    def __init__(self, *, latency: float = 0.0, script: Iterable[Reply] = ()) -> None:
        self.latency = latency
        self._script: list[Reply] = []
        self._remaining: list[int | None] = []
        self._lock = threading.Lock()
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.recent: collections.deque[dict[str, Any]] = collections.deque(maxlen=64)
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
        return _DEFAULT

    def stats(self) -> dict[str, Any]:
        """Counters: requests served, in flight now, most in flight at once, script left."""
        with self._lock:
            left = len(self._script)
        return {"requests": self.requests, "in_flight": self.in_flight, "max_in_flight": self.max_in_flight,
                "script_left": left}

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
            reply = self._next_reply(_article_of(request))
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

    async def _models(self, _raw: web.Request) -> web.StreamResponse:
        return web.json_response({"object": "list", "data": [{"id": "fake", "object": "model"}]})

    def app(self) -> web.Application:
        """The aiohttp application serving this state."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)
        app.router.add_get("/_fake/stats", self._stats)
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
def serve_process(*, latency: float = 0.0) -> Iterator[str]:
    """Run a fake server as a separate process for the block (its CPU off the caller's); yields its base URL."""
    import subprocess
    import sys

    args = [sys.executable, "-m", "summarize.fake_server", "--port", "0", "--latency", str(latency)]
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
    args = parser.parse_args(argv)
    script: list[Reply] = []
    if args.script is not None:
        is_cassette = args.script.suffix in {".yaml", ".yml"}
        script = replies_from_cassette(args.script) if is_cassette else replies_from_jsonl(args.script)
    state = FakeServer(latency=args.latency, script=script)

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
