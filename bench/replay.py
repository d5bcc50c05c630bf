"""Record a batch against the local model once, replay it offline, compare (issue 4).

    .venv/bin/python bench/replay.py [--n 50] [--local-model qwen2.5-coder-1.5b] [--eval ../shared/eval]

Records ``--n`` articles of ``articles_frank.jsonl`` with ``summarize batch --cassette ...
--record-mode once`` on the embedded model (concurrency 1: the local server answers one
request at a time), then replays the cassette with record mode ``none`` at concurrency 8
against an address where nothing listens, and compares the two results files byte for
byte (``--no-timings --ordered``). Prints wall times, results and whether they are identical.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--local-model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="replay-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "in.jsonl"
    with (args.eval / "articles_frank.jsonl").open(encoding="utf-8") as f, source.open("w", encoding="utf-8") as out:
        for _, line in zip(range(args.n), f, strict=False):
            row = json.loads(line)
            out.write(json.dumps({"id": row["id"], "text": row["article"]}) + "\n")
    cassette, recorded, replayed = work / "cassette.yaml", work / "recorded.jsonl", work / "replayed.jsonl"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZE_", "OPENAI_"))}
    common = [sys.executable, "-m", "summarize", "batch", str(source), "--cassette", str(cassette),
              "--no-timings", "--ordered", "--allow-failures"]

    start = time.perf_counter()
    subprocess.run([*common, "--out", str(recorded), "--record-mode", "once", "-c", "1",
                    "--local-model", args.local_model], env=env, check=True, cwd=ROOT)
    record_s = time.perf_counter() - start

    # The replay names the same model and mode but a server that does not exist.
    env.update(OPENAI_BASE_URL="http://127.0.0.1:9/v1", SUMMARIZE_MODEL=args.local_model,
               SUMMARIZE_MODE="json_object")
    start = time.perf_counter()
    subprocess.run([*common, "--out", str(replayed), "--record-mode", "none", "-c", "8"], env=env, check=True,
                   cwd=ROOT)
    replay_s = time.perf_counter() - start

    lines = [json.loads(line) for line in recorded.read_text(encoding="utf-8").splitlines()]
    ok = sum(line["ok"] for line in lines)
    print(f"\narticles {len(lines)}, ok {ok}, failed {len(lines) - ok}")
    print(f"record: {record_s:.0f} s ({record_s / max(len(lines), 1):.1f} s/article); replay: {replay_s:.1f} s")
    print(f"cassette: {cassette.stat().st_size / 1e6:.1f} MB, "
          f"{cassette.read_text(encoding='utf-8').count('- request:')} interactions")
    same = recorded.read_bytes() == replayed.read_bytes()
    print(f"replayed results identical to recorded: {same} ({work})")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
