"""``summarize figures`` and ``summarize check``: the number tools, for people.

Both print a rich table on a terminal and JSON when piped. Errors are ``SummarizeError``
and propagate: the CLI group maps them to an exit code and one line on stderr.
``check`` exits 3 when a number of the summary is unsupported by the article.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from summarize.article import load_article
from summarize.errors import InputError
from summarize.figures import Figure, find_figures
from summarize.grounding import NumberReport, check_numbers
from summarize.schema import ArticleSummary

__all__ = ["check_command", "figures_command"]

UNSUPPORTED_EXIT = 3


@click.command("figures")
@click.argument("path", type=click.Path(path_type=Path))
def figures_command(path: Path) -> None:
    """List the figures found in the article at PATH."""
    figures = find_figures(load_article(path).text)
    if not sys.stdout.isatty():
        click.echo(json.dumps([f.model_dump(mode="json") for f in figures], ensure_ascii=False, indent=2))
        return
    _print_figures(figures)


@click.command("check")
@click.option("--summary", "summary_path", required=True, type=click.Path(path_type=Path),
              help="Plain text, ArticleSummary JSON, or a result JSON with a 'summary' key.")
@click.argument("path", type=click.Path(path_type=Path))
def check_command(summary_path: Path, path: Path) -> None:
    """Check every number of a summary against the article at PATH; exit 3 if unsupported."""
    article = load_article(path)
    report = check_numbers(read_summary(summary_path), article.text, article_date=article.date)
    if sys.stdout.isatty():
        _print_report(report)
    else:
        click.echo(report.model_dump_json(indent=2))
    if not report.ok:
        raise click.exceptions.Exit(UNSUPPORTED_EXIT)


def read_summary(path: Path) -> ArticleSummary | str:
    """A summary file: ArticleSummary JSON, a result with a 'summary' key, or plain text."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=str(path)) from None
    try:
        data: Any = json.loads(raw)
    except ValueError:
        return raw  # not JSON: a plain-text summary
    if isinstance(data, dict) and isinstance(data.get("summary"), dict):
        data = data["summary"]  # a SummaryResult
    if not isinstance(data, dict):
        return data if isinstance(data, str) else raw
    try:
        return ArticleSummary.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"not an ArticleSummary: {exc.errors()[0]['msg']}", source=str(path)) from None


def _print_figures(figures: list[Figure]) -> None:
    from rich.console import Console  # lazily: keeps `summarize --help` fast
    from rich.table import Table

    table = Table("span", "text", "value", "kind", "unit", "noun", "hedge")
    for f in figures:
        value = f"{f.value:,g}" + (f"–{f.high:,g}" if f.high is not None else "")
        table.add_row(f"{f.start}-{f.end}", f.text, value, f.kind, f.unit or "", f.noun or "", f.hedge or "")
    Console().print(table)


def _print_report(report: NumberReport) -> None:
    from rich.console import Console  # lazily: keeps `summarize --help` fast
    from rich.table import Table

    colours = {"supported": "green", "approximate": "cyan", "derived": "blue", "unsupported": "bold red"}
    table = Table("field", "number", "verdict", "why", "source / nearest")
    for check in report.checks:
        shown = check.sources or check.nearest
        table.add_row(check.path, check.text, f"[{colours[check.verdict]}]{check.verdict}[/]",
                      check.explanation, ", ".join(f.text for f in shown))
    console = Console()
    console.print(table)
    console.print(", ".join(f"{verdict}: {count}" for verdict, count in report.counts.items()))
