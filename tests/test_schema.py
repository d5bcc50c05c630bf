"""The output schema: strict-mode shape, validators, and the checked-in schema files."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pydantic import ValidationError

from summarize.prompts import data_dir
from summarize.schema import (
    MAX_SUMMARY_CHARS,
    ArticleSummary,
    KeyFigure,
    copied_example,
    cut_summary,
    normalise_quote,
    undatable,
    unfinished_summary,
)

ARTICLE = "Troops left Taji, 20 km north of Baghdad, and handed over $347 million in equipment."


def _summary(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "headline": "Troops leave Taji",
        "summary": "Troops left Taji. They handed over equipment.",
        "key_points": ["Troops left Taji.", "Equipment was handed over.", "Taji is near Baghdad."],
        "figures": [{"quote": "$347 million", "value": 347e6, "unit": "USD", "measures": "equipment"}],
        "people": [],
        "organizations": [],
        "places": ["Taji", "Baghdad"],
        "event_date": None,
    }
    base.update(overrides)
    return base


def _walk(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


def test_schema_is_accepted_by_openai_strict_mode() -> None:
    """Every object is closed, every property required, and nothing has a default."""
    schema = ArticleSummary.model_json_schema()
    objects = [n for n in _walk(schema) if n.get("type") == "object"]
    assert len(objects) == 2
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])
    assert all("default" not in node for node in _walk(schema))
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"{name} has no description"


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"key_points": ["a", "b"]}, "at least 3"),
        ({"key_points": ["Same point.", "same  point.", "Other."]}, "key point repeated"),
        ({"key_points": ["One.", " ", "Two."]}, "must not be empty"),
        ({"figures": [{"quote": "$347 billion", "value": 347e9, "unit": "USD", "measures": "x"}]},
         "'$347 billion' is not in the article"),
        ({"figures": [{"quote": "347,000,000", "value": 347e6, "unit": "USD", "measures": "x"}]},
         "'347,000,000' is not in the article (the article writes '$347 million')"),  # no currency: not reworded
        ({"figures": [{"quote": "Troops went home", "value": 1, "unit": None, "measures": "x"}]},
         "'Troops went home' is not in the article and holds no number: quote a number, or leave the figure out"),
        ({"event_date": "23 August"}, "not an ISO date"),
        ({"event_date": "26 February - 5 March"}, "not an ISO date"),
        ({"event_date": "23 August 2020 at noon"}, "not an ISO date"),
        ({"event_date": "2020-13"}, "not an ISO date YYYY-MM-DD or month YYYY-MM"),
        ({"event_date": "2020-3"}, "not an ISO date"),
        ({"event_date": "2020"}, "not an ISO date"),
        ({"summary": ARTICLE + " " + ARTICLE}, "not shorter than"),
        ({"extra": 1}, "Extra inputs are not permitted"),
        ({"organizations": ["Hearts", "Motherwell"] * 8}, "at most 15 items"),
        ({"places": [f"Town {n}" for n in range(16)]}, "at most 15 items"),
        ({"figures": [{"quote": "300", "value": float("nan"), "unit": None, "measures": "x"}]},
         "Input should be a finite number"),
        ({"figures": [{"quote": "300", "value": float("inf"), "unit": None, "measures": "x"}]},
         "Input should be a finite number"),
    ],
)
def test_invalid_summaries_are_rejected_with_a_reason(overrides: dict[str, Any], error: str) -> None:
    """Each semantic rule rejects a summary that breaks it and says why."""
    with pytest.raises(ValidationError) as info:
        ArticleSummary.model_validate(_summary(**overrides), context={"article": ARTICLE})
    assert error in str(info.value)


@pytest.mark.parametrize(
    ("quote", "value", "hint"),
    [
        ("8 August 2013", 20130808, " (the article writes 'August 2013' or 'August 5')"),  # its month's dates
        ("8 Aug", 808, " (the article writes 'August 2013' or 'August 5')"),  # no year: either
        ("8 August 2014", 20140808, " (the article writes 'August 5')"),  # 'August 5' states no year
        ("8 July 2013", 20130708, ""),
    ],
)
def test_a_date_quote_not_in_the_article_names_its_months_dates(quote: str, value: float, hint: str) -> None:
    """The local model quoted a day it made up ('8 August 2013' for 'August 2013') three
    times in a row when the re-ask named nothing; the article's dates of the month help."""
    article = "The firm was sold in August 2013 for $5m, and shut on August 5."
    with pytest.raises(ValidationError) as info:
        ArticleSummary.model_validate(
            _summary(figures=[{"quote": quote, "value": value, "unit": None, "measures": "x"}]),
            context={"article": article})
    assert f"{quote!r} is not in the article{hint} [" in str(info.value)


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (["Troops left.", "Equipment stayed.", "troops  left.", "Taji is near Baghdad."],
         ["Troops left.", "Equipment stayed.", "Taji is near Baghdad."]),
        (["A.", "B.", "C.", "A.", "A."], ["A.", "B.", "C."]),
        (["A.", "B.", "C."], ["A.", "B.", "C."]),
    ],
)
def test_a_repeated_key_point_is_kept_once(points: list[str], expected: list[str]) -> None:
    """A repeat says nothing new: it is dropped while three distinct points remain (with
    fewer, the summary is rejected)."""
    assert expected == ArticleSummary.model_validate(_summary(key_points=points)).key_points


