"""``summarize figures`` and ``summarize check`` (one summary, or ``--pairs``) through the
real entry point: their output, bad input and exit codes."""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarize import pair_checks
from summarize.pair_checks import check_pairs

from conftest import ROOT, SEED

ARTICLE = "Sales rose 12% to $5m in 2023, the company said."


def _run(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZE_", "OPENAI_"))}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "summarize", *args], env=env, cwd=ROOT, capture_output=True,
                          timeout=60, check=False, input=stdin)


def test_figures_lists_the_seed_articles_figures_as_json_when_piped() -> None:
    done = _run(["figures", str(SEED)])
    assert done.returncode == 0, done.stderr
    found = {(f["text"], f["value"], f["kind"], f["unit"]) for f in json.loads(done.stdout)}
    assert {("$347 million", 347e6, "money", "USD"), ("20 km", 20.0, "quantity", "km"),
            ("eighth", 8.0, "ordinal", None), ("2,000", 2000.0, "cardinal", None)} <= found


SUMMARY = {"headline": "Sales up 12%", "summary": "Sales rose 12% to $5m.",
           "key_points": ["Sales rose.", "In 2023.", "The company said so."],
           "figures": [], "people": [], "organizations": [], "places": [], "event_date": None}


@pytest.mark.parametrize(("name", "content", "code", "verdicts"), [
    ("plain.txt", "Sales rose 12% to $5m.", 0, ["supported", "supported"]),
    ("wrong scale.txt", "Sales rose 12% to $5bn.", 3, ["supported", "unsupported"]),
    ("summary.json", json.dumps(SUMMARY), 0, ["supported", "supported", "supported", "supported"]),
    ("result.json", json.dumps({"summary": {**SUMMARY, "headline": "Sales up 15%"}}), 3,
     ["unsupported", "supported", "supported", "supported"]),
    ("string.json", json.dumps("Sales rose 13%."), 3, ["unsupported"]),
    # a summary in another schema: its strings, by path
    ("other.json", json.dumps({"title": "Sales up 15%", "points": ["Sales rose 12%", "In 2023"], "n": 4}), 3,
     ["unsupported", "supported", "supported"]),
    ("list.json", json.dumps(["Sales rose 12%.", {"note": "to $5m"}]), 0, ["supported", "supported"]),
])
def test_check_reads_each_summary_form(tmp_path: Path, name: str, content: str, code: int,
                                       verdicts: list[str]) -> None:
    """Text, our JSON (a summary or a result), a JSON string, or any other JSON: its strings."""
    (tmp_path / "article.txt").write_text(ARTICLE)
    (tmp_path / name).write_text(content)
    done = _run(["check", "--summary", str(tmp_path / name), str(tmp_path / "article.txt")])
    assert done.returncode == code, done.stderr
    assert [c["verdict"] for c in json.loads(done.stdout)["checks"]] == verdicts


def test_check_reads_a_summary_file_saved_with_a_bom_as_json(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE)
    (tmp_path / "summary.json").write_bytes("\ufeff".encode() + json.dumps(SUMMARY).encode())
    done = _run(["check", "--summary", str(tmp_path / "summary.json"), str(tmp_path / "article.txt")])
    assert done.returncode == 0, done.stderr
    assert [c["path"] for c in json.loads(done.stdout)["checks"]] == [
        "headline", "summary", "summary", "key_points[1]"]  # read as JSON, not as one text


def test_check_reads_the_summary_from_stdin(tmp_path: Path) -> None:
    """`some-model ... | summarize check --summary - article.txt`."""
    (tmp_path / "article.txt").write_text(ARTICLE)
    done = _run(["check", "--summary", "-", str(tmp_path / "article.txt")], stdin=b"Sales rose 12% to $5bn.")
    assert done.returncode == 3, done.stderr
    assert [c["verdict"] for c in json.loads(done.stdout)["checks"]] == ["supported", "unsupported"]


