"""``summarize figures`` and ``summarize check``: the number tools, for people.

Both print a rich table on a terminal and JSON when piped. Errors are ``SummarizeError``
and propagate: the CLI group maps them to an exit code and one line on stderr.
``check`` exits 3 when a number of the summary is unsupported by the article.
``check --pairs`` checks a JSONL file of pairs (``summarize.pair_checks``), writing one
JSON line per pair and a count on stderr; it exits 2 when a line could not be checked,
else 3 when a number is unsupported.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from summarize.article import Article, decode, load_source
from summarize.errors import InputError
from summarize.figures import Figure, find_figures
from summarize.grounding import NumberReport, check_numbers
from summarize.number_format import figure_value
from summarize.output import report_rows
from summarize.pair_checks import check_pairs, summary_object
from summarize.schema import ArticleSummary

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["check_command", "figure_rows", "figures_command"]

UNSUPPORTED_EXIT = 3


@click.command("figures")
@click.argument("path", metavar="PATH")
def figures_command(path: str) -> None:
    """List the figures found in an article: PATH is a file, '-' for stdin, or an http(s) URL."""
    figures = find_figures(_article(path).text)
    if not sys.stdout.isatty():
        click.echo(json.dumps([f.model_dump(mode="json") for f in figures], ensure_ascii=False, indent=2))
        return
    _print_figures(figures)


@click.command("check")
@click.option("--summary", "summary_path", type=click.Path(path_type=Path, allow_dash=True),
              help="Plain text, ArticleSummary JSON, a result JSON with a 'summary' key, or any other "
                   "JSON (its strings are checked by path); '-' for stdin.")
@click.option("--pairs", type=click.File("rb"),
              help="Instead of --summary and PATH: a JSONL file ('-' for stdin), one "
                   '{"id", "article", "summary", "article_date"?} per line; prints one report per line.')
@click.option("-o", "--out", type=click.File("w", encoding="utf-8", atomic=True),
              help="With --pairs: write the reports to this JSONL file, not stdout.")
@click.option("--processes", "-p", type=click.IntRange(1, 64), default=1, show_default=True,
              help="With --pairs: worker processes checking the pairs (one core each).")
@click.argument("path", metavar="PATH", required=False)
def check_command(summary_path: Path | None, pairs: IO[bytes] | None, out: IO[str] | None, processes: int,
                  path: str | None) -> None:
    """Check every number of a summary against an article; exit 3 if unsupported. PATH is
    a file, '-' for stdin, or an http(s) URL.

    With --pairs, check many summaries, each against its own article.
    """
    if pairs is not None:
        if summary_path is not None or path is not None:
            raise click.UsageError("give either --pairs, or --summary and PATH")
        stream: IO[str] = out if out is not None else sys.stdout
        code = _check_pairs(pairs, stream, processes)
        raise click.exceptions.Exit(code)
    if summary_path is None or path is None:
        raise click.UsageError("give --summary and the article's PATH (or --pairs FILE)")
    if out is not None or processes != 1:
        raise click.UsageError("--out and --processes go with --pairs")
    if str(summary_path) == "-" and path == "-":
        raise click.UsageError("stdin holds one of them: give the summary or the article as a file")
    summary = read_summary(summary_path)
    article = _article(path)
    report = check_numbers(summary, article.text, article_date=article.date)
    if sys.stdout.isatty():
        _print_report(report)
    else:
        click.echo(report.model_dump_json(indent=2))
    if not report.ok:
        raise click.exceptions.Exit(UNSUPPORTED_EXIT)


def _article(source: str) -> Article:
    """The article as ``summarize run`` reads it: a file (an .html one's main text), '-' for
    stdin, or an http(s) URL, fetched and extracted."""
    return load_source(source, stdin=sys.stdin.buffer.read() if source == "-" else None)


# A line on stderr this often during ``check --pairs`` (100,000 pairs take a minute or more).
PROGRESS_EVERY = 5.0


def _check_pairs(pairs: IO[bytes], out: IO[str], processes: int = 1) -> int:
    """Write a report line per pair and the counts to stderr; the exit code."""
    start = last = time.perf_counter()
    checked = unsupported = failed = 0
    verdicts = dict.fromkeys(("supported", "approximate", "derived", "unsupported"), 0)
    name = getattr(pairs, "name", None)
    source = name if isinstance(name, str) else "pairs"
    for result in check_pairs(pairs, source=source, processes=processes):
        out.write(result.to_json() + "\n")
        if (now := time.perf_counter()) - last >= PROGRESS_EVERY:
            last = now
            click.echo(f"check: {checked + failed + 1:,} pairs, line {result.line:,}, "
                       f"{(checked + failed + 1) / (now - start):,.0f}/s", err=True)
        if result.error is not None:
            failed += 1
            click.echo(result.error, err=True)
            continue
        checked += 1
        unsupported += not result.ok
        for verdict, count in result.counts.items():  # not result.report: a worker's is read on first use
            verdicts[verdict] += count
    out.flush()
    seconds = time.perf_counter() - start
    numbers = ", ".join(f"{verdict} {count}" for verdict, count in verdicts.items())
    click.echo(f"{checked} pairs checked, {unsupported} with an unsupported number, {failed} not checked; "
               f"numbers: {numbers}; {seconds:.2f} s", err=True)
    return InputError.exit_code if failed else UNSUPPORTED_EXIT if unsupported else 0


def read_summary(path: Path) -> ArticleSummary | str | dict[str, str]:
    """A summary file ('-': stdin): ArticleSummary JSON, a result with a 'summary' key, the
    JSON of a summary in any other schema (its strings by path), or plain text."""
    try:
        given = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None
    raw = decode(given, source=str(path))  # as an article is: no BOM, a bad byte named
    if not raw.strip():  # a model that wrote nothing: no number to fail, but no summary either
        raise InputError("the summary is empty or only whitespace", source=str(path))
    try:
        data: Any = json.loads(raw)
    except ValueError:
        return raw  # not JSON: a plain-text summary
    if not isinstance(data, dict | list):  # a JSON string is the summary; any other value, its text ('42')
        return data if isinstance(data, str) else raw
    try:
        return summary_object(data)
    except InputError as exc:
        raise InputError(exc.reason, source=str(path)) from None


def figure_rows(figures: list[Figure]) -> list[tuple[str, ...]]:
    """The rows of the ``figures`` table: span, text, value (by kind, see
    ``summarize.number_format.figure_value``), kind, unit, noun, hedge."""
    return [(f"{f.start}-{f.end}", f.text, figure_value(f.kind, f.value, f.high, f.unit), f.kind, f.unit or "",
             f.noun or "", f.hedge or "") for f in figures]


def _print_figures(figures: list[Figure], console: Console | None = None) -> None:
    from rich.console import Console  # lazily: keeps `summarize --help` fast
    from rich.table import Table

    table = Table("span", "text", "value", "kind", "unit", "noun", "hedge")
    for row in figure_rows(figures):
        table.add_row(*row)
    (console or Console()).print(table)


def _print_report(report: NumberReport, console: Console | None = None) -> None:
    from rich.console import Console  # lazily: keeps `summarize --help` fast
    from rich.table import Table

    colours = {"supported": "green", "approximate": "cyan", "derived": "blue", "unsupported": "bold red"}
    table = Table("field", "number", "verdict", "why", "article figures (span)")
    for path, text, verdict, why, shown in report_rows(report):
        table.add_row(path, text, f"[{colours[verdict]}]{verdict}[/]", why, shown)
    console = console or Console()
    console.print(table)
    console.print(", ".join(f"{verdict}: {count}" for verdict, count in report.counts.items()))
