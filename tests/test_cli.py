"""The command line through its real entry point: output, bad input, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.article import load_article
from summarize.fake_server import FakeServer, Reply, serve, synthesize_summary
from summarize.prompts import data_dir

from conftest import ROOT, SEED


def _run(args: list[str], *, url: str | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZE_", "OPENAI_"))}
    env["PYTHONPATH"] = str(ROOT)
    if url:
        env.update(OPENAI_BASE_URL=url, SUMMARIZE_MODEL="fake", SUMMARIZE_TRANSPORT_RETRIES="0")
    return subprocess.run([sys.executable, "-m", "summarize", *args], env=env, cwd=ROOT, capture_output=True,
                          timeout=120, check=False, input=stdin.decode() if stdin is not None else None, text=True)


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    files = {
        "empty.txt": b"",
        "blank.txt": b"   \n\t\n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00",
        "latin1.txt": b"Caf\xe9 prices rose 5%.",
    }
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    (tmp / "empty_dir").mkdir()
    return {name: tmp / name for name in [*files, "empty_dir"]} | {"missing.txt": tmp / "missing.txt"}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "the article is empty or only whitespace"),
        ("blank.txt", "the article is empty or only whitespace"),
        ("binary.txt", "the file is binary (it contains NUL bytes), not text"),
        ("latin1.txt", "the file is not valid UTF-8 (byte 3: b'\\xe9'); convert it to UTF-8 first"),
        ("missing.txt", "no such file"),
        ("empty_dir", "is a directory, not an article file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, name: str, message: str) -> None:
    """Each bad input names the file and the problem on one stderr line, exit 2, no model call."""
    path = _bad_inputs(tmp_path)[name]
    done = _run([str(path)], url="http://127.0.0.1:9/v1")
    assert 2 == done.returncode
    assert f"summarize: error: InputError: {path}: {message}\n" == done.stderr


def test_batch_of_a_directory_without_articles_exits_2(tmp_path: Path) -> None:
    """A directory with no article files is bad input, not a silent success."""
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    done = _run(["batch", str(tmp_path), "--out", str(tmp_path / "o.jsonl")], url="http://127.0.0.1:9/v1")
    assert 2 == done.returncode
    assert "no articles found" in done.stderr


@pytest.mark.parametrize(
    ("args", "env_url", "message"),
    [
        ([str(SEED), "--timeout", "0"], None, "Invalid value for '--timeout'"),
        ([str(SEED), "--base-url", "localhost:1234"], None, "not an http(s) URL"),
        ([str(SEED), "--base-url", "http://127.0.0.1:9/v1"], None, "set SUMMARIZE_MODEL"),
    ],
)
def test_bad_usage_exits_2(args: list[str], env_url: str | None, message: str) -> None:
    """Wrong options and settings exit 2 with a message saying what to fix."""
    done = _run(args, url=env_url)
    assert 2 == done.returncode
    assert message in done.stderr


def test_piped_output_is_json_and_stdin_works() -> None:
    """`summarize -` reads stdin; piped output is one JSON result."""
    with serve() as url:
        done = _run(["-"], url=url, stdin=SEED.read_bytes())
    assert 0 == done.returncode, done.stderr
    result = json.loads(done.stdout)
    assert {"summary", "numbers", "attempts", "usage", "model", "prompt_version"} <= set(result)


def test_markdown_format() -> None:
    """--format markdown prints a document with the headline and key points."""
    with serve() as url:
        done = _run([str(SEED), "--format", "markdown"], url=url)
    assert 0 == done.returncode, done.stderr
    assert done.stdout.startswith("# ")
    assert "## Key points" in done.stdout


def test_strict_ungrounded_numbers_exit_3() -> None:
    """--strict turns numbers missing from the article into exit 3, the result still printed."""
    summary = synthesize_summary(SEED.read_text(encoding="utf-8").split(" ", 2)[2])
    summary["summary"] = "The US handed $347 billion in equipment to Iraq. Troops left."
    server = FakeServer(script=[Reply(content=json.dumps(summary), times=None)])
    with serve(server=server) as url:
        done = _run([str(SEED), "--strict", "--max-reasks", "0", "--format", "json"], url=url)
    assert 3 == done.returncode
    assert "UngroundedNumbers" in done.stderr
    assert "$347 billion" in done.stderr
    assert json.loads(done.stdout)["numbers"]["counts"]["unsupported"] >= 1


@pytest.mark.parametrize(("option", "requests"), [([], 2), (["--no-sort-names"], 1)])
def test_no_sort_names_skips_the_question_about_names(option: list[str], requests: int) -> None:
    """The names' question is one more request unless --no-sort-names."""
    summary = synthesize_summary(load_article(SEED).text)
    summary["people"] = ["Donald Trump"]
    server = FakeServer(script=[Reply(content=json.dumps(summary))])
    with serve(server=server) as url:
        done = _run([str(SEED), "--format", "json", *option], url=url)
    assert 0 == done.returncode, done.stderr
    assert (requests, requests) == (server.requests, json.loads(done.stdout)["usage"]["llm_calls"])


def test_model_failure_exits_1() -> None:
    """A server error after retries is exit 1 with the status in the message."""
    server = FakeServer(script=[Reply(status=503, headers={"Retry-After": "0"}, times=None)])
    with serve(server=server) as url:
        done = _run([str(SEED)], url=url)
    assert 1 == done.returncode
    assert "LLMError" in done.stderr
    assert "503" in done.stderr


def test_schema_command_prints_the_checked_in_schema() -> None:
    """`summarize schema` is the schema in schemas/ArticleSummary.json."""
    done = _run(["schema"])
    assert 0 == done.returncode
    expected = json.loads((data_dir("schemas") / "ArticleSummary.json").read_text(encoding="utf-8"))
    assert expected == json.loads(done.stdout)


def test_version_and_help() -> None:
    """--version prints the version; --help lists every command with examples."""
    assert "summarize, version 0.1.0" in _run(["--version"]).stdout
    help_text = _run(["--help"]).stdout
    for command in ("batch", "check", "figures", "run", "schema", "Examples:"):
        assert command in help_text


@pytest.mark.parametrize(("words", "expected"), [
    ("summarize ba", {"batch"}),
    ("summarize fig", {"figures"}),
    ("summarize batch --con", {"--concurrency"}),
    ("summarize batch --proc", {"--processes"}),
    ("summarize --for", {"--format"}),  # an option of the default command, run
    ("summarize --ver", {"--version"}),
])
def test_shell_completion_through_the_installed_command(words: str, expected: set[str]) -> None:
    """click's completion protocol, as bash calls it, on the installed ``summarize`` script."""
    env = {**os.environ, "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1),
           "_SUMMARIZE_COMPLETE": "bash_complete"}
    done = subprocess.run([str(Path(sys.executable).parent / "summarize")], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert 0 == done.returncode, done.stderr
    assert expected == {line.split(",", 1)[1] for line in done.stdout.splitlines()}
