"""Speed of find_figures + check_numbers per article, beside quantulum3, in one run.

    python bench/figures_speed.py [EVAL_DIR] [--repeat N]
    python bench/figures_speed.py [EVAL_DIR] --against DIR [--rounds R] [--repeat N]

Uses articles_frank.jsonl (article and reference summary); one core; medians of N runs.

When the mypyc build exists (``make compiled`` writes it to build/compiled; or name one with
``--compiled DIR``), find + check is also timed on it beside this checkout's plain Python:
R rounds of one process each, in turn, best of N passes in CPU time, and the ratio.

``--against DIR`` compares this checkout with another copy of the package (DIR holds a
``summarize/`` folder, e.g. a copy taken before a change) on a shared, busy machine: R
rounds, each timing one process per side in turn, best of N passes in CPU time; it prints
articles per second per round and the ratio of the bests. Only find + check is timed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize.figures import find_figures  # noqa: E402
from summarize.grounding import check_numbers  # noqa: E402


def timed(work: list[tuple[str, str]], run: object, repeat: int) -> float:
    """Median seconds for one pass over ``work``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for article, summary in work:
            run(article, summary)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Run in a child process with the package under test first on sys.path: prints the best
# articles per second of find + check over REPEAT passes, in CPU time (less disturbed
# than wall time by other work on the machine).
_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from summarize.grounding import check_numbers
work = [(r["article"], r["reference_summary"] or "") for r in map(json.loads, open(sys.argv[2], encoding="utf-8"))]
best = float("inf")
for _ in range(int(sys.argv[3])):
    start = time.process_time()
    for article, summary in work:
        check_numbers(summary, article)
    best = min(best, time.process_time() - start)
print(len(work) / best)
"""


def interleaved(roots: dict[str, Path], articles: Path, rounds: int, repeat: int) -> dict[str, float]:
    """The best articles per second of each copy of the package in ``roots``, timed in turn
    for ``rounds`` rounds (one process each), each round printed."""
    def rate(root: Path) -> float:
        args = [sys.executable, "-c", _CHILD, str(root), str(articles), str(repeat)]
        return float(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    rates: dict[str, list[float]] = {name: [] for name in roots}
    for i in range(rounds):
        for name, root in roots.items():
            rates[name].append(rate(root))
        print(f"round {i + 1}: " + "  ".join(f"{name} {found[-1]:6.0f}" for name, found in rates.items())
              + " articles/s")
    return {name: max(found) for name, found in rates.items()}


def compare(against: Path, articles: Path, rounds: int, repeat: int) -> None:
    """Interleaved rounds of this checkout and ``against``; the ratio of their bests."""
    best = interleaved({"against": against, "this checkout": ROOT}, articles, rounds, repeat)
    print(f"best: against {best['against']:.0f}, this checkout {best['this checkout']:.0f} articles/s, "
          f"ratio {best['this checkout'] / best['against']:.3f}")


def host_speed() -> float:
    """Milliseconds for ``sum(range(10**6))``, best of 5: the speed of this host's Python,
    printed beside every run. Hosts of the same machine type differ by up to 2x (27.9 ms on
    one, where find + check read 900 articles/s; the same code read 2,044 on another), so
    figures from two sessions compare only through it."""
    return min(timeit.repeat("sum(range(10**6))", number=1, repeat=5)) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--against", type=Path, help="a folder holding another copy of summarize/")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--compiled", type=Path, default=ROOT / "build" / "compiled",
                        help="the mypyc build, a folder holding a compiled summarize/ (make compiled)")
    args = parser.parse_args()
    print(f"host: sum(range(10**6)) takes {host_speed():.1f} ms (best of 5)")
    if args.against:
        compare(args.against.resolve(), args.eval_dir / "articles_frank.jsonl", args.rounds, args.repeat)
        return
    with (args.eval_dir / "articles_frank.jsonl").open(encoding="utf-8") as lines:
        work = [(row["article"], row["reference_summary"] or "") for row in map(json.loads, lines)]
    from quantulum3 import parser as q3

    n = len(work)
    ours_find = timed(work, lambda a, s: find_figures(a), args.repeat)
    ours_all = timed(work, lambda a, s: check_numbers(s, a), args.repeat)
    q3_find = timed(work, lambda a, s: q3.parse(a), max(1, args.repeat // 2))
    print(f"articles: {n}, mean length {sum(len(a) for a, _ in work) / n:.0f} chars")
    print(f"find_figures(article)              {ours_find / n * 1e6:8.0f} us/article  {n / ours_find:8.0f} articles/s")
    print(f"find_figures + check_numbers       {ours_all / n * 1e6:8.0f} us/article  {n / ours_all:8.0f} articles/s")
    print(f"quantulum3 parse(article)          {q3_find / n * 1e6:8.0f} us/article  {n / q3_find:8.0f} articles/s")
    print(f"speed-up, ours (find+check) vs quantulum3 (find only): {q3_find / ours_all:.1f}x")
    if not list(args.compiled.glob("summarize/grounding.*.so")):
        print(f"no compiled build in {args.compiled} (make compiled): plain Python only")
        return
    print(f"find + check in CPU time, plain Python and compiled ({args.compiled}), {args.rounds} rounds:")
    best = interleaved({"plain": ROOT, "compiled": args.compiled.resolve()},
                       args.eval_dir / "articles_frank.jsonl", args.rounds, args.repeat)
    print(f"best: plain {best['plain']:.0f}, compiled {best['compiled']:.0f} articles/s, "
          f"ratio {best['compiled'] / best['plain']:.2f}; "
          f"compiled vs quantulum3: {best['compiled'] * q3_find / n:.1f}x")


if __name__ == "__main__":
    main()