@pytest.mark.parametrize(
    ("figures", "kept"),
    [
        # the same quote and value again, however spaced or capitalised: kept once
        ([("$347 million", 347e6, "USD"), ("$347  Million", 347e6, "USD")], [("$347 million", 347e6, "USD")]),
        # another value or unit for the quote is a different claim, left to the checks
        ([("20 km", 20.0, "km"), ("20 km", 20000.0, "m")], [("20 km", 20.0, "km"), ("20 km", 20000.0, "m")]),
        ([("20 km", 20.0, "km"), ("$347 million", 347e6, "USD"), ("20 km", 20.0, "km")],
         [("20 km", 20.0, "km"), ("$347 million", 347e6, "USD")]),
    ],
)
def test_repeated_key_figures_are_kept_once(figures: list[tuple[str, float, str]],
                                            kept: list[tuple[str, float, str]]) -> None:
    summary = ArticleSummary.model_validate(_summary(figures=[
        {"quote": quote, "value": value, "unit": unit, "measures": "x"} for quote, value, unit in figures]))
    assert kept == [(f.quote, f.value, f.unit) for f in summary.figures]


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("$347 million in equipment handed over", "$347 million"),
        ("Taji is 20 km north of Baghdad", "20 km"),
        ("$347 million", "$347 million"),
        # the same figure worded otherwise becomes the article's wording of it
        ("$347m", "$347 million"),
        ("20 kilometres", "20 km"),
        ("$347m in equipment", "$347 million"),
    ],
)
def test_a_wordy_quote_is_cut_to_the_figure_the_article_writes(quote: str, expected: str) -> None:
    """A phrase holding exactly one of the article's figures, or the same figure worded
    otherwise, becomes the article's text of that figure."""
    figures = [{"quote": quote, "value": 1, "unit": None, "measures": "x"}]
    summary = ArticleSummary.model_validate(_summary(figures=figures), context={"article": ARTICLE})
    assert expected == summary.figures[0].quote


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2020-08-23", "2020-08-23"),
        ("2020-08", "2020-08"),
        # a date with its year as news style writes it, in ISO form
        ("23 August 2020", "2020-08-23"),
        ("August 23, 2020", "2020-08-23"),
        ("August 2020", "2020-08"),
        # an ISO date with a time of day is its date
        ("2020-08-23T13:50:00Z", "2020-08-23"),
        ("2020-08-23 13:50", "2020-08-23"),
        # null written as a string
        ("null", None),
        ("None", None),
        (None, None),
    ],
)
def test_an_event_date_written_otherwise_is_read(written: str | None, expected: str | None) -> None:
    """A date the model wrote as the article does ('23 August 2020'), or null as a string,
    is what the field asks for, without a re-ask; a range or a day without its year is not
    (test_invalid_summaries_are_rejected_with_a_reason)."""
    assert expected == ArticleSummary.model_validate(_summary(event_date=written)).event_date


