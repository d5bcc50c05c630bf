"""Shared test set-up: cassettes, a clean environment, and the recording server.

Cassettes replay real traffic recorded from the embedded local model. Tests run with
record mode ``none`` (pyproject's addopts) and network blocked except loopback, so a
missing cassette fails instead of reaching any server. To re-record after changing the
prompt or schema (this starts the 0.5B local model):

    .venv/bin/python -m pytest -m vcr --record-mode=all
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from summarize.article import Article
from summarize.cassette import AtomicPersister, json_body_matcher
from summarize.cassette import vcr_config as shared_vcr_config
from summarize.inputs import BatchItem

ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "000_0b078e7ce2398037.txt"
# The model the cassettes were recorded with; its name is part of every request body.
RECORDED_MODEL = "qwen2.5-coder-1.5b"
PLANTED_KEY = "sk-test-PLANTEDKEY1234567890abcdef"


def council_text(n: int) -> str:
    """A short article whose first number differs with ``n``, for batch tests."""
    return (f"The council approved {n + 100} new homes on Monday after a long debate. "
            "The project will cost 4.5 million pounds and take two years, the council said.")


def council_items(count: int) -> Iterator[BatchItem]:
    """``count`` batch items a0, a1, ... of ``council_text``."""
    for n in range(count):
        yield BatchItem(id=f"a{n}", source=f"test:{n}", article=Article(text=council_text(n)))


_COMPLETION = {  # the least a chat completion holds
    "id": "c", "object": "chat.completion", "created": 0, "model": "m",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "{}"}}],
}


class HeldAnswers:
    """A model behind an httpx2 transport (no socket) that holds its answers to the requests
    for the models in ``held`` until ``release``, then gives them all at once: answers
    arriving together, which a real server gives only by chance. ``order`` records each
    request's model as ``"sent <model>"``."""

    def __init__(self, held: set[str]) -> None:
        self.held = held
        self.order: list[str] = []
        self._release = asyncio.Event()

    def release(self) -> None:
        self._release.set()

    def client(self) -> httpx2.AsyncClient:
        async def answer(request: httpx2.Request) -> httpx2.Response:
            model = json.loads(request.content)["model"]
            self.order.append(f"sent {model}")
            if model in self.held:
                await self._release.wait()
            return httpx2.Response(200, json=_COMPLETION)

        return httpx2.AsyncClient(transport=httpx2.MockTransport(answer))


class SlowChecker:
    """A number checker that takes ``seconds`` over every check and then leaves it to the
    caller's process (``Checker.check`` answering None): a slow checker process on demand."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.served = 0

    async def check(self, summary: Any, article: str, article_date: Any = None) -> None:
        await asyncio.sleep(self.seconds)

    async def aclose(self) -> None: ...


def interruptible() -> None:
    """``preexec_fn`` for a child a test will Ctrl-C: SIGINT back to its default action.

    A shell without job control starts background commands with SIGINT ignored, every
    process below inherits that, and Python keeps an ignored SIGINT ignored: a suite
    started that way (``.ci/run &`` from a script) saw its Ctrl-C tests' children carry on.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def worker_pids(parent: int | None = None, module: str = "summarize.workers") -> list[int]:
    """Pids of ``module``'s processes (the batch workers by default): all of them, or the
    children of ``parent``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if module.encode() in cmdline and parent in (None, ppid):
            found.append(int(entry.name))
    return found


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_matcher("json_body", json_body_matcher)
    vcr.register_persister(AtomicPersister)


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    return shared_vcr_config()


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No setting leaks in from the developer's shell or CI."""
    for name in list(os.environ):
        if name.startswith(("SUMMARIZE_", "OPENAI_")):
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def _cassette_fully_played(request: pytest.FixtureRequest, vcr: Any) -> Iterator[None]:
    """A replayed test that leaves recorded interactions unused fails."""
    yield
    if vcr is not None and request.config.getoption("--record-mode") in (None, "none"):
        unplayed = len(vcr.data) - sum(vcr.play_counts.values())
        assert vcr.all_played, f"{unplayed} recorded interaction(s) never replayed"


@pytest.fixture(scope="session")
def model_url(request: pytest.FixtureRequest) -> str:
    """Where recorded tests send requests: a dummy URL on replay, the real local model when recording."""
    if request.config.getoption("--record-mode") in (None, "none"):
        return "http://127.0.0.1:9/v1"  # never reached: the cassette answers
    from summarize import local_server
    from summarize.settings import resolve_settings

    settings = resolve_settings({}, local_model=RECORDED_MODEL)
    return local_server.get_server(RECORDED_MODEL, settings.cache_dir, settings.n_ctx).base_url


@pytest.fixture
def recorded_options(model_url: str) -> dict[str, Any]:
    """Summarizer options matching the recorded requests (mode and model as the local server uses)."""
    return {
        "base_url": model_url,
        "model": RECORDED_MODEL,
        "mode": "json_object",
        "api_key": PLANTED_KEY,
        "max_transport_retries": 0,
        "timeout": 600.0,  # recording on a busy 2-core machine can be slow
        "max_reasks": 2,
    }
