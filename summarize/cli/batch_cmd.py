"""``summarize batch``: many articles to one JSONL file, resumable, with progress.

An adapter over ``summarize.batch``: it builds the summarizer, shows progress (a rich bar
on a terminal, a log line every few seconds otherwise), prints the closing table and
turns the totals into the exit code. Heavy modules are imported inside the command.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from summarize.cli.options import cassette_options, model_options, recording, settings_from

if TYPE_CHECKING:
    from summarize.batch import BatchStats

__all__ = ["batch_command"]

EPILOG = """
\b
Each article gets one line: {"id", "source", "ok", "result", "error"}.
Run the same command again to resume; add --retry-failed to re-run failures.
Replay a recorded batch offline and compare (timings left out, input order):
  summarize batch in.jsonl --out a.jsonl --cassette c.yaml --record-mode once
  summarize batch in.jsonl --out b.jsonl --cassette c.yaml --no-timings --ordered
\b
Exit codes: 0 all succeeded (or --allow-failures), 1 model or transport failure,
2 bad usage or bad input, 3 numbers not grounded under --strict.
"""


def _status(stats: BatchStats) -> str:
    return f"ok {stats.succeeded}  failed {stats.failures}  ungrounded {stats.ungrounded}"


class _LogProgress:
    """Plain progress lines on stderr every ``every`` seconds, for logs and pipes."""

    def __init__(self, total: int, every: float = 5.0) -> None:
        self.total = total
        self.every = every
        self.started = time.monotonic()
        self.last = self.started

    def advance(self, stats: BatchStats) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.line(stats)

    def line(self, stats: BatchStats) -> None:
        seen = stats.articles + stats.skipped + stats.duplicates
        rate = stats.articles / max(time.monotonic() - self.started, 1e-9)
        eta = f"{(self.total - seen) / rate:.0f}s" if rate > 0 and self.total >= seen else "?"
        click.echo(f"batch: {seen}/{self.total}  {rate:.1f}/s  ETA {eta}  {_status(stats)}", err=True)

    def note(self, message: str) -> None:
        click.echo(f"batch: {message}", err=True)


class _BarProgress:
    """A rich progress bar with rate, ETA and the ok / failed / ungrounded counts."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("batch"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
            TextColumn("{task.fields[status]}"), console=Console(stderr=True),
        )
        self.task = self.bar.add_task("batch", total=total or None, rate="", status="")
        self.started = time.monotonic()

    def advance(self, stats: BatchStats) -> None:
        rate = stats.articles / max(time.monotonic() - self.started, 1e-9)
        seen = stats.articles + stats.skipped + stats.duplicates
        self.bar.update(self.task, completed=seen, rate=f"{rate:.1f}/s", status=_status(stats))

    def note(self, message: str) -> None:
        self.bar.console.print(f"batch: {message}", markup=False, highlight=False)


def _table(stats: BatchStats) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="batch", show_header=False)
    rows: list[tuple[str, str]] = [
        ("articles", str(stats.articles)),
        ("succeeded", str(stats.succeeded)),
        ("failed", str(stats.failures)),
        *((f"  {kind}", str(n)) for kind, n in sorted(stats.failed.items())),
        ("numbers flagged", f"{stats.numbers_flagged} in {stats.ungrounded} articles"),
        ("skipped (done before)", str(stats.skipped)),
        ("duplicates", str(stats.duplicates)),
        ("tokens", f"{stats.prompt_tokens + stats.completion_tokens} "
                   f"({stats.prompt_tokens} prompt, {stats.completion_tokens} completion)"),
        ("LLM calls", str(stats.llm_calls)),
        ("wall time", f"{stats.wall_seconds:.1f}s"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    Console(stderr=True).print(table)


@click.command("batch", epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "-o", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The results file (JSONL), appended to and resumed from.")
@click.option("--concurrency", "-c", type=click.IntRange(1, 4096), default=8, show_default=True,
              help="Requests to the model in flight at once (the server's load); checking "
              "answers and writing lines do not hold one.")
@click.option("--processes", "-p", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for the summaries, for batches faster than one process's CPU "
              "(about 200 articles/s); needs a model server and no --cassette.")
@click.option("--retry-failed", is_flag=True, help="Re-run the articles whose lines in --out are failures.")
@click.option("--allow-failures", is_flag=True, help="Exit 0 even if some articles failed.")
@model_options
@cassette_options
@click.option("--no-timings", is_flag=True, help="Leave elapsed_seconds out, for comparable results.")
@click.option("--ordered", is_flag=True, help="Write lines in input order (a slow article holds back later ones).")
@click.option("--fsync-every", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between fsyncs of the results file; 0 syncs every line.")
def batch_command(inputs: tuple[Path, ...], out: Path, concurrency: int, processes: int, retry_failed: bool,
                  allow_failures: bool, cassette: str | None, record_mode: str, no_timings: bool, ordered: bool,
                  fsync_every: float, **options: Any) -> None:
    """Summarize many articles into one JSONL file, one line per article.

    INPUTS are directories (*.txt, *.md, *.html, recursively), article files, or JSONL
    files with one {"id", "text", "title"?, "date"?, "url"?} object per line.
    """
    import asyncio
    from contextlib import nullcontext

    from summarize.batch import count_inputs, iter_inputs, run_batch
    from summarize.inputs import ARTICLE_SUFFIXES
    from summarize.pipeline import Summarizer

    summarizer = Summarizer(**settings_from(options))  # ConfigError: exit 2 via cli.main
    if processes > 1 and summarizer.settings.base_url is None:
        raise click.UsageError("--processes needs a model server (--base-url or OPENAI_BASE_URL): "
                               "the local model answers one request at a time")
    if processes > 1 and cassette:
        raise click.UsageError("--processes needs to run without --cassette: a cassette is recorded "
                               "and replayed by one process")
    total = count_inputs(inputs)
    if total == 0:
        from summarize.errors import InputError

        suffixes = ", ".join(f"*{s}" for s in sorted(ARTICLE_SUFFIXES))
        raise InputError(f"no articles found (looked for {suffixes} and JSONL lines)",
                         source=", ".join(map(str, inputs)))
    progress: _BarProgress | _LogProgress = _BarProgress(total) if sys.stderr.isatty() else _LogProgress(total)

    async def go() -> BatchStats:
        try:
            return await run_batch(iter_inputs(inputs), summarizer, out, concurrency=concurrency,
                                   retry_failed=retry_failed, progress=progress, timings=not no_timings,
                                   ordered=ordered, fsync_interval=fsync_every, processes=processes)
        finally:
            await summarizer.aclose()

    cassette_context = recording(cassette, record_mode, summarizer.settings)
    bar = progress.bar if isinstance(progress, _BarProgress) else nullcontext()
    try:
        with cassette_context, bar:
            stats = asyncio.run(go())
    except KeyboardInterrupt:
        click.echo(f"batch: interrupted; finished lines are in {out}. Run the same command again to resume.",
                   err=True)
        sys.exit(130)
    if isinstance(progress, _LogProgress):
        progress.line(stats)
    _table(stats)
    sys.exit(0 if allow_failures else stats.exit_code)
