"""Wall time of `summarize --help` (issue 4 target: under 0.3 s). Median of --runs runs.

    .venv/bin/python bench/startup.py [--runs 20]

Also times `python -c pass` in the same run, the interpreter's own floor.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("summarize")


def _median(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    floor = _median([sys.executable, "-c", "pass"], args.runs)
    help_s = _median([str(SCRIPT), "--help"], args.runs)
    print(f"python -c pass: {floor * 1000:.0f} ms; summarize --help: {help_s * 1000:.0f} ms "
          f"(median of {args.runs}; target 300 ms)")


if __name__ == "__main__":
    main()