@pytest.mark.parametrize(("args", "message"), [
    ([], "give --summary and the article's PATH"),
    (["--summary", "s.txt"], "give --summary and the article's PATH"),
    (["--pairs", "-", "article.txt"], "give either --pairs, or --summary and PATH"),
    (["--summary", "s.txt", "--out", "o.jsonl", "article.txt"], "--out and --processes go with --pairs"),
    (["--summary", "s.txt", "-p", "2", "article.txt"], "--out and --processes go with --pairs"),
    (["--summary", "-", "-"], "stdin holds one of them"),
    (["--summary", "empty.txt", "article.txt"], "empty.txt: the summary is empty or only whitespace"),
    (["--summary", "latin1.txt", "article.txt"], "latin1.txt: the file is not valid UTF-8 (byte 3: b'\\xe9')"),
    (["--pairs", "missing.jsonl"], "missing.jsonl"),
    (["--summary", "bad.json", "article.txt"], "bad.json: not an ArticleSummary: headline: Input should be a valid"),
    (["--summary", "numbers.json", "article.txt"], "numbers.json: the summary has no text: no string in its JSON"),
])
def test_check_usage_and_input_errors_exit_2_naming_the_problem(tmp_path: Path, args: list[str],
                                                                 message: str) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE)
    (tmp_path / "s.txt").write_text("12%")
    (tmp_path / "bad.json").write_text(json.dumps({"headline": 3}))  # a headline: must be an ArticleSummary
    (tmp_path / "numbers.json").write_text(json.dumps({"n": 3, "ok": True}))
    (tmp_path / "empty.txt").write_text(" \n")
    (tmp_path / "latin1.txt").write_bytes(b"Caf\xe9 12%")
    done = _run(["check", *[str(tmp_path / a) if a.endswith((".txt", ".json", ".jsonl")) else a for a in args]],
                stdin=b"")
    assert done.returncode == 2
    assert message in done.stderr.decode()


def _pairs(tmp_path: Path, lines: list[bytes]) -> Path:
    path = tmp_path / "pairs.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _pair(**fields: object) -> bytes:
    return json.dumps(fields).encode()


# Each input line, and what its output line holds: ok (True/False) or the error's words.
PAIR_ROWS: list[tuple[bytes, bool | str]] = [
    (_pair(id="a", article=ARTICLE, summary="Sales rose 12%."), True),
    (_pair(id="b", text=ARTICLE, summary="Sales rose 15%."), False),  # 'text', as batch inputs name it
    (_pair(id="c", article=ARTICLE, summary=SUMMARY), True),
    (_pair(id="d", article=ARTICLE, summary={"summary": {**SUMMARY, "headline": "Up 15%"}}), False),
    (b"{not json", "not JSON"),
    (b"[1, 2]", "not a JSON object but list"),
    (_pair(id="e", summary="x"), "no article: give it as a string under 'article' (or 'text')"),
    (_pair(id="f", article=ARTICLE), "no summary: give it under 'summary'"),
    (_pair(id="f2", article=ARTICLE, summary=[12]), "the summary has no text: no string in its JSON"),
    (_pair(id="f3", article=ARTICLE, summary=12), "the summary is a JSON int: give text or a JSON object"),
    (_pair(id="l", article=ARTICLE, summary={"title": "Up 15%", "points": ["In 2023"]}), False),  # another schema
    (_pair(id="m", article=ARTICLE, summary={"title": "Up 12%", "points": ["In 2023"]}), True),
    (_pair(id="g", article="  ", summary="x"), "the article is empty or only whitespace"),
    (_pair(id="g2", article=ARTICLE, summary=" \n"), "the summary is empty or only whitespace"),
    (_pair(id="h", article=ARTICLE, summary={"headline": "x"}), "not an ArticleSummary: summary: Field required"),
    (_pair(id="i", article=ARTICLE, summary="x", article_date="2023-02-30"), "article_date '2023-02-30' is not"),
    (b'{"id": "j", "article": "caf\xe9 5", "summary": "5"}', "not UTF-8 (byte 27)"),
    ("\ufeff".encode() + _pair(id="k", article=ARTICLE, summary="Sales rose 12%."), True),  # a BOM: Windows editors
]


