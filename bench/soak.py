"""Soak: a long batch against a fake server that answers a share of requests with random faults.

Builds ``--articles`` distinct short articles from sentences of the eval set (read at run
time, written only to a temporary directory), and runs ``run_batch`` with the real
``Summarizer`` against ``python -m summarize.fake_server --fault-rate R --seed S`` in its own
process, which gives that share of requests a fault drawn from every kind it knows
(``summarize.fake_server.FAULTS``: 429s, 5xx, timeouts, resets, non-JSON bodies, invalid or
truncated content, refusals, empty choices, raw newlines). Then it checks that

- every article has exactly one output line;
- no article cost more requests than its budgets allow, counted on the server by a hash of
  the article: (1 + max_transport_retries) x (1 + max_reasks);
- memory stays flat (this process's RSS at checkpoints).

    python bench/soak.py [--articles 10000] [--concurrency 32] [--fault-rate 0.05] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

from summarize.batch import BatchStats, iter_inputs, run_batch
from summarize.fake_server import serve_process
from summarize.pipeline import Summarizer

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "articles_frank.jsonl"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def rss_mb() -> float:
    """This process's resident set size in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def sentences() -> list[str]:
    """Distinct sentences of 6 to 40 words from the eval articles."""
    found: dict[str, None] = {}
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        if line.strip():
            for sentence in _SENTENCE_END.split(" ".join(json.loads(line)["article"].split())):
                if 6 <= len(sentence.split()) <= 40:
                    found[sentence] = None
    return list(found)


def write_articles(path: Path, count: int, seed: int) -> None:
    """``count`` distinct articles of 3 to 6 random sentences each, as JSONL."""
    pool = sentences()
    rng = random.Random(seed)
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as out:
        while len(seen) < count:
            text = " ".join(rng.sample(pool, rng.randint(3, 6)))
            if text not in seen:
                seen.add(text)
                out.write(json.dumps({"id": f"soak-{len(seen) - 1}", "text": text}) + "\n")


def fetch(url: str) -> Any:
    """GET a JSON document from the fake server, bypassing any proxy in the environment."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=30) as response:
        return json.loads(response.read())


class Checkpoints:
    """A progress sink recording RSS and rate each time ``every`` more articles are done."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.next = every
        self.started = time.perf_counter()
        self.rows: list[tuple[int, float, float]] = []

    def advance(self, stats: BatchStats) -> None:
        if stats.articles >= self.next:
            self.next += self.every
            elapsed = time.perf_counter() - self.started
            self.rows.append((stats.articles, elapsed, rss_mb()))
            print(f"  {stats.articles:>7} articles  {elapsed:7.1f} s  {stats.articles / elapsed:6.1f}/s  "
                  f"RSS {self.rows[-1][2]:6.1f} MB  failed {stats.failures}", flush=True)

    def note(self, message: str) -> None:
        print(f"  note: {message}", flush=True)


async def run(inputs: Path, out: Path, url: str, args: argparse.Namespace, progress: Checkpoints) -> BatchStats:
    summarizer = Summarizer(base_url=url, model="fake", api_key="sk-soak-not-a-key",
                            max_transport_retries=args.retries, max_reasks=args.reasks, timeout=args.timeout,
                            transport_deadline=args.deadline)
    try:
        return await run_batch(iter_inputs([inputs]), summarizer, out, concurrency=args.concurrency,
                               progress=progress)
    finally:
        await summarizer.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--fault-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--retries", type=int, default=2, help="max_transport_retries")
    parser.add_argument("--reasks", type=int, default=1, help="max_reasks")
    parser.add_argument("--timeout", type=float, default=1.0, help="per request; the timeout fault hangs twice this")
    parser.add_argument("--deadline", type=float, default=30.0, help="transport_deadline")
    parser.add_argument("--every", type=int, default=1000, help="articles between RSS checkpoints")
    args = parser.parse_args()
    bound = (1 + args.retries) * (1 + args.reasks)
    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        write_articles(inputs, args.articles, args.seed)
        print(f"soak: {args.articles} articles, concurrency {args.concurrency}, fault rate {args.fault_rate}, "
              f"seed {args.seed}, retries {args.retries}, re-asks {args.reasks} (bound {bound} requests/article), "
              f"timeout {args.timeout} s; RSS before {rss_mb():.1f} MB", flush=True)
        with serve_process(latency=args.latency, fault_rate=args.fault_rate, seed=args.seed,
                           hang=2 * args.timeout) as url:
            progress = Checkpoints(args.every)
            started = time.perf_counter()
            stats = asyncio.run(run(inputs, out, url, args, progress))
            wall = time.perf_counter() - started
            root = url.removesuffix("/v1")
            server, per_article = fetch(f"{root}/_fake/stats"), fetch(f"{root}/_fake/articles")
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        expected = {json.loads(line)["id"] for line in inputs.read_text(encoding="utf-8").splitlines()}
    ids = Counter(line["id"] for line in lines)
    failed = Counter(line["error"]["type"] for line in lines if not line["ok"])
    most = max(per_article.values(), default=0)
    histogram = Counter(per_article.values())
    rss = [row[2] for row in progress.rows]
    print()
    print(f"articles                {args.articles}")
    print(f"output lines            {len(lines)} ({len(ids)} distinct ids, {sum(n > 1 for n in ids.values())} "
          f"ids twice, {len(expected - set(ids))} missing)")
    print(f"ok                      {sum(line['ok'] for line in lines)}")
    print(f"failed by type          {dict(failed) or 0}")
    print(f"requests                {server['requests']} ({server['requests'] / args.articles:.3f} per article)")
    print(f"faults served           {sum(server['faults'].values())}: {dict(sorted(server['faults'].items()))}")
    print(f"articles on the server  {len(per_article)}")
    print(f"requests per article    {dict(sorted(histogram.items()))}")
    print(f"max requests/article    {most} (bound {bound})")
    print(f"wall time               {wall:.1f} s ({args.articles / wall:.1f} articles/s)")
    print(f"RSS at checkpoints MB   {', '.join(f'{r:.0f}' for r in rss)}")
    if len(rss) >= 3:
        print(f"RSS growth after 1st    {rss[-1] - rss[0]:+.1f} MB")
    checks = {
        "one line per article": len(lines) == len(ids) == len(expected) and set(ids) == expected,
        "requests within bound": most <= bound,
        "every article reached the server": len(per_article) == args.articles,
        "batch totals match the lines": stats.articles == len(lines) and dict(stats.failed) == dict(failed),
    }
    for name, passed in checks.items():
        print(f"check: {name:34} {'ok' if passed else 'FAILED'}")
    if not all(checks.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
