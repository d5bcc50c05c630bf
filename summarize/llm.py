"""The only module that talks to a model: the openai client wrapped by instructor.

Every backend (the embedded llama.cpp server, OpenAI, vLLM, Ollama, ...) goes through
the same ``openai`` client and the same instructor call. What differs is how structure
is enforced at decode time, chosen by ``mode``:

- ``json_schema``: OpenAI strict structured outputs, ``{"type": "json_schema", ..., "strict": true}``;
- ``json_object``: ``{"type": "json_object", "schema": ...}``, which llama.cpp's server
  turns into a grammar (it answers 500 to ``json_schema``).

instructor builds the request, parses the answer and runs the schema's own validators.
The checks that need the article (quotes copied from it, a summary shorter than it) run
here afterwards, with the article as pydantic validation context. The article is never
given to instructor as its ``context``: instructor would also render every message as a
Jinja template with it, so an article containing ``{%`` failed and ``{{ x }}`` was
replaced (tests/test_pipeline.py pins this). instructor would also re-ask, but its re-asks append every failed answer
to the conversation, so the context grows with each attempt; ``pipeline`` owns the
re-ask loop instead and calls instructor for one attempt at a time (``max_retries=0``).
instructor always writes its own ``response_format``; ours is sent in ``extra_body``,
which the openai client merges last, so the backend-specific form wins.

Transport faults are mapped to ``LLMError`` (retryable or not) and retried by
``retry``; content faults (not JSON, schema or validator failures, truncated output,
refusals) come back as a ``Reply`` without a summary, for the re-ask loop.
"""

from __future__ import annotations

import email.utils
import json
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import httpx2
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import ValidationError

from summarize.errors import LLMError, scrub_secrets
from summarize.prompts import Message
from summarize.retry import RateGate, async_retrying, sync_retrying
from summarize.schema import ArticleSummary

__all__ = ["LLM", "Reply", "response_format"]

# instructor logs every failed attempt at ERROR; here a failed attempt is an expected step
# of the re-ask loop (reported in the result), not an error worth a line on stderr.
logging.getLogger("instructor").setLevel(logging.CRITICAL)

_RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504}

_FIX_HINTS = {
    400: "the server rejected the request; check SUMMARIZE_MODEL and that the server "
    "supports SUMMARIZE_MODE (try SUMMARIZE_MODE=json_object for llama.cpp-style servers)",
    401: "authentication failed; check OPENAI_API_KEY",
    403: "permission denied; check that OPENAI_API_KEY may use this model",
    404: "not found; check OPENAI_BASE_URL (it usually ends in /v1) and SUMMARIZE_MODEL",
    422: "the server could not process the request; check SUMMARIZE_MODEL and SUMMARIZE_MODE",
}

# A raw control character inside a JSON string: llama.cpp's schema grammar lets a raw
# newline through, which strict JSON parsers (pydantic's included) reject.
_RAW_CONTROL = re.compile(r"[\x00-\x1f]")


_SCHEMA = ArticleSummary.model_json_schema()


class _WireSummary(ArticleSummary, instructor.ResponseSchema):
    """``ArticleSummary`` as instructor wants it, built once.

    Given a plain model, instructor wraps it in a new class and regenerates its JSON
    Schema on every call (about 4 ms, most of the per-article CPU outside the model);
    a model that already is a ``ResponseSchema``, with its schema cached, skips both.
    """

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs:
            return super().model_json_schema(*args, **kwargs)
        return _SCHEMA


def _skip_rescans_of_our_model() -> None:
    """Let instructor scan ``_WireSummary`` for async validators once, not five times a call.

    instructor 1.17 walks the response model and every base class's attributes looking
    for async validators on each call, five times (about 0.35 ms of CPU per call, a
    tenth of the per-article CPU of a batch). ``_WireSummary`` never changes, so it is
    scanned here once, at import, and calls for it skip the walk; any other model,
    including a caller's own in the same process, is still scanned every time.
    """
    from instructor.v2.core import patch
    from instructor.v2.validation import async_validators

    scan = async_validators.reject_async_validators
    scan(_WireSummary)

    def reject_async_validators(response_model: Any) -> None:
        if response_model is not _WireSummary:
            scan(response_model)

    async_validators.reject_async_validators = reject_async_validators
    setattr(patch, "reject_async_validators", reject_async_validators)  # noqa: B010 - imported by name there


_skip_rescans_of_our_model()


