"""Replay the local model's recorded answers through the pipeline: how many summary calls
each article takes under this checkout's rules (or another copy's), when the same answers
come back in the same order.

    .venv/bin/python bench/pipeline.py --n 14 --out run.jsonl        # record (about 15 min)
    .venv/bin/python bench/replay_answers.py run.jsonl [more.jsonl] [--against DIR]

The model's answers differ from run to run, so running the model again cannot show what a
change to the repairs saves; replaying one run's answers can. Each article whose first answer
failed is replayed against the fake server (``summarize.fake_server``), scripted with its
failed answers and then its final summary; the names' question is not asked. An article
takes fewer calls when an earlier answer is now accepted or repaired. ``--against DIR``
(DIR holds a ``summarize/`` folder, e.g. ``git archive REV summarize prompts schemas``
unpacked) runs the same replay on that copy in a child process, for a before and after.
Lost articles (no final summary) are replayed with their failed answers only.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def replay(files: list[Path], eval_dir: Path) -> dict[str, tuple[int, bool]]:
    """Summary calls and success per article id, on the ``summarize`` package first on sys.path."""
    from summarize.article import load_article, parse_text
    from summarize.errors import SummarizeError
    from summarize.fake_server import FakeServer, Reply, serve
    from summarize.pipeline import Summarizer

    texts = {}
    with (eval_dir / "articles_frank.jsonl").open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            texts[record["id"]] = record["article"]
    out: dict[str, tuple[int, bool]] = {}
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if not row.get("answers"):
                continue  # the first answer passed: one call under any rules
            answers = [*row["answers"], *([json.dumps(row["summary"])] if row.get("ok") else [])]
            server = FakeServer(script=[Reply(content=a or "") for a in answers])
            article = (load_article(ROOT / "seeds" / "000_0b078e7ce2398037.txt") if row["id"] == "seed"
                       else parse_text(texts[row["id"]], id=row["id"]))
            with serve(server=server) as url:
                # the settings the recording ran with (the defaults), re-asks included
                summarizer = Summarizer(base_url=url, model="fake", api_key="replay", sort_names=False)
                try:
                    summarizer.summarize(article)
                    ok = True
                except SummarizeError:
                    ok = False
            key = row["id"] if row["id"] not in out else f"{row['id']} ({file.name})"  # one article, two runs
            out[key] = (server.requests, ok)
    return out


_CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[2])
from pathlib import Path
from replay_answers import replay
print(json.dumps(replay([Path(f) for f in sys.argv[4:]], Path(sys.argv[3]))))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="bench/pipeline.py --out files")
    parser.add_argument("--against", type=Path, default=None, help="another copy of the package, replayed beside")
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()

    import logging
    logging.disable(logging.WARNING)  # the repairs' warnings, one line each, would bury the table
    runs = {"this checkout": replay(args.files, args.eval)}
    if args.against:
        child = [sys.executable, "-c", _CHILD, str(args.against.resolve()), str(ROOT / "bench"),
                 str(args.eval), *map(str, args.files)]
        runs[str(args.against)] = json.loads(subprocess.run(child, check=True, capture_output=True,
                                                            text=True).stdout)
    names = list(runs)
    print(f"{'article':48s} " + "  ".join(f"{n[-20:]:>20s}" for n in names))
    for key in runs[names[0]]:
        cells = [f"{runs[n][key][0]} call{'s' if runs[n][key][0] != 1 else ''}{'' if runs[n][key][1] else ', lost'}"
                 for n in names]
        print(f"{key[:48]:48s} " + "  ".join(f"{c:>20s}" for c in cells))
    for n in names:
        calls = sum(c for c, _ in runs[n].values())
        lost = sum(not ok for _, ok in runs[n].values())
        print(f"{n}: {len(runs[n])} articles whose first answer failed, {calls} summary calls, {lost} lost")


if __name__ == "__main__":
    main()
