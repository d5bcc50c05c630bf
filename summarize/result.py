"""What a summarization returns: the summary plus how it was obtained."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from summarize.grounding import NumberReport
from summarize.schema import ArticleSummary

__all__ = ["Attempt", "SummaryResult", "Usage"]


class Usage(BaseModel):
    """Token counts, summed over every LLM call including failed attempts."""

    model_config = ConfigDict(extra="forbid")

    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_calls: int = 0

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def add(self, prompt_tokens: int, completion_tokens: int) -> None:
        """Count one more LLM call."""
        self.prompt_tokens += prompt_tokens
        self.completion_tokens += completion_tokens
        self.llm_calls += 1


class Attempt(BaseModel):
    """One answer from the model that failed validation, and why."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(description="1 for the first call, 2 for the first re-ask, ...")
    errors: list[str] = Field(description="The validation or grounding errors of this answer.")
    output: str | None = Field(description="The raw text the model answered.")
    kind: str = Field(description="'schema' for invalid output, 'numbers' for ungrounded numbers.")


class SummaryResult(BaseModel):
    """A validated summary and the record of how it was produced."""

    model_config = ConfigDict(extra="forbid")

    summary: ArticleSummary
    numbers: NumberReport | None = Field(
        description="Every number in the summary checked against the article."
    )
    attempts: list[Attempt] = Field(description="The failed attempts before the final answer.")
    usage: Usage
    model: str
    prompt_version: str
    elapsed_seconds: float
    article_id: str
    warnings: list[str] = Field(default_factory=list)