def response_format(mode: str) -> dict[str, Any]:
    """The ``response_format`` that enforces ``ArticleSummary`` on a backend of ``mode``."""
    schema = _SCHEMA
    if mode == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": "ArticleSummary", "schema": schema, "strict": True},
        }
    # No maxLength/maxItems beyond the schema's own: llama-cpp-python expands each bound
    # into grammar rules, and a 900-character bound made sampling ~4x slower per token
    # (measured: 364 s vs 167 s for one answer on the 0.5B model). The validators check.
    return {"type": "json_object", "schema": schema}


@dataclass
class Reply:
    """One answer from the model: a valid summary, or the errors that sink it."""

    summary: ArticleSummary | None
    text: str | None
    errors: list[str] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0


def _retry_after(headers: Any) -> float | None:
    if headers is None:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        when = email.utils.parsedate_to_datetime(raw) if raw else None
        return max(0.0, when.timestamp() - time.time()) if when else None


def _map_api_error(exc: openai.APIError, where: str, secret: str | None) -> LLMError:
    """Turn an openai exception into an ``LLMError`` that says what to do."""
    if isinstance(exc, openai.APITimeoutError):
        return LLMError(f"request to {where} timed out", retryable=True)
    if isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__
        if cause is not None and type(cause).__name__ == "CannotOverwriteExistingCassetteException":
            return LLMError(
                "the cassette has no recorded answer for this request (replaying with "
                "record mode none); re-record it with --record-mode new_episodes",
                retryable=False,
            )
        if cause is not None and not str(cause):
            # httpx's ReadError on the async path has no message: say what it means.
            reason = f": the connection was reset or closed ({type(cause).__name__})"
        else:
            reason = f": {cause}" if cause else ""
        return LLMError(scrub_secrets(f"cannot reach {where}{reason}", secret), retryable=True)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        hint = _FIX_HINTS.get(status, "the server answered with an error")
        detail = scrub_secrets(str(exc.message), secret)[:300]
        return LLMError(
            f"{where} answered {status}: {hint} ({detail})",
            status_code=status,
            retryable=status in _RETRYABLE_STATUS,
            retry_after=_retry_after(exc.response.headers),
        )
    return LLMError(scrub_secrets(f"{where}: {exc}", secret))


def _error_lines(exc: BaseException) -> list[str]:
    if isinstance(exc, ValidationError):
        lines = []
        for err in exc.errors(include_url=False):
            loc = ".".join(str(part) for part in err["loc"])
            message = err["msg"].removeprefix("Value error, ")
            lines.append(f"{loc}: {message}" if loc else message)
        return lines
    return [str(exc) or type(exc).__name__]


def _content(completion: Any) -> str | None:
    choices = getattr(completion, "choices", None)
    if not choices:
        return None
    message = choices[0].message
    return getattr(message, "content", None) or getattr(message, "refusal", None)


def _usage(completion: Any) -> tuple[int, int]:
    usage = getattr(completion, "usage", None)
    if usage is None:
        return 0, 0
    return int(usage.prompt_tokens or 0), int(usage.completion_tokens or 0)


