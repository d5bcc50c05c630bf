"""What ``summarize.entities`` makes of the names in saved summaries (evaluation only).

Reads ``summarize batch`` results with the input file each came from, reads every listed
name against its article as the pipeline does (``ArticleNames.read``), and prints how many
names the article writes, writes close together, spells otherwise, holds a part of (for a
person) or does not write (dropped), with every name that is not kept as it is, and how
many summaries list a name in two lists. Results written since
names are grounded on every answer hold only kept names: run it on results of an older
version, or read its list of changes as a check.

    python bench/names_saved.py RESULTS.jsonl INPUT.jsonl [RESULTS.jsonl INPUT.jsonl ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize.entities import NAME_LISTS, ArticleNames  # noqa: E402


def _texts(path: Path) -> dict[str, str]:
    texts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts[row["id"]] = row.get("text") or row["article"]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="pairs of RESULTS.jsonl INPUT.jsonl")
    args = parser.parse_args()
    if len(args.files) % 2:
        parser.error("give each results file with its input file")
    counts: Counter[str] = Counter()
    changed: list[str] = []
    for results, inputs in zip(args.files[::2], args.files[1::2], strict=True):
        texts = _texts(inputs)
        for line in results.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if not row.get("ok"):
                continue
            counts["summaries"] += 1
            summary, names = row["result"]["summary"], ArticleNames(texts[row["id"]])
            listed = [{name.lower() for name in summary[kind]} for kind in NAME_LISTS]
            counts["summaries with a name in two lists"] += any(
                a & b for i, a in enumerate(listed) for b in listed[i + 1:])
            for kind in NAME_LISTS:
                for name in summary[kind]:
                    grounded, outcome = names.read(name, kind)
                    counts["names"] += 1
                    counts[outcome] += 1
                    if outcome != "written":
                        changed.append(f"  {outcome:26} {kind:13} {name!r} -> {grounded!r}  ({row['id']})")
    print(", ".join(f"{key} {value}" for key, value in counts.items()))
    print("\n".join(sorted(changed)))


if __name__ == "__main__":
    main()
