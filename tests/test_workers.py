"""Batches in worker processes (``summarize.workers``) against the fake server.

The children are real ``python -m summarize.workers`` processes talking to the
in-process fake server over loopback, so these tests cover the protocol, the shared
rate gate and a child's death as they happen in a real run.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarize.batch import BatchStats, iter_inputs, run_batch
from summarize.fake_answers import article_hash
from summarize.fake_server import FakeServer, Reply, serve
from summarize.pipeline import Summarizer

from conftest import council_items, council_text, worker_pids

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-test-PLANTEDKEY1234567890"


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _batch(url: str, out: Path, count: int, *, processes: int, concurrency: int = 8, **kwargs: Any) -> BatchStats:
    summarizer = Summarizer(base_url=url, model="fake", api_key=KEY, max_transport_retries=2)

    async def go() -> BatchStats:
        try:
            return await run_batch(council_items(count), summarizer, out, concurrency=concurrency, timings=False,
                                   processes=processes, **kwargs)
        finally:
            await summarizer.aclose()

    return asyncio.run(go())


@pytest.fixture
def fake() -> Iterator[tuple[FakeServer, str]]:
    server = FakeServer(latency=0.02)
    with serve(server=server) as url:
        yield server, url


def test_processes_give_the_same_file_as_one_process(fake: tuple[FakeServer, str], tmp_path: Path) -> None:
    """Ordered results from two worker processes are byte for byte those of one process."""
    _server, url = fake
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    stats_one = _batch(url, one, 40, processes=1, ordered=True)
    stats_two = _batch(url, two, 40, processes=2, ordered=True)
    assert one.read_bytes() == two.read_bytes()
    assert (40, 40, 40) == (stats_two.articles, stats_two.succeeded, stats_two.llm_calls)
    assert (stats_one.prompt_tokens, stats_one.completion_tokens) == (stats_two.prompt_tokens,
                                                                      stats_two.completion_tokens)
    assert [] == worker_pids(os.getpid())


def test_a_killed_worker_costs_only_its_articles_in_flight(fake: tuple[FakeServer, str], tmp_path: Path) -> None:
    """SIGKILL one child mid-batch: its in-flight articles fail with WorkerDied, the rest finish."""
    server, url = fake
    server.latency = 0.2
    out = tmp_path / "out.jsonl"
    killed: list[int] = []

    class KillOnce:
        def advance(self, stats: BatchStats) -> None:
            if stats.articles >= 4 and not killed:
                killed.append(worker_pids(os.getpid())[0])
                os.kill(killed[0], signal.SIGKILL)

        def note(self, message: str) -> None: ...

    stats = _batch(url, out, 30, processes=2, progress=KillOnce())
    lines = _lines(out)
    assert sorted(f"a{n}" for n in range(30)) == sorted(line["id"] for line in lines)
    died = [line for line in lines if not line["ok"]]
    assert died, "the kill should have caught articles in flight"
    assert {"WorkerDied"} == {line["error"]["type"] for line in died}
    assert all(f"exit status {-signal.SIGKILL}" in line["error"]["message"] for line in died)
    assert len(died) == stats.failed["WorkerDied"]
    assert 30 - len(died) == stats.succeeded
    rerun = _batch(url, out, 30, processes=2, retry_failed=True)
    assert (len(died), 30) == (rerun.succeeded, sum(line["ok"] for line in _lines(out)))


def test_a_retry_after_in_one_worker_holds_the_others(fake: tuple[FakeServer, str], tmp_path: Path) -> None:
    """A 429 with Retry-After seen by one child pauses the other child's requests too."""
    server, url = fake
    server.latency = 0.05  # without the hold, the other child would send ~20 requests in the window
    server.add(Reply(status=429, headers={"Retry-After": "1"}, match=council_text(0), times=1))
    _batch(url, tmp_path / "out.jsonl", 40, processes=2, concurrency=4)
    arrivals = list(server.arrivals)
    first_429 = next(t for t, article in arrivals if article == article_hash(council_text(0)))
    # From 0.4 s: a request the other child had sent before the hold reached it may still
    # land after the 429 on a loaded machine (one did at 0.26 s in CI).
    during_hold = [t - first_429 for t, _ in arrivals if 0.4 < t - first_429 < 0.9]
    assert [] == during_hold
    assert len(arrivals) == 41  # 40 articles, one asked twice


@pytest.mark.parametrize(("extra", "message"), [
    (["--cassette", "c.yaml"], "--processes needs"),
    ([], "--processes needs"),
])
def test_cli_refuses_processes_where_one_process_must_do(tmp_path: Path, extra: list[str], message: str) -> None:
    """The local model and cassettes run in one process: asking for more is a usage error (exit 2)."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "x", "text": council_text(1)}) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZE_", "OPENAI_"))}
    if extra:
        env.update(OPENAI_BASE_URL="http://127.0.0.1:9/v1", SUMMARIZE_MODEL="fake")
    done = subprocess.run([sys.executable, "-m", "summarize", "batch", str(source), "--out", str(tmp_path / "o.jsonl"),
                           "--processes", "2", *extra], capture_output=True, text=True, cwd=tmp_path, env=env,
                          timeout=60, check=False)
    assert 2 == done.returncode, done.stderr
    assert message in done.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_fewer_than_one_process_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="processes must be at least 1"):
        asyncio.run(run_batch(iter_inputs([]), Summarizer(base_url="http://127.0.0.1:9/v1", model="m"),
                              tmp_path / "o.jsonl", processes=0))
