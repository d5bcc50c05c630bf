"""``summarize batch`` and ``summarize.batch``: one line per article, resume, replay, exit codes.

The library tests use a stub summarizer; the CLI tests run ``python -m summarize batch``
as a subprocess against the fake OpenAI-compatible server, so no test reaches a model.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import summarize
from summarize.article import Article
from summarize.batch import BatchItem, BatchStats, _call_slots, _take, iter_inputs, run_batch
from summarize.errors import LLMError
from summarize.fake_server import FakeServer, Reply, serve

from conftest import interruptible, worker_pids

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-test-PLANTEDKEY1234567890"
SENTENCES = [
    "The council approved {n} new homes on Monday after a long debate.",
    "Residents had raised concerns about traffic on the main road.",
    "The project will cost 4.5 million pounds and take two years.",
    "Work is due to start in the spring, the council said.",
]


def _article(n: int) -> str:
    return " ".join(SENTENCES).format(n=n + 100)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- the library, with a stub summarizer ---------------------------------------------------


class _Usage(BaseModel):
    prompt_tokens: int = 10
    completion_tokens: int = 5
    llm_calls: int = 1


class _Result(BaseModel):
    article_id: str
    usage: _Usage = _Usage()
    numbers: None = None
    elapsed_seconds: float = 0.5


class _Stub:
    """Answers after ``delay``; fails articles containing 'FAIL'; tracks concurrency."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.in_flight = 0
        self.max_in_flight = 0
        self.calls: list[str] = []

    async def asummarize(self, article: Article | str) -> Any:
        assert isinstance(article, Article)
        self.calls.append(article.key)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            if "FAIL" in article.text:
                raise LLMError("server said 500", status_code=500)
            return _Result(article_id=article.key)
        finally:
            self.in_flight -= 1


def _items(texts: list[str]) -> Iterator[BatchItem]:
    for i, text in enumerate(texts):
        article = Article(text=text, source=f"t:{i}")
        yield BatchItem(id=article.key, source=f"t:{i}", article=article)


