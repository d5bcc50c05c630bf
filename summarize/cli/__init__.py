"""The command line: a thin adapter over the library.

It parses arguments, calls the library and maps ``SummarizeError`` to exit codes:

====  ==========================================================
code  meaning
====  ==========================================================
0     success
1     model or transport failure (``LLMError``, ``ValidationFailed``, ``ModelError``)
2     bad usage or bad input (``ConfigError``, ``InputError``, click usage errors)
3     numbers not grounded in the article under ``--strict`` (``UngroundedNumbers``)
====  ==========================================================

Errors are one line on stderr; ``--debug`` adds the traceback. Heavy modules (openai,
instructor, rich) are imported inside commands so ``summarize --help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from summarize import __version__
from summarize.cli.options import cassette_options, model_options, recording, settings_from
from summarize.errors import SummarizeError

__all__ = ["cli", "main"]

EXAMPLES = """
\b
Examples:
  summarize seeds/000_0b078e7ce2398037.txt        # local model, text on a terminal
  summarize article.txt --format json > out.json
  cat article.txt | summarize -
  summarize https://example.com/news/story.html
  OPENAI_BASE_URL=https://api.openai.com/v1 OPENAI_API_KEY=sk-... summarize article.txt
  summarize batch articles/ --out results.jsonl --concurrency 8
  summarize figures article.txt
  summarize check --summary summary.txt article.txt
  summarize check --pairs pairs.jsonl -o reports.jsonl   # many summaries
  summarize schema
  eval "$(_SUMMARIZE_COMPLETE=bash_source summarize)"   # completion; zsh_source, fish_source
"""


# Commands in their own modules, imported only when used: name -> (module, attribute, help line).
_LAZY = {
    "batch": ("summarize.cli.batch_cmd", "batch_command", "Summarize many articles into one JSONL file."),
    "check": ("summarize.cli.figures_cmd", "check_command", "Check the numbers of any summary against an article."),
    "figures": ("summarize.cli.figures_cmd", "figures_command", "List the figures found in an article."),
}


class DefaultGroup(click.Group):
    """A group whose first argument, when it is not a command, goes to ``run``.

    Commands listed in ``_LAZY`` are imported on first use, so ``--help`` does not pay
    for pydantic, rich or trafilatura.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = next((a for a in args if not a.startswith("-") or a == "-"), None)
        wants_help = not args or args[0] in {"--help", "-h", "--version"}
        if first is not None and first not in self.list_commands(ctx) and not wants_help:
            args = ["run", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*self.commands, *_LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _LAZY and name not in self.commands:
            import importlib

            module, attribute, _help = _LAZY[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return self.commands.get(name)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[Any]:
        """Commands, and for an option the options of ``run`` too: ``summarize --for<TAB>``."""
        found = super().shell_complete(ctx, incomplete)
        run = self.commands.get("run")
        if incomplete.startswith("-") and run is not None:
            known = {item.value for item in found}
            found += [item for item in run.shell_complete(ctx, incomplete) if item.value not in known]
        return found

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, _LAZY[name][2] if name in _LAZY else self.commands[name].get_short_help_str(60))
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=DefaultGroup, epilog=EXAMPLES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summarize")
def cli() -> None:
    """Structured, validated summaries of news articles, with every number checked.

    Give article paths, '-' for stdin, or http(s) URLs. With no configuration the
    embedded local model runs on the CPU; set OPENAI_BASE_URL to use another server.
    """


@cli.command("run", epilog=EXAMPLES)
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default=None,
              help="Output format. Default: text on a terminal, JSON when piped.")
@model_options
@cassette_options
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def run_command(sources: tuple[str, ...], fmt: str | None, cassette: str | None, record_mode: str,
                debug: bool, **options: Any) -> None:
    """Summarize articles: paths, '-' for stdin, or http(s) URLs."""

    from summarize.article import load_source
    from summarize.output import print_text, render, to_json
    from summarize.pipeline import Summarizer

    fmt = fmt or ("text" if sys.stdout.isatty() else "json")
    worst = 0
    stdin = sys.stdin.buffer.read() if "-" in sources else None
    summarizer = Summarizer(**settings_from(options))
    with summarizer, recording(cassette, record_mode, summarizer.settings):
        for source in sources:
            try:
                result = summarizer.summarize(load_source(source, stdin=stdin))
            except SummarizeError as exc:
                worst = max(worst, exc.exit_code)
                report_error(exc, debug)
                if getattr(exc, "result", None) is None:
                    continue
                result = exc.result  # type: ignore[attr-defined]
            if fmt == "text":
                from rich.console import Console

                print_text(result, Console())
            elif fmt == "json" and len(sources) > 1:
                click.echo(to_json(result, indent=None))
            else:
                click.echo(render(result, fmt))  # type: ignore[arg-type]
    sys.exit(worst)


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the summary the model must produce."""
    import json

    from summarize.schema import ArticleSummary

    click.echo(json.dumps(ArticleSummary.model_json_schema(), indent=2))


def report_error(exc: SummarizeError, debug: bool) -> None:
    """One line on stderr (plus the traceback with --debug)."""
    if debug:
        import traceback

        traceback.print_exception(exc)
    click.echo(f"summarize: error: {type(exc).__name__}: {exc}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, mapping library errors to exit codes."""
    debug = "--debug" in (argv if argv is not None else sys.argv)
    try:
        cli.main(args=argv, prog_name="summarize", standalone_mode=True)
    except SummarizeError as exc:
        report_error(exc, debug)
        sys.exit(exc.exit_code)