@pytest.mark.parametrize(
    ("written", "published", "expected"),
    [
        ("April 6", dt.date(2015, 4, 8), "2015-04-06"),  # the last April 6 on or before the article
        ("6 April", dt.date(2015, 4, 6), "2015-04-06"),
        ("April 9", dt.date(2015, 4, 8), "2014-04-09"),
        ("Feb 29", dt.date(2021, 3, 1), None),  # 2021 has none: re-asked
        ("April 6", None, None),  # no article date: re-asked
    ],
)
def test_a_day_without_its_year_takes_the_year_of_the_articles_date(
    written: str, published: dt.date | None, expected: str | None,
) -> None:
    context = {"article": ARTICLE, "article_date": published}
    if expected is None:
        with pytest.raises(ValidationError, match="not an ISO date"):
            ArticleSummary.model_validate(_summary(event_date=written), context=context)
    else:
        assert expected == ArticleSummary.model_validate(_summary(event_date=written), context=context).event_date


def _validated_quote(quote: str, value: float, article: str, unit: str | None = None) -> str | None:
    """The quote of a key figure as the schema leaves it, read against ``article``; None
    when the schema refuses it as not copied from the article."""
    figures = [{"quote": quote, "value": value, "unit": unit, "measures": "x"}]
    try:
        summary = ArticleSummary.model_validate(_summary(figures=figures), context={"article": article})
    except ValidationError as error:
        if "must be copied exactly from the article" not in str(error):
            raise  # refused for another reason: a failure of the test, not a None
        return None
    return summary.figures[0].quote


# Ages as news style writes them, beside numbers that are no age.
AGES_ARTICLE = ("Asghar Buksh, 55, and his son Tom (22) were arrested. He feared she would take their child, "
                "aged 10, abroad. Police said 61 officers and 34 staff attended. The defendant, now 47 "
                "and called Davina, denied it; sales are now 12 a week.")


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        # an age quoted in words the article does not use: the number it places as an age
        ("55 years old", "55"),
        ("22-year-old man arrested", "22"),
        ("a 10-year-old child", "10"),
        ("47 years old defendant", "47"),  # 'The defendant, now 47 and ...' (the local model's)
        # no number the article writes as an age, or no age quoted: the quote is refused
        ("61 years old", None),
        ("34-year-old", None),
        ("55 years", None),
        ("12 years old", None),  # 'now 12' with no comma before: no age
    ],
)
def test_an_age_quoted_otherwise_is_the_number_the_article_writes_as_an_age(quote: str, expected: str | None) -> None:
    """'55 years old' for the article's 'Asghar Buksh, 55,' quotes '55' (a re-ask only told
    the model so, to no effect); 61 officers are no age."""
    assert expected == _validated_quote(quote, 1, AGES_ARTICLE)


@pytest.mark.parametrize(
    ("quote", "value", "unit", "expected"),
    [
        # the quote's scale put in the unit: the plain number, as the value's description asks
        ("$347 million", 347, "million USD", (347e6, "USD")),
        ("£33m", 33, "m", (33e6, "GBP")),
        ("$347 million", 347, "million", (347e6, "USD")),
        ("90 million rounds", 90, "million rounds", (90e6, "rounds")),
        ("90 million", 90, "million", (90e6, None)),
        # ...not another scale, another currency, or a scale the quote lacks
        ("$347 million", 347, "billion USD", (347, "billion USD")),
        ("$347 million", 347, "million EUR", (347, "million EUR")),
        ("6,000 metres", 6, "thousand metres", (6, "thousand metres")),
    ],
)
def test_key_figure_value_with_the_scale_in_its_unit(quote: str, value: float, unit: str,
                                                      expected: tuple[float, str]) -> None:
    """'$347 million' given 347 'million USD' becomes 347000000 USD."""
    figure = KeyFigure.model_validate({"quote": quote, "value": value, "unit": unit, "measures": "x"})
    assert expected == (figure.value, figure.unit)


