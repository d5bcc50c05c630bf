"""The public API is exactly what __all__ lists, and every name resolves."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

import summarize


def test_all_names_resolve_and_are_documented() -> None:
    """Every exported name imports and carries a docstring."""
    for name in summarize.__all__:
        value = getattr(summarize, name)
        if name != "__version__":
            assert value.__doc__, f"{name} has no docstring"


def test_exports_cover_the_documented_api() -> None:
    """The names the README promises are exported."""
    promised = {
        "summarize", "asummarize", "asummarize_many", "Summarizer", "ArticleSummary", "KeyFigure", "SummaryResult",
        "Article",
        "SummarizeError", "ConfigError", "InputError", "LLMError", "ValidationFailed", "UngroundedNumbers",
        "find_figures", "check_numbers", "NumberReport", "check_pairs", "PairResult",
    }
    assert promised <= set(summarize.__all__)


def test_error_hierarchy() -> None:
    """Every error the library raises derives from SummarizeError."""
    for name in ("ConfigError", "InputError", "LLMError", "ValidationFailed", "UngroundedNumbers", "ModelError"):
        assert issubclass(getattr(summarize, name), summarize.SummarizeError)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: summarize.check_numbers({"headline": "x", "key_points": ["y"]}, "Sales rose 12%."),  # a model's JSON
     "not one holding a list: ArticleSummary.model_validate(...) reads a summary's JSON, json_fields(...) any other"),
    (lambda: summarize.check_numbers({1: "x"}, "Sales rose 12%."), "not one holding a key that is no text"),
    (lambda: summarize.check_numbers(None, "Sales rose 12%."), "as the summary, not NoneType"),
    (lambda: summarize.check_numbers("Sales rose 12%.", None), "the article as text, not NoneType"),
    (lambda: summarize.find_figures(b"Sales rose 12%."), "find_figures takes text, not bytes"),
])
def test_the_number_functions_name_what_they_were_given_instead(call: Callable[[], object], message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        call()
