"""summarize: structured, validated summaries of news articles, with every number checked.

    >>> import summarize
    >>> result = summarize.summarize(open("seeds/000_0b078e7ce2398037.txt").read())
    >>> result.summary.headline, result.numbers.counts

With no configuration the embedded local model runs on the CPU; set ``OPENAI_BASE_URL``
(and ``OPENAI_API_KEY``, ``SUMMARIZE_MODEL``) or pass ``base_url=...`` to use OpenAI or any
OpenAI-compatible server. Names are imported lazily so that importing the package (and
``summarize --help``) does not pay for openai and instructor until a model is called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarize.article import Article, load_article, parse_text
    from summarize.errors import (
        ConfigError,
        InputError,
        LLMError,
        ModelError,
        SummarizeError,
        UngroundedNumbers,
        ValidationFailed,
    )
    from summarize.figures import Figure, find_figures
    from summarize.grounded import GroundedStr, grounded_numbers
    from summarize.grounding import NumberCheck, NumberReport, check_numbers, json_fields
    from summarize.pair_checks import PairResult, check_pairs
    from summarize.pipeline import Summarizer, asummarize, asummarize_many, summarize
    from summarize.result import Attempt, SummaryResult, Usage
    from summarize.schema import ArticleSummary, KeyFigure
    from summarize.settings import Settings, resolve_settings

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Article": "article",
    "load_article": "article",
    "parse_text": "article",
    "ConfigError": "errors",
    "InputError": "errors",
    "LLMError": "errors",
    "ModelError": "errors",
    "SummarizeError": "errors",
    "UngroundedNumbers": "errors",
    "ValidationFailed": "errors",
    "Figure": "figures",
    "find_figures": "figures",
    "GroundedStr": "grounded",
    "grounded_numbers": "grounded",
    "NumberCheck": "grounding",
    "NumberReport": "grounding",
    "check_numbers": "grounding",
    "json_fields": "grounding",
    "PairResult": "pair_checks",
    "check_pairs": "pair_checks",
    "Summarizer": "pipeline",
    "asummarize": "pipeline",
    "asummarize_many": "pipeline",
    "summarize": "pipeline",
    "Attempt": "result",
    "SummaryResult": "result",
    "Usage": "result",
    "ArticleSummary": "schema",
    "KeyFigure": "schema",
    "Settings": "settings",
    "resolve_settings": "settings",
}

__all__ = [
    "Article",
    "ArticleSummary",
    "Attempt",
    "ConfigError",
    "Figure",
    "GroundedStr",
    "InputError",
    "KeyFigure",
    "LLMError",
    "ModelError",
    "NumberCheck",
    "NumberReport",
    "PairResult",
    "Settings",
    "SummarizeError",
    "Summarizer",
    "SummaryResult",
    "UngroundedNumbers",
    "Usage",
    "ValidationFailed",
    "__version__",
    "asummarize",
    "asummarize_many",
    "check_numbers",
    "check_pairs",
    "find_figures",
    "grounded_numbers",
    "json_fields",
    "load_article",
    "parse_text",
    "resolve_settings",
    "summarize",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'summarize' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"summarize.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
