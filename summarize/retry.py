"""One tenacity policy for transport faults, shared by the sync and async paths.

Transport faults (429, 5xx, timeouts, refused or reset connections) are retried here with
exponential backoff and jitter, bounded both in attempts and in total time. A 429 or 503
with ``Retry-After`` waits what the server asked (capped by the remaining deadline), and
the wait is published on a ``RateGate`` shared by every worker of a ``Summarizer`` so a
batch backs off as a whole instead of hammering the server from 32 workers at once.

Validation re-asks are a separate budget, spent in ``pipeline``; the openai client's own
retries are off (``llm`` sets ``max_retries=0``) so the layers do not multiply.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from summarize.errors import LLMError

__all__ = ["RateGate", "async_retrying", "sync_retrying"]

log = logging.getLogger("summarize.retry")

# Longest single wait: a Retry-After of an hour is not worth honouring in-process.
_MAX_WAIT = 60.0
_backoff = wait_exponential_jitter(multiplier=0.5, max=_MAX_WAIT, jitter=1.0)


class RateGate:
    """A "not before" instant shared by all workers; set when a server says to wait.

    ``on_hold`` hears every new instant, so that a gate in one process can be forwarded
    to the gates of others (``summarize.workers``); ``hold_until`` takes one from outside.
    """

    def __init__(self, on_hold: Callable[[float], None] | None = None) -> None:
        self._not_before = 0.0
        self._lock = threading.Lock()
        self._on_hold = on_hold

    def hold_for(self, seconds: float) -> None:
        """Make every caller wait at least ``seconds`` from now."""
        until = time.monotonic() + seconds
        self.hold_until(until)
        if self._on_hold is not None:
            self._on_hold(until)

    def hold_until(self, until: float) -> None:
        """Make every caller wait until the ``time.monotonic()`` instant ``until``."""
        with self._lock:
            self._not_before = max(self._not_before, until)

    def delay(self) -> float:
        """Seconds a caller must still wait before sending."""
        return max(0.0, self._not_before - time.monotonic())

    def wait_sync(self) -> None:
        """Block until the gate opens."""
        while (pause := self.delay()) > 0:
            time.sleep(pause)

    async def wait_async(self) -> None:
        """Sleep until the gate opens without blocking the event loop."""
        while (pause := self.delay()) > 0:
            await asyncio.sleep(pause)


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, LLMError) and exc.retryable


def _policy(max_retries: int, deadline: float, gate: RateGate) -> dict[str, Any]:
    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = exc.retry_after if isinstance(exc, LLMError) else None
        pause = min(retry_after, _MAX_WAIT) if retry_after is not None else _backoff(state)
        # Never sleep past the deadline: the stop condition would end the loop anyway.
        pause = max(0.0, min(pause, deadline - (state.seconds_since_start or 0.0)))
        if retry_after is not None:
            gate.hold_for(pause)
        return pause

    def before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, LLMError):
            exc.attempts = state.attempt_number
        sleep = state.next_action.sleep if state.next_action else 0.0
        log.warning("transport fault (%s); retry %d in %.1fs", exc, state.attempt_number, sleep)

    def give_up(state: RetryCallState) -> Any:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, LLMError):
            exc.attempts = state.attempt_number
            raise exc
        return state.outcome.result() if state.outcome else None

    return {
        "retry": retry_if_exception(_is_transient),
        "stop": stop_after_attempt(max_retries + 1) | stop_after_delay(deadline),
        "wait": wait,
        "before_sleep": before_sleep,
        "retry_error_callback": give_up,
        "reraise": True,
    }


def sync_retrying(max_retries: int, deadline: float, gate: RateGate) -> Retrying:
    """The transport policy for blocking calls."""
    return Retrying(**_policy(max_retries, deadline, gate))


def async_retrying(max_retries: int, deadline: float, gate: RateGate) -> AsyncRetrying:
    """The transport policy for coroutines; the same rules as ``sync_retrying``."""
    return AsyncRetrying(**_policy(max_retries, deadline, gate))
