"""End to end on the real embedded local model (the 0.5B one keeps it quick): no cassette, no fake."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from summarize.article import load_article
from summarize.pipeline import Summarizer
from summarize.schema import ArticleSummary

from conftest import ROOT, SEED

pytestmark = pytest.mark.local_model


def test_library_summarizes_the_seed_on_the_local_model() -> None:
    """With no base URL the embedded server starts and returns a validated, number-checked summary."""
    article = load_article(SEED)
    with Summarizer(local_model="qwen2.5-coder-0.5b") as summarizer:
        result = summarizer.summarize(article)
    ArticleSummary.model_validate(result.summary.model_dump(), context={"article": article.text})
    assert "qwen2.5-coder-0.5b" == result.model
    assert 1 <= result.usage.llm_calls <= 3
    assert result.usage.prompt_tokens > 300
    assert result.numbers is not None


def test_cli_entry_point_prints_schema_valid_json() -> None:
    """`python -m summarize SEED` piped prints one JSON result and exits 0."""
    proc = subprocess.run(
        [sys.executable, "-m", "summarize", str(SEED), "--local-model", "qwen2.5-coder-0.5b"],
        capture_output=True, text=True, timeout=600, cwd=ROOT, check=False,
    )
    assert 0 == proc.returncode, proc.stderr
    result = json.loads(proc.stdout)
    ArticleSummary.model_validate(result["summary"])
    assert result["model"] == "qwen2.5-coder-0.5b"
    assert len(result["prompt_version"]) == 12
