"""Rendering a ``SummaryResult`` as JSON, Markdown or terminal text. No business logic."""

from __future__ import annotations

import json
from typing import Any, Literal

from summarize.number_format import grouped
from summarize.number_report import NumberReport
from summarize.result import SummaryResult

__all__ = ["Format", "render", "report_rows", "to_json"]

Format = Literal["text", "json", "markdown"]


def to_json(result: SummaryResult, *, indent: int | None = 2) -> str:
    """The whole result as JSON (keys sorted, so equal results give equal text)."""
    return json.dumps(result.model_dump(mode="json"), indent=indent, sort_keys=True, ensure_ascii=False)


def _numbers_line(result: SummaryResult) -> str:
    if result.numbers is None:
        return "numbers: not checked"
    counts = result.numbers.counts
    verdicts = ("supported", "approximate", "derived", "unsupported")
    return "numbers: " + ", ".join(f"{counts.get(k, 0)} {k}" for k in verdicts)


def to_markdown(result: SummaryResult) -> str:
    """A Markdown document: headline, summary, key points, figures, entities, and every
    checked number with its verdict and the article figures behind it."""
    s = result.summary
    lines = [f"# {s.headline}", "", s.summary, "", "## Key points", ""]
    lines += [f"- {point}" for point in s.key_points]
    if s.figures:
        lines += ["", "## Figures", "", "| quote | value | unit | measures |", "|---|---:|---|---|"]
        lines += [f"| {f.quote} | {grouped(f.value)} | {f.unit or ''} | {f.measures} |" for f in s.figures]
    for title, names in (("People", s.people), ("Organizations", s.organizations), ("Places", s.places)):
        if names:
            lines += ["", f"**{title}:** " + ", ".join(names)]
    if s.event_date:
        lines += ["", f"**Date:** {s.event_date}"]
    if result.numbers is not None and result.numbers.checks:
        lines += ["", "## Numbers", "", "| field | number | verdict | why | article figures (span) |",
                  "|---|---|---|---|---|"]
        for row in report_rows(result.numbers):
            path, text, verdict, why, shown = (cell.replace("|", "\\|") for cell in row)
            lines.append(f"| {path} | {text} | {'**unsupported**' if verdict == 'unsupported' else verdict} "
                         f"| {why} | {shown} |")
    lines += ["", f"_{_numbers_line(result)}; model {result.model}; {result.usage.llm_calls} call(s); "
              f"{result.elapsed_seconds:.1f} s_"]
    return "\n".join(lines) + "\n"


def report_rows(report: NumberReport) -> list[tuple[str, str, str, str, str]]:
    """A row per checked number: field, number, verdict, why, and the supporting article
    figures (the nearest ones for an unsupported number), each with its span."""
    return [(check.path, check.text, check.verdict, check.explanation,
             ", ".join(f"{f.text} ({f.start}-{f.end})" for f in check.sources or check.nearest))
            for check in report.checks]


def print_text(result: SummaryResult, console: Any) -> None:
    """Print the result for a person at a terminal (``console`` is a rich Console)."""
    from rich.markdown import Markdown

    console.print(Markdown(to_markdown(result)))


def render(result: SummaryResult, fmt: Format) -> str:
    """The result as a string in ``fmt`` (``text`` is Markdown without a terminal)."""
    if fmt == "json":
        return to_json(result)
    return to_markdown(result)
