"""Batch throughput against the fake server as a share of the ideal (concurrency / latency).

Runs ``run_batch`` with the real ``Summarizer`` against ``python -m summarize.fake_server``
in its own process (so the server's CPU is not the client's), answering after a fixed
latency, with the summaries in this process and, for each ``--processes`` above 1, in
that many worker processes (``summarize.workers``; their start-up counts in the time).
With one process there are two rows: "1", as ``run_batch`` runs by default, the numbers
checked in a child process (``summarize.checker``), and "1 here", checked in the
process itself. Two more rows run the articles from the library, in memory: "many",
``Summarizer.asummarize_many``, and "gather", ``asyncio.gather`` over ``asummarize``
under a semaphore of the concurrency (what a caller writes without ``asummarize_many``);
"many" has no "steady" column ("-"): its caller sees every result at the end.
Articles are real ones from the eval set, repeated with distinct ids, written to a
temporary JSONL file (never into the repository). Prints the median of ``--runs`` runs.

Each level also gets three rows without the pipeline, at the same concurrency: "transport",
the same request bodies posted with a bare httpx2 client; "openai", the same messages
posted with the openai client as ``summarize.llm`` posts them; and "instructor", through
``summarize.llm``'s instructor client, parsing the answer into the wire schema (no number
checks, no batch). They are the ceilings this machine and the fake server allow (the server shares the
machine's cores), against which the pipeline's rows can be read.

"steady" is the share of the ideal between the 20th and the 80th percentile of articles
done: the throughput once every worker is running, without the start (client and worker
process start-up, the first wave of requests) and the end (the last requests draining).

"cpu ms" is the CPU time of this process (and of any worker or checker processes) per article: one
process saturates its core at 1000 / cpu ms articles per second, which bounds its share of
the ideal whatever the concurrency. The CPU time one process may spend per article to
reach 85% of the ideal is printed for each level.

    python bench/batch_concurrency.py [--articles 1000] [--latency 0.1] [--levels 1,8,32,128] [--processes 1,2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2

from summarize.article import Article
from summarize.batch import iter_inputs, run_batch
from summarize.fake_server import serve_process
from summarize.llm import LLM, _async_create
from summarize.pipeline import Summarizer
from summarize.prompts import render_messages
from summarize.settings import resolve_settings
from summarize.wire import response_format

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "articles_frank.jsonl"


def eval_texts() -> list[str]:
    return [json.loads(line)["article"] for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_inputs(path: Path, count: int) -> Path:
    """``count`` JSONL records with distinct ids, cycling through the eval articles."""
    texts = eval_texts()
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(json.dumps({"id": f"bench-{i}", "text": texts[i % len(texts)]}) + "\n")
    return path


def cpu_seconds() -> float:
    """CPU time of this process and of its reaped children (the worker processes; the
    fake server is reaped only at the end)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


class Run:
    """One run's wall time and the times its articles were done."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.done: list[float] = []
        self.elapsed = 0.0

    def advance(self, _stats: Any = None) -> None:  # summarize.batch.Progress
        self.done.append(time.perf_counter())

    def note(self, _message: str) -> None:
        pass

    def finish(self) -> Run:
        self.elapsed = time.perf_counter() - self.started
        return self

    @property
    def steady(self) -> float:
        """Articles per second between the 20th and 80th percentile of completions."""
        done = sorted(self.done)
        low, high = len(done) // 5, 4 * len(done) // 5
        return (high - low) / (done[high] - done[low]) if high > low and done[high] > done[low] else 0.0


async def one_run(inputs: Path, out: Path, url: str, concurrency: int, processes: int = 1,
                  check_process: bool | None = None) -> Run:
    out.unlink(missing_ok=True)
    summarizer = Summarizer(base_url=url, model="fake", api_key="sk-bench-not-a-key", max_transport_retries=0)
    try:
        run = Run()
        stats = await run_batch(iter_inputs([inputs]), summarizer, out, concurrency=concurrency, progress=run,
                                processes=processes, check_process=check_process)
        run.finish()
    finally:
        await summarizer.aclose()
    assert stats.failures == 0, stats.failed
    return run


async def transport_run(url: str, count: int, concurrency: int) -> Run:
    """The same bodies as the client's (messages, sampling, schema), posted with bare httpx2."""
    settings = resolve_settings(base_url=url, model="fake")
    texts = eval_texts()
    bodies = [{"model": "fake", "messages": render_messages(Article(text=texts[i % len(texts)])),
               "temperature": settings.temperature, "max_tokens": settings.max_tokens,
               "response_format": response_format(settings.mode)} for i in range(count)]
    limits = httpx2.Limits(max_connections=concurrency)
    async with httpx2.AsyncClient(timeout=30, trust_env=False, limits=limits) as client:
        queue = iter(bodies)

        async def slot() -> None:
            for body in queue:
                reply = await client.post(f"{url}/chat/completions", json=body)
                json.loads(reply.json()["choices"][0]["message"]["content"])
                run.advance()

        run = Run()
        await asyncio.gather(*(slot() for _ in range(concurrency)))
        return run.finish()