def _repair(text: str | None, context: dict[str, Any]) -> ArticleSummary | None:
    """Validate again after escaping raw control characters, the one defect worth fixing locally."""
    if not text or not _RAW_CONTROL.search(text):
        return None
    escaped = _RAW_CONTROL.sub(lambda m: json.dumps(m.group())[1:-1], text)
    try:
        return ArticleSummary.model_validate_json(escaped, context=context)
    except ValidationError:
        return None


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
        root = base_url.rstrip("/").removesuffix("/v1")
        self._tokenize_url: str | None = f"{root}/extras/tokenize/count"
        self._request: dict[str, Any] = {
            "model": model,
            "temperature": temperature,
            "max_tokens": max_tokens,
            "extra_body": {"response_format": response_format(mode)},
        }
        # The SDK's own retries are off: ``retry`` owns transport retries.
        client_args: dict[str, Any] = {
            "base_url": base_url,
            "api_key": api_key or "not-needed",
            "timeout": timeout,
            "max_retries": 0,
        }
        # A proxy from the environment must not capture traffic to a loopback server.
        loopback = self._loopback = urlparse(base_url).hostname in {"127.0.0.1", "localhost", "::1"}
        self._sync_client = openai.OpenAI(
            **client_args, http_client=openai.DefaultHttpxClient(trust_env=False) if loopback else None
        )
        self._async_client = openai.AsyncOpenAI(
            **client_args, http_client=openai.DefaultAsyncHttpxClient(trust_env=False) if loopback else None
        )
        self._sync = instructor.from_openai(self._sync_client, mode=instructor.Mode.JSON_SCHEMA)
        self._async = instructor.from_openai(self._async_client, mode=instructor.Mode.JSON_SCHEMA)

    def __repr__(self) -> str:
        return f"LLM(base_url={self.base_url!r}, model={self.model!r})"

    def _kwargs(self, messages: list[Message], temperature: float | None) -> dict[str, Any]:
        # instructor replaces the messages list and response_format rather than editing
        # them, so shallow copies keep the caller's objects (and our cached schema) intact
        # without a deep copy of a large schema on every call.
        kwargs: dict[str, Any] = {
            "messages": [dict(m) for m in messages],
            "response_model": _WireSummary,
            "max_retries": 0,
            **self._request,
            "extra_body": dict(self._request["extra_body"]),
        }
        if temperature is not None:
            kwargs["temperature"] = temperature
        return kwargs

    def _reply_from_success(self, summary: ArticleSummary, completion: Any, context: dict[str, Any]) -> Reply:
        prompt, completion_tokens = _usage(completion)
        text = _content(completion)
        # Back to the plain model (callers compare, serialise and pickle ArticleSummary),
        # now with the checks against the article.
        try:
            plain = ArticleSummary.model_validate(summary.model_dump(), context=context)
        except ValidationError as exc:
            return Reply(None, text, _error_lines(exc), prompt, completion_tokens)
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
        if isinstance(cause, openai.APITimeoutError) and capped:
            raise LLMError(
                f"no answer from {self.base_url} within the transport deadline of {self._deadline:g} s"
            ) from None
        if isinstance(cause, openai.APIError):
            raise _map_api_error(cause, self.base_url, self._secret) from None
        completion = getattr(exc, "last_completion", None)
        if isinstance(cause, json.JSONDecodeError) and completion is None:
            # The HTTP body itself is not JSON (a proxy's error page, a broken server):
            # a transport fault, not an answer of the model's to re-ask about.
            raise LLMError(
                f"{self.base_url} answered 200 with a body that is not JSON ({cause.msg})",
                status_code=200,
                retryable=True,
            ) from None
        text = _content(completion)
        prompt, completion_tokens = _usage(completion)
        repaired = _repair(text, context)
        if repaired is not None:
            return Reply(repaired, text, [], prompt, completion_tokens)
        if isinstance(exc, IncompleteOutputException):
            errors = ["the answer was cut off at the token limit; write a shorter JSON object"]
        elif completion is not None and not getattr(completion, "choices", None):
            errors = ["the server returned no choices"]
        elif refusal := getattr(completion.choices[0].message, "refusal", None) if completion else None:
            errors = [f"the model refused to answer: {refusal!r}; summarize the article as JSON"]
        else:
            errors = _error_lines(cause if cause is not None else exc)
        return Reply(None, text, errors, prompt, completion_tokens)

    def call(self, messages: list[Message], context: dict[str, Any], temperature: float | None = None) -> Reply:
        """One model answer, retrying transport faults; raises ``LLMError`` when they persist.

        ``temperature`` overrides the configured one for this call (re-asks use it).
        """
        started = time.monotonic()
        for attempt in sync_retrying(self._max_retries, self._deadline, self._gate):
            with attempt:
                self._gate.wait_sync()
                timeout = self._request_timeout(started)
                try:
                    summary, completion = self._sync.create_with_completion(
                        **self._kwargs(messages, temperature), timeout=timeout
                    )
                except (InstructorRetryException, IncompleteOutputException, openai.APIError) as exc:
                    return self._reply_from_failure(exc, context, capped=timeout < self._timeout)
                return self._reply_from_success(summary, completion, context)
        raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

    async def acall(
        self, messages: list[Message], context: dict[str, Any], temperature: float | None = None
    ) -> Reply:
        """The coroutine twin of ``call``."""
        started = time.monotonic()
        async for attempt in async_retrying(self._max_retries, self._deadline, self._gate):
            with attempt:
                await self._gate.wait_async()
                timeout = self._request_timeout(started)
                try:
                    summary, completion = await self._async.create_with_completion(
                        **self._kwargs(messages, temperature), timeout=timeout
                    )
                except (InstructorRetryException, IncompleteOutputException, openai.APIError) as exc:
                    return self._reply_from_failure(exc, context, capped=timeout < self._timeout)
                return self._reply_from_success(summary, completion, context)
        raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

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
        """Close the sync HTTP client."""
        self._sync_client.close()

    async def aclose(self) -> None:
        """Close both HTTP clients."""
        self._sync_client.close()
        await self._async_client.close()
