"""The checked-in JSON Schemas in ``schemas/``, generated from the pydantic models.

``python -m summarize.schema_files --write`` regenerates them; a test fails when the
files and the models drift apart.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from summarize.grounding import NumberReport
from summarize.prompts import data_dir
from summarize.result import SummaryResult
from summarize.schema import ArticleSummary

__all__ = ["render_schemas", "write_schemas"]

_MODELS: dict[str, type[Any]] = {
    "ArticleSummary.json": ArticleSummary,
    "SummaryResult.json": SummaryResult,
    "NumberReport.json": NumberReport,
}


def render_schemas() -> dict[str, str]:
    """File name -> JSON Schema text, exactly as it is checked in."""
    return {
        name: json.dumps(model.model_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, model in _MODELS.items()
    }


def write_schemas(directory: Path | None = None) -> list[Path]:
    """Write every schema file; returns the paths written."""
    directory = directory or data_dir("schemas")
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    if "--write" in sys.argv:
        for path in write_schemas():
            print(path)
    else:
        print(json.dumps({name: json.loads(text) for name, text in render_schemas().items()}, indent=2))