async def openai_run(url: str, count: int, concurrency: int, wrapped: bool = False) -> Run:
    """The same messages and sampling, sent with the openai client alone, as ``LLM`` posts
    them, or with ``wrapped`` through ``LLM``'s instructor client into ``WireSummary``."""
    settings = resolve_settings(base_url=url, model="fake")
    texts = eval_texts()
    messages = [render_messages(Article(text=texts[i % len(texts)])) for i in range(count)]
    llm = LLM(base_url=url, api_key="sk-bench-not-a-key", model="fake", mode=settings.mode, timeout=30,
              temperature=settings.temperature, max_tokens=settings.max_tokens, max_retries=0, deadline=60)
    client, wrapped_client = llm._async_clients()
    create = _async_create(client)
    try:
        queue = iter(messages)

        async def slot() -> None:
            for message in queue:
                if wrapped:
                    await wrapped_client.create_with_completion(**llm._kwargs(message, None), timeout=30)
                else:
                    reply = await create(model="fake", messages=message, temperature=settings.temperature,
                                         max_tokens=settings.max_tokens,
                                         extra_body={"response_format": response_format(settings.mode)})
                    json.loads(reply.choices[0].message.content or "")
                run.advance()

        run = Run()
        await asyncio.gather(*(slot() for _ in range(concurrency)))
        return run.finish()
    finally:
        await llm.aclose()


async def library_run(url: str, count: int, concurrency: int, many: bool) -> Run:
    """The same articles from the library, in memory: ``Summarizer.asummarize_many``, or
    (``many=False``) ``asyncio.gather`` over ``asummarize`` under a semaphore of
    ``concurrency``, as a caller would write it without ``asummarize_many``."""
    texts = eval_texts()
    articles = [texts[i % len(texts)] for i in range(count)]
    summarizer = Summarizer(base_url=url, model="fake", api_key="sk-bench-not-a-key", max_transport_retries=0)
    try:
        run = Run()
        if many:
            results = await summarizer.asummarize_many(articles, concurrency=concurrency)
        else:
            bound = asyncio.Semaphore(concurrency)

            async def one(text: str) -> Any:
                async with bound:
                    result = await summarizer.asummarize(text)
                run.advance()
                return result

            results = await asyncio.gather(*(one(text) for text in articles), return_exceptions=True)
        run.finish()
    finally:
        await summarizer.aclose()
    failed = [r for r in results if isinstance(r, BaseException)]
    assert not failed, failed[:3]
    return run


def timed(run: Any) -> tuple[float, float, float]:
    """Wall seconds (as the run reports them), CPU seconds and steady articles per second of one run."""
    cpu = cpu_seconds()
    result: Run = asyncio.run(run)
    return result.elapsed, cpu_seconds() - cpu, result.steady


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--articles-c1", type=int, default=100, help="fewer at concurrency 1 (1000 would take 100 s)")
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--levels", default="1,8,32,128")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--processes", default="1", help="comma-separated worker process counts to compare")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, serve_process(latency=args.latency) as url:
        print(f"fake server {url}, latency {args.latency * 1000:.0f} ms, median of {args.runs} runs")
        print(f"{'processes':>10} {'concurrency':>11} {'articles':>8} {'seconds':>8} {'per sec':>8} "
              f"{'ideal/s':>8} {'share':>6} {'steady':>6} {'cpu ms':>7}")

        def row(name: str, level: int, count: int, runs: list[tuple[float, float, float]]) -> None:
            elapsed = statistics.median(wall for wall, _, _ in runs)
            cpu = statistics.median(cpu for _, cpu, _ in runs)
            steady = statistics.median(rate for _, _, rate in runs)
            rate, ideal = count / elapsed, level / args.latency
            print(f"{name:>10} {level:>11} {count:>8} {elapsed:>8.2f} {rate:>8.1f} {ideal:>8.1f} "
                  f"{rate / ideal:>6.0%} {f'{steady / ideal:.0%}' if steady else '-':>6} {cpu / count * 1000:>7.2f}")

        for level in (int(x) for x in args.levels.split(",")):
            count = args.articles_c1 if level == 1 else args.articles
            inputs = write_inputs(Path(tmp) / f"in-{count}.jsonl", count)
            print(f"concurrency {level}: one process reaches 85% of the ideal at up to "
                  f"{1000 / (0.85 * level / args.latency):.2f} cpu ms per article")
            row("transport", level, count, [timed(transport_run(url, count, level)) for _ in range(args.runs)])
            row("openai", level, count, [timed(openai_run(url, count, level)) for _ in range(args.runs)])
            row("instructor", level, count,
                [timed(openai_run(url, count, level, wrapped=True)) for _ in range(args.runs)])
            for processes in (int(x) for x in args.processes.split(",")):
                variants = [(str(processes), None)] + ([("1 here", False)] if processes == 1 else [])
                for name, check_process in variants:
                    row(name, level, count, [timed(one_run(inputs, Path(tmp) / "out.jsonl", url, level, processes,
                                                           check_process)) for _ in range(args.runs)])
            if level > 1:
                row("many", level, count, [timed(library_run(url, count, level, True)) for _ in range(args.runs)])
                row("gather", level, count, [timed(library_run(url, count, level, False)) for _ in range(args.runs)])


if __name__ == "__main__":
    main()
