"""The only module that talks to a model: the openai client wrapped by instructor.

Every backend (the embedded llama.cpp server, OpenAI, vLLM, Ollama, ...) goes through
the same ``openai`` client and the same instructor call; how structure is enforced at
decode time differs by ``mode`` (see ``summarize.wire.response_format``). instructor
always writes its own ``response_format``; ours is sent in ``extra_body``, which the
openai client merges last, so the backend-specific form wins.

instructor builds the request, parses the answer and runs the schema's own validators.
The checks that need the article (quotes copied from it, a summary shorter than it) run
here afterwards, with the article as pydantic validation context. The article is never
given to instructor as its ``context``: instructor would also render every message as a
Jinja template with it, so an article containing ``{%`` failed and ``{{ x }}`` was
replaced (tests/test_pipeline.py pins this). instructor would also re-ask, but its
re-asks append every failed answer to the conversation, so the context grows with each
attempt; ``pipeline`` owns the re-ask loop instead and calls instructor for one attempt
at a time (``max_retries=0``).

instructor wraps a create function of ours (``instructor.patch(create=...)``) that posts
the request with the openai client's ``post``, the SDK's documented way to send custom
requests, instead of ``chat.completions.create``. The body is the same JSON (the recorded
cassettes, which match on it, replay unchanged); what is skipped is ``create``'s typed
transform of its parameters, which walks each message through every variant of the
message union to rename nothing in our plain string messages. It cost about a fifth of
this package's CPU time per article in a batch against a fast server
(bench/batch_concurrency.py: 5.2 against 4.1 ms per article at concurrency 32).

The answer comes back as the raw response (``cast_to=httpx2.Response``, as the SDK's
README shows for custom requests) and is read by pydantic's JSON parser into the SDK's
``ChatCompletion``; only an answer that does not validate takes the SDK's own lenient
``construct``, so servers that leave fields out read as before. The SDK's construction of
every answer in Python cost 0.1 to 0.2 ms per article. The async client posts through
aiohttp (the SDK's ``DefaultAioHttpClient``), see ``LLM._async_clients``.

Transport faults are mapped to ``LLMError`` (retryable or not; ``summarize.llm_errors``)
and retried by ``retry``; content faults (not JSON, schema or validator failures,
truncated output, refusals) come back as a ``Reply`` without a summary, for the re-ask loop.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import httpx2
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from openai._utils._json import openapi_dumps
from openai.types.chat import ChatCompletion
from pydantic import ValidationError
from pydantic_core import PydanticSerializationError, to_json

from summarize.errors import LLMError
from summarize.llm_errors import error_lines, map_api_error, timed_out
from summarize.name_kinds import kinds_model, kinds_of
from summarize.prompts import Message
from summarize.retry import RateGate, async_retrying, sync_retrying
from summarize.schema import ArticleSummary
from summarize.wire import WireSummary, content, repair, response_format, usage

__all__ = ["LLM", "Reply", "Sorting", "response_format"]

_MODE = instructor.Mode.JSON_SCHEMA

# instructor logs every failed attempt at ERROR; here a failed attempt is an expected step
# of the re-ask loop (reported in the result), not an error worth a line on stderr.
logging.getLogger("instructor").setLevel(logging.CRITICAL)


def _request(kwargs: dict[str, Any]) -> tuple[bytes, openai.RequestOptions]:
    """The request body as JSON bytes, and the per-request options ``create`` would pass,
    both taken from its keyword arguments.

    ``extra_body`` is merged over the body as the SDK merges it (its keys win, in place);
    the body is then encoded here with pydantic's serializer, which the SDK sends as it
    is: compact UTF-8 JSON as the SDK's own ``json.dumps`` writes it, byte for byte but
    for a float in exponent form (``1e-7`` for ``1e-07``; cassettes match on the parsed
    body), in a fifth of the time (8 against 36 microseconds per request). What it cannot
    encode goes to the SDK's encoder, which raises as it always did.
    """
    options: openai.RequestOptions = {"security": {"bearer_auth": True}}
    extra_body = kwargs.pop("extra_body", None)
    if (headers := kwargs.pop("extra_headers", None)) is not None:
        options["headers"] = headers
    if (query := kwargs.pop("extra_query", None)) is not None:
        options["params"] = query
    if "timeout" in kwargs:
        options["timeout"] = kwargs.pop("timeout")
    body = {**kwargs, **extra_body} if extra_body else kwargs
    try:
        return to_json(body), options
    except PydanticSerializationError:
        return openapi_dumps(body), options


def _completion(body: bytes) -> ChatCompletion:
    """The answer as the SDK's ``ChatCompletion``: validated when it fits, else built as the
    SDK builds it (not JSON raises ``JSONDecodeError``, a transport fault for ``LLM``)."""
    try:
        return ChatCompletion.model_validate_json(body)
    except ValidationError:
        data = json.loads(body)
        return ChatCompletion.construct(**data) if isinstance(data, dict) else ChatCompletion.construct()


def _endpoint(client: openai.OpenAI | openai.AsyncOpenAI) -> str:
    # Absolute: the SDK parses a path relative to its base URL twice more per request.
    return f"{str(client.base_url).rstrip('/')}/chat/completions"


def _sync_create(client: openai.OpenAI) -> Callable[..., ChatCompletion]:
    url = _endpoint(client)

    def create(**kwargs: Any) -> ChatCompletion:
        body, options = _request(kwargs)
        response = client.post(url, content=body, cast_to=httpx2.Response, options=options)
        return _completion(response.content)

    return create


# The model-call slot (``LLM.acall``'s ``slots``) of the call this task is making: set by
# ``acall`` and taken by ``create`` for the HTTP exchange alone, which instructor's own
# steps before and after surround.
_SLOTS: contextvars.ContextVar[asyncio.Semaphore | None] = contextvars.ContextVar("summarize_slots", default=None)


def _async_create(client: openai.AsyncOpenAI) -> Callable[..., Awaitable[ChatCompletion]]:
    url = _endpoint(client)

    async def create(**kwargs: Any) -> ChatCompletion:
        body, options = _request(kwargs)
        slots = _SLOTS.get()
        if slots is None:
            response = await client.post(url, content=body, cast_to=httpx2.Response, options=options)
        else:
            async with slots:
                response = await client.post(url, content=body, cast_to=httpx2.Response, options=options)
            # Requests first, parsing after. Answers come in bunches (a whole first wave at
            # once), and each one's parsing, checking and writing is about 4 ms in a batch:
            # run at once, it kept the woken holders of the freed slots waiting one behind
            # another, so a second wave reached the server over 100 ms instead of 10.
            # The first pass lets the answers that came with this one free their slots, the
            # second lets every holder they woke send its request, before this one goes on.
            await asyncio.sleep(0)
            await asyncio.sleep(0)
        return _completion(response.content)

    return create


@dataclass
class Sorting:
    """The model's kind of each listed name (``summarize.name_kinds``), or why there is none."""

    kinds: dict[str, str] | None
    errors: list[str] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0