def _run(items: Any, stub: _Stub, out: Path, **kwargs: Any) -> BatchStats:
    options = {"concurrency": 4, "retry_failed": False, "progress": None, **kwargs}
    return asyncio.run(run_batch(items, stub, out, **options))


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A directory with good, duplicate, empty, binary and HTML articles, and a JSONL file."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(_article(1), encoding="utf-8")
    (folder / "sub" / "copy.md").write_text(_article(1), encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\x00\x01\x02")
    (folder / "page.html").write_text(f"<html><body><article><p>{_article(2)}</p></article></body></html>",
                                      encoding="utf-8")
    (folder / "skip.pdf").write_bytes(b"%PDF")
    (tmp_path / "in.jsonl").write_text(
        json.dumps({"id": "j1", "text": _article(3), "title": "T", "date": "2024-05-01"}) + "\n"
        + '{"id": "j2", "text": \n'
        + "\n"
        + json.dumps({"id": "j3"}) + "\n"
        + json.dumps({"text": _article(4)}) + "\n",
        encoding="utf-8",
    )
    return tmp_path


def test_iter_inputs_gives_one_item_per_article_and_errors_for_bad_input(inputs: Path) -> None:
    """Every file and JSONL line is an item; unreadable ones carry an error naming the line."""
    items = list(iter_inputs([inputs / "in", inputs / "in.jsonl"]))
    sources = [Path(i.source).name for i in items]
    assert sources == ["a.txt", "binary.txt", "empty.txt", "page.html", "copy.md",
            "in.jsonl:1", "in.jsonl:2", "in.jsonl:4", "in.jsonl:5"]
    errors = {Path(i.source).name: str(i.error) for i in items if i.error}
    assert {"binary.txt", "empty.txt", "in.jsonl:2", "in.jsonl:4"} == set(errors)
    assert "line 2 is not valid JSON" in errors["in.jsonl:2"]
    assert "text: Field required" in errors["in.jsonl:4"]
    assert items[0].id == items[4].id  # same text, same content id
    assert items[5].id == "j1"
    assert items[3].article is not None
    assert "4.5 million pounds" in items[3].article.text


def test_one_line_per_article_bad_ones_included_duplicates_once(inputs: Path, tmp_path: Path) -> None:
    """Good and bad articles each get exactly one line; a duplicate is counted, not rerun."""
    out = tmp_path / "out.jsonl"
    stub = _Stub()
    stats = _run(iter_inputs([inputs / "in", inputs / "in.jsonl"]), stub, out)
    lines = _lines(out)
    assert 8 == len(lines) == len({line["id"] for line in lines})
    assert stats.duplicates == 1
    assert 4 == stats.succeeded == len(stub.calls)
    assert dict(stats.failed) == {"InputError": 4}
    assert stats.exit_code == 2
    by_source = {Path(line["source"]).name: line for line in lines}
    assert by_source["in.jsonl:2"]["error"]["type"] == "InputError"
    assert by_source["a.txt"]["ok"] is True


def test_concurrency_is_bounded_and_lines_are_whole(tmp_path: Path) -> None:
    """At most ``concurrency`` articles are in flight; every line is complete JSON."""
    out = tmp_path / "out.jsonl"
    stub = _Stub(delay=0.01)
    _run(_items([_article(i) for i in range(60)]), stub, out, concurrency=5)
    assert stub.max_in_flight == 5
    assert out.read_bytes().endswith(b"\n")
    assert len(_lines(out)) == 60


def test_long_lived_objects_are_frozen_from_the_start_and_released_at_the_end(tmp_path: Path) -> None:
    """The heap alive when the batch starts, and again after the first article, leaves the
    collector for the batch, and only for it."""
    frozen: list[int] = []

    class Recording(_Stub):
        async def asummarize(self, article: Article | str) -> Any:
            frozen.append(gc.get_freeze_count())
            return await super().asummarize(article)

    assert 0 == gc.get_freeze_count()
    _run(_items([_article(i) for i in range(3)]), Recording(), tmp_path / "out.jsonl", concurrency=1)
    assert frozen[0] > 1000, "frozen before the first article"
    assert all(count > frozen[0] for count in frozen[1:]), "frozen again after it"
    assert 0 == gc.get_freeze_count()


@pytest.mark.parametrize(
    ("available", "pause", "most", "expected"),
    [
        (40, 0.0, 16, [16, 16, 8]),  # fast input: full chunks, then the rest
        (3, 0.0, 16, [3]),  # fewer than a chunk
        (0, 0.0, 16, []),  # nothing to read
        (4, 0.06, 16, [1, 1, 1, 1]),  # slow input: each item goes out as soon as the time is up
    ],
)
def test_items_are_read_a_few_at_a_time(available: int, pause: float, most: int, expected: list[int]) -> None:
    def slow() -> Iterator[BatchItem]:
        for item in _items([_article(i) for i in range(available)]):
            time.sleep(pause)
            yield item

    source = slow()
    sizes = []
    while chunk := _take(source, most=most, seconds=0.05):
        sizes.append(len(chunk))
    assert expected == sizes


def test_ordered_writes_in_input_order_without_timings(tmp_path: Path) -> None:
    """``ordered`` keeps input order despite varying latency; no elapsed_seconds is written."""
    out = tmp_path / "out.jsonl"
    texts = [_article(i) for i in range(30)]
    _run(_items(texts), _Stub(delay=0.002), out, concurrency=6, ordered=True, timings=False)
    lines = _lines(out)
    assert [Article(text=t).key for t in texts] == [line["id"] for line in lines]
    assert all("elapsed_seconds" not in line["result"] for line in lines)


def test_resume_cuts_a_partial_line_and_skips_done_ids(tmp_path: Path) -> None:
    """A trailing partial line is cut away; ids already written are not summarized again."""
    out = tmp_path / "out.jsonl"
    texts = [_article(i) for i in range(10)]
    _run(_items(texts[:4]), _Stub(), out)
    with out.open("ab") as handle:
        handle.write(b'{"id": "half-writ')
    stub = _Stub()
    stats = _run(_items(texts), stub, out)
    assert stats.truncated_bytes == 17
    assert stats.skipped == 4
    assert len(stub.calls) == 6
    assert 10 == len({line["id"] for line in _lines(out)}) == len(_lines(out))


def test_retry_failed_reruns_only_failures_and_keeps_one_line_each(tmp_path: Path) -> None:
    """Failed lines are skipped by default and replaced under ``retry_failed``."""
    out = tmp_path / "out.jsonl"
    texts = [_article(i) for i in range(5)] + ["This one will FAIL today."]
    first = _run(_items(texts), _Stub(), out)
    assert dict(first.failed) == {"LLMError": 1}
    assert first.exit_code == 1
    again = _Stub()
    assert _run(_items(texts), again, out).skipped == 6
    assert again.calls == []
    retry = _Stub()
    stats = _run(_items(texts), retry, out, retry_failed=True)
    assert len(retry.calls) == 1
    assert stats.skipped == 5
    lines = _lines(out)
    assert 6 == len(lines) == len({line["id"] for line in lines})
    assert next(line for line in lines if not line["ok"])["error"]["status_code"] == 500


# --- the command line, as a subprocess against the fake server -----------------------------


def _env(url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZE_", "OPENAI_"))}
    env.update(OPENAI_API_KEY=KEY, SUMMARIZE_MODEL="fake-model", SUMMARIZE_TRANSPORT_RETRIES="0",
               PYTHONPATH=str(ROOT))
    if url:
        env["OPENAI_BASE_URL"] = url
    return env


def _cli(args: list[str], url: str | None, *, base_url: str | None = None, **kwargs: Any) -> Any:
    extra = ["--base-url", base_url] if base_url else []
    return subprocess.run([sys.executable, "-m", "summarize", "batch", *args, *extra], env=_env(url),
                          capture_output=True, text=True, timeout=60, cwd=ROOT, **kwargs)


def _jsonl(path: Path, count: int, start: int = 0) -> Path:
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": _article(i)}) + "\n"
                            for i in range(start, start + count)), encoding="utf-8")
    return path


