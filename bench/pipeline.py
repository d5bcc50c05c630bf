"""Per-article cost of the whole pipeline on a real model (issue 2's benchmark).

For the seed article and N articles of ``articles_frank.jsonl``: wall time, prompt and
completion tokens, LLM calls, and the time spent outside the model call (prompt
rendering, validation, number checks, I/O) as a share of the total.

And what the number check does to the model's answers: how many numbers the first answer
had unsupported, how many re-asks fixed, and each number still unsupported at the end
(with ``--out``, written with its path and explanation so that each can be read and
judged: a model error, or a false alarm of the check).

    .venv/bin/python bench/pipeline.py [--n 20] [--skip 0] [--local-model qwen2.5-coder-1.5b] [--eval ../shared/eval]
    .venv/bin/python bench/pipeline.py --ids frank:xsum:34774405 [...]   # only these articles

The model calls are timed by wrapping ``LLM.call`` and ``LLM.sort_names`` (the names
question); everything else in ``summarize()`` is "outside the model".
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from summarize.article import load_article, parse_text
from summarize.errors import SummarizeError, ValidationFailed
from summarize.llm import LLM
from summarize.pipeline import Summarizer

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--local-model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=None, help="write per-article rows as JSONL")
    parser.add_argument("--skip", type=int, default=0, help="skip this many eval articles first")
    parser.add_argument("--ids", nargs="+", default=None,
                        help="these articles of articles_frank.jsonl instead (no seed), e.g. to run again "
                             "the ones an earlier run lost")
    args = parser.parse_args()

    articles = [] if args.ids else [("seed", load_article(ROOT / "seeds" / "000_0b078e7ce2398037.txt"))]
    with (args.eval / "articles_frank.jsonl").open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if args.ids is None and len(articles) > args.n:
                break
            if i < args.skip:
                continue
            record = json.loads(line)
            if args.ids is None or record["id"] in args.ids:
                articles.append((record["id"], parse_text(record["article"], id=record["id"])))
    if args.ids and len(articles) != len(set(args.ids)):
        parser.error(f"not in articles_frank.jsonl: {sorted(set(args.ids) - {key for key, _ in articles})}")

    in_model = 0.0

    def timed(original: Any) -> Any:
        def run(self: LLM, *a: Any, **k: Any) -> Any:
            nonlocal in_model
            start = time.perf_counter()
            try:
                return original(self, *a, **k)
            finally:
                in_model += time.perf_counter() - start
        return run

    # Both model calls: the names question had been counted "outside the model" (4-13 s
    # of each article's 40-200 s).
    LLM.call = timed(LLM.call)  # type: ignore[method-assign]
    LLM.sort_names = timed(LLM.sort_names)  # type: ignore[method-assign]
    rows = []
    with Summarizer(local_model=args.local_model) as summarizer:
        warm_start = time.perf_counter()
        summarizer._client()  # start (and, the first time, assemble) the model outside the timings
        print(f"server start: {time.perf_counter() - warm_start:.1f} s")
        for key, article in articles:
            in_model = 0.0
            start = time.perf_counter()
            row: dict[str, Any] = {"id": key, "chars": len(article.text)}
            try:
                result = summarizer.summarize(article)
                row.update(ok=True, prompt=result.usage.prompt_tokens, completion=result.usage.completion_tokens,
                           calls=result.usage.llm_calls, unsupported=result.numbers.counts["unsupported"]
                           if result.numbers else None)
                first = result.attempts[0] if result.attempts else None
                # A numbers attempt's errors are a header line and one line per unsupported number.
                row["first"] = first.kind if first else "ok"
                row["first_unsupported"] = len(first.errors) - 1 if first and first.kind == "numbers" else 0
                # Why each failed answer failed, to read what the re-asks cost (first lines only).
                row["failed"] = [[a.kind, [e[:160] for e in a.errors[:4]]] for a in result.attempts]
                # and what each failed answer was, whole, to tell what a repair could have kept
                row["answers"] = [a.output for a in result.attempts]
                row["numbers"] = sum(result.numbers.counts.values()) if result.numbers else 0
                row["flagged"] = [[c.path, c.text, c.explanation] for c in result.numbers.unsupported] \
                    if result.numbers else []
                row["summary"] = result.summary.model_dump(mode="json")
            except SummarizeError as exc:
                row.update(ok=False, error=f"{type(exc).__name__}: {exc}"[:200])
                attempts = exc.attempts if isinstance(exc, ValidationFailed) else []  # what was lost
                row["failed"] = [[a.kind, [e[:160] for e in a.errors[:4]]] for a in attempts]
                row["answers"] = [a.output for a in attempts]
            row["wall"] = time.perf_counter() - start
            row["outside_ms"] = (row["wall"] - in_model) * 1000
            rows.append(row)
            shown = {k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()
                     if k not in ("summary", "answers")}
            print(json.dumps(shown), flush=True)
    if args.out:
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

    ok = [r for r in rows if r["ok"]]
    walls = [r["wall"] for r in rows]
    print(f"\narticles {len(rows)}, ok {len(ok)}, failed {len(rows) - len(ok)}")
    print(f"wall per article: median {statistics.median(walls):.1f} s, min {min(walls):.1f}, max {max(walls):.1f}")
    if ok:
        print(f"prompt tokens: median {statistics.median(r['prompt'] for r in ok):.0f}; "
              f"completion tokens: median {statistics.median(r['completion'] for r in ok):.0f}")
        print(f"LLM calls per article: mean {statistics.mean(r['calls'] for r in ok):.2f}, "
              f"max {max(r['calls'] for r in ok)}")
        first_bad = [r for r in ok if r["first_unsupported"]]
        print(f"numbers checked in final answers: {sum(r['numbers'] for r in ok)}; unsupported: "
              f"{sum(r['unsupported'] or 0 for r in ok)} in {sum(bool(r['unsupported']) for r in ok)} articles")
        print(f"first answers with unsupported numbers: {len(first_bad)} articles, "
              f"{sum(r['first_unsupported'] for r in first_bad)} numbers; all fixed by re-asks in "
              f"{sum(not r['unsupported'] for r in first_bad)}; first answers failing the schema: "
              f"{sum(r['first'] == 'schema' for r in ok)}")
    outside = [r["outside_ms"] for r in rows]
    share = sum(outside) / 1000 / sum(walls)
    print(f"time outside the model: median {statistics.median(outside):.1f} ms per article, "
          f"{share:.2%} of total wall time")


if __name__ == "__main__":
    main()
