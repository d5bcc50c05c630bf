"""The mypyc build is the code under test when ``make test`` names it in SUMMARIZE_COMPILED.

``make test`` runs the figure and check tests a second time on the compiled build (README,
"Speed of the number check"); these tests make sure that second run really imports it,
and that exactly the modules pyproject.toml lists for mypyc are compiled.
"""

from __future__ import annotations

import importlib
import os
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPILED = os.environ.get("SUMMARIZE_COMPILED")


def _listed() -> tuple[list[str], list[str]]:
    """The include and exclude patterns of the mypyc build hook, as paths in the checkout."""
    hook = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"][
        "hooks"]["mypyc"]
    return [p.lstrip("/") for p in hook["include"]], [p.lstrip("/") for p in hook.get("exclude", [])]


def _modules() -> list[tuple[str, bool]]:
    """Every module of the package, and whether the build hook compiles it."""
    include, exclude = _listed()
    found = []
    for path in sorted((ROOT / "summarize").rglob("*.py")):
        if path.name == "__main__.py":  # importing it runs the command line
            continue
        relative = path.relative_to(ROOT).as_posix()
        compiled = any(fnmatch(relative, p) for p in include) and not any(fnmatch(relative, p) for p in exclude)
        found.append((relative[:-3].replace("/", ".").removesuffix(".__init__"), compiled))
    return found


def test_the_build_compiles_the_figure_and_check_modules_only() -> None:
    compiled = {name for name, on in _modules() if on}
    assert {"summarize.figures", "summarize.grounding", "summarize.grounding_moved", "summarize.figure_patterns",
            "summarize.number_words"} <= compiled
    # a pydantic model cannot be compiled (summarize/figure_model.py says why)
    assert "summarize.figure_model" not in compiled
    assert not compiled & {"summarize.pipeline", "summarize.llm", "summarize.number_report", "summarize.schema"}


@pytest.mark.skipif(not COMPILED, reason="make test's second pass sets SUMMARIZE_COMPILED to the mypyc build")
@pytest.mark.parametrize(("module", "compiled"), _modules(), ids=[name for name, _ in _modules()])
def test_the_module_under_test_comes_from_the_compiled_build(module: str, compiled: bool) -> None:
    assert COMPILED is not None
    imported = importlib.import_module(module)
    where = Path(imported.__file__ or "")
    assert where.is_relative_to(Path(COMPILED).resolve()), where  # not the checkout's copy
    assert (where.suffix == ".so") == compiled, where
