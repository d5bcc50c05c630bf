"""Interruption: a batch killed with SIGKILL at random points, resumed each time, ends complete.

``python -m summarize batch`` runs as a subprocess against an in-process fake server with
some latency, is killed (SIGKILL, no chance to clean up) at seeded random moments, and is
resumed by running the same command. After every kill the output holds only whole lines
with distinct ids; after the last run it holds exactly one line per article.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from summarize.fake_server import FakeServer, serve

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-test-PLANTEDKEY1234567890"
ARTICLES = 200
KILLS = 4
SEED = 5
LATENCY = 0.2  # 4 workers: about 20 articles a second, so the whole batch takes ~10 s of several runs
SENTENCE = "The council approved {n} new homes on Monday. Residents raised concerns about traffic. Work starts soon."


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZE_", "OPENAI_"))}
    env.update(OPENAI_API_KEY=KEY, SUMMARIZE_TRANSPORT_RETRIES="0", PYTHONPATH=str(ROOT))
    return env


def _whole_lines(path: Path) -> list[dict[str, object]]:
    """The output's lines, asserting there is no partial line and no id twice."""
    data = path.read_bytes() if path.exists() else b""
    assert data == b"" or data.endswith(b"\n"), f"partial last line: {data[-80:]!r}"
    lines = [json.loads(line) for line in data.splitlines()]
    assert len(lines) == len({line["id"] for line in lines}), "an article has two lines"
    return lines


def test_sigkill_at_random_points_then_resume_gives_one_line_per_article(tmp_path: Path) -> None:
    """Four SIGKILLs at seeded random moments, each followed by a resume: one whole line per article."""
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"a{i}", "text": SENTENCE.format(n=i + 10)}) + "\n"
                              for i in range(ARTICLES)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    # 1.5 s to 4 s after the start: past the ~1.3 s start-up (imports), mid-run, at random points.
    delays = random.Random(SEED).sample([x / 10 for x in range(15, 41)], KILLS)
    server = FakeServer(latency=LATENCY)
    at_kill: list[int] = []
    with serve(server=server) as url:
        command = [sys.executable, "-m", "summarize", "batch", str(source), "--out", str(out),
                   "--concurrency", "4", "--base-url", url, "--model", "fake"]
        for delay in delays:
            process = subprocess.Popen(command, env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            time.sleep(delay)
            assert process.poll() is None, "the batch finished before it could be killed"
            process.send_signal(signal.SIGKILL)
            assert -signal.SIGKILL == process.wait(timeout=10)
            lines = _whole_lines(out)
            assert all(line["ok"] for line in lines)
            at_kill.append(len(lines))
        final = subprocess.run(command, env=_env(), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert 0 == final.returncode, final.stderr
    lines = _whole_lines(out)
    assert at_kill == sorted(at_kill), "a resumed run lost lines"
    assert [f"a{i}" for i in range(ARTICLES)] == sorted((str(line["id"]) for line in lines),
                                                        key=lambda key: int(key[1:]))
    assert all(line["ok"] for line in lines)
    # Articles in flight at a kill are summarized again on resume; nothing else is. The
    # workers hold two articles per model-call slot (summarize.batch): up to 8 at -c 4.
    redone = server.requests - ARTICLES
    assert 0 <= redone <= 2 * 4 * KILLS
    print(f"\nkills at {delays} s: lines {at_kill}; final {len(lines)}; requests {server.requests} "
          f"({redone} re-done after kills)")
