"""Per-article time spent outside the model call, at concurrency 1 against a zero-latency fake.

Three medians over ``--runs`` runs of ``--articles`` articles:

- total: ``run_batch`` with the real ``Summarizer`` (prompt, client, validation, numbers
  check, batch bookkeeping, the write) plus the HTTP round trip to the fake server;
- round trip: the same request bodies posted with a bare ``httpx2`` client, i.e. the
  model call itself when the model takes no time (network, server, JSON over the wire);
- batch layer: ``run_batch`` with a summarizer that returns at once (reading, queueing,
  duplicate check, encoding, the write).

Overhead = total - round trip.

    python bench/overhead.py [--articles 300] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2
from pydantic import BaseModel

from summarize.article import Article
from summarize.batch import iter_inputs, run_batch
from summarize.fake_server import serve_process
from summarize.pipeline import Summarizer
from summarize.prompts import render_messages
from summarize.settings import resolve_settings
from summarize.wire import response_format

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "articles_frank.jsonl"


def write_inputs(path: Path, count: int) -> list[str]:
    texts = [json.loads(line)["article"] for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [texts[i % len(texts)] for i in range(count)]
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(chosen):
            out.write(json.dumps({"id": f"bench-{i}", "text": text}) + "\n")
    return chosen


async def pipeline_run(inputs: Path, out: Path, url: str) -> float:
    out.unlink(missing_ok=True)
    summarizer = Summarizer(base_url=url, model="fake", api_key="sk-bench-not-a-key", max_transport_retries=0)
    try:
        started = time.perf_counter()
        stats = await run_batch(iter_inputs([inputs]), summarizer, out, concurrency=1, progress=None)
        elapsed = time.perf_counter() - started
    finally:
        await summarizer.aclose()
    assert stats.failures == 0, stats.failed
    return elapsed / stats.articles


async def round_trip_run(texts: list[str], url: str) -> float:
    # The body our client sends (messages, sampling, the schema-bearing response_format),
    # so the round trip differs from the pipeline's call only in the client code around it.
    settings = resolve_settings(base_url=url, model="fake")
    async with httpx2.AsyncClient(timeout=30) as client:
        started = time.perf_counter()
        for text in texts:
            body = {"model": "fake", "messages": render_messages(Article(text=text)),
                    "temperature": settings.temperature, "max_tokens": settings.max_tokens,
                    "response_format": response_format(settings.mode)}
            reply = await client.post(f"{url}/chat/completions", json=body)
            json.loads(reply.json()["choices"][0]["message"]["content"])
        return (time.perf_counter() - started) / len(texts)


class _Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_calls: int = 1


class _Result(BaseModel):
    numbers: None = None
    usage: _Usage = _Usage()


class _Instant:
    async def asummarize(self, article: Any) -> Any:
        return _Result()


async def batch_layer_run(inputs: Path, out: Path) -> float:
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    stats = await run_batch(iter_inputs([inputs]), _Instant(), out, concurrency=1, progress=None)  # type: ignore[arg-type]
    return (time.perf_counter() - started) / stats.articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, serve_process(latency=0.0) as url:
        inputs = Path(tmp) / "in.jsonl"
        texts = write_inputs(inputs, args.articles)
        out = Path(tmp) / "out.jsonl"
        asyncio.run(pipeline_run(inputs, out, url))  # warm-up: imports, connection, caches
        total = statistics.median(asyncio.run(pipeline_run(inputs, out, url)) for _ in range(args.runs))
        trip = statistics.median(asyncio.run(round_trip_run(texts, url)) for _ in range(args.runs))
        layer = statistics.median(asyncio.run(batch_layer_run(inputs, out)) for _ in range(args.runs))
    print(f"{args.articles} articles, concurrency 1, zero-latency fake server, median of {args.runs} runs")
    print(f"total per article            {total * 1000:7.2f} ms")
    print(f"model round trip             {trip * 1000:7.2f} ms")
    print(f"overhead (total - trip)      {(total - trip) * 1000:7.2f} ms   target < 5 ms")
    print(f"  of which the batch layer   {layer * 1000:7.2f} ms")


if __name__ == "__main__":
    main()