def _sorting(answer: tuple[Any, Any] | Reply) -> Sorting:
    if isinstance(answer, Reply):
        return Sorting(None, answer.errors, answer.prompt_tokens, answer.completion_tokens)
    parsed, completion = answer
    return Sorting(kinds_of(parsed), [], *usage(completion))


@dataclass
class Reply:
    """One answer from the model: a valid summary, or the errors that sink it."""

    summary: ArticleSummary | None
    text: str | None
    errors: list[str] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0


class LLM:
    """A client for one OpenAI-compatible server, with transport retries."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        model: str,
        mode: str,
        timeout: float,
        temperature: float,
        max_tokens: int,
        max_retries: int,
        deadline: float,
        gate: RateGate | None = None,
    ) -> None:
        self.base_url = base_url
        self.model = model
        self._secret = api_key
        self._gate = gate or RateGate()
        self._max_retries = max_retries
        self._deadline = deadline
        self._timeout = timeout
        self._mode = mode
        root = base_url.rstrip("/").removesuffix("/v1")
        self._tokenize_url: str | None = f"{root}/extras/tokenize/count"
        self._request: dict[str, Any] = {
            "model": model,
            "temperature": temperature,
            "max_tokens": max_tokens,
            "extra_body": {"response_format": response_format(mode)},
        }
        # The SDK's own retries are off: ``retry`` owns transport retries.
        self._client_args: dict[str, Any] = {
            "base_url": base_url,
            "api_key": api_key or "not-needed",
            "timeout": timeout,
            "max_retries": 0,
        }
        # A proxy from the environment must not capture traffic to a loopback server.
        self._loopback = urlparse(base_url).hostname in {"127.0.0.1", "localhost", "::1"}
        self._lock = threading.Lock()
        self._sync_pair: tuple[openai.OpenAI, instructor.Instructor] | None = None
        self._async_pair: tuple[asyncio.AbstractEventLoop, openai.AsyncOpenAI, instructor.AsyncInstructor] | None = None

    # Clients are built on first use: building one loads the CA bundle (about 20 ms), and a
    # batch uses only the async client, a single article only the sync one.
    @property
    def _sync(self) -> instructor.Instructor:
        with self._lock:
            if self._sync_pair is None:
                http_client = openai.DefaultHttpxClient(trust_env=False) if self._loopback else None
                client = openai.OpenAI(**self._client_args, http_client=http_client)
                create = instructor.patch(create=_sync_create(client), mode=_MODE)
                self._sync_pair = client, instructor.Instructor(client=client, mode=_MODE, create=create)
            return self._sync_pair[1]

    def _async_clients(self) -> tuple[openai.AsyncOpenAI, instructor.AsyncInstructor]:
        """The async client of the running event loop, and instructor around it.

        Its connections belong to the loop they were opened in, so a new loop (a second
        ``asyncio.run`` with the same ``Summarizer``) gets a client of its own; the old
        one goes with its closed loop. The client posts through aiohttp (the SDK's own
        ``DefaultAioHttpClient``): 0.5 ms less CPU per request than httpx2's transport,
        at concurrency 32 against a fast server a sixth of this package's time per
        article (bench/batch_concurrency.py).
        """
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._async_pair is None or self._async_pair[0] is not loop:
                http_client = openai.DefaultAioHttpClient(trust_env=not self._loopback)
                client = openai.AsyncOpenAI(**self._client_args, http_client=http_client)
                create = instructor.patch(create=_async_create(client), mode=_MODE)
                self._async_pair = loop, client, instructor.AsyncInstructor(client=client, mode=_MODE, create=create)
            return self._async_pair[1], self._async_pair[2]

    def __repr__(self) -> str:
        return f"LLM(base_url={self.base_url!r}, model={self.model!r})"

    def _kwargs(self, messages: list[Message], temperature: float | None) -> dict[str, Any]:
        # instructor replaces the messages list and response_format rather than editing
        # them, so shallow copies keep the caller's objects (and our cached schema) intact
        # without a deep copy of a large schema on every call.
        kwargs: dict[str, Any] = {
            "messages": [dict(m) for m in messages],
            "response_model": WireSummary,
            "max_retries": 0,
            **self._request,
            "extra_body": dict(self._request["extra_body"]),
        }
        if temperature is not None:
            kwargs["temperature"] = temperature
        return kwargs

    def _sort_kwargs(self, messages: list[Message], names: tuple[str, ...]) -> dict[str, Any]:
        model = kinds_model(names)
        return {
            "messages": [dict(m) for m in messages],
            "response_model": model,
            "max_retries": 0,
            **self._request,
            "extra_body": {"response_format": response_format(self._mode, model)},
        }

    def _reply_from_success(self, summary: ArticleSummary, completion: Any, context: dict[str, Any]) -> Reply:
        prompt, completion_tokens = usage(completion)
        text = content(completion)
        # Back to the plain model (callers compare, serialise and pickle ArticleSummary),
        # now with the checks against the article.
        try:
            plain = ArticleSummary.model_validate(summary.model_dump(), context=context)
        except ValidationError as exc:
            return Reply(None, text, error_lines(exc), prompt, completion_tokens)
        return Reply(plain, text, [], prompt, completion_tokens)

    def _request_timeout(self, started: float) -> float:
        """This request's timeout: the configured one, cut to what is left of the deadline."""
        left = self._deadline - (time.monotonic() - started)
        if left <= 0:
            raise LLMError(f"no answer from {self.base_url} within the transport deadline of {self._deadline:g} s")
        return min(self._timeout, left)

    def _reply_from_failure(self, exc: Exception, context: dict[str, Any], *, capped: bool = False) -> Reply:
        """A content fault as a Reply; a transport fault as a raised ``LLMError``."""
        cause = exc.__cause__ if isinstance(exc, InstructorRetryException) else exc
        if capped and timed_out(cause):
            raise LLMError(
                f"no answer from {self.base_url} within the transport deadline of {self._deadline:g} s"
            ) from None
        if isinstance(cause, openai.APIError):
            raise map_api_error(cause, self.base_url, self._secret) from None
        completion = getattr(exc, "last_completion", None)
        if isinstance(cause, json.JSONDecodeError) and completion is None:
            # The HTTP body itself is not JSON (a proxy's error page, a broken server):
            # a transport fault, not an answer of the model's to re-ask about.
            raise LLMError(
                f"{self.base_url} answered 200 with a body that is not JSON ({cause.msg})",
                status_code=200,
                retryable=True,
            ) from None
        text = content(completion)
        prompt, completion_tokens = usage(completion)
        repaired = repair(text, context)
        if repaired is not None:
            return Reply(repaired, text, [], prompt, completion_tokens)
        if isinstance(exc, IncompleteOutputException):
            errors = ["the answer was cut off at the token limit; write a shorter JSON object"]
        elif completion is not None and not getattr(completion, "choices", None):
            errors = ["the server returned no choices"]
        elif refusal := getattr(completion.choices[0].message, "refusal", None) if completion else None:
            errors = [f"the model refused to answer: {refusal!r}; summarize the article as JSON"]
        else:
            errors = error_lines(cause if cause is not None else exc)
        return Reply(None, text, errors, prompt, completion_tokens)

    def call(self, messages: list[Message], context: dict[str, Any], temperature: float | None = None) -> Reply:
        """One model answer, retrying transport faults; raises ``LLMError`` when they persist.

        ``temperature`` overrides the configured one for this call (re-asks use it).
        """
        answer = self._sync_answer(lambda: self._kwargs(messages, temperature), context)
        return answer if isinstance(answer, Reply) else self._reply_from_success(*answer, context)

    def sort_names(self, messages: list[Message], names: tuple[str, ...]) -> Sorting:
        """The model's kind of each of ``names``, asked with ``messages`` (the summary's
        conversation and the question); raises ``LLMError`` as ``call`` does."""
        return _sorting(self._sync_answer(lambda: self._sort_kwargs(messages, names), {}))

    def _sync_answer(self, kwargs: Callable[[], dict[str, Any]], context: dict[str, Any]) -> tuple[Any, Any] | Reply:
        """instructor's parsed answer and the completion, or the ``Reply`` of a content fault;
        ``kwargs`` builds the request's arguments afresh for each transport attempt."""
        started = time.monotonic()
        for attempt in sync_retrying(self._max_retries, self._deadline, self._gate):
            with attempt:
                self._gate.wait_sync()
                timeout = self._request_timeout(started)
                try:
                    return self._sync.create_with_completion(**kwargs(), timeout=timeout)
                except (InstructorRetryException, IncompleteOutputException, openai.APIError) as exc:
                    return self._reply_from_failure(exc, context, capped=timeout < self._timeout)
        raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

    async def acall(
        self,
        messages: list[Message],
        context: dict[str, Any],
        temperature: float | None = None,
        slots: asyncio.Semaphore | None = None,
    ) -> Reply:
        """The coroutine twin of ``call``.

        With ``slots``, each HTTP request of the call (a transport retry is another) holds
        one of them from when it is sent until its answer has arrived: a batch bounds what
        its server sees, not its own CPU work (``summarize.batch``). Building the request,
        parsing the answer, validating it against the article and waiting out a retry's
        backoff hold none, so that a freed slot goes straight to a request that is ready.
        """
        token = _SLOTS.set(slots)
        try:
            answer = await self._answer(lambda: self._kwargs(messages, temperature), context)
        finally:
            _SLOTS.reset(token)
        if isinstance(answer, Reply):
            return answer
        return self._reply_from_success(*answer, context)

    async def asort_names(
        self, messages: list[Message], names: tuple[str, ...], slots: asyncio.Semaphore | None = None
    ) -> Sorting:
        """The coroutine twin of ``sort_names``; ``slots`` as for ``acall``."""
        token = _SLOTS.set(slots)
        try:
            return _sorting(await self._answer(lambda: self._sort_kwargs(messages, names), {}))
        finally:
            _SLOTS.reset(token)

    async def _answer(self, kwargs: Callable[[], dict[str, Any]], context: dict[str, Any]) -> tuple[Any, Any] | Reply:
        """The coroutine twin of ``_sync_answer``."""
        started = time.monotonic()
        async for attempt in async_retrying(self._max_retries, self._deadline, self._gate):
            with attempt:
                await self._gate.wait_async()
                timeout = self._request_timeout(started)
                try:
                    return await self._async_clients()[1].create_with_completion(
                        **kwargs(), timeout=timeout
                    )
                except (InstructorRetryException, IncompleteOutputException, openai.APIError) as exc:
                    return self._reply_from_failure(exc, context, capped=timeout < self._timeout)
        raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

    def instructor_client(self) -> instructor.Instructor:
        """instructor around this server's sync client, for a caller's own response models.

        A request gets this server's model, temperature and token limit unless it names its
        own, and the structure the server enforces: on a ``json_object`` server (llama.cpp)
        instructor's ``json_schema`` response format becomes ``{"type": "json_object",
        "schema": ...}``, since llama_cpp.server answers 500 to the other. Re-asks are
        instructor's (``max_retries``), with the messages it builds; faults are the
        openai client's exceptions, not retried here.
        """
        _ = self._sync  # builds the client, which close() closes
        assert self._sync_pair is not None
        client = self._sync_pair[0]
        post = _sync_create(client)
        defaults = {key: value for key, value in self._request.items() if key != "extra_body"}
        json_object = self._mode == "json_object"

        def create(**kwargs: Any) -> ChatCompletion:
            for key, value in defaults.items():
                kwargs.setdefault(key, value)
            shape = kwargs.get("response_format")
            if json_object and isinstance(shape, dict) and shape.get("type") == "json_schema":
                kwargs["response_format"] = {"type": "json_object", "schema": shape["json_schema"]["schema"]}
            return post(**kwargs)

        return instructor.Instructor(client=client, mode=_MODE, create=instructor.patch(create=create, mode=_MODE))

    def count_tokens(self, text: str) -> int:
        """Tokens in ``text``: exact from a llama.cpp server's tokenizer, else an upper estimate.

        Servers without ``/extras/tokenize/count`` (OpenAI, vLLM, Ollama) get one byte in
        three, above the three-to-four bytes per token of English text, so a split errs
        toward smaller parts.
        """
        if self._tokenize_url is not None:
            try:
                with httpx2.Client(trust_env=not self._loopback, timeout=self._timeout) as client:
                    response = client.post(self._tokenize_url, json={"input": text})
                if response.status_code == 200:
                    return int(response.json()["count"])
            except Exception:  # noqa: S110 - any failure means: estimate instead
                pass
            self._tokenize_url = None
        return -(-len(text.encode()) // 3)

    def close(self) -> None:
        """Close the sync HTTP client, if one was built."""
        if self._sync_pair is not None:
            self._sync_pair[0].close()

    async def aclose(self) -> None:
        """Close the HTTP clients that were built (the async one if it is this loop's)."""
        self.close()
        if self._async_pair is not None and self._async_pair[0] is asyncio.get_running_loop():
            await self._async_pair[1].close()
