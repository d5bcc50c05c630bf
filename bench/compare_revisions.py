"""Batch throughput of two revisions of this package, paired: which is faster on this machine now.

The machines are noisy (the same code measured 0.78 and 0.84 of the ideal an hour apart),
so comparing against a figure from another run says little. This script runs
``run_batch`` at one concurrency against the fake server at 100 ms, alternating the
working tree and ``--base`` (a git revision, extracted with ``git archive`` into a
temporary directory) round by round, each run in a fresh process with that tree first on
``sys.path`` (its fake server too, since ``serve_process`` inherits ``PYTHONPATH``). Each
process runs one warm-up batch and then the measured one. Prints each run's share of the
ideal (concurrency / latency), the medians, and the paired differences (working tree
minus base), whose median is the figure to quote; and the CPU time the batch's own
process spent per article, with the paired ratio, which varies far less from run to run
than the share and shows a change too small for the share to resolve.

    python bench/compare_revisions.py --base HEAD~1 [--rounds 6] [--concurrency 32] [--articles 1000]

The base revision's ``run_batch`` must take the arguments this script's ``one_run``
passes (``bench/batch_concurrency.py`` of the working tree): revisions from the
``check_process`` option on.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import asyncio, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {bench!r})
import batch_concurrency as bc
from summarize.fake_server import serve_process

async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        inputs = bc.write_inputs(Path(tmp) / "in.jsonl", {articles})
        with serve_process(latency=0.1) as url:
            await bc.one_run(inputs, Path(tmp) / "out.jsonl", url, {concurrency})  # warm-up
            cpu = time.process_time()
            run = await bc.one_run(inputs, Path(tmp) / "out.jsonl", url, {concurrency})
            cpu = time.process_time() - cpu
            print({articles} / run.elapsed / ({concurrency} / 0.1), cpu * 1000 / {articles})

asyncio.run(main())
"""


def share(tree: Path, articles: int, concurrency: int) -> tuple[float, float]:
    """One measured batch with ``tree``'s package: its share of the ideal, and the CPU
    milliseconds per article of the batch's own process (not the checker's or the server's)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    code = CHILD.format(bench=str(ROOT / "bench"), articles=articles, concurrency=concurrency)
    done = subprocess.run([sys.executable, "-c", code], cwd=tree, env=env, capture_output=True, text=True,
                          check=True)
    ideal, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(ideal), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the git revision to compare the working tree with")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        archive = subprocess.run(["git", "archive", args.base], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        shares: dict[str, list[float]] = {"base": [], "tree": []}
        cpus: dict[str, list[float]] = {"base": [], "tree": []}
        for n in range(args.rounds):
            order = ("base", "tree") if n % 2 == 0 else ("tree", "base")  # neither always goes first
            for name in order:
                ideal, cpu = share(base if name == "base" else ROOT, args.articles, args.concurrency)
                shares[name].append(ideal)
                cpus[name].append(cpu)
            print(f"round {n + 1}: base {shares['base'][-1]:.3f} ({cpus['base'][-1]:.2f} cpu ms)  "
                  f"tree {shares['tree'][-1]:.3f} ({cpus['tree'][-1]:.2f} cpu ms)", flush=True)
    diffs = [t - b for b, t in zip(shares["base"], shares["tree"], strict=True)]
    ratios = [t / b for b, t in zip(cpus["base"], cpus["tree"], strict=True)]
    print(f"\nconcurrency {args.concurrency}, {args.articles} articles, fake server at 100 ms, {args.rounds} rounds")
    print(f"base {args.base}: median {statistics.median(shares['base']):.3f}")
    print(f"working tree: median {statistics.median(shares['tree']):.3f}")
    print(f"paired (tree - base): median {statistics.median(diffs):+.3f}; "
          f"{sum(d > 0 for d in diffs)} of {len(diffs)} rounds faster")
    print(f"cpu ms per article in the batch's process: base {statistics.median(cpus['base']):.2f}, "
          f"tree {statistics.median(cpus['tree']):.2f}; paired ratio (tree / base): median "
          f"{statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