@pytest.mark.parametrize(
    ("quote", "value", "unit", "expected"),
    [
        # the quote's figure settles a unit left out, or named otherwise
        ("£3,500", 3500, None, "GBP"),
        ("£150,000", 150000, "pounds", "GBP"),
        ("50%", 50, "%", "percent"),
        ("seven days", 7, None, "day"),
        ("6,000 metres", 6000, "metres", "m"),
        # a scale word the quote has too, when the value is already scaled
        ("£33m", 33e6, "million", "GBP"),
        ("£10 million", 10e6, "million", "GBP"),
        # left as the model wrote it: another currency (the checks reject it), a scale the
        # quote lacks, a value that is not the quote's, a counted noun, a year
        ("$5,000", 5000, "GBP", "GBP"),
        ("6,000 metres", 6000, "million", "million"),
        ("£3,500", 350, None, None),
        ("600 firefighters", 600, "firefighters", "firefighters"),
        ("2012", 2012, None, None),
        ("between 150 and 200 km", 150, None, None),
        # an empty unit names none
        ("two", 2, "", None),
        ("£3,500", 3500, " ", "GBP"),
    ],
)
def test_key_figure_unit_from_its_quote(quote: str, value: float, unit: str | None, expected: str | None) -> None:
    """A key figure's unit comes from its quote when the value is the quote's figure."""
    figure = KeyFigure.model_validate({"quote": quote, "value": value, "unit": unit, "measures": "x"})
    assert expected == figure.unit


@pytest.mark.parametrize(
    ("value", "expected"),
    [(347e6, "$347 million"), (20, "20 km"), (5, None)],
)
def test_a_quote_of_two_article_figures_is_cut_to_the_one_of_its_value(value: float, expected: str | None) -> None:
    """A phrase holding two of the article's figures is cut to the one the key figure's
    value names; with neither, the quote is not the article's and is rejected."""
    assert expected == _validated_quote("$347 million handed over 20 km north of Baghdad", value, ARTICLE)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(347e6, "$347 million"), (20, "20 km"), (5, None)],
)
def test_a_quote_of_two_figures_worded_otherwise_quotes_the_article_wording_of_its_value(
        value: float, expected: str | None) -> None:
    """A phrase holding two figures, neither as the article writes it, quotes the article's
    wording of the one the key figure's value names ('3 Victorian hotels will go...' given
    3 for the article's 'Three'); with neither value, it is rejected."""
    assert expected == _validated_quote("$347m handed over 20 kilometres north of Baghdad", value, ARTICLE)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (347, "million USD", "$347 million"),
        (347, "million", "$347 million"),
        (0.347, "billion", "$347 million"),
        (347, "USD", None),  # no scale word: 347 is no figure of the quote
        (347, None, None),
    ],
)
def test_a_wordy_quote_given_its_value_with_the_scale_in_the_unit_is_cut_to_that_figure(
        value: float, unit: str | None, expected: str | None) -> None:
    """'In another 8m cases the arrears stretched back over three months' given 8
    'million' (the local model's, twice): the value with the unit's scale word names the
    figure."""
    quote = "they handed over $347 million in equipment 20 km north"
    assert expected == _validated_quote(quote, value, ARTICLE, unit)


def test_valid_summary_passes_with_article_context() -> None:
    """A summary whose quotes occur in the article validates."""
    summary = ArticleSummary.model_validate(_summary(), context={"article": ARTICLE})
    assert ["$347 million"] == [f.quote for f in summary.figures]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Iraq’s  base", "Iraq's base"), ("2,000–3,000", "2,000-3,000"), ("“quoted”\n", '"quoted"')],
)
def test_normalise_quote(text: str, expected: str) -> None:
    """Curly quotes, dashes and whitespace runs compare equal to their plain forms."""
    assert expected == normalise_quote(text)


_FELL = "Then it fell sharply for a long time. "
_LONG = "Sales rose 12% to €4.1 billion in 2014. " + "It was the best year the company had had in a decade. " * 20


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Sales rose. Profits fell.", None),  # within the rules: nothing to cut
        ("One. Two. Three. Four. Five. Six. Seven.", "One. Two. Three. Four."),  # too many sentences
        (_LONG, _LONG[:_LONG.index(" It was", 200)]),  # four whole sentences, under the limit
        ('He said "It rose." ' + _FELL * 30, 'He said "It rose." ' + _FELL * 2 + _FELL.rstrip()),  # a quote ends one
        ("x" * (MAX_SUMMARY_CHARS + 1), None),  # one sentence too long: nothing whole to keep
    ],
)
def test_a_long_summary_is_cut_to_its_first_whole_sentences(summary: str, expected: str | None) -> None:
    cut = cut_summary(summary)
    assert expected == cut
    if cut is not None:
        assert len(cut) <= MAX_SUMMARY_CHARS
        assert summary.startswith(cut)