def test_cli_writes_one_line_per_article_and_exits_by_worst_failure(inputs: Path, tmp_path: Path) -> None:
    """The real entry point: bad input exits 2, --allow-failures exits 0, the table is printed."""
    out = tmp_path / "out.jsonl"
    with serve() as url:
        done = _cli([str(inputs / "in"), str(inputs / "in.jsonl"), "--out", str(out), "-c", "3"], url)
        assert done.returncode == 2, done.stderr
        assert "duplicate" in done.stderr
        assert "succeeded" in done.stderr
        lines = _lines(out)
        assert len(lines) == 8
        good = [line for line in lines if line["ok"]]
        assert len(good) == 4
        assert {"summary", "numbers", "attempts", "usage"} <= set(good[0]["result"])
        allowed = _cli([str(inputs / "in"), "--out", str(out), "--allow-failures"], url)
        assert allowed.returncode == 0, allowed.stderr


def test_cli_model_failure_exits_1_and_retry_failed_recovers(tmp_path: Path) -> None:
    """A 500 for one article fails only that article (exit 1); --retry-failed reruns it."""
    source = _jsonl(tmp_path / "in.jsonl", 4)
    out = tmp_path / "out.jsonl"
    server = FakeServer(script=[Reply(status=500, match=_article(2), times=None)])
    with serve(server=server) as url:
        first = _cli([str(source), "--out", str(out)], url)
        assert first.returncode == 1, first.stderr
        failed = [line for line in _lines(out) if not line["ok"]]
        assert [line["id"] for line in failed] == ["a2"]
        assert failed[0]["error"]["type"] == "LLMError"
        server._script.clear(), server._remaining.clear()  # the server recovers
        second = _cli([str(source), "--out", str(out), "--retry-failed"], url)
        assert second.returncode == 0, second.stderr
    lines = _lines(out)
    assert sorted(line["id"] for line in lines) == ["a0", "a1", "a2", "a3"]
    assert all(line["ok"] for line in lines)


