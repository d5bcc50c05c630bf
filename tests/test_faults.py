"""The fault matrix: every scripted fault, through the single-article path and inside a batch.

One table says, for each fault the fake server can produce, which budget it spends and how
it ends: transport faults are retried ``1 + max_transport_retries`` times and end in
``LLMError`` with the status; content faults are re-asked ``1 + max_reasks`` times and end
in ``ValidationFailed`` with every attempt; a raw control character is repaired without a
re-ask; a deadline ends the retries early. The same table runs on ``Summarizer.summarize``
(the sync loop) and inside ``run_batch`` (the async loop), where each faulty article gets
exactly one line recording its error and the clean articles around it succeed.

A known bug goes in ``BUGS``, which runs its checks as ``xfail(strict=True)``, so its fix
turns them into failures to unmark.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from summarize.article import Article, load_article
from summarize.batch import BatchItem, BatchStats, run_batch
from summarize.errors import LLMError, ValidationFailed
from summarize.fake_server import FakeServer, Reply, fault_table, serve
from summarize.pipeline import Summarizer

from conftest import PLANTED_KEY, SEED

RETRIES = 2  # max_transport_retries: a persistent transport fault costs 3 requests
REASKS = 1  # max_reasks: a persistent content fault costs 2 requests
OPTIONS: dict[str, Any] = {"max_transport_retries": RETRIES, "max_reasks": REASKS, "timeout": 0.5,
                           "transport_deadline": 10.0}
FAULT = fault_table(hang=2.0)  # the "timeout" fault answers after 2 s, past the 0.5 s timeout
BASE_TEXT = load_article(SEED).text


@dataclass(frozen=True)
class Case:
    """One fault and how it must end when every request for the article meets it."""

    fault: str
    reply: Reply
    outcome: str  # "ok", "LLMError" or "ValidationFailed"
    requests: int  # requests the fake sees for the article (at most, for the deadline cases)
    message: str = ""  # a pattern the error message must contain (re.search)
    status: int | None = None
    budget: str = "transport"  # which budget a single fault spends: transport, content or none
    options: dict[str, Any] = field(default_factory=dict)  # overrides of OPTIONS


CASES = [
    Case("429", FAULT["429"], "LLMError", 1 + RETRIES, "answered 429", 429),
    Case("429_no_retry_after", FAULT["429_no_retry_after"], "LLMError", 1 + RETRIES, "answered 429", 429),
    Case("500", FAULT["500"], "LLMError", 1 + RETRIES, "answered 500", 500),
    Case("502", FAULT["502"], "LLMError", 1 + RETRIES, "answered 502", 502),
    Case("503", FAULT["503"], "LLMError", 1 + RETRIES, "answered 503", 503),
    Case("read_timeout", FAULT["timeout"], "LLMError", 1 + RETRIES, "timed out"),
    Case("reset_mid_body", FAULT["reset"], "LLMError", 1 + RETRIES, "reset"),
    Case("drop_before_headers", FAULT["drop"], "LLMError", 1 + RETRIES, "reset"),
    Case("body_not_json", FAULT["body_not_json"], "LLMError", 1 + RETRIES, "not JSON", 200),
    Case("content_not_json", FAULT["content_not_json"], "ValidationFailed", 1 + REASKS, "Invalid JSON",
         budget="content"),
    Case("schema_fail", FAULT["schema_fail"], "ValidationFailed", 1 + REASKS,
         "headline: Input should be a valid string", budget="content"),
    Case("raw_newline", FAULT["raw_newline"], "ok", 1, budget="none"),
    Case("length", FAULT["length"], "ValidationFailed", 1 + REASKS, "cut off at the token limit", budget="content"),
    Case("refusal", FAULT["refusal"], "ValidationFailed", 1 + REASKS, "refus.*I can't help with that",
         budget="content"),
    Case("no_choices", FAULT["no_choices"], "ValidationFailed", 1 + REASKS, "no choices", budget="content"),
    # Every request times out: the 1 s deadline, not the 6-request budget, ends the retries.
    Case("deadline_by_timeouts", FAULT["timeout"], "LLMError", 2, "timed out|deadline",
         options={"timeout": 0.3, "transport_deadline": 1.0, "max_transport_retries": 5}),
    # One answer slower than the deadline but under the timeout: the deadline must still hold.
    Case("slow_beyond_deadline", Reply(delay=1.5), "LLMError", 1, "deadline",
         options={"timeout": 5.0, "transport_deadline": 0.5}),
]
# (fault, "outcome" | "recovery" | "batch") -> a known bug that makes that check fail today,
# run as xfail(strict=True) so its fix shows. Empty: the four found so far are fixed in llm.py.
BUGS: dict[tuple[str, str], str] = {}


def _params(check: str, cases: list[Case] = CASES) -> list[Any]:
    """The cases as pytest params, the ones a known bug breaks marked strict xfail."""
    params = []
    for case in cases:
        bug = BUGS.get((case.fault, check))
        marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
        params.append(pytest.param(case, id=case.fault, marks=marks))
    return params


def _text(case: Case) -> str:
    """A distinct article for the case, which its scripted fault matches (and nothing else)."""
    return f"Fault case zq{case.fault.replace('_', '')}x was reported on Monday. {BASE_TEXT}"


def _script(case: Case, times: int | None = None) -> Reply:
    return case.reply.model_copy(update={"match": f"zq{case.fault.replace('_', '')}x", "times": times})


def _options(case: Case) -> dict[str, Any]:
    return {"base_url": None, "model": "fake", "api_key": PLANTED_KEY, **OPTIONS, **case.options}


def _deadline_bound(case: Case) -> float:
    """Longest a call may take: its transport deadline, plus slack for building the client on a busy machine."""
    return float(_options(case)["transport_deadline"]) + 1.5


def _check_error(case: Case, error: BaseException) -> None:
    """The error is typed, carries its data, and its message says what happened."""
    assert case.outcome == type(error).__name__
    assert re.search(case.message, str(error)), str(error)
    if isinstance(error, LLMError):
        assert case.status == error.status_code
    if isinstance(error, ValidationFailed):
        assert 1 + REASKS == len(error.attempts)


@pytest.fixture
def fake() -> Iterator[tuple[FakeServer, str]]:
    server = FakeServer()
    with serve(server=server) as url:
        yield server, url


@pytest.mark.parametrize("case", _params("outcome"))
def test_a_persistent_fault_spends_its_budget_and_ends_typed(fake: tuple[FakeServer, str], case: Case) -> None:
    """Every request for the article meets the fault: the right budget is spent and the error says why."""
    server, url = fake
    server.add(_script(case))
    text = _text(case)
    summarizer = Summarizer(**{**_options(case), "base_url": url})
    started = time.perf_counter()
    try:
        result = summarizer.summarize(text)
    except (LLMError, ValidationFailed) as exc:
        error: BaseException | None = exc
    else:
        error = None
    finally:
        summarizer.close()
    elapsed = time.perf_counter() - started
    if case.options:
        assert 1 <= server.requests_for(text) <= case.requests
        assert elapsed < _deadline_bound(case)
    else:
        assert case.requests == server.requests_for(text) == server.requests
    if case.outcome == "ok":
        assert error is None
        assert [] == result.attempts
        assert {"\n", "\t"} <= set(result.summary.headline)  # repaired locally: kept as characters
        return
    assert error is not None
    _check_error(case, error)
    if isinstance(error, LLMError) and not case.options:
        assert case.requests == error.attempts


@pytest.mark.parametrize("case", _params("recovery", [c for c in CASES if not c.options]))
def test_a_single_fault_is_recovered_from_within_its_budget(fake: tuple[FakeServer, str], case: Case) -> None:
    """The fault once, then good answers: a transport fault costs a retry, a content fault a re-ask."""
    server, url = fake
    server.add(_script(case, times=1))
    summarizer = Summarizer(**{**_options(case), "base_url": url})
    try:
        result = summarizer.summarize(_text(case))
    finally:
        summarizer.close()
    if case.budget == "none":
        expected = (1, 1, 0)
    elif case.budget == "transport":
        expected = (2, 1, 0)  # retried below the re-ask loop: one call, no failed attempt
    else:
        expected = (2, 2, 1)
    assert expected == (server.requests, result.usage.llm_calls, len(result.attempts))


# --- the same table inside a batch -----------------------------------------------------------

CLEAN = 3  # fault-free articles alongside the faulty ones in each batch


@dataclass
class BatchRun:
    """One batch of every case sharing a set of options, plus clean articles, and what the fake saw."""

    lines: dict[str, dict[str, Any]]
    line_count: int
    requests: dict[str, int]
    stats: BatchStats


def _run_group(cases: list[Case], out: Path) -> BatchRun:
    server = FakeServer(script=[_script(case) for case in cases])
    texts = {f"case-{case.fault}": _text(case) for case in cases}
    texts.update({f"clean-{i}": f"Clean article {i} was filed on Tuesday. {BASE_TEXT}" for i in range(CLEAN)})
    items = [BatchItem(id=key, source=key, article=Article(text=text, source=key)) for key, text in texts.items()]
    with serve(server=server) as url:
        summarizer = Summarizer(**{**_options(cases[0]), "base_url": url})

        async def run() -> BatchStats:
            try:
                return await run_batch(items, summarizer, out, concurrency=len(items))
            finally:
                await summarizer.aclose()

        stats = asyncio.run(run())
        requests = {key: server.requests_for(text) for key, text in texts.items()}
    raw = out.read_text(encoding="utf-8").splitlines()
    lines = {line["id"]: line for line in map(json.loads, raw)}
    return BatchRun(lines, len(raw), requests, stats)


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BatchRun]:
    """Run the table as batches, one per distinct set of options; keyed by fault (and 'clean-<n>')."""
    groups: dict[str, list[Case]] = {}
    for case in CASES:
        groups.setdefault(json.dumps(case.options, sort_keys=True), []).append(case)
    runs: dict[str, BatchRun] = {}
    for number, cases in enumerate(groups.values()):
        run = _run_group(cases, tmp_path_factory.mktemp("faults") / f"out-{number}.jsonl")
        runs.update({case.fault: run for case in cases})
        runs[f"clean-{number}"] = run
    return runs


def test_a_batch_gives_every_article_one_line_and_the_clean_ones_succeed(batches: dict[str, BatchRun]) -> None:
    """Each batch has one whole line per article; the clean articles succeed whatever their neighbours do."""
    for run in {id(run): run for run in batches.values()}.values():
        assert len(run.lines) == run.line_count == run.stats.articles
        clean = [line for key, line in run.lines.items() if key.startswith("clean-")]
        assert [True] * CLEAN == [line["ok"] for line in clean]
        assert [1] * CLEAN == [run.requests[key] for key in run.lines if key.startswith("clean-")]
        assert run.stats.succeeded + run.stats.failures == run.stats.articles


@pytest.mark.parametrize("case", _params("batch"))
def test_a_fault_inside_a_batch_ends_as_it_does_alone(batches: dict[str, BatchRun], case: Case) -> None:
    """The article's line records the same outcome (error type, message, status) and the same request count."""
    run = batches[case.fault]
    line = run.lines[f"case-{case.fault}"]
    requests = run.requests[f"case-{case.fault}"]
    if case.options:
        assert 1 <= requests <= case.requests
    else:
        assert case.requests == requests
    if case.outcome == "ok":
        assert (True, None) == (line["ok"], line["error"])
        assert {"\n", "\t"} <= set(line["result"]["summary"]["headline"])
        return
    error = line["error"]
    assert (False, None) == (line["ok"], line["result"])
    assert case.outcome == error["type"]
    assert re.search(case.message, error["message"]), error["message"]
    assert case.status == error.get("status_code")


