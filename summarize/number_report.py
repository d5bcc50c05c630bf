"""The result of checking a summary's numbers: one verdict per number, and the report."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from summarize.figures import Figure, typed_model

__all__ = ["VERDICTS", "Finding", "NumberCheck", "NumberReport", "Verdict", "number_check"]

Verdict = Literal["supported", "approximate", "derived", "unsupported"]
# In order of severity: a number checked twice (a range's bounds) keeps the worst.
VERDICTS: tuple[Verdict, ...] = ("supported", "approximate", "derived", "unsupported")
# What a search for support returns before it becomes a ``NumberCheck``: the verdict, the
# supporting article figures and the explanation.
Finding = tuple[Verdict, list[Figure], str]


class NumberCheck(BaseModel):
    """The verdict on one number of the summary."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="Where the number is: 'headline', 'key_points[2]', 'figures[0].value', 'text'.")
    text: str = Field(description="The number as written in the summary.")
    value: float
    unit: str | None
    verdict: Verdict
    sources: list[Figure] = Field(description="Supporting article figures (operands when derived).")
    explanation: str
    nearest: list[Figure] = Field(description="For an unsupported number, the closest article figures.")


def number_check(path: str, text: str, value: float, unit: str | None, verdict: Verdict,
                 sources: list[Figure], explanation: str, nearest: list[Figure]) -> NumberCheck:
    """``NumberCheck(...)`` without validating what the checks have typed already.

    Validation cost about 2 microseconds per number, a twentieth of checking a summary.
    """
    return typed_model(NumberCheck, {
        "path": path, "text": text, "value": float(value), "unit": unit, "verdict": verdict,
        "sources": list(sources), "explanation": explanation, "nearest": list(nearest),
    })


class NumberReport(BaseModel):
    """Every number of a summary checked against its article."""

    model_config = ConfigDict(extra="forbid")

    checks: list[NumberCheck]
    counts: dict[str, int] = Field(description="Checks per verdict; all four verdicts present.")
    unused: list[Figure] = Field(description="Article figures the summary never used.")

    @property
    def unsupported(self) -> list[NumberCheck]:
        """The checks whose verdict is unsupported."""
        return [check for check in self.checks if check.verdict == "unsupported"]

    @property
    def ok(self) -> bool:
        """True when no number is unsupported."""
        return not self.counts.get("unsupported", 0)

    def without(self, path: str) -> NumberReport:
        """This report without the checks of the field ``path`` (a field set to null)."""
        return self._of([check for check in self.checks if check.path != path])

    def replaced(self, check: NumberCheck) -> NumberReport:
        """This report with ``check`` in place of the checks of its field (a field repaired),
        where the first of them was."""
        at = next((i for i, c in enumerate(self.checks) if c.path == check.path), len(self.checks))
        rest = [c for c in self.checks if c.path != check.path]
        return self._of([*rest[:at], check, *rest[at:]])

    def _of(self, checks: list[NumberCheck]) -> NumberReport:
        counts = dict.fromkeys(self.counts, 0)
        for check in checks:
            counts[check.verdict] += 1
        return self.model_copy(update={"checks": checks, "counts": counts})

    def reask_message(self) -> str:
        """What to tell the model: one line per unsupported number, with nearby figures."""
        lines = [
            "These numbers are not in the article; correct them using the article's own "
            "figures, or remove them:"
        ]
        for check in self.unsupported:
            near = ", ".join(repr(figure.text) for figure in check.nearest) or "none"
            lines.append(
                f"- {check.path}: {check.text!r} ({check.explanation}); "
                f"nearest article figures: {near}"
            )
        return "\n".join(lines)
