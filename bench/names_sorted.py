"""What the names' question (``summarize.name_kinds``) does to saved summaries, and its cost.

Reads ``summarize batch`` results with the input file each came from, and for every
summary that lists names asks the local model the question the pipeline asks, as the
pipeline asks it: after a request for the article's summary has left the article in the
server's cache (here a request for one token), so only the question is evaluated. Prints
each article's moves (the warning the pipeline would give) and seconds, then the number
of names moved and the median seconds. Reading the moves right or wrong is for a person.
Results written since the question was added hold lists already sorted: run it on
results of an older version, or with ``--no-sort-names`` results.

    python bench/names_sorted.py RESULTS.jsonl INPUT.jsonl [RESULTS.jsonl INPUT.jsonl ...]
        [--local-model qwen2.5-coder-1.5b]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import openai

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize.article import parse_text  # noqa: E402
from summarize.attempts import Run  # noqa: E402
from summarize.llm import LLM  # noqa: E402
from summarize.local_server import get_server  # noqa: E402
from summarize.name_kinds import listed_names, sort_names  # noqa: E402
from summarize.result import SummaryResult  # noqa: E402
from summarize.settings import resolve_settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path, help="RESULTS.jsonl INPUT.jsonl pairs")
    parser.add_argument("--local-model", default="qwen2.5-coder-1.5b")
    args = parser.parse_args()
    if len(args.files) % 2:
        parser.error("give RESULTS.jsonl INPUT.jsonl pairs")
    settings = resolve_settings(local_model=args.local_model)
    server = get_server(settings.local_model, settings.cache_dir, settings.n_ctx)
    llm = LLM(base_url=server.base_url, api_key=None, model=server.model, mode=settings.mode, timeout=settings.timeout,
              temperature=0.0, max_tokens=settings.max_tokens, max_retries=0, deadline=settings.transport_deadline)
    prime = openai.OpenAI(base_url=server.base_url, api_key="not-needed", timeout=settings.timeout)
    seconds: list[float] = []
    moved = names = 0
    for results, inputs in zip(args.files[::2], args.files[1::2], strict=True):
        texts = {r["id"]: r["text"] for r in map(json.loads, inputs.read_text(encoding="utf-8").splitlines())}
        for line in results.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if not record["ok"] or record["id"] not in texts:
                continue
            result = SummaryResult.model_validate(record["result"])
            listed = listed_names(result.summary)
            if not listed:
                continue
            run = Run(parse_text(texts[record["id"]], source=record["id"]), settings, server.model)
            prime.chat.completions.create(model=server.model, messages=run.base_messages,  # type: ignore[arg-type]
                                          max_tokens=1, temperature=0)
            started = time.perf_counter()
            sorting = llm.sort_names(run.sort_messages(result), listed)
            seconds.append(time.perf_counter() - started)
            _, warnings = sort_names(result.summary, sorting.kinds or {})
            names += len(listed)
            moved += sum(w.count(" -> ") for w in warnings)
            said = "; ".join(warnings) or ("not sorted: " + "; ".join(sorting.errors) if sorting.kinds is None else "-")
            print(f"{record['id']}  {seconds[-1]:5.1f} s  {len(listed)} names  {said}")
    if seconds:
        print(f"{len(seconds)} summaries, {names} names, {moved} moved; question median "
              f"{statistics.median(seconds):.1f} s (min {min(seconds):.1f}, max {max(seconds):.1f})")


if __name__ == "__main__":
    main()
