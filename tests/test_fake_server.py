"""The fake OpenAI-compatible server: valid default answers, scripts, concurrency, process mode."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest

from summarize.fake_answers import _article_of
from summarize.fake_server import FakeServer, Reply, replies_from_cassette, serve, synthesize_summary
from summarize.schema import ArticleSummary

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_0b078e7ce2398037.txt"
ROOT = Path(__file__).resolve().parents[1]


def _request(article: str, model: str = "m") -> dict[str, Any]:
    user = f"Summarize the article.\n<article>\n{article}\n</article>\n"
    return {"model": model, "messages": [{"role": "system", "content": "You summarize."},
                                         {"role": "user", "content": user}]}


@pytest.mark.parametrize(
    "article",
    [
        SEED.read_text(encoding="utf-8").split(" ", 2)[2],
        "Short one.",
        "The firm earned $3.5 million in 2023, up 12% from 1,234,567 dollars. Shares rose 4.2 points. "
        "Analysts on 2024-01-05 expected more. The 39-year-old chief said so.",
        "no sentence punctuation at all and 7 digits",
    ],
)
def test_default_answer_is_a_valid_summary_of_the_article(article: str) -> None:
    """The synthesised answer passes the schema, including the quotes-in-article check."""
    summary = ArticleSummary.model_validate(synthesize_summary(article), context={"article": article})
    assert 3 <= len(summary.key_points) <= 7
    assert all(f.quote in article for f in summary.figures)


@pytest.mark.parametrize(
    ("content", "article"),
    [
        ("Summarize.\n<article>\nOne.\nTwo.\n</article>\n", "One.\nTwo."),
        ("<article>\n  \nText\n \n\n</article>", "Text"),  # ends at the first newline of the trailing space
        ("<article>\n\n</article>", ""),
        ("<article>\n a \n</article> then <article>\n b\n\n</article>", " b"),  # the last one
        ("</article><article>\nq\n</article>", "q"),
        ("<article>same line</article>", "Fix the numbers."),  # no element: the last user message
        ("no article at all", "Fix the numbers."),
    ],
)
def test_the_article_is_read_from_the_last_user_message_with_one(content: str, article: str) -> None:
    """The text between the tags as a lazy ``<article>\\s*\\n(.*?)\\n\\s*</article>`` reads it."""
    request = {"messages": [{"role": "user", "content": content},
                            {"role": "assistant", "content": "{}"},
                            {"role": "user", "content": "Fix the numbers."}]}
    assert _article_of(request) == article


def test_script_is_served_in_order_then_the_default() -> None:
    """Scripted replies go out in order, matched ones only to their article, then the default."""
    server = FakeServer(script=[
        Reply(status=429, headers={"Retry-After": "1"}),
        Reply(content="only for zebras", match="zebra"),
        Reply(body={"raw": True}, times=2),
    ])
    with serve(server=server) as url:
        got = [httpx.post(f"{url}/chat/completions", json=_request(a), timeout=5) for a in
               ["Lions roar here.", "Lions again.", "A zebra runs.", "Lions.", "More lions."]]
    assert [r.status_code for r in got] == [429, 200, 200, 200, 200]
    assert got[0].headers["retry-after"] == "1"
    assert got[0].json()["error"]["message"] == "fake server error 429"
    assert got[1].json() == {"raw": True}
    assert got[2].json()["choices"][0]["message"]["content"] == "only for zebras"
    assert got[3].json() == {"raw": True}
    assert "headline" in json.loads(got[4].json()["choices"][0]["message"]["content"])
    assert server.stats()["script_left"] == 0


def test_answers_are_deterministic_and_carry_usage() -> None:
    """The same request gets byte-identical answers, with token counts."""
    with serve() as url:
        first = httpx.post(f"{url}/chat/completions", json=_request("A b c. D e f. G h i."), timeout=5)
        second = httpx.post(f"{url}/chat/completions", json=_request("A b c. D e f. G h i."), timeout=5)
    assert first.content == second.content
    assert first.json()["usage"]["prompt_tokens"] > 0


def test_128_concurrent_requests_at_100ms_are_served_in_parallel() -> None:
    """128 simultaneous requests at 100 ms latency finish in well under 128 x 100 ms."""
    server = FakeServer(latency=0.1)

    async def burst(url: str) -> float:
        limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
        async with httpx.AsyncClient(limits=limits, timeout=10) as client:
            started = time.perf_counter()
            replies = await asyncio.gather(*(client.post(f"{url}/chat/completions", json=_request(f"Item {i}."))
                                             for i in range(128)))
            assert all(r.status_code == 200 for r in replies)
            return time.perf_counter() - started

    with serve(server=server) as url:
        elapsed = asyncio.run(burst(url))
    assert server.max_in_flight == 128
    assert elapsed < 2.0


def test_scripts_from_a_cassette_replay_recorded_answers(tmp_path: Path) -> None:
    """Responses recorded in a vcrpy cassette become a script, in order."""
    cassette = tmp_path / "c.yaml"
    cassette.write_text(
        "interactions:\n"
        "- request: {method: POST, uri: 'http://x/v1/chat/completions', body: '{}', headers: {}}\n"
        "  response:\n"
        "    status: {code: 200, message: OK}\n"
        "    headers: {}\n"
        "    body: {string: '{\"recorded\": 1}'}\n"
        "version: 1\n",
        encoding="utf-8",
    )
    replies = replies_from_cassette(cassette)
    with serve(script=replies) as url:
        got = httpx.post(f"{url}/chat/completions", json=_request("Anything."), timeout=5)
    assert got.json() == {"recorded": 1}


def test_runs_as_a_process_printing_its_url_and_takes_scripts_over_http() -> None:
    """``python -m summarize.fake_server --port 0`` prints its URL and serves; scripts can be posted."""
    process = subprocess.Popen([sys.executable, "-m", "summarize.fake_server", "--port", "0"],
                               stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        httpx.post(url.removesuffix("/v1") + "/_fake/script", json=[{"status": 503}], timeout=5)
        assert httpx.post(f"{url}/chat/completions", json=_request("X y."), timeout=5).status_code == 503
        assert httpx.post(f"{url}/chat/completions", json=_request("X y."), timeout=5).status_code == 200
        assert httpx.get(url.removesuffix("/v1") + "/_fake/stats", timeout=5).json()["requests"] == 2
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize(("body", "message"), [
    (b"not json", "request body is not JSON"),
    (b"", "request body is not JSON"),
    (b"[1, 2]", "request body is not a JSON object"),
    (b'"text"', "request body is not a JSON object"),
])
def test_a_request_that_is_not_a_json_object_gets_400_saying_so(body: bytes, message: str) -> None:
    with serve() as url:
        got = httpx.post(f"{url}/chat/completions", content=body, headers={"Content-Type": "application/json"},
                         timeout=5)
    assert (400, message) == (got.status_code, got.json()["error"]["message"])


@pytest.mark.parametrize(
    ("reply", "latency"),
    [
        (None, 0.3),  # the default answer, prepared during the wait
        (Reply(status=429, headers={"Retry-After": "1"}), 0.3),
        (Reply(content='{"a": 1}', delay=0.4), 0.0),  # a reply's own delay overrides the latency
    ],
)
def test_no_answer_comes_before_its_latency(reply: Reply | None, latency: float) -> None:
    """The latency runs from the request's arrival and the answer waits for all of it, even
    though the server prepares the answer inside it."""
    server = FakeServer(latency=latency, script=[reply] if reply else [])
    wait = reply.delay if reply and reply.delay is not None else latency
    with serve(server=server) as url:
        started = time.monotonic()
        answer = httpx.post(f"{url}/chat/completions", json=_request("A b c. D e f."), timeout=5)
        elapsed = time.monotonic() - started
    assert answer.status_code == (reply.status if reply else 200)
    assert elapsed >= wait