def test_check_pairs_writes_a_line_per_pair_in_order_and_a_bad_line_costs_only_itself(tmp_path: Path) -> None:
    lines = [line for line, _ in PAIR_ROWS]
    lines.insert(3, b"   ")  # blank lines are skipped, and still counted in line numbers
    done = _run(["check", "--pairs", str(_pairs(tmp_path, lines)), "--out", str(tmp_path / "out.jsonl")])
    assert done.returncode == 2  # some lines could not be checked
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, *range(5, len(lines) + 1)]
    for got, (_, expected) in zip(out, PAIR_ROWS, strict=True):
        if isinstance(expected, bool):
            assert got["ok"] is expected, got
            assert got["numbers"]["checks"], got
        else:
            assert got["error"].startswith(f"{tmp_path / 'pairs.jsonl'}:{got['line']}: ")
            assert expected in got["error"]
    assert [o["id"] for o in out][:4] == ["a", "b", "c", "d"]
    stderr = done.stderr.decode()
    assert "7 pairs checked, 3 with an unsupported number, 11 not checked" in stderr
    assert "numbers: supported 12, approximate 0, derived 0, unsupported 3" in stderr


@pytest.mark.parametrize(("summaries", "code"), [(["Sales rose 12%.", "It was 2023."], 0),
                                                 (["Sales rose 12%.", "It was 2022."], 3)])
def test_check_pairs_from_stdin_exits_3_only_for_an_unsupported_number(summaries: list[str], code: int) -> None:
    stdin = b"\n".join(_pair(article=ARTICLE, summary=s) for s in summaries)
    done = _run(["check", "--pairs", "-"], stdin=stdin)
    assert done.returncode == code, done.stderr
    assert [json.loads(line)["ok"] for line in done.stdout.splitlines()] == [s.endswith("12%.") or code == 0
                                                                          for s in summaries]


@pytest.mark.parametrize(("keep", "found"), [(1024, ["A", "B"]), (2, ["A", "B"]), (1, ["A", "B", "A"])])
def test_check_pairs_finds_a_kept_articles_figures_once(monkeypatch: pytest.MonkeyPatch, keep: int,
                                                       found: list[str]) -> None:
    seen: list[str] = []
    real = pair_checks.find_figures

    def counted(text: str) -> list[object]:
        seen.append(text)
        return real(text)  # type: ignore[return-value]

    monkeypatch.setattr(pair_checks, "find_figures", counted)
    monkeypatch.setattr(pair_checks, "KEEP", keep)
    other = "Profits fell 3%."
    lines = [_pair(article=a, summary="12% and 3%.") for a in (ARTICLE, ARTICLE, other, ARTICLE)]
    results = list(check_pairs(lines))
    assert seen == [{"A": ARTICLE, "B": other}[name] for name in found]
    verdicts = [[c.verdict for c in r.report.checks] for r in results if r.report is not None]
    assert verdicts == [["supported", "unsupported"]] * 2 + [["unsupported", "supported"], ["supported", "unsupported"]]


def test_check_pairs_in_processes_writes_the_same_lines_in_the_same_order(tmp_path: Path) -> None:
    """-p 2 over 12 copies of the table (156 lines, 3 chunks): the same output as -p 1."""
    path = _pairs(tmp_path, [line for _ in range(12) for line, _ in PAIR_ROWS])
    outs = []
    for processes in ("1", "2"):
        out = tmp_path / f"out{processes}.jsonl"
        done = _run(["check", "--pairs", str(path), "-p", processes, "-o", str(out)])
        assert done.returncode == 2, done.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert len(outs[0].splitlines()) == 12 * len(PAIR_ROWS)


def test_a_workers_results_read_back_equal_to_those_checked_in_process() -> None:
    """A worker's report crosses as JSON and is read back on first use: equal, field for field."""
    lines = [line for _ in range(6) for line, _ in PAIR_ROWS]
    serial = list(check_pairs(lines))
    parallel = list(check_pairs(lines, processes=2))
    assert [r.to_json() for r in parallel] == [r.to_json() for r in serial]
    assert [(r.ok, r.counts) for r in parallel] == [(r.ok, r.counts) for r in serial]
    assert parallel == serial  # the reports themselves, read back from the JSON
    assert sum(r.report is not None for r in parallel) == 6 * sum(isinstance(ok, bool) for _, ok in PAIR_ROWS)


