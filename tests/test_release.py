"""``make dist``: the files of a release, checked as PyPI would take them, and the compiled
wheel working where it is installed.

Runs in ``make test``'s second pass (SUMMARIZE_COMPILED set), after the compiled wheel was
built; ``make dist`` itself takes a few seconds then.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_0b078e7ce2398037.txt"
COMPILED = os.environ.get("SUMMARIZE_COMPILED")

pytestmark = pytest.mark.skipif(not COMPILED, reason="make test's second pass builds the compiled wheel first")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The files ``make dist`` writes, by kind: sdist, pure, compiled."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(["make", "-s", "dist", f"DIST={out}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 3, done.stdout  # twine check, one line per file
    files = sorted(out.iterdir())
    kinds = {
        "sdist": [f for f in files if f.name.endswith(".tar.gz")],
        "pure": [f for f in files if f.name.endswith("-py3-none-any.whl")],
        "compiled": [f for f in files if "manylinux" in f.name and f.name.endswith("_x86_64.whl")],
    }
    assert len(files) == 3, [f.name for f in files]
    assert all(len(found) == 1 for found in kinds.values()), [f.name for f in files]
    return {kind: found[0] for kind, found in kinds.items()}


def test_the_compiled_wheel_is_tagged_for_this_python_and_manylinux(dist: dict[str, Path]) -> None:
    tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    assert f"-{tag}-{tag}-" in dist["compiled"].name
    names = zipfile.ZipFile(dist["compiled"]).namelist()
    assert any(n.startswith("summarize/figures.") and n.endswith(".so") for n in names)
    assert not any(n.startswith("summarize/pipeline.") and n.endswith(".so") for n in names)


def test_the_pure_wheel_and_the_sdist_carry_no_compiled_code_and_every_data_file(dist: dict[str, Path]) -> None:
    wheel = zipfile.ZipFile(dist["pure"]).namelist()
    with tarfile.open(dist["sdist"]) as archive:
        sdist = [n.split("/", 1)[1] for n in archive.getnames() if "/" in n]
    assert not [n for n in wheel + sdist if n.endswith(".so")]
    for name in ("summarize/prompts/system.j2", "summarize/schemas/ArticleSummary.json", "summarize/py.typed"):
        assert name in wheel
    for name in ("pyproject.toml", "prompts/system.j2", "schemas/ArticleSummary.json", "summarize/figures.py"):
        assert name in sdist


def test_the_compiled_wheel_checks_numbers_where_it_is_installed(dist: dict[str, Path], tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
                    str(dist["compiled"])], check=True, capture_output=True, timeout=300)
    code = (
        "import summarize.figures as f, summarize;"
        f"r = summarize.check_numbers('It cost $347 billion.', open({str(SEED)!r}).read());"
        "print(f.__file__.endswith('.so'), r.checks[0].explanation)"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-P", "-c", code], cwd=tmp_path, env=env, capture_output=True,
                          text=True, check=True, timeout=60)
    assert "True scale differs from $347 million" == done.stdout.strip()