def test_checked_in_schema_files_match_the_models() -> None:
    """schemas/ is regenerated with `make schemas`; this fails when it drifts."""
    from summarize.schema_files import render_schemas

    for name, text in render_schemas().items():
        path = data_dir("schemas") / name
        assert path.exists(), f"{path} missing: run `make schemas`"
        assert json.loads(text) == json.loads(path.read_text(encoding="utf-8")), f"{name} drifted: run `make schemas`"


@pytest.mark.parametrize(
    ("summary", "cut"),
    [
        ("Cameras went live. Manager Chris Hume said: ", "Cameras went live."),
        ("Rodgers signed. Desmond described Rodgers as ", "Rodgers signed."),
        ("It ended. Our correspondent said. ", None),  # a finished sentence, then a space
        ("It ended. The last sentence has no full stop", None),  # no sign of a quotation
        ("One sentence that stops as ", None),  # nothing whole to keep
        ('He said: "Go." ', None),
    ],
)
def test_a_summary_stopped_where_a_quotation_opened_is_cut_to_whole_sentences(summary: str,
                                                                               cut: str | None) -> None:
    assert cut == unfinished_summary(summary)


@pytest.mark.parametrize(("value", "expected"), [
    ("2014-2016", True),        # a range of years: no one date
    ("2014", True),             # a year alone
    ("summer 2015", True),
    ("between May and June", True),
    ("April 6", False),         # a day some year would date: read or re-asked
    ("23 August 2020", False),  # read as 2020-08-23
    ("2020-08-23", False),
    ("2020-08", False),
    ("2020-08-23T13:50:00Z", False),  # a day, with its time
    ("2020-02-30T13:50:00Z", True),   # no such day
    ("null", False),            # null as the model writes it
    (None, False),
    (2014, False),              # not a string: the schema's own error
])
def test_undatable_event_dates(value: object, expected: bool) -> None:
    assert expected == undatable(value)


@pytest.mark.parametrize(("value", "expected"), [
    ("April 6", True),           # no year to find in an article that writes none
    ("2014-2016", True),
    ("23 August 2020", False),
    ("2020-08-23", False),
    (None, False),
])
def test_undatable_event_dates_in_an_article_that_writes_no_year(value: object, expected: bool) -> None:
    assert expected == undatable(value, years=False)


@pytest.mark.parametrize(("quote", "expected"), [
    ("145 lbs", "145lbs"),   # a bound the article wrote without the space
    ("127 lbs", "127lbs"),
    ("25 watchers", "25"),
    ("145 kg", None),        # another unit: no bound of it
    ("5 watchers", None),    # '5' stands inside '15-25', and '$5' is money
])
def test_a_quote_of_a_range_bound_worded_otherwise_quotes_the_bound(quote: str, expected: str | None) -> None:
    """The article's 'from 145lbs to 127lbs' is one figure, a range: a quote of one bound
    spaced otherwise is the article's text of that bound."""
    article = "She went from 145lbs to 127lbs in a year, and 15-25 people watched. Prices rose from $5 to $7."
    figures = [{"quote": quote, "value": 1, "unit": None, "measures": "x"}]
    if expected is None:
        with pytest.raises(ValidationError, match="is not in the article"):
            ArticleSummary.model_validate(_summary(figures=figures), context={"article": article})
        return
    summary = ArticleSummary.model_validate(_summary(figures=figures), context={"article": article})
    assert expected == summary.figures[0].quote


@pytest.mark.parametrize(("quote", "article", "expected"), [
    ("40 km", "Taji is 20 km north of Baghdad.", True),        # an example as written
    ("40 km", "Taji is 40 km north of Baghdad.", False),       # the article writes it
    ("N million", "Taji is 20 km north of Baghdad.", True),
    ("$12.5 million", "Taji is 20 km north of Baghdad.", True),  # an example's number, nowhere in the article
    ("$12.5 million", "The zoo paid $12.5m for it.", False),    # the article writes 12.5
    ("$40 million", "Forty of them, 40 in all.", False),
    ("$140 million", "Taji is 20 km north of Baghdad.", False),  # no example's number stands in it
    ("40.5 km", "Taji is 20 km north of Baghdad.", False),
])
def test_copied_example(quote: str, article: str, expected: bool) -> None:
    assert expected == copied_example(quote, article)
