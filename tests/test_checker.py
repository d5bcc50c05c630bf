"""Number checks in a child process (``summarize.checker``): same reports, nothing lost.

The child is a real ``python -m summarize.checker`` process; batches run against the
in-process fake server over loopback.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarize.batch import BatchStats, run_batch
from summarize.checker import Checker
from summarize.fake_answers import synthesize_summary
from summarize.fake_server import FakeServer, Reply, serve
from summarize.grounding import NumberReport, check_numbers
from summarize.pipeline import Summarizer
from summarize.schema import ArticleSummary

from conftest import SlowChecker, council_items, council_text, worker_pids

CHECKER = "summarize.checker"
ARTICLE = ("The army withdrew 2,500 troops from the base on August 23, leaving $347 million of equipment. "
           "About 300 soldiers stay until 2027, officials said. Another 5,000 troops left in 2019.")


def _summary(text: str, **changes: Any) -> ArticleSummary:
    data = synthesize_summary(ARTICLE)
    data.update(summary=text, **changes)
    return ArticleSummary.model_validate(data)


SUMMARIES = [
    pytest.param(_summary("The army withdrew 2,500 troops and left $347 million of equipment."), id="supported"),
    pytest.param(_summary("The army withdrew 2,500 troops and left $347 billion of equipment."), id="wrong-scale"),
    pytest.param(_summary("In all 7,500 troops left; about 300 soldiers stay."), id="derived"),
    pytest.param(_summary("Troops left the base, officials said."), id="no-numbers"),
    pytest.param(_summary("Some 3,000 soldiers stay until 2028.", figures=[]), id="unsupported"),
]


async def _ready(checker: Checker) -> None:
    for _ in range(600):
        if checker.ready:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the checker process never reported ready")


@pytest.mark.parametrize("summary", SUMMARIES)
def test_the_child_reports_what_this_process_would(summary: ArticleSummary) -> None:
    """A report from the child equals the one check_numbers gives here, verdicts and spans included."""

    async def go() -> NumberReport | None:
        checker = Checker()
        await checker.start()
        try:
            await _ready(checker)
            return await checker.check(summary, ARTICLE)
        finally:
            await checker.aclose()

    report = asyncio.run(go())
    assert check_numbers(summary, ARTICLE) == report


def test_checks_come_back_here_before_the_child_is_ready_and_after_it_died(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """None (check here) before the child is up and once it is killed; a warning says so, no child is left."""
    summary = _summary("The army withdrew 2,500 troops.")

    async def go() -> tuple[NumberReport | None, NumberReport | None, NumberReport | None]:
        checker = Checker()
        assert await checker.check(summary, ARTICLE) is None  # not started
        await checker.start()
        early = await checker.check(summary, ARTICLE)
        await _ready(checker)
        served = await checker.check(summary, ARTICLE)
        (pid,) = worker_pids(os.getpid(), CHECKER)
        os.kill(pid, signal.SIGKILL)
        for _ in range(200):
            if not checker.ready:
                break
            await asyncio.sleep(0.05)
        after = await checker.check(summary, ARTICLE)
        await checker.aclose()
        return early, served, after

    with caplog.at_level(logging.WARNING, logger="summarize"):
        early, served, after = asyncio.run(go())
    assert (None, check_numbers(summary, ARTICLE), None) == (early, served, after)
    warnings = [r.getMessage() for r in caplog.records]
    assert ["number checks back in this process: the checker process exited"] == warnings
    assert [] == worker_pids(os.getpid(), CHECKER)


class _Watch:
    """Progress that records the checker processes alive at each article and the reports
    they served, and can kill one."""

    def __init__(self, kill_after: int | None = None) -> None:
        self.kill_after = kill_after
        self.seen: list[list[int]] = []
        self.killed: list[int] = []
        self.served = 0
        self.summarizer: Summarizer | None = None

    def advance(self, stats: BatchStats) -> None:
        pids = worker_pids(os.getpid(), CHECKER)
        self.seen.append(pids)
        checker = self.summarizer.checker if self.summarizer else None
        self.served = max(self.served, checker.served if checker else 0)
        # Killed once it has served: the articles after it must come back to this process.
        if self.kill_after is not None and self.served and stats.articles >= self.kill_after and pids \
                and not self.killed:
            self.killed.append(pids[0])
            os.kill(pids[0], signal.SIGKILL)

    def note(self, message: str) -> None: ...


def _batch(url: str, out: Path, count: int, **options: Any) -> BatchStats:
    summarizer = Summarizer(base_url=url, model="fake", api_key="sk-test-not-a-key", max_transport_retries=0)
    if isinstance(options.get("progress"), _Watch):
        options["progress"].summarizer = summarizer

    async def go() -> BatchStats:
        try:
            return await run_batch(council_items(count), summarizer, out, timings=False, ordered=True, **options)
        finally:
            await summarizer.aclose()

    stats = asyncio.run(go())
    assert (summarizer.checker, summarizer.call_slots) == (None, None)
    return stats


@pytest.fixture
def fake() -> Iterator[tuple[FakeServer, str]]:
    server = FakeServer(latency=0.1)
    with serve(server=server) as url:
        yield server, url


def _unsupported_first(server: FakeServer, count: int) -> None:
    """Every third article's first answer states a number its article lacks, so it is re-asked."""
    for n in range(0, count, 3):
        data = synthesize_summary(council_text(n))
        data["summary"] = f"The council approved {n + 9100} new homes."
        server.add(Reply(content=json.dumps(data), match=council_text(n), times=1))


