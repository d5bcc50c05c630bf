"""Turning what an OpenAI-compatible server did wrong into errors that say what to do.

``map_api_error`` maps the openai client's exceptions to ``LLMError``: retryable or not
(429, 5xx, timeouts and connection faults are), with the server's Retry-After, and with
the fix for the statuses a user can fix (a wrong key, URL or model). Messages are
scrubbed of keys, since servers echo them. ``error_lines`` turns a pydantic
``ValidationError`` into the one-line-per-field form the re-ask prompt shows the model.

``connection_fault`` undoes one mapping of the async client's transport: openai's aiohttp
transport (``openai.DefaultAioHttpClient``) turns every aiohttp connection error into
httpx2's ``ConnectTimeout``, so the SDK reports a connection the server reset or closed
as a timeout. The aiohttp exception is still the cause, and says what happened.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import aiohttp
import openai
from pydantic import ValidationError

from summarize.errors import LLMError, scrub_secrets

__all__ = ["connection_fault", "error_lines", "map_api_error", "timed_out"]

_RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504}

_FIX_HINTS = {
    400: "the server rejected the request; check SUMMARIZE_MODEL and that the server "
    "supports SUMMARIZE_MODE (try SUMMARIZE_MODE=json_object for llama.cpp-style servers)",
    401: "authentication failed; check OPENAI_API_KEY",
    403: "permission denied; check that OPENAI_API_KEY may use this model",
    404: "not found; check OPENAI_BASE_URL (it usually ends in /v1) and SUMMARIZE_MODEL",
    422: "the server could not process the request; check SUMMARIZE_MODEL and SUMMARIZE_MODE",
}


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


def connection_fault(exc: BaseException) -> BaseException | None:
    """The aiohttp connection error (not a timeout) behind an exception, if any."""
    cause = exc.__cause__
    while cause is not None:
        if isinstance(cause, aiohttp.ClientConnectionError) and not isinstance(cause, TimeoutError):
            return cause
        cause = cause.__cause__
    return None


def timed_out(exc: BaseException | None) -> bool:
    """Whether the SDK's exception is a timeout indeed, not a connection fault reported as one."""
    return isinstance(exc, openai.APITimeoutError) and connection_fault(exc) is None


def map_api_error(exc: openai.APIError, where: str, secret: str | None) -> LLMError:
    """Turn an openai exception into an ``LLMError`` that says what to do."""
    if timed_out(exc):
        return LLMError(f"request to {where} timed out", retryable=True)
    if isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__
        if cause is not None and type(cause).__name__ == "CannotOverwriteExistingCassetteException":
            return LLMError(
                "the cassette has no recorded answer for this request (replaying with "
                "record mode none); re-record it with --record-mode new_episodes",
                retryable=False,
            )
        # aiohttp's reset behind a "timeout", or httpx's ReadError, which has no message.
        reset = connection_fault(exc) or (cause if cause is not None and not str(cause) else None)
        if reset is not None:
            reason = f": the connection was reset or closed ({str(reset) or type(reset).__name__})"
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


def error_lines(exc: BaseException) -> list[str]:
    if isinstance(exc, ValidationError):
        lines = []
        for err in exc.errors(include_url=False):
            loc = ".".join(str(part) for part in err["loc"])
            message = err["msg"].removeprefix("Value error, ")
            lines.append(f"{loc}: {message}" if loc else message)
        return lines
    return [str(exc) or type(exc).__name__]
