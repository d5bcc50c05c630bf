"""Tests for summarize.grounding: one verdict per number of a summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.grounding import NumberReport, check_numbers
from summarize.schema import ArticleSummary, KeyFigure

SEED = (Path(__file__).resolve().parents[1] / "seeds" / "000_0b078e7ce2398037.txt").read_text(encoding="utf-8")
ARTICLE = (
    "The company paid $347 million for the site. Nearly 5,000 troops and a further 2,500 "
    "allies remain 20 km north of the city. Sales rose 12 per cent to €4.1 billion in 2014, "
    "the eighth rise, on August 23. The F-35 flew. Some 300 staff left; 1,200 stayed. "
    "Output rose from 40 to 50 tonnes."
)


@pytest.mark.parametrize(
    ("summary", "verdict"),
    [
        # supported: same value after normalisation, compatible unit
        ("It paid $347 million.", "supported"),
        ("It paid $347m.", "supported"),
        ("About 5k troops.", "supported"),
        ("Sales rose 12%.", "supported"),
        ("Three hundred staff left.", "supported"),
        ("It was the 8th rise.", "supported"),
        ("In 2014.", "supported"),
        ("On 23 August.", "supported"),
        ("The F-35.", "supported"),
        ("It paid 347 million.", "supported"),
        # approximate: hedged or rounded restatements
        ("It paid about $350 million.", "approximate"),
        ("It paid $350 million.", "approximate"),
        ("It paid over $340 million.", "approximate"),
        ("It paid roughly $350 million.", "approximate"),
        # derived: arithmetic on two article figures
        ("7,500 troops and allies remain.", "derived"),
        ("1,500 people worked there.", "derived"),
        ("Output rose 25 per cent.", "derived"),
        # unsupported: wrong digits, scale, unit, currency, year, name
        ("It paid $347 billion.", "unsupported"),
        ("It paid $348 million.", "unsupported"),
        ("They remain 20 miles north.", "unsupported"),
        ("Sales reached $4.1 billion.", "unsupported"),
        ("In 2015.", "unsupported"),
        ("On August 24.", "unsupported"),
        ("The F-16 flew.", "unsupported"),
        ("Sales rose 21%.", "unsupported"),
        ("Seven staff left.", "unsupported"),
    ],
)
def test_verdicts(summary: str, verdict: str) -> None:
    """Each kind of restatement gets its verdict."""
    report = check_numbers(summary, ARTICLE)
    assert [verdict] == [check.verdict for check in report.checks]


def test_derived_names_operands() -> None:
    """A derived number names the two article figures it comes from."""
    check = check_numbers("7,500 remain.", ARTICLE).checks[0]
    assert "7,500 = 5,000 + 2,500" == check.explanation
    assert ["5,000", "2,500"] == [figure.text for figure in check.sources]


def test_scale_mismatch_is_explained() -> None:
    """The right digits with the wrong scale say so, and list the nearest figures."""
    check = check_numbers("It paid $347 billion.", ARTICLE).checks[0]
    assert "scale differs from $347 million" == check.explanation
    assert "$347 million" == check.nearest[0].text
    assert 3 == len(check.nearest)


def summary(**changes: object) -> ArticleSummary:
    """A valid summary of the seed article, with ``changes`` applied."""
    fields: dict[str, object] = {
        "headline": "US hands Iraq's Taji base and $347 million of equipment to Iraq",
        "summary": "The US-led coalition left the Taji base on August 23. About 300 US troops departed.",
        "key_points": ["It is the eighth base handed over.", "The base is 20 km north of Baghdad.",
                       "The US has nearly 5,000 troops in Iraq."],
        "figures": [KeyFigure(quote="$347 million", value=347e6, unit="USD", measures="equipment"),
                    KeyFigure(quote="300 US troops", value=300, unit="troops", measures="troops")],
        "people": [], "organizations": [], "places": ["Iraq"], "event_date": None,
    }
    fields.update(changes)
    return ArticleSummary.model_validate(fields)


def test_structured_summary_paths() -> None:
    """Every field of an ArticleSummary is checked under its own path."""
    report = check_numbers(summary(), SEED)
    expected = [
        ("headline", "$347 million"), ("summary", "August 23"), ("summary", "300"),
        ("key_points[0]", "eighth"), ("key_points[1]", "20 km"), ("key_points[2]", "5,000"),
        ("figures[0].quote", "$347 million"), ("figures[1].quote", "300"),
        ("figures[0].value", "3.47e+08 USD"), ("figures[1].value", "300 troops"),
    ]
    assert expected == [(c.path, c.text) for c in report.checks]
    assert report.ok
    assert {"supported": 10, "approximate": 0, "derived": 0, "unsupported": 0} == report.counts
    assert ["90 million", "2,000", "2,500", "2003", "2011", "2014"] == [
        f.text for f in report.unused if f.kind != "date"
    ]


@pytest.mark.parametrize(
    ("key_figure", "verdict"),
    [
        (KeyFigure(quote="$347 million", value=347e6, unit="dollars", measures="x"), "supported"),
        (KeyFigure(quote="300 US troops", value=300, unit="troops", measures="x"), "supported"),
        (KeyFigure(quote="20 km", value=20, unit="kilometres", measures="x"), "supported"),
        (KeyFigure(quote="20 km", value=20, unit="miles", measures="x"), "unsupported"),
        (KeyFigure(quote="$347 million", value=347, unit="USD", measures="x"), "unsupported"),
        (KeyFigure(quote="$347 million", value=347e6, unit="EUR", measures="x"), "unsupported"),
    ],
)
def test_key_figure_value(key_figure: KeyFigure, verdict: str) -> None:
    """A KeyFigure's value is checked with its free-text unit read leniently."""
    report = check_numbers(summary(figures=[key_figure]), SEED)
    assert verdict == next(c.verdict for c in report.checks if c.path == "figures[0].value")


def test_reask_message() -> None:
    """The re-ask names the field, the number and the nearest article figures, one line each."""
    report = check_numbers(summary(headline="US hands Iraq $347 billion of kit"), SEED)
    expected = (
        "These numbers are not in the article; correct them using the article's own figures, "
        "or remove them:\n"
        "- headline: '$347 billion' (scale differs from $347 million); nearest article "
        "figures: '$347 million', '90 million', '5k'"
    )
    assert expected == report.reask_message()
    assert not report.ok
    assert 1 == len(report.unsupported)


def test_report_round_trips() -> None:
    """The report serialises to JSON and validates back to an equal report."""
    report = check_numbers("It paid $348 million, or $347 million, 7,500 in all.", ARTICLE)
    assert report == NumberReport.model_validate(report.model_dump(mode="json"))
    assert report == NumberReport.model_validate_json(report.model_dump_json())


def test_precomputed_article_figures() -> None:
    """Passing the article's figures gives the same report as finding them."""
    from summarize.figures import find_figures

    figures = find_figures(ARTICLE)
    assert check_numbers("$347m", ARTICLE) == check_numbers("$347m", ARTICLE, article_figures=figures)
