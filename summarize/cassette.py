"""Recording and replaying model traffic with vcrpy cassettes.

One configuration serves the test suite (through pytest-recording's ``vcr_config``)
and the ``--cassette`` option of the CLI, so what the tests prove about cassettes is
what users get:

- requests match on method, path and JSON body (key order and whitespace ignored), so
  the host, port and order of requests do not matter: a batch recorded at concurrency 1
  replays at any concurrency;
- authorization headers, API keys and cookies are removed before anything is written;
- bodies are stored decoded, so a cassette is readable and reviewable;
- record mode ``none`` never reaches the network: a request the cassette lacks fails;
- a cassette is written atomically (a temporary file renamed into place) and readable by
  its owner only, so an interrupted recording never leaves half a cassette.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from summarize.errors import scrub_secrets

__all__ = ["AtomicPersister", "RecordMode", "json_body_matcher", "use_cassette", "vcr_config"]

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


def _scrubber(secrets: tuple[str, ...]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A ``before_record_response`` hook: drop secret headers, mask keys a server echoes."""

    def scrub(response: dict[str, Any]) -> dict[str, Any]:
        headers = response.get("headers", {})
        for name in list(headers):
            if name.lower() in _SECRET_HEADERS:
                del headers[name]
        body = response.get("body", {})
        raw = body.get("string")
        # Keep the type vcrpy stored (bytes for httpx2): replay hands it back as is.
        if isinstance(raw, bytes):
            text = raw.decode("utf-8", errors="replace")
            cleaned = scrub_secrets(text, *secrets)
            if cleaned != text:
                body["string"] = cleaned.encode("utf-8")
        elif isinstance(raw, str):
            body["string"] = scrub_secrets(raw, *secrets)
        return response

    return scrub


def _request_scrubber(secrets: tuple[str, ...]) -> Callable[[Any], Any]:
    """A ``before_record_request`` hook masking keys inside request bodies."""

    def scrub(request: Any) -> Any:
        body = request.body
        if isinstance(body, bytes):
            text = body.decode("utf-8", errors="replace")
            cleaned = scrub_secrets(text, *secrets)
            if cleaned != text:
                request.body = cleaned.encode("utf-8")
        return request

    return scrub


class AtomicPersister:
    """vcrpy's file persister, but writing atomically with owner-only permissions."""

    @classmethod
    def load_cassette(cls, cassette_path: str | Path, serializer: Any) -> Any:
        from vcr.persisters.filesystem import FilesystemPersister

        return FilesystemPersister.load_cassette(cassette_path, serializer)

    @staticmethod
    def save_cassette(cassette_path: str | Path, cassette_dict: Any, serializer: Any) -> None:
        from vcr.serialize import serialize

        path = Path(cassette_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # created 0o600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(serialize(cassette_dict, serializer))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def vcr_config(secrets: tuple[str, ...] = ()) -> dict[str, Any]:
    """Keyword arguments for ``vcr.VCR`` shared by the tests and the CLI.

    ``secrets`` (the API key in use) are masked wherever they appear; anything shaped
    like a key is masked too.
    """
    return {
        "filter_headers": _SECRET_HEADERS,
        "before_record_response": _scrubber(secrets),
        "before_record_request": _request_scrubber(secrets),
        "match_on": ["method", "path", "json_body"],
        "decode_compressed_response": True,
    }


@contextmanager
def use_cassette(
    path: str | Path, record_mode: RecordMode = "none", *, secrets: tuple[str, ...] = ()
) -> Iterator[Any]:
    """Record to or replay from the cassette at ``path`` for the duration of the block."""
    import vcr  # heavy; only when a cassette is used

    recorder = vcr.VCR(record_mode=record_mode, **vcr_config(tuple(s for s in secrets if s)))
    recorder.register_matcher("json_body", json_body_matcher)
    recorder.register_persister(AtomicPersister)
    with recorder.use_cassette(str(path), allow_playback_repeats=True) as cassette:
        yield cassette
