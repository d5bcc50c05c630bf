"""Every error the library raises on purpose.

The tree::

    SummarizeError                 base: the CLI catches only this
    ├── ConfigError                a setting is missing or wrong; says how to fix it
    ├── InputError                 the article cannot be read (empty, binary, undecodable, ...)
    ├── ModelError                 the local model cannot be assembled or served
    ├── LLMError                   the model server failed (HTTP status or transport fault)
    ├── ValidationFailed           every attempt gave output that failed validation
    ├── UngroundedNumbers          strict mode: numbers in the summary are not in the article
    └── WorkerDied                 a batch worker process died with the article in flight

Each exception carries the data a caller needs to act on it (status code, attempts,
last output, the usage spent, number report) as attributes, not only in its message. Messages never
contain API keys: ``LLMError`` scrubs anything that looks like one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarize.grounding import NumberReport
    from summarize.result import Attempt, Usage

__all__ = [
    "ConfigError",
    "InputError",
    "LLMError",
    "ModelError",
    "SummarizeError",
    "UngroundedNumbers",
    "ValidationFailed",
    "WorkerDied",
    "scrub_secrets",
]

# Keys of OpenAI and most compatible servers, and bearer headers echoed in errors.
_SECRET = re.compile(r"(sk-[A-Za-z0-9_\-]{8,}|Bearer\s+[A-Za-z0-9_\-\.]{8,})")


def scrub_secrets(text: str, *secrets: str | None) -> str:
    """Replace API keys (known ones and anything shaped like one) with ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return _SECRET.sub("***", text)


class SummarizeError(Exception):
    """Base class of every error raised on purpose by this library."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(SummarizeError):
    """A setting is missing or invalid. The message says how to fix it."""

    exit_code = 2

    def __init__(self, message: str, *, setting: str | None = None) -> None:
        super().__init__(message)
        self.setting = setting


class InputError(SummarizeError):
    """An article could not be read or is not usable text."""

    exit_code = 2

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(f"{source}: {message}" if source else message)
        self.source = source
        self.reason = message


class ModelError(SummarizeError):
    """The embedded local model could not be assembled, verified or started."""


class LLMError(SummarizeError):
    """The model server failed: an HTTP error status or a transport fault.

    ``status_code`` is None for transport faults (timeouts, refused or reset connections).
    ``retryable`` says whether the transport retry layer treated it as transient,
    ``retry_after`` is the server's Retry-After in seconds when it sent one, and
    ``attempts`` is how many requests were made before giving up.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        retryable: bool = False,
        retry_after: float | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(scrub_secrets(message))
        self.status_code = status_code
        self.retryable = retryable
        self.retry_after = retry_after
        self.attempts = attempts

    def __repr__(self) -> str:
        return f"LLMError({self.message!r}, status_code={self.status_code})"


class ValidationFailed(SummarizeError):
    """Every attempt produced output that failed validation; the budget is spent.

    ``attempts`` holds each attempt's errors and raw output; ``last_output`` is the
    raw text of the final answer; ``usage`` the tokens and calls the attempts cost.
    """

    def __init__(self, message: str, *, attempts: Sequence[Attempt], last_output: str | None,
                 usage: Usage | None = None) -> None:
        super().__init__(message)
        self.attempts = list(attempts)
        self.last_output = last_output
        self.usage = usage


class UngroundedNumbers(SummarizeError):
    """Strict mode: the final summary still has numbers the article does not support."""

    exit_code = 3

    def __init__(self, message: str, *, report: NumberReport, result: Any = None) -> None:
        super().__init__(message)
        self.report = report
        self.result = result


class WorkerDied(SummarizeError):
    """A batch worker process (``summarize.workers``) exited with this article in flight.

    ``status`` is the process's exit status (negative: the signal that killed it).
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
