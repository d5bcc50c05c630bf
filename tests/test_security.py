"""Secrets never leak; URL input is bounded; files we write are private and atomic."""

from __future__ import annotations

import asyncio
import http.server
import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarize.article import Article, fetch_url
from summarize.errors import InputError, LLMError, scrub_secrets
from summarize.fake_server import FakeServer, Reply, serve
from summarize.llm import LLM
from summarize.prompts import render_messages

from conftest import PLANTED_KEY, ROOT

ARTICLE = "The council approved 120 new homes on Monday. The plan costs 4.5 million pounds. Work starts in May."


def _run_cli(args: list[str], url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZE_", "OPENAI_"))}
    env.update(OPENAI_API_KEY=PLANTED_KEY, OPENAI_BASE_URL=url, SUMMARIZE_MODEL="fake", PYTHONPATH=str(ROOT),
               SUMMARIZE_TRANSPORT_RETRIES="1", SUMMARIZE_CACHE_DIR=str(cwd / "cache"))
    return subprocess.run([sys.executable, "-m", "summarize", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False)


def test_a_planted_key_reaches_no_artefact(tmp_path: Path) -> None:
    """Key in the environment, echoed back by the server: absent from every file, log and message."""
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"a{i}", "text": f"{ARTICLE} Item {i}."}) + "\n" for i in range(3)),
                      encoding="utf-8")
    # A server that echoes the key in its error body, as OpenAI's 401 does.
    echo = {"error": {"message": f"Incorrect API key provided: {PLANTED_KEY}", "type": "invalid_request_error"}}
    server = FakeServer(script=[Reply(status=401, body=echo, match="Item 1", times=None)])
    cassette, results = tmp_path / "c.yaml", tmp_path / "results.jsonl"
    with serve(server=server) as url:
        batch = _run_cli(["batch", str(source), "--out", str(results), "--cassette", str(cassette),
                          "--record-mode", "once", "--allow-failures"], url, tmp_path)
        (tmp_path / "good.txt").write_text(f"{ARTICLE} Item 0.", encoding="utf-8")
        (tmp_path / "bad.txt").write_text(f"{ARTICLE} Item 1.", encoding="utf-8")
        single = _run_cli(["--debug", "--format", "json", str(tmp_path / "good.txt")], url, tmp_path)
        failing = _run_cli(["--debug", str(tmp_path / "bad.txt")], url, tmp_path)
    assert 0 == batch.returncode, batch.stderr
    assert 0 == single.returncode, single.stderr
    assert 1 == failing.returncode
    assert "401" in failing.stderr
    assert "OPENAI_API_KEY" in failing.stderr
    texts = [batch.stdout, batch.stderr, single.stdout, single.stderr, failing.stdout, failing.stderr]
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".txt"]
    assert {cassette, results} <= set(files)
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in files]
    for text in texts:
        assert PLANTED_KEY not in text
        assert "Bearer" not in text
    assert "authorization" not in cassette.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize(("given", "ok"),
                         [(PLANTED_KEY, True), ("sk-wrong-key-0123456789abcdef", False), (None, False)])
def test_the_api_key_is_sent_as_a_bearer_token(given: str | None, ok: bool) -> None:
    """The server sees the configured key (sync and async calls alike), and a rejected key
    is a 401 ``LLMError`` that names neither key."""
    server = FakeServer(api_key=PLANTED_KEY)
    with serve(server=server) as url:
        llm = LLM(base_url=url, api_key=given, model="fake", mode="json_schema", timeout=10, temperature=0,
                  max_tokens=512, max_retries=0, deadline=30)
        messages = render_messages(Article(text=ARTICLE))
        context = {"article": ARTICLE}
        try:
            if ok:
                assert llm.call(messages, context).summary is not None
                assert asyncio.run(llm.acall(messages, context)).summary is not None
            else:
                with pytest.raises(LLMError) as raised:
                    llm.call(messages, context)
                assert 401 == raised.value.status_code
                assert PLANTED_KEY not in str(raised.value)
                assert given is None or given not in str(raised.value)
        finally:
            llm.close()
    assert (2 if ok else 1) == server.requests


def test_llm_error_scrubs_keys_from_message_and_repr() -> None:
    """An error built from a server message holding a key shows only ***."""
    error = LLMError(f"401: Incorrect API key provided: {PLANTED_KEY}", status_code=401)
    assert PLANTED_KEY not in str(error) + repr(error)
    assert "***" in str(error)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("key sk-proj-abcdefghijklmnop end", "key *** end"),
        # built from parts so that no header-shaped secret sits in the repository
        (" ".join(["Authorization:", "Bearer", "abcdefgh" * 2]), "Authorization: ***"),
        ("no secret here: sk-1", "no secret here: sk-1"),
    ],
)
def test_scrub_secrets(text: str, expected: str) -> None:
    """Anything shaped like a key or bearer token is masked."""
    assert expected == scrub_secrets(text)


def test_files_we_write_are_private(tmp_path: Path) -> None:
    """Cassettes and batch results are created readable by their owner only."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    cassette, results = tmp_path / "c.yaml", tmp_path / "results.jsonl"
    with serve() as url:
        done = _run_cli(["batch", str(source), "--out", str(results), "--cassette", str(cassette),
                         "--record-mode", "once"], url, tmp_path)
    assert 0 == done.returncode, done.stderr
    assert [0o600, 0o600] == [stat.S_IMODE(p.stat().st_mode) for p in (cassette, results)]
    assert [] == [p.name for p in tmp_path.iterdir() if p.name.startswith(".c.yaml")]


class _Pages(http.server.BaseHTTPRequestHandler):
    """Web pages for URL input: a loop of redirects, a huge page, a slow page, an article."""

    def do_GET(self) -> None:
        if self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", f"/loop{len(self.path)}")
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            chunk = b"word " * 20_000
            for _ in range(60):  # 6 MB, more than the cap
                self.wfile.write(chunk)
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
            self.end_headers()
        else:
            body = (f"<html><body><nav>Home | Sport</nav><article><h1>Homes</h1><p>{ARTICLE}</p>"
                    f"<p>{ARTICLE}</p></article><script>track()</script></body></html>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize(
    ("path", "timeout", "message"),
    [
        ("/loop", 5.0, "more than 5 redirects"),
        ("/big", 5.0, "larger than 5000000 bytes"),
        ("/slow", 0.5, "no complete answer within 0.5 s"),
    ],
)
def test_url_input_is_bounded(pages: str, path: str, timeout: float, message: str) -> None:
    """Redirects, size and time are capped, each with a clear error naming the URL."""
    with pytest.raises(InputError) as info:
        fetch_url(pages + path, timeout=timeout)
    assert message in str(info.value)
    assert pages + path in str(info.value)


def test_url_page_text_is_extracted(pages: str) -> None:
    """A fetched HTML page gives the article text without navigation or scripts."""
    article = fetch_url(pages + "/article.html")
    assert "120 new homes" in article.text
    assert "Sport" not in article.text
    assert "track()" not in article.text
