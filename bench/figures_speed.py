"""Speed of find_figures + check_numbers per article, beside quantulum3, in one run.

    python bench/figures_speed.py [EVAL_DIR] [--repeat N]

Uses articles_frank.jsonl (article and reference summary); one core; medians of N runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
