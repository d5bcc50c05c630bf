"""Numbers as the model and people read them: no exponent anywhere, a figure's value by its
kind, and the tables of ``summarize figures`` and ``summarize check`` with their spans."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from summarize.cli.figures_cmd import _print_report, figure_rows
from summarize.figures import find_figures
from summarize.grounding import check_numbers
from summarize.number_format import figure_value, grouped, plain
from summarize.output import report_rows, to_markdown
from summarize.result import SummaryResult, Usage
from summarize.schema import ArticleSummary, KeyFigure

from conftest import SEED

ARTICLE = SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize(("value", "as_plain", "as_grouped"), [
    (347e6, "347000000", "347,000,000"),  # ':g' wrote 3.47e+08
    (1234567.0, "1234567", "1,234,567"),  # ':g' wrote 1.23457e+06, losing digits
    (2345678.5, "2345678.5", "2,345,678.5"),
    (4.5, "4.5", "4.5"),
    (2.5e-7, "0.00000025", "0.00000025"),  # ':g' wrote 2.5e-07
    (-0.5, "-0.5", "-0.5"),
    (-1200.0, "-1200", "-1,200"),
    (0.0, "0", "0"),
    (1e21, "1000000000000000000000", "1,000,000,000,000,000,000,000"),
    (float("inf"), "inf", "inf"),
    (7, "7", "7"),  # an int, as a model's JSON gives it
])
def test_numbers_are_written_without_an_exponent(value: float, as_plain: str, as_grouped: str) -> None:
    assert (as_plain, as_grouped) == (plain(value), grouped(value))


@pytest.mark.parametrize(("kind", "value", "high", "unit", "shown"), [
    ("year", 2003.0, None, None, "2003"),  # not '2,003'
    ("year", -500.0, None, None, "500 BC"),
    ("year", 1990.0, None, "decade", "1990s"),
    ("date", 20200823.0, None, None, "2020-08-23"),
    ("date", 823.0, None, None, "--08-23"),  # 'August 23': ISO 8601 without the year
    ("date", 20200800.0, None, None, "2020-08"),  # 'August 2020'
    ("date", 1830.0, None, "time", "18:30"),
    ("range", 150.0, 200.0, None, "150–200"),
    ("money", 347e6, None, "USD", "347,000,000"),
    ("fraction", 0.5, None, None, "0.5"),
])
def test_a_figures_value_is_shown_by_its_kind(kind: str, value: float, high: float | None, unit: str | None,
                                               shown: str) -> None:
    assert shown == figure_value(kind, value, high, unit)


def test_the_figures_table_shows_values_by_kind() -> None:
    rows = {row[1]: row[2] for row in figure_rows(find_figures(ARTICLE))}
    assert {"$347 million": "347,000,000", "August 23": "--08-23", "2003": "2003", "5k": "5,000"}.items() \
        <= rows.items()


def test_the_check_table_gives_each_article_figure_with_its_span() -> None:
    report = check_numbers("Iraq got nearly 5,000 troops and $347 billion.", ARTICLE)
    rows = {row[1]: row for row in report_rows(report)}
    start = ARTICLE.index("$347 million")
    assert rows["$347 billion"][2] == "unsupported"
    assert f"$347 million ({start}-{start + 12})" in rows["$347 billion"][4]
    assert rows["5,000"][4] == f"5,000 ({ARTICLE.index('5,000')}-{ARTICLE.index('5,000') + 5})"
    out = io.StringIO()
    _print_report(report, Console(file=out, width=200, color_system=None))
    assert f"$347 million ({start}-{start + 12})" in out.getvalue()
    assert "supported: 1, approximate: 0, derived: 0, unsupported: 1" in out.getvalue()


def test_markdown_shows_a_key_figures_value_in_full() -> None:
    summary = ArticleSummary(
        headline="US equipment handed over", summary="The US handed over $347 million in equipment.",
        key_points=["Equipment went to Iraq.", "It was handed over in August.", "Troops left."],
        figures=[KeyFigure(quote="$347 million", value=347e6, unit="USD", measures="equipment")],
        people=[], organizations=[], places=[], event_date=None)
    result = SummaryResult(summary=summary, numbers=None, attempts=[], usage=Usage(), model="m",
                           prompt_version="v", elapsed_seconds=1.0, article_id="a")
    assert "| $347 million | 347,000,000 | USD | equipment |" in to_markdown(result)


def test_markdown_lists_every_checked_number_with_its_verdict_and_span() -> None:
    summary = ArticleSummary(
        headline="US hands over $347 billion of equipment", summary="About 300 US troops departed.",
        key_points=["Equipment went to Iraq.", "It was handed over in August.", "Troops left."],
        figures=[], people=[], organizations=[], places=[], event_date=None)
    result = SummaryResult(summary=summary, numbers=check_numbers(summary, ARTICLE), attempts=[], usage=Usage(),
                           model="m", prompt_version="v", elapsed_seconds=1.0, article_id="a")
    lines = to_markdown(result).splitlines()
    million, troops = ARTICLE.index("$347 million"), ARTICLE.index("300")
    rows = lines[lines.index("## Numbers") + 4:]
    assert rows[0].startswith("| headline | $347 billion | **unsupported** | scale differs from $347 million | "
                              f"$347 million ({million}-{million + 12})")
    assert rows[1] == f"| summary | 300 | supported | as 300 | 300 ({troops}-{troops + 3}) |"
    assert rows[3].startswith("_numbers: 1 supported, 0 approximate, 0 derived, 1 unsupported;")
