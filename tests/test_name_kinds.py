"""Sorting the summary's names by the kinds the model gave them (summarize.name_kinds)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from summarize.fake_server import synthesize_summary
from summarize.name_kinds import kinds_model, kinds_of, listed_names, sort_names
from summarize.schema import ArticleSummary

from conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")


def _summary(people: list[str], organizations: list[str], places: list[str]) -> ArticleSummary:
    data: dict[str, Any] = synthesize_summary(TEXT)
    data.update(people=people, organizations=organizations, places=places)
    return ArticleSummary.model_validate(data)


# (people, organizations, places), the kinds answered, the lists after, the warnings
SORTED = [
    pytest.param((["Donald Trump"], ["Islamic State"], ["Iraq"]),
                 {"Donald Trump": "person", "Islamic State": "organization", "Iraq": "place"},
                 (["Donald Trump"], ["Islamic State"], ["Iraq"]), [], id="nothing-to-move"),
    pytest.param((["Donald Trump", "Islamic State"], [], ["Iraq", "Baghdad"]),
                 {"Donald Trump": "person", "Islamic State": "organization", "Iraq": "place", "Baghdad": "place"},
                 (["Donald Trump"], ["Islamic State"], ["Iraq", "Baghdad"]),
                 ["names moved to the list of what they are: 'Islamic State' people -> organizations"],
                 id="a-group-in-people"),
    pytest.param((["Islamic State"], ["Islamic State"], ["Islamic State", "Iraq"]),
                 {"Islamic State": "organization", "Iraq": "place"},
                 ([], ["Islamic State"], ["Iraq"]),
                 ["names moved to the list of what they are: "
                  "'Islamic State' people/organizations/places -> organizations"],
                 id="one-name-in-three-lists-ends-in-one"),
    pytest.param(([], [], ["Taji", "Donald Trump"]),
                 {"Taji": "place", "Donald Trump": "person"},
                 (["Donald Trump"], [], ["Taji"]),
                 ["names moved to the list of what they are: 'Donald Trump' places -> people"],
                 id="a-person-in-places"),
    pytest.param((["Donald Trump"], ["Coalition"], []),
                 {"Donald Trump": "person", "Coalition": "other"},
                 (["Donald Trump"], ["Coalition"], []), [], id="other-keeps-its-list"),
    pytest.param((["Iraq"], ["Islamic State"], ["Iraq", "Baghdad"]),
                 {"Iraq": "organization", "Islamic State": "organization", "Baghdad": "other"},
                 ([], ["Islamic State"], ["Iraq", "Baghdad"]),
                 ["names moved to the list of what they are: 'Iraq' people/places -> places"],
                 id="a-country-in-places-stays-there"),
    pytest.param(([], ["Iraq"], []), {"Iraq": "place"}, ([], [], ["Iraq"]),
                 ["names moved to the list of what they are: 'Iraq' organizations -> places"],
                 id="a-country-elsewhere-goes-where-it-is-said"),
    pytest.param((["Iraq's Islamic State fighters"], ["Islamic State fighters"], []),
                 {"Iraq's Islamic State fighters": "organization", "Islamic State fighters": "organization"},
                 ([], ["Islamic State fighters"], []),
                 ["names moved to the list of what they are: "
                  "\"Iraq's Islamic State fighters\" people -> organizations"],
                 id="a-move-that-makes-a-repeat-with-an-owner"),
    pytest.param(([], ["Iraq's Islamic State fighters", "Islamic State fighters"], []),
                 {"Iraq's Islamic State fighters": "organization", "Islamic State fighters": "organization"},
                 ([], ["Islamic State fighters"], []), [], id="a-repeat-dropped-is-no-move"),
    pytest.param((["Donald Trump", "Iraq"], [], []),
                 {"Donald Trump": "person"},
                 (["Donald Trump", "Iraq"], [], []), [], id="a-name-left-out-keeps-its-list"),
    # the local model's: a description in organizations, which it called a person
    pytest.param(([], ["Scottish government spokeswoman", "Russian government"], []),
                 {"Scottish government spokeswoman": "person", "Russian government": "organization"},
                 ([], ["Russian government"], []),
                 ["names dropped, a description is no person's name: organizations 'Scottish government spokeswoman'"],
                 id="a-description-called-a-person-is-dropped"),
    pytest.param((["michael scudamore"], [], []), {"michael scudamore": "person"},
                 (["michael scudamore"], [], []), [], id="a-name-in-lower-case-is-left-to-the-article"),
]


@pytest.mark.parametrize(("lists", "kinds", "after", "warnings"), SORTED)
def test_sort_names(lists: tuple[list[str], list[str], list[str]], kinds: dict[str, str],
                    after: tuple[list[str], list[str], list[str]], warnings: list[str]) -> None:
    summary = _summary(*lists)
    result, said = sort_names(summary, kinds)
    assert after == (result.people, result.organizations, result.places)
    assert warnings == said
    assert (result is summary) == (after == lists)


def test_listed_names_are_each_named_once_in_the_order_of_the_lists() -> None:
    summary = _summary(["Donald Trump", "Islamic State"], ["Islamic State"], ["Iraq"])
    assert ("Donald Trump", "Islamic State", "Iraq") == listed_names(summary)


def test_the_answer_must_give_every_name_one_of_the_four_kinds_and_nothing_else() -> None:
    names = ("Ronnie O'Sullivan", "Islamic State (IS)")
    model = kinds_model(names)
    schema = model.model_json_schema()
    assert (list(names), False) == (schema["required"], schema["additionalProperties"])
    assert all(p["enum"] == ["person", "organization", "place", "other"] for p in schema["properties"].values())
    answer = {"Ronnie O'Sullivan": "person", "Islamic State (IS)": "organization"}
    assert answer == kinds_of(model.model_validate_json(json.dumps(answer)))
    for bad in ({"Ronnie O'Sullivan": "person"},
                {**answer, "Islamic State (IS)": "group"},
                {**answer, "Iraq": "place"}):
        with pytest.raises(ValidationError):
            model.model_validate_json(json.dumps(bad))
