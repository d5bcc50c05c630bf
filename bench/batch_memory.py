"""Peak RSS of a large batch from JSONL: is memory flat in the number of articles?

Writes a synthetic JSONL of ``--articles`` records to a temporary directory (real eval
articles repeated with distinct ids; nothing is written into the repository), then runs
``run_batch`` with the real ``Summarizer`` against a zero-latency fake server in its own
process, printing this process's resident set size (current and peak, from
/proc/self/status) at each checkpoint, beside that of its number-check process
(``summarize.checker``, started by ``run_batch`` at concurrency above 1), and the rate.

    python bench/batch_memory.py [--articles 100000] [--checkpoints 10000,50000,100000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path

from summarize.batch import BatchStats, iter_inputs, run_batch
from summarize.fake_server import serve_process
from summarize.pipeline import Summarizer

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "articles_frank.jsonl"


def rss_mb(pid: str = "self") -> tuple[float, float]:
    """(current, peak) resident set size of a process (this one by default) in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def checker_rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size of this process's number-check child in MB (0 if none)."""
    for entry in Path("/proc").iterdir():
        try:
            if (entry.name.isdigit() and b"summarize.checker" in (entry / "cmdline").read_bytes()
                    and (entry / "stat").read_text().rsplit(")", 1)[1].split()[1] == str(os.getpid())):
                return rss_mb(entry.name)
        except OSError:
            continue
    return 0.0, 0.0


class Checkpoints:
    """A progress sink that prints RSS when the article count passes each checkpoint."""

    def __init__(self, marks: list[int]) -> None:
        self.marks = sorted(marks)
        self.started = time.perf_counter()

    def advance(self, stats: BatchStats) -> None:
        if self.marks and stats.articles >= self.marks[0]:
            self.marks.pop(0)
            current, peak = rss_mb()
            child, child_peak = checker_rss_mb()
            elapsed = time.perf_counter() - self.started
            print(f"{stats.articles:>8} articles  {elapsed:7.1f} s  {stats.articles / elapsed:6.1f}/s  "
                  f"RSS {current:6.1f} MB  peak {peak:6.1f} MB  checker RSS {child:5.1f} MB  peak {child_peak:5.1f} MB",
                  flush=True)

    def note(self, message: str) -> None:
        print(message)


async def run(inputs: Path, out: Path, url: str, concurrency: int, marks: list[int]) -> BatchStats:
    summarizer = Summarizer(base_url=url, model="fake", api_key="sk-bench-not-a-key", max_transport_retries=0)
    try:
        return await run_batch(iter_inputs([inputs]), summarizer, out, concurrency=concurrency,
                               progress=Checkpoints(marks))
    finally:
        await summarizer.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--checkpoints", default="1000,10000,50000,100000")
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    texts = [json.loads(line)["article"] for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in.jsonl"
        with inputs.open("w", encoding="utf-8") as handle:
            for i in range(args.articles):
                handle.write(json.dumps({"id": f"mem-{i}", "text": texts[i % len(texts)]}) + "\n")
        del texts
        print(f"input {inputs.stat().st_size / 1e6:.0f} MB, {args.articles} articles, "
              f"concurrency {args.concurrency}; RSS before the run {rss_mb()[0]:.1f} MB", flush=True)
        marks = [int(x) for x in args.checkpoints.split(",") if int(x) <= args.articles]
        with serve_process(latency=0.0) as url:
            stats = asyncio.run(run(inputs, Path(tmp) / "out.jsonl", url, args.concurrency, marks))
        print(f"done: {stats.succeeded} ok, {stats.failures} failed in {stats.wall_seconds:.0f} s "
              f"({stats.articles / stats.wall_seconds:.1f}/s); peak RSS {rss_mb()[1]:.1f} MB")


if __name__ == "__main__":
    main()