# --- the fake's faults themselves ----------------------------------------------------------


def _read_to_the_end(sock: Any) -> tuple[bytes, BaseException | None]:
    """Everything a socket receives, and the error that ended it (None for an orderly close)."""
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except OSError as exc:
        return received, exc
    return received, None


def test_reset_sends_the_headers_and_half_the_body_then_resets() -> None:
    """The ``reset`` fault is mid-body: a raw client reads a 200, part of the announced body, then ECONNRESET."""
    server = FakeServer(script=[Reply(action="reset")])
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": "<article>\nA b. C d.\n</article>"}]})
    with serve(server=server) as url:
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(f"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {len(body)}\r\n\r\n{body}".encode())
            received, ended = _read_to_the_end(sock)
    assert isinstance(ended, ConnectionResetError)
    head, _, partial = received.partition(b"\r\n\r\n")
    announced = int(next(h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")).split(b":")[1])
    assert head.startswith(b"HTTP/1.1 200")
    assert 0 < len(partial) < announced


def test_fault_rate_draws_seeded_faults_and_counts_requests_per_article() -> None:
    """With fault_rate the same seed gives the same faults; requests are counted per article."""

    def draws(seed: int) -> tuple[list[Reply], int]:
        server = FakeServer(fault_rate=0.5, seed=seed)
        replies = [server._next_reply(f"article {i}") for i in range(40)]
        return replies, sum(server.faults_served.values())

    replies, faults = draws(1)
    assert (replies, faults) == draws(1)
    assert 5 < faults < 35
    assert all(reply == Reply(times=None) or reply in FAULT.values() for reply in replies)
    server = FakeServer()
    with serve(server=server) as url:
        summarizer = Summarizer(base_url=url, model="fake", api_key=PLANTED_KEY)
        summarizer.summarize(_text(CASES[0]))
        summarizer.close()
    assert 1 == server.requests_for(_text(CASES[0]))
    assert {"articles": 1, "max_per_article": 1, "faults": {}}.items() <= server.stats().items()
