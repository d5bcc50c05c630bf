"""Decoding under a grammar: llama-cpp-python's sampler against
``summarize.local_sampler``'s (``GrammarCheckedGreedy``; ``GrammarCheckedSampling`` with
``--temperature`` above 0, as a re-ask samples), on real articles, in one run.

    python bench/grammar_sampling.py [EVAL_DIR] [--articles N] [--model NAME] [--seed S] [--temperature T]

Loads the local model in this process and, for each of N articles of articles_frank.jsonl
(evaluation only: nothing is saved), asks for the summary with our messages,
``response_format`` and the server's repetition penalty, then the names' question for the
names of that answer: once with each sampler, in alternating order, the prompt evaluated
afresh each time. Prints, per
request, whether both answers are identical, the seconds, the milliseconds per generated
token after the first, and how often the grammar rejected the first pick; then medians
and the ratio (checked / stock) per request kind. Drawn at a temperature, the two answers
differ by design: it prints whether each is a JSON object instead (both draws seeded
alike).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize import local_sampler  # noqa: E402
from summarize.article import Article  # noqa: E402
from summarize.local_model import resolve_model_path  # noqa: E402
from summarize.local_server import _cpu_count  # noqa: E402
from summarize.name_kinds import kinds_model, listed_names  # noqa: E402
from summarize.prompts import render_messages, render_sort_names  # noqa: E402
from summarize.schema import ArticleSummary  # noqa: E402
from summarize.settings import resolve_settings  # noqa: E402
from summarize.wire import response_format  # noqa: E402


def _server_repeat_penalty() -> float:
    """llama_cpp.server's default, which our requests leave alone (Llama's own is 1.0)."""
    from llama_cpp.server.types import repeat_penalty_field

    return float(repeat_penalty_field.default)


SERVER_REPEAT_PENALTY = _server_repeat_penalty()


def generate(llm: Any, messages: list[dict[str, str]], fmt: dict[str, Any],
             temperature: float = 0.0, seed: int = 0) -> tuple[str, float, float, Any]:
    """Text, seconds, median ms per token after the first, and the sampler used."""
    llm.reset()  # the prompt is evaluated afresh for both samplers
    started = time.perf_counter()
    stamps: list[float] = []
    parts: list[str] = []
    for chunk in llm.create_chat_completion(messages=messages, response_format=fmt, temperature=temperature,
                                            seed=seed, max_tokens=768, repeat_penalty=SERVER_REPEAT_PENALTY,
                                            stream=True):
        stamps.append(time.perf_counter())
        parts.append(chunk["choices"][0]["delta"].get("content") or "")
    gaps = [b - a for a, b in itertools.pairwise(stamps[1:])]
    return "".join(parts), stamps[-1] - started, statistics.median(gaps) * 1e3 if gaps else 0.0, llm._sampler


def _is_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--articles", type=int, default=3)
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--seed", type=int, default=27)
    parser.add_argument("--temperature", type=float, default=0.0, help="0: greedy; a re-ask samples at 0.5")
    args = parser.parse_args()

    from llama_cpp import Llama

    settings = resolve_settings({})
    path = resolve_model_path(args.model, settings.cache_dir)
    threads = _cpu_count()
    llm = Llama(model_path=str(path), n_ctx=settings.n_ctx, n_threads=threads, n_threads_batch=threads,
                n_gpu_layers=0, verbose=False)
    stock = type(llm)._init_sampler
    rows = [json.loads(line) for line in (args.eval_dir / "articles_frank.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if 1500 <= len(r["article"]) <= 3500]
    random.Random(args.seed).shuffle(rows)
    print(f"model {args.model}, {threads} threads, {args.articles} articles of articles_frank (seed {args.seed}), "
          f"temperature {args.temperature}")

    results: dict[str, list[tuple[float, float, float, float]]] = {"ArticleSummary": [], "NameKinds": []}
    identical = total = 0
    for n, row in enumerate(rows[: args.articles]):
        messages = render_messages(Article(text=row["article"]))
        requests = [("ArticleSummary", messages, response_format("json_object"))]
        answers: dict[str, tuple[str, float, float, Any]] = {}
        while requests:
            kind, msgs, fmt = requests.pop(0)
            order = ("stock", "checked") if n % 2 == 0 else ("checked", "stock")
            for side in order:
                type(llm)._init_sampler = stock
                if side == "checked":
                    local_sampler.install()
                answers[side] = generate(llm, msgs, fmt, args.temperature, args.seed + n)
            type(llm)._init_sampler = stock
            same = answers["stock"][0] == answers["checked"][0]
            identical += same
            total += 1
            sampler = answers["checked"][3]
            valid = "/".join("json" if _is_object(answers[side][0]) else "not json" for side in ("stock", "checked"))
            print(f"{row['id'][:24]:24s} {kind:14s} identical {same!s:5s} ({valid}) "
                  f"stock {answers['stock'][1]:5.1f} s {answers['stock'][2]:5.0f} ms/token   "
                  f"checked {answers['checked'][1]:5.1f} s {answers['checked'][2]:5.0f} ms/token   "
                  f"grammar rejected the pick {sampler.fallbacks}/{sampler.checked}", flush=True)
            results[kind].append((answers["stock"][1], answers["checked"][1],
                                  answers["stock"][2], answers["checked"][2]))
            if kind == "ArticleSummary":
                try:  # the answer's lists as written: no checks against the article needed here
                    names = listed_names(ArticleSummary.model_construct(**json.loads(answers["stock"][0])))
                except (ValueError, TypeError):
                    names = ()
                if names:
                    question = [*messages, {"role": "user", "content": render_sort_names(names)}]
                    requests.append(("NameKinds", question, response_format("json_object", kinds_model(names))))
    print(f"identical answers: {identical}/{total}")
    for kind, got in results.items():
        if not got:
            continue
        s_sec, c_sec, s_tok, c_tok = (statistics.median(x[i] for x in got) for i in range(4))
        print(f"{kind:14s} n={len(got)}  median seconds stock {s_sec:.1f}, checked {c_sec:.1f} "
              f"(ratio {c_sec / s_sec:.2f}); "
              f"median ms/token stock {s_tok:.0f}, checked {c_tok:.0f} (ratio {c_tok / s_tok:.2f})")


if __name__ == "__main__":
    main()