def test_check_pairs_reports_progress_on_stderr(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from summarize.cli import figures_cmd

    monkeypatch.setattr(figures_cmd, "PROGRESS_EVERY", 0.0)  # a line for every pair
    lines = b"\n".join(_pair(id=str(i), article=ARTICLE, summary="Sales rose 12%.") for i in range(3))
    out = io.StringIO()
    assert figures_cmd._check_pairs(io.BytesIO(lines), out) == 0
    progress = [line for line in capsys.readouterr().err.splitlines() if line.startswith("check: ")]
    assert [p.split("/s")[0].rsplit(", ", 1)[0] for p in progress] == [
        "check: 1 pairs, line 1", "check: 2 pairs, line 2", "check: 3 pairs, line 3"]
    assert len(out.getvalue().splitlines()) == 3


def _dies_on_crash(text: str) -> object:
    """pair_checks._read, but the worker process dies on an article saying CRASH."""
    if "CRASH" in text:
        os._exit(1)
    return _real_read(text)


_real_read = pair_checks._read


@pytest.mark.skipif(sys.platform != "linux", reason="workers inherit the patched reader by fork, Linux's default")
def test_a_dead_worker_costs_only_the_lines_then_in_flight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pair_checks, "_read", _dies_on_crash)
    monkeypatch.setattr(pair_checks, "CHUNK", 2)
    lines = [_pair(id=str(i), article="CRASH 12%" if i == 7 else ARTICLE, summary="Sales rose 12%.")
             for i in range(1, 41)]
    results = list(check_pairs(lines, processes=2))
    assert [r.line for r in results] == list(range(1, 41))  # every line, in order
    died = [r.line for r in results if r.error is not None]
    assert 7 in died
    assert all(r.error == f"pairs:{r.line}: the worker process checking it died" for r in results if r.error)
    assert all(r.id == str(r.line) for r in results)  # a lost line keeps its id, to be run again
    assert len(died) <= (2 * 2 + 1) * 2  # the chunks in flight (2 per process) and one handed over, 2 lines each
    assert all(r.ok for r in results if r.error is None)
    assert results[-1].ok  # a new pool took the rest


# An article page: its text holds $12 million; its markup and navigation hold other numbers.
_BODY = " ".join(["The council approved a budget of $12 million for new schools on Monday."] * 4)
PAGE = ("<html><head><title>Budget</title><style>div { width: 300px }</style></head><body>"
        "<nav><a href='/2'>Page 2</a> | <a href='/top10'>Top 10</a></nav>"
        f"<article><h1>Budget approved</h1><p>{_BODY}</p><p>{_BODY}</p></article>"
        "<footer>Copyright 1999 footer links</footer></body></html>")


@pytest.fixture
def page_url(tmp_path: Path) -> Iterator[str]:
    """PAGE served over http on the loopback interface."""
    (tmp_path / "story.html").write_text(PAGE, encoding="utf-8")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/story.html"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@pytest.mark.parametrize("where", ["html file", "url", "stdin"])
def test_the_number_commands_read_an_article_as_run_does(tmp_path: Path, page_url: str, where: str) -> None:
    """A page's main text, not its markup: '300px', 'Top 10' and '1999' are no figures of it."""
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "s.txt").write_text("The council set aside $12 million; the page said 300.")
    source = {"html file": str(tmp_path / "page.html"), "url": page_url, "stdin": "-"}[where]
    stdin = PAGE.encode() if where == "stdin" else None
    figures = json.loads(_run(["figures", source], stdin=stdin).stdout)
    assert figures
    assert {f["text"] for f in figures} == {"$12 million"}
    checked = _run(["check", "--summary", str(tmp_path / "s.txt"), source], stdin=stdin)
    assert checked.returncode == 3, checked.stderr
    assert [c["verdict"] for c in json.loads(checked.stdout)["checks"]] == ["supported", "unsupported"]