@pytest.mark.parametrize("kill_after", [None, 6], ids=["child-serves", "child-killed-mid-batch"])
def test_a_batch_checked_in_a_child_writes_the_file_checked_here(
    fake: tuple[FakeServer, str], tmp_path: Path, kill_after: int | None
) -> None:
    """Byte-identical ordered results with the checks in a child (also one killed mid-batch) and here."""
    server, url = fake
    here, child = tmp_path / "here.jsonl", tmp_path / "child.jsonl"
    _unsupported_first(server, 30)
    stats_here = _batch(url, here, 30, concurrency=4, check_process=False)
    _unsupported_first(server, 30)
    watch = _Watch(kill_after)
    stats_child = _batch(url, child, 30, concurrency=4, check_process=True, progress=watch)
    assert here.read_bytes() == child.read_bytes()
    assert (30, 40) == (stats_child.succeeded, stats_child.llm_calls)
    assert (stats_here.succeeded, stats_here.llm_calls) == (stats_child.succeeded, stats_child.llm_calls)
    assert watch.served > 0, "the checker process should have served some checks"
    assert bool(kill_after) == bool(watch.killed)
    assert [] == worker_pids(os.getpid(), CHECKER)


@pytest.mark.parametrize(("concurrency", "processes", "expected"), [
    (8, 1, True),
    (1, 1, False),
    (8, 2, False),
])
def test_a_checker_runs_by_default_only_for_concurrent_articles_in_this_process(
    fake: tuple[FakeServer, str], tmp_path: Path, concurrency: int, processes: int, expected: bool
) -> None:
    """By default a batch checks in a child when this process runs articles concurrently."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("the default needs a second core")
    _server, url = fake
    watch = _Watch()
    _batch(url, tmp_path / "out.jsonl", 12, concurrency=concurrency, processes=processes, progress=watch)
    assert expected == any(watch.seen)
    assert [] == worker_pids(os.getpid(), CHECKER)


def test_a_checker_that_cannot_start_leaves_the_checks_here(
    fake: tuple[FakeServer, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """No interpreter to start the child with: a warning, and every article is checked here."""
    _server, url = fake
    monkeypatch.setattr("sys.executable", str(tmp_path / "no-such-python"))
    with caplog.at_level(logging.WARNING, logger="summarize"):
        stats = _batch(url, tmp_path / "out.jsonl", 6, concurrency=4, check_process=True)
    assert (6, 6) == (stats.articles, stats.succeeded)
    assert any("the checker process did not start" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("concurrency", [2, 4, 16])
def test_model_calls_in_flight_never_exceed_the_concurrency(tmp_path: Path, concurrency: int) -> None:
    """Twice as many articles are taken as there are slots, yet the server sees at most
    ``concurrency`` requests at a time, and reaches it."""
    server = FakeServer(latency=0.1)
    with serve(server=server) as url:
        _unsupported_first(server, 3 * concurrency)
        stats = _batch(url, tmp_path / "out.jsonl", 3 * concurrency, concurrency=concurrency)
    assert (3 * concurrency, concurrency) == (stats.succeeded, server.max_in_flight)


@pytest.mark.parametrize(("concurrency", "latency", "check"), [(2, 0.3, 0.6), (3, 0.2, 0.8)])
def test_a_slow_check_holds_no_model_call_slot(tmp_path: Path, concurrency: int, latency: float,
                                                check: float) -> None:
    """While the first answers are checked (slowly), the next articles' requests are already
    at the server: the second wave arrives one latency after the first, not after the checks."""
    server = FakeServer(latency=latency)
    with serve(server=server) as url:
        summarizer = Summarizer(base_url=url, model="fake", api_key="sk-test-not-a-key", max_transport_retries=0)
        summarizer.checker = SlowChecker(check)  # type: ignore[assignment]

        async def go() -> BatchStats:
            try:
                return await run_batch(council_items(2 * concurrency), summarizer, tmp_path / "out.jsonl",
                                       concurrency=concurrency)
            finally:
                await summarizer.aclose()

        stats = asyncio.run(go())
    arrivals = sorted(at for at, _article in server.arrivals)
    assert (2 * concurrency, 2 * concurrency) == (stats.succeeded, len(arrivals))
    second_wave = arrivals[concurrency] - arrivals[0]
    assert latency <= second_wave < latency + check / 2, f"second wave {second_wave:.2f} s after the first"
    assert server.max_in_flight == concurrency


def test_a_transport_retry_waits_out_its_backoff_without_a_model_call_slot(tmp_path: Path) -> None:
    """Every article's first request fails at once (500) and is retried after a backoff of
    0.5 s or more: meanwhile the slots go to other articles' first requests, so the four
    articles the workers hold all reach the server at once, not two by two."""
    concurrency, latency = 2, 0.3
    server = FakeServer(latency=latency)
    for n in range(8):
        server.add(Reply(status=500, delay=0, match=council_text(n), times=1))
    with serve(server=server) as url:
        summarizer = Summarizer(base_url=url, model="fake", api_key="sk-test-not-a-key", max_transport_retries=2)

        async def go() -> BatchStats:
            try:
                return await run_batch(council_items(8), summarizer, tmp_path / "out.jsonl", concurrency=concurrency)
            finally:
                await summarizer.aclose()

        stats = asyncio.run(go())
    assert 8 == stats.succeeded
    firsts: dict[str, float] = {}
    for at, article in sorted(server.arrivals):
        firsts.setdefault(article, at)
    start = min(firsts.values())
    assert 4 == sum(at - start < latency / 2 for at in firsts.values())
    assert server.max_in_flight == concurrency
