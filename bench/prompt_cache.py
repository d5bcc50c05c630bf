"""What the local server's first call costs in a new process, as ``make run`` pays it.

    .venv/bin/python bench/prompt_cache.py [--rounds 3] [--model qwen2.5-coder-1.5b] [--article PATH]

Each run is a new process summarizing the seed article with the local model, so a new
server, as one ``summarize`` command; three kinds of run, each round in a rotated order:

- ``before``: the server as it was started before ``summarize.prompt_cache``: every
  prompt token's logits kept (llama_cpp.server's default) and no state kept on disk;
- ``cold``: no logits kept, an empty prompt-cache folder: the system message is
  evaluated on its own and saved;
- ``warm``: the folder ``cold`` filled: the system message's state is loaded.

Printed per run: the first call's seconds without the server's start, whether the server's
log says the state was loaded or saved, the process's wall seconds, and whether the summary
is the latest ``cold`` run's; then medians per kind and their
ratios. The model files are linked, not copied, from the user's cache.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# One run, in a process of its own: prints its figures as JSON.
_CHILD = """
import json, sys, time
started = time.perf_counter()
root, mode, cache, model, article = sys.argv[1:6]
sys.path.insert(0, root)
from summarize import local_server
from summarize.llm import LLM

if mode == "before":
    command = local_server.LocalServer._command
    def before(self):
        self.prompt_cache = None
        args = command(self)
        args[args.index("--logits_all") + 1] = "True"
        return args
    local_server.LocalServer._command = before
calls = []
call = LLM.call
def timed(self, *a, **k):
    t = time.perf_counter()
    try:
        return call(self, *a, **k)
    finally:
        calls.append(time.perf_counter() - t)
LLM.call = timed
import summarize
result = summarize.summarize(open(article, encoding="utf-8").read(), cache_dir=cache, local_model=model)
servers = list(local_server._servers.values())
start = sum(s.startup_seconds or 0.0 for s in servers)
log = "".join(open(s.log_path, encoding="utf-8").read() for s in servers if s.log_path)
kept = "loaded" if "prompt_cache: loaded" in log else "saved" if "prompt_cache: evaluated" in log else "-"
print(json.dumps({"first": calls[0] - start, "calls": len(calls), "wall": time.perf_counter() - started, "kept": kept,
                  "summary": result.summary.model_dump(mode="json")}))
"""

ORDERS = (("before", "cold", "warm"), ("cold", "warm", "before"), ("cold", "before", "warm"))


def run(mode: str, cache: Path, model: str, article: Path) -> dict[str, object]:
    if mode == "cold":  # "before" keeps no state: it leaves the folder as it is
        shutil.rmtree(cache / "prompts", ignore_errors=True)
    args = [sys.executable, "-c", _CHILD, str(ROOT), mode, str(cache), model, str(article)]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    figures: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--article", type=Path, default=ROOT / "seeds" / "000_0b078e7ce2398037.txt")
    user_cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "summarize"
    models = Path(os.environ.get("SUMMARIZE_CACHE_DIR", user_cache)) / "models"
    parser.add_argument("--models", type=Path, default=models, help="the folder holding the assembled model files")
    args = parser.parse_args()
    figures: dict[str, list[dict[str, object]]] = {"before": [], "cold": [], "warm": []}
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        (cache / "models").mkdir()
        for item in args.models.iterdir():
            if not item.name.endswith(".lock"):
                (cache / "models" / item.name).symlink_to(item.resolve())
        for i in range(args.rounds):
            for mode in ORDERS[i % len(ORDERS)]:
                started = time.perf_counter()
                got = run(mode, cache, args.model, args.article.resolve())
                figures[mode].append(got)
                same = "-" if not figures["cold"] else got["summary"] == figures["cold"][-1]["summary"]
                print(f"round {i + 1} {mode:6s} first call {got['first']:6.1f} s  state {got['kept']:6s}  "
                      f"process {got['wall']:6.1f} s  (run {time.perf_counter() - started:5.1f} s)  "
                      f"same summary as cold: {same}", flush=True)
    medians = {mode: (statistics.median(float(f["first"]) for f in runs),  # type: ignore[arg-type]
                      statistics.median(float(f["wall"]) for f in runs))  # type: ignore[arg-type]
               for mode, runs in figures.items()}
    for mode, (first, wall) in medians.items():
        print(f"median {mode:6s} first call {first:6.1f} s  process {wall:6.1f} s")
    for mode in ("cold", "warm"):
        print(f"ratio {mode}/before: first call {medians[mode][0] / medians['before'][0]:.2f}, "
              f"process {medians[mode][1] / medians['before'][1]:.2f}")
    summaries = {json.dumps(f["summary"], sort_keys=True) for f in figures["cold"] + figures["warm"]}
    print(f"distinct summaries across cold and warm runs: {len(summaries)}")


if __name__ == "__main__":
    main()