def test_cli_bad_usage_exits_2(tmp_path: Path) -> None:
    """A missing input path is a usage error."""
    done = _cli([str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o.jsonl")], "http://127.0.0.1:9/v1")
    assert done.returncode == 2


@pytest.mark.parametrize("processes", ["1", "2"])
def test_sigkill_mid_run_leaves_whole_lines_and_rerun_completes(tmp_path: Path, processes: str) -> None:
    """A batch killed with SIGKILL leaves only whole lines (and no worker process); the same
    command then finishes it."""
    source = _jsonl(tmp_path / "in.jsonl", 40)
    out = tmp_path / "out.jsonl"
    with serve(latency=0.15) as url:
        args = [sys.executable, "-m", "summarize", "batch", str(source), "--out", str(out), "-c", "4",
                "--processes", processes]
        process = subprocess.Popen(args, env=_env(url), cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 8):
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        time.sleep(0.5)  # the kernel's SIGKILL to the workers is immediate; reaping is not
        assert [] == worker_pids() + worker_pids(module="summarize.checker")
        killed = out.read_bytes()
        assert killed.endswith(b"\n")
        assert 8 <= killed.count(b"\n") < 40
        assert all(json.loads(line)["ok"] for line in killed.splitlines())
        rerun = _cli([str(source), "--out", str(out), "-c", "4"], url)
    assert rerun.returncode == 0, rerun.stderr
    ids = [line["id"] for line in _lines(out)]
    assert sorted(ids) == sorted(f"a{i}" for i in range(40))


def test_ctrl_c_mid_run_stops_cleanly_and_rerun_completes(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the process group, as a terminal sends it) mid-batch: exit 130, whole
    lines, a hint to resume, no number-check process left; the same command then finishes it."""
    source = _jsonl(tmp_path / "in.jsonl", 40)
    out = tmp_path / "out.jsonl"
    with serve(latency=0.15) as url:
        args = [sys.executable, "-m", "summarize", "batch", str(source), "--out", str(out), "-c", "4"]
        process = subprocess.Popen(args, env=_env(url), cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True,
                                   preexec_fn=interruptible)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 8):
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
        assert 130 == process.returncode, stderr
        assert "Run the same command again to resume" in stderr
        assert "Traceback" not in stderr
        time.sleep(0.2)
        assert [] == worker_pids(module="summarize.checker")
        stopped = out.read_bytes()
        assert stopped.endswith(b"\n")
        assert 8 <= stopped.count(b"\n") < 40
        rerun = _cli([str(source), "--out", str(out), "-c", "4"], url)
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(f"a{i}" for i in range(40)) == sorted(line["id"] for line in _lines(out))


def test_a_file_name_that_is_not_utf8_costs_no_article(tmp_path: Path) -> None:
    """Undecodable bytes in a file name: every article gets its line, and the name is recoverable."""
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.fsencode(folder) + b"/caf\xff.txt"
    with open(odd, "w", encoding="utf-8") as handle:
        handle.write(_article(1))
    (folder / "plain.txt").write_text(_article(2), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with serve() as url:
        done = _cli([str(folder), "--out", str(out)], url)
    assert done.returncode == 0, done.stderr
    lines = _lines(out)
    assert [line["ok"] for line in lines] == [True, True]
    assert sorted(os.fsencode(line["source"]) for line in lines) == sorted([odd, os.fsencode(folder / "plain.txt")])


def test_replay_is_identical_at_another_concurrency_and_holds_no_key(tmp_path: Path) -> None:
    """Recorded once against the fake, replayed offline at another concurrency: same file, no key."""
    source = _jsonl(tmp_path / "in.jsonl", 12)
    cassette = tmp_path / "batch.yaml"
    recorded, replayed = tmp_path / "recorded.jsonl", tmp_path / "replayed.jsonl"
    common = ["--cassette", str(cassette), "--no-timings", "--ordered"]
    with serve() as url:
        first = _cli([str(source), "--out", str(recorded), "-c", "4", "--record-mode", "once", *common], url)
        assert first.returncode == 0, first.stderr
    # The server is gone: the replay can only come from the cassette.
    second = _cli([str(source), "--out", str(replayed), "-c", "1", "--record-mode", "none", *common], url)
    assert second.returncode == 0, second.stderr
    assert recorded.read_bytes() == replayed.read_bytes()
    for path in (cassette, recorded, replayed):
        assert "PLANTEDKEY" not in path.read_text(encoding="utf-8")


def test_replay_missing_an_interaction_fails_that_article_only(tmp_path: Path) -> None:
    """An article the cassette lacks fails with a clear error, without reaching the server."""
    cassette = tmp_path / "batch.yaml"
    server = FakeServer()
    with serve(server=server) as url:
        first = _cli([str(_jsonl(tmp_path / "in.jsonl", 3)), "--out", str(tmp_path / "a.jsonl"),
                      "--cassette", str(cassette), "--record-mode", "once"], url)
        assert first.returncode == 0, first.stderr
        requests = server.requests
        out = tmp_path / "b.jsonl"
        second = _cli([str(_jsonl(tmp_path / "more.jsonl", 4)), "--out", str(out),
                       "--cassette", str(cassette)], url)
        assert server.requests == requests
    assert second.returncode == 1, second.stderr
    failed = [line for line in _lines(out) if not line["ok"]]
    assert [line["id"] for line in failed] == ["a3"]
    assert "cassette" in failed[0]["error"]["message"]


def test_many_articles_from_the_library_come_back_in_order_with_failures_in_place() -> None:
    """``asummarize_many``: one result per article in input order, each as ``asummarize``
    gives it alone; an empty article and a server error are their exceptions, in place;
    the server sees at most ``concurrency`` requests; no checker process is left, and the heap
    frozen for the call is handed back to the collector."""
    texts = [_article(n) for n in range(12)]
    texts[3] = "   "
    server = FakeServer(latency=0.05, script=[Reply(status=400, match=texts[7], times=None)])
    with serve(server=server) as url:
        options = {"base_url": url, "model": "fake", "api_key": "sk-test-not-a-key", "max_transport_retries": 0}
        results = asyncio.run(summarize.asummarize_many(texts, concurrency=3, **options))
        alone = [asyncio.run(summarize.asummarize(texts[n], **options)) for n in (0, 11)]
    assert len(results) == 12
    assert [type(r).__name__ for r in results if not isinstance(r, summarize.SummaryResult)] \
        == ["InputError", "LLMError"]
    assert isinstance(results[3], summarize.InputError)
    assert isinstance(results[7], LLMError)
    assert [(r.summary, r.numbers) for r in (results[0], results[11])] == [(a.summary, a.numbers) for a in alone]
    assert [r.summary.figures[0].quote for r in results if isinstance(r, summarize.SummaryResult)] \
        == [str(100 + n) for n in range(12) if n not in (3, 7)]
    assert server.max_in_flight == 3
    assert [] == worker_pids(os.getpid(), "summarize.checker")
    assert gc.get_freeze_count() == 0, "the heap frozen during the call is handed back"


def test_the_calls_a_failed_article_spent_are_counted(tmp_path: Path) -> None:
    """An article whose every answer fails validation costs its calls: the totals count
    them and its error line says how many."""
    server = FakeServer(script=[Reply(content="not JSON at all", match=_article(1), times=None)])
    items = [BatchItem(id=f"a{n}", source="test", article=Article(text=_article(n))) for n in range(3)]
    with serve(server=server) as url:
        summarizer = summarize.Summarizer(base_url=url, model="fake", api_key=KEY)
        stats = asyncio.run(run_batch(items, summarizer, tmp_path / "out.jsonl", concurrency=1))
    failed = [line for line in _lines(tmp_path / "out.jsonl") if not line["ok"]]
    assert [("a1", "ValidationFailed", 3)] == [(f["id"], f["error"]["type"], f["error"]["llm_calls"]) for f in failed]
    assert (5, server.requests) == (stats.llm_calls, 5)


@pytest.mark.parametrize("concurrency", [0, -2])
def test_many_articles_need_a_positive_concurrency(concurrency: int) -> None:
    """A concurrency below 1 is refused, naming it, before any request."""
    summarizer = summarize.Summarizer(base_url="http://127.0.0.1:9/v1", model="fake")
    with pytest.raises(ValueError, match=f"concurrency must be at least 1, got {concurrency}"):
        asyncio.run(summarizer.asummarize_many(["An article."], concurrency=concurrency))


@pytest.mark.parametrize(("options", "concurrency", "processes", "workers"), [
    ({"base_url": "http://127.0.0.1:9/v1"}, 8, 1, 16),  # two workers per slot, 8 slots
    ({"base_url": "http://127.0.0.1:9/v1"}, 1, 1, 1),  # no slots: lines stay in input order
    ({"base_url": "http://127.0.0.1:9/v1"}, 8, 2, 8),  # no slots: worker processes bound their calls
    ({}, 8, 1, 2),  # the embedded model answers one request at a time: one slot
    ({}, 1, 1, 1),
])
def test_model_call_slots_per_server(options: dict[str, Any], concurrency: int, processes: int,
                                     workers: int) -> None:
    """How many requests a batch puts to its server at once: the concurrency, but one for
    the embedded local model, and none of the batch's own at concurrency 1 or with workers."""
    slots, taken = _call_slots(summarize.Summarizer(model="m", **options), concurrency, processes)
    assert taken == workers
    assert (slots is not None) == (workers != concurrency)


def test_a_local_batch_says_it_sends_one_request_at_a_time(tmp_path: Path) -> None:
    """The batch tells why ``--concurrency 4`` sends one request to the local model (it never
    starts: every article is a duplicate of a done one)."""
    out = tmp_path / "out.jsonl"
    item = BatchItem(id="a", source="test", article=Article(text=_article(1)))
    out.write_text(json.dumps({"id": "a", "source": "test", "ok": True, "result": None, "error": None}) + "\n")
    notes: list[str] = []

    class Notes:
        def advance(self, _stats: BatchStats) -> None: ...

        def note(self, message: str) -> None:
            notes.append(message)

    stats = asyncio.run(run_batch([item], summarize.Summarizer(), out, concurrency=4, progress=Notes()))
    assert (stats.skipped, notes) == (1, ["the local model answers one request at a time: 1 in flight, not 4"])


def test_a_jsonl_file_saved_with_a_bom_loses_no_line(tmp_path: Path) -> None:
    """Windows editors start a UTF-8 file with a BOM; its first record is still read."""
    path = tmp_path / "bom.jsonl"
    path.write_bytes("\ufeff".encode() + b'{"id": "a", "text": "Sales rose 12%."}\n{"id": "b", "text": "Up 3%."}\n')
    items = list(iter_inputs([path]))
    assert [(item.id, item.error) for item in items] == [("a", None), ("b", None)]

