"""What the fake server answers: scripted replies, synthesised summaries and faults.

``Reply`` is one scripted answer; ``synthesize_summary`` builds a schema-valid summary of
the article in a request; ``_ACTIONS`` maps a reply's ``action`` to the handler that
sends it, faults included (``reset`` mid-body, ``drop`` before any header, ``refusal``,
``no_choices``, ``raw_newline``); ``fault_table`` names one reply per fault kind.
``summarize.fake_server`` serves them.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import re
import socket
import struct
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json

from summarize.figures import find_figures
from summarize.schema import MAX_SUMMARY_CHARS

# Greedy, matched from the last closing tag back (see ``_last_article``).
_ARTICLE = re.compile(r"<article>\s*\n(?P<text>.*)\n\s*</article>", re.DOTALL)
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
    fits = [c for c in candidates if c and len(c) < min(len(article.strip()), MAX_SUMMARY_CHARS)]
    summary = fits[0] if fits else article.strip()[:1]
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
        found = _last_article(content or "")
        if found is not None:
            return found
        texts.append(content or "")
    return texts[0] if texts else ""


def _last_article(content: str) -> str | None:
    """The text of the last ``<article>`` element of a message, or None.

    The text ends at the first newline of the whitespace before ``</article>``, as a lazy
    ``.*?`` would end it; but a lazy pattern tried the closing tag at every character of
    the prompt (a tenth of the fake's CPU per request), so the tags are found with
    ``str.rfind`` and the greedy ``_ARTICLE`` backtracks from the closing one.
    """
    end = content.rfind("</article>")
    start = content.rfind("<article>", 0, end) if end >= 0 else -1
    found = _ARTICLE.fullmatch(content, start, end + len("</article>")) if start >= 0 else None
    if found is None:
        return None
    text = found["text"]
    trailing = text[len(text.rstrip()):]
    cut = trailing.find("\n")
    return text if cut < 0 else text[:len(text) - len(trailing) + cut]


def _completion(request: dict[str, Any], content: str, finish_reason: str) -> dict[str, Any]:
    # The request as the client ordered it: identical requests still get identical ids,
    # and sorting the keys of a 7 KB prompt was a sixth of the fake's CPU per request.
    digest = hashlib.sha256(to_json(request)).hexdigest()[:24]
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
        kinds = _default_kinds(request)
        content = kinds if kinds is not None else _default_content(_article_of(request))
    return json.dumps(_completion(request, content, reply.finish_reason), ensure_ascii=False)


def _default_kinds(request: dict[str, Any]) -> str | None:
    """For a request that asks what the listed names are (its schema is ``NameKinds``):
    "other" for each name, the kind that leaves every list as it was; None for any other
    request."""
    response_format = request.get("response_format") or {}
    schema = response_format.get("schema") or (response_format.get("json_schema") or {}).get("schema") or {}
    if schema.get("title") != "NameKinds":
        return None
    return json.dumps(dict.fromkeys(schema.get("properties") or {}, "other"), ensure_ascii=False)


@functools.lru_cache(maxsize=1024)
def _default_content(article: str) -> str:
    """The default answer, computed once per article: synthesizing it takes ~0.5 ms, a
    third of the fake's CPU per request, which benchmarks would charge to the client
    sharing its machine (a real server's CPU is elsewhere)."""
    return json.dumps(synthesize_summary(article), ensure_ascii=False)


def prepare(reply: Reply, request: dict[str, Any]) -> web.Response:
    """The HTTP response of a ``respond`` reply, ready to send."""
    headers = {"Content-Type": "application/json", **reply.headers}
    return web.Response(status=reply.status, text=_body(reply, request), headers=headers)


async def _respond(reply: Reply, request: dict[str, Any], _raw: web.Request) -> web.StreamResponse:
    return prepare(reply, request)


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

