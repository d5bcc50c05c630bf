"""Which prefix of a prompt the local server keeps on disk, and how many files it keeps
(summarize.prompt_cache; loading and saving with the real model: test_local_model.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from summarize.prompt_cache import MAX_FILES, MIN_TOKENS, PromptCache, prefix_length

END, EOT = 9, 7
ENDS = frozenset({END, EOT})
LONG = list(range(100, 100 + MIN_TOKENS))  # a first message just long enough

PREFIX_CASES = {
    "through the first end of turn": ([*LONG, END, 1, 2, END, 3], MIN_TOKENS + 1),
    "an end of turn of its own (Llama 3)": ([*LONG, EOT, 1, 2, END], MIN_TOKENS + 1),
    "no end at all (a plain completion)": ([*LONG, 1, 2, 3], 0),
    "a first message too short to keep": ([*LONG[:10], END, *LONG, END], 0),
    # a lone message is the user's request, article and all: never kept
    "a lone message, then the answer's start": ([*LONG, END, 1, 2], 0),
    "the whole prompt": ([*LONG, END], 0),
    "no prompt": ([], 0),
}


@pytest.mark.parametrize("case", PREFIX_CASES)
def test_prefix_kept(case: str) -> None:
    tokens, expected = PREFIX_CASES[case]
    assert prefix_length(tokens, ENDS) == expected


def test_only_the_newest_files_are_kept(tmp_path: Path) -> None:
    """Pruning keeps the MAX_FILES most recently used state files, and nothing else is touched."""
    names = [f"{i:02d}.state" for i in range(MAX_FILES + 3)]
    for i, name in enumerate(names):
        path = tmp_path / name
        path.write_bytes(b"x")
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "notes.txt").write_text("not a state")
    PromptCache(tmp_path)._prune()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[3:], "notes.txt"])
