"""The built wheel carries the prompts and schemas and works outside the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT, SEED


def test_wheel_carries_prompts_and_schemas_and_runs_from_elsewhere(tmp_path: Path) -> None:
    """`pip install .` (as a wheel) finds its prompts and renders them from another directory."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("summarize-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("summarize/prompts/system.j2", "summarize/prompts/user.j2", "summarize/prompts/reask.j2",
                     "summarize/schemas/ArticleSummary.json", "summarize/py.typed"):
        assert expected in names

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import summarize.prompts as p, summarize.article as a;"
        f"m = p.render_messages(a.load_article({str(SEED)!r}));"
        "print(p.data_dir('prompts')); print(len(m), '$347 million' in m[1]['content'])"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True,
                          check=True, timeout=60)
    location, rendered = done.stdout.splitlines()
    assert Path(location) == site / "summarize" / "prompts"
    assert "2 True" == rendered
