"""Reading a batch's input lazily: directories, article files and JSONL.

``iter_inputs`` yields one ``BatchItem`` per article without reading ahead, turning
anything it cannot read (an unreadable or binary file, a broken JSONL line, reported
with its line number) into an item carrying its ``InputError``: bad input costs only its
own output line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from summarize.article import Article, decode, load_source, parse_text
from summarize.errors import InputError, SummarizeError

__all__ = ["ARTICLE_SUFFIXES", "BatchItem", "count_inputs", "iter_inputs"]

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})


@dataclass(frozen=True)
class BatchItem:
    """One unit of work: an article, or the error that kept it from being read."""

    id: str
    source: str
    article: Article | None = None
    error: SummarizeError | None = None


class _Record(BaseModel):
    """One JSONL input line. Extra keys (metadata of other tools) are ignored."""

    model_config = ConfigDict(extra="ignore")

    text: str
    id: str | int | None = None
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None


def _read_file(path: Path) -> BatchItem:
    source = str(path)
    try:
        article = load_source(source)
    except InputError as exc:
        return BatchItem(id=source, source=source, error=exc)
    return BatchItem(id=article.key, source=source, article=article)


def _jsonl_item(line: bytes, path: Path, number: int) -> BatchItem:
    source = f"{path}:{number}"
    given: str | None = None
    try:
        raw = json.loads(decode(line, source=source))
        if isinstance(raw, dict) and raw.get("id") is not None:
            given = str(raw["id"])
        record = _Record.model_validate(raw)
        article = parse_text(record.text, source=source, id=given, title=record.title, url=record.url,
                             date=record.date)
    except json.JSONDecodeError as exc:
        error = InputError(f"line {number} is not valid JSON: {exc.msg} at column {exc.colno}", source=source)
        return BatchItem(id=source, source=source, error=error)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors())
        error = InputError(f"line {number} is not an article record ({problems})", source=source)
        return BatchItem(id=given or source, source=source, error=error)
    except InputError as exc:
        return BatchItem(id=given or source, source=source, error=exc)
    return BatchItem(id=article.key, source=source, article=article)


def _iter_jsonl(path: Path) -> Iterator[BatchItem]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        source = str(path)
        yield BatchItem(id=source, source=source, error=InputError(f"cannot read: {exc.strerror}", source=source))
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield _jsonl_item(line, path, number)


def _walk(directory: Path) -> Iterator[Path]:
    # os.walk with sorted names: lazy, and the same order on every run and machine.
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for name in sorted(files):
            if Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                yield Path(root) / name


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[BatchItem]:
    """Yield one item per article in ``paths`` (directories, files, ``.jsonl``), lazily."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                yield _read_file(file)
        elif path.suffix.lower() == ".jsonl":
            yield from _iter_jsonl(path)
        else:
            yield _read_file(path)


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many items ``iter_inputs`` will yield, counted cheaply (for a progress bar)."""
    total = 0
    for given in paths:
        path = Path(given)
        if path.is_dir():
            total += sum(1 for _ in _walk(path))
        elif path.suffix.lower() == ".jsonl":
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total
