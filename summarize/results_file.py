"""The results file of a batch: whole lines, resumable.

Durability: each line is one ``os.write`` of a complete line to a file opened with
``O_APPEND``, so a killed process leaves whole lines, and the page cache keeps them
when only the process dies. ``os.fsync`` runs every ``fsync_interval`` seconds (0: after
every line) and at the end, bounding what a power loss can take. A partial last line
(an OS crash mid-write) is cut away on the next start.

Resume: ids already in the output are skipped, so running the same command again
continues an interrupted batch. With ``retry_failed`` the failed lines are first removed
(an atomic rewrite) and their articles run again. Ids default to a hash of the text
(``content_id``), so a repeated article is detected and summarized once.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path
from typing import BinaryIO

__all__ = ["Writer", "prepare_output"]


def cut_partial_line(path: Path) -> int:
    """Truncate a trailing line without its newline (left by a crash); returns bytes cut."""
    with path.open("r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            start = max(0, end - 65536)
            handle.seek(start)
            chunk = handle.read(end - start)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            end = start
        else:
            keep = 0
        if keep < size:
            handle.truncate(keep)
        return size - keep


def _private(path: Path) -> BinaryIO:
    """Open ``path`` for writing, readable by its owner only (results may be sensitive)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


def prepare_output(path: Path, retry_failed: bool) -> tuple[set[str], int]:
    """Ids already in the output (dropping failed lines first if ``retry_failed``), bytes cut."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return set(), 0
    cut = cut_partial_line(path)
    done: set[str] = set()
    dropped = False
    tmp = path.with_name(path.name + ".retry-tmp")
    with path.open("rb") as old, (_private(tmp) if retry_failed else open(os.devnull, "wb")) as new:
        for line in old:
            try:
                entry = json.loads(line)
                key, ok = str(entry["id"]), bool(entry["ok"])
            except (ValueError, KeyError, TypeError):
                dropped = True  # not one of our lines; a retry rewrite leaves it out
                continue
            if retry_failed and not ok:
                dropped = True
                continue
            done.add(key)
            new.write(line)
    if retry_failed and dropped:
        os.replace(tmp, path)  # atomic: a crash leaves the old file or the new, never half
    elif retry_failed:
        tmp.unlink()
    return done, cut


class Writer:
    """Appends whole lines, in completion or input order, with an fsync policy."""

    def __init__(self, path: Path, *, fsync_interval: float, ordered: bool, window: asyncio.Semaphore) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._fsync_interval = fsync_interval
        self._last_sync = time.monotonic()
        self._ordered = ordered
        self._pending: dict[int, bytes] = {}
        self._next = 0
        self._window = window

    def put(self, seq: int, line: bytes) -> None:
        if not self._ordered:
            self._write(line)
            return
        self._pending[seq] = line
        while self._next in self._pending:
            self._write(self._pending.pop(self._next))
            self._next += 1

    def _write(self, line: bytes) -> None:
        view = memoryview(line)
        while view:  # one write in practice; the loop only guards a short write
            view = view[os.write(self._fd, view):]
        self._window.release()
        now = time.monotonic()
        if now - self._last_sync >= self._fsync_interval:
            os.fsync(self._fd)
            self._last_sync = now

    def close(self) -> None:
        os.fsync(self._fd)
        os.close(self._fd)
