"""What goes over the wire to the model and back, apart from the HTTP itself.

- ``response_format(mode)``: how structure is enforced at decode time on each backend:
  ``json_schema`` is OpenAI's strict structured outputs; ``json_object`` with a
  ``schema`` is what llama.cpp's server turns into a grammar (it answers 500 to
  ``json_schema``);
- ``WireSummary``: ``ArticleSummary`` as instructor wants its response model;
- ``content``, ``usage``, ``repair``: reading a chat completion, including the one defect
  worth fixing locally (a raw control character inside a JSON string).

Kept apart from ``llm`` (the one module that calls the model) so that module holds
only the calling: client set-up, timeouts, retries and turning outcomes into replies.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

import instructor
from pydantic import BaseModel, ValidationError

from summarize.schema import ArticleSummary

__all__ = ["WireSummary", "content", "repair", "response_format", "usage"]

# A raw control character inside a JSON string: llama.cpp's schema grammar lets a raw
# newline through, which strict JSON parsers (pydantic's included) reject.
_RAW_CONTROL = re.compile(r"[\x00-\x1f]")


_SCHEMA = ArticleSummary.model_json_schema()


class WireSummary(ArticleSummary, instructor.ResponseSchema):
    """``ArticleSummary`` as instructor wants it, built once.

    Given a plain model, instructor wraps it in a new class and regenerates its JSON
    Schema on every call (about 4 ms, most of the per-article CPU outside the model);
    a model that already is a ``ResponseSchema``, with its schema cached, skips both.
    """

    _parsed_before_context: ClassVar[bool] = True

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs:
            return super().model_json_schema(*args, **kwargs)
        return _SCHEMA


def _skip_rescans_of_our_model() -> None:
    """Let instructor scan ``WireSummary`` for async validators once, not five times a call.

    instructor 1.17 walks the response model and every base class's attributes looking
    for async validators on each call, five times (about 0.35 ms of CPU per call, a
    tenth of the per-article CPU of a batch). ``WireSummary`` never changes, so it is
    scanned here once, at import, and calls for it skip the walk; any other model,
    including a caller's own in the same process, is still scanned every time.
    """
    from instructor.v2.core import patch
    from instructor.v2.validation import async_validators

    scan = async_validators.reject_async_validators
    scan(WireSummary)

    def reject_async_validators(response_model: Any) -> None:
        if response_model is not WireSummary:
            scan(response_model)

    async_validators.reject_async_validators = reject_async_validators
    setattr(patch, "reject_async_validators", reject_async_validators)  # noqa: B010 - imported by name there


_skip_rescans_of_our_model()


def response_format(mode: str, model: type[BaseModel] | None = None) -> dict[str, Any]:
    """The ``response_format`` that enforces ``model`` (by default ``ArticleSummary``) on a
    backend of ``mode``."""
    schema = _SCHEMA if model is None else model.model_json_schema()
    name = "ArticleSummary" if model is None else model.__name__
    if mode == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": schema, "strict": True},
        }
    # No maxLength/maxItems beyond the schema's own: llama-cpp-python expands each bound
    # into grammar rules, and a 900-character bound made sampling ~4x slower per token
    # (measured: 364 s vs 167 s for one answer on the 0.5B model). The validators check.
    return {"type": "json_object", "schema": schema}


def content(completion: Any) -> str | None:
    choices = getattr(completion, "choices", None)
    if not choices:
        return None
    message = choices[0].message
    return getattr(message, "content", None) or getattr(message, "refusal", None)


def usage(completion: Any) -> tuple[int, int]:
    usage = getattr(completion, "usage", None)
    if usage is None:
        return 0, 0
    return int(usage.prompt_tokens or 0), int(usage.completion_tokens or 0)


def repair(text: str | None, context: dict[str, Any]) -> ArticleSummary | None:
    """Validate again after escaping raw control characters, the one defect worth fixing locally."""
    if not text or not _RAW_CONTROL.search(text):
        return None
    escaped = _RAW_CONTROL.sub(lambda m: json.dumps(m.group())[1:-1], text)
    try:
        return ArticleSummary.model_validate_json(escaped, context=context)
    except ValidationError:
        return None
