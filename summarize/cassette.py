"""Recording and replaying model traffic with vcrpy cassettes.

One configuration serves the test suite (through pytest-recording's ``vcr_config``)
and the ``--cassette`` option of the CLI, so what the tests prove about cassettes is
what users get:

- requests match on method, path and JSON body (key order and whitespace ignored), so
  the host, port and order of requests do not matter: a batch recorded at concurrency 1
  replays at any concurrency;
- authorization headers, API keys and cookies are removed before anything is written;
- bodies are stored decoded, so a cassette is readable and reviewable;
- record mode ``none`` never reaches the network: a request the cassette lacks fails.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

__all__ = ["RecordMode", "json_body_matcher", "use_cassette", "vcr_config"]

RecordMode = Literal["none", "once", "new_episodes", "all"]

_SECRET_HEADERS = [
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
]


def _parsed_body(body: Any) -> Any:
    if body is None or body == b"" or body == "":
        return None
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    try:
        return json.loads(body)
    except (TypeError, ValueError):
        return body


def json_body_matcher(r1: Any, r2: Any) -> None:
    """vcrpy matcher: the two requests carry equal JSON bodies (or equal raw bodies)."""
    if _parsed_body(r1.body) != _parsed_body(r2.body):
        raise AssertionError("request bodies differ")


def _drop_secret_headers(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in _SECRET_HEADERS:
            del headers[name]
    return response


def vcr_config() -> dict[str, Any]:
    """Keyword arguments for ``vcr.VCR`` shared by the tests and the CLI."""
    return {
        "filter_headers": _SECRET_HEADERS,
        "before_record_response": _drop_secret_headers,
        "match_on": ["method", "path", "json_body"],
        "decode_compressed_response": True,
    }


@contextmanager
def use_cassette(path: str | Path, record_mode: RecordMode = "none") -> Iterator[Any]:
    """Record to or replay from the cassette at ``path`` for the duration of the block."""
    import vcr  # heavy; only when a cassette is used

    recorder = vcr.VCR(record_mode=record_mode, **vcr_config())
    recorder.register_matcher("json_body", json_body_matcher)
    with recorder.use_cassette(str(path), allow_playback_repeats=True) as cassette:
        yield cassette
