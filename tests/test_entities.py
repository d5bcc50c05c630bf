"""The lists of names, read against the article."""

from __future__ import annotations

import pytest

from summarize.entities import ArticleNames, ground_names
from summarize.schema import ArticleSummary

ARTICLE = (
    "Brendan signed. Trainer Michael Scudamore said the horse was ready. Dr Venter, of the O'Brien clinic, "
    "praised Grahame Madge. Portrait of Florence, George and Gertie Rollo, from Waterloo Park. "
    "Chris and Sue Moores's son Wayne died. Mohamed Shaban scored for Egypt past Uganda's keeper. "
    "Nikos Theocharakis, Greece's deputy finance minister, spoke. Leicester fans cheered. Later, in "
    "the second half, City won. The blogger Ismailov, a Russian, was fined. "
    "Jos Buttler is with Mumbai IndiansSam Billings plays in May.Royal Challengers Bangalore lost. "
    "Amira Abase's father spoke. Germans in Berlin. "
    "Lyth's century helped Yorkshire.Rain fell in Leeds. Rodgers, 43, left Anfield. Council leader Mark Hook spoke."
)


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        # written: case, full stops, apostrophes and glued sentences aside
        ("Michael Scudamore", "people", "Michael Scudamore"),
        ("michael scudamore", "people", "michael scudamore"),
        ("Dr. Venter", "people", "Dr. Venter"),
        ("O'Brien", "organizations", "O'Brien"),
        ("Lyth", "people", "Lyth"),
        ("Yorkshire", "places", "Yorkshire"),
        ("Mumbai Indians", "organizations", "Mumbai Indians"),
        ("Royal Challengers Bangalore", "organizations", "Royal Challengers Bangalore"),
        # spaces, and the words of a phrase before the name, left out
        (" Michael  Scudamore ", "people", "Michael Scudamore"),
        ("of the Royal Challengers Bangalore", "organizations", "Royal Challengers Bangalore"),
        ("Vice-captain of the Royal Challengers Bangalore", "organizations", "Royal Challengers Bangalore"),
        ("the", "organizations", None),
        # written close together
        ("Florence Rollo", "people", "Florence Rollo"),
        ("Wayne Moores", "people", "Wayne Moores"),
        ("Trainer Rollo", "people", None),  # many words apart
        ("Rollo portrait", "places", None),  # a phrase, not a name
        # respelt as the article spells it, every word close
        ("Graham Madge", "people", "Grahame Madge"),
        ("Graham Madges", "people", "Grahame Madge"),
        ("Yorkshir", "places", None),  # one word is never respelt
        ("Germany", "places", "Germany"),  # ... but a country is kept by its people: 'Germans'
        ("Germany", "people", None),
        # a person's name cut to the article's
        ("Egypt's Mohamed Shaban", "people", "Mohamed Shaban"),
        ("Greek Finance Minister Nikos Theocharakis", "people", "Nikos Theocharakis"),
        ("Peter Buttler", "people", "Buttler"),  # a first name the article never writes
        ("Russian blogger Ismailov", "people", "Ismailov"),  # a description
        ("Michael Buttler", "people", None),  # the article writes Michael: another person's
        ("Brendan Rodgers", "people", "Rodgers"),  # ... unless it writes the surname as one ('Rodgers, 43,')
        ("Leicester City", "people", None),
        ("Father of Amira Abase", "people", None),
        ("Leader of Gosport Borough Council Mark Hook", "people", "Mark Hook"),
        ("Amira Abase's dad", "people", None),
        ("Egypt's Mohamed Shaban", "places", None),  # cut only in people
        # a place cut to its part before a comma
        ("Leeds, UK", "places", "Leeds"),
        ("Leeds, UK", "organizations", None),
        ("Paris, France", "places", None),
        # not in the article
        ("Joe Biden", "people", None),
        ("London", "places", None),
        ("Hilary Duff's collection", "places", None),
        ("", "people", None),
        (" . ", "people", None),
    ],
)
def test_a_name_is_grounded_in_the_article(name: str, kind: str, expected: str | None) -> None:
    assert expected == ArticleNames(ARTICLE).ground(name, kind)


COUNTRIES = ("Indonesian police said the U.S. embassy was told. Spanish fans and IT staff waited. "
             "New York-based Human Rights Watch said so. "
             "Flights to the United Arab Emirates and Iran resumed. SHOUTED UK HEADLINE.")
BRITAIN = "Britain sent English fans home from Spain."


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Indonesia", "places", "Indonesia"),  # by its people: 'Indonesian'
        ("Spain", "places", "Spain"),
        ("Kingdom of Spain", "places", "Kingdom of Spain"),
        ("United States", "places", "United States"),  # a code written: 'U.S.'; the name is kept
        ("USA", "places", "USA"),
        ("UAE", "places", "United Arab Emirates"),  # another of its names, as the article writes it
        ("Iran", "places", "Iran"),
        ("Italy", "places", None),  # 'IT staff' is no Italy
        ("United Kingdom", "places", None),  # 'UK' in a run of capitals
        ("France", "places", None),
        ("Indonesia", "people", None),  # places only
        # a phrase holding a word in lower case: the name after it, or no person for a people
        ("New York-based Human Rights Watch", "organizations", "Human Rights Watch"),
        ("Spanish fans", "people", None),
        ("Spanish fans", "organizations", "Spanish fans"),
        ("Indonesian police", "people", None),
        ("Indonesian police", "organizations", "Indonesian police"),
        ("IT staff", "organizations", "IT staff"),  # no people: kept as written
        ("embassy near Human Rights Watch", "places", None),  # after a preposition: another place
        ("Indonesia", "organizations", None),
    ],
)
def test_a_country_is_kept_when_the_article_names_it_another_way(name: str, kind: str, expected: str | None) -> None:
    assert expected == ArticleNames(COUNTRIES).ground(name, kind)


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("UK", "places", "Britain"),  # as the article names it, as for "UAE"
        ("United Kingdom", "places", "Britain"),  # as the article names it
        ("England", "places", "England"),  # by its people: 'English'
        ("English fans", "people", None),  # a people and what it is
    ],
)
def test_names_countryinfo_lacks(name: str, kind: str, expected: str | None) -> None:
    """'Britain' is the United Kingdom, and the English are England's people."""
    assert expected == ArticleNames(BRITAIN).ground(name, kind)


def _summary(**lists: list[str]) -> ArticleSummary:
    fields = {"headline": "h", "summary": "s.", "key_points": ["a", "b", "c"], "figures": [],
              "people": [], "organizations": [], "places": [], "event_date": None}
    return ArticleSummary.model_validate({**fields, **lists})


def test_names_are_respelt_cut_repeated_once_or_dropped_with_warnings() -> None:
    summary = _summary(people=["Graham Madge", "Joe Biden", "Grahame Madge", "Egypt's Mohamed Shaban",
                               "Russian blogger"],
                       organizations=["Mumbai Indians"], places=["Leeds", "London", "leeds", "London"])
    grounded, warnings = ground_names(summary, ARTICLE + " A Russian blogger.")
    assert (["Grahame Madge", "Mohamed Shaban"], ["Mumbai Indians"], ["Leeds"]) == (
        grounded.people, grounded.organizations, grounded.places)
    assert ["names dropped, the article does not write them: people 'Joe Biden', places 'London'",
            "names dropped, a people is no person: people 'Russian blogger'",
            "names as the article writes them: 'Graham Madge' -> 'Grahame Madge', "
            "\"Egypt's Mohamed Shaban\" -> 'Mohamed Shaban'"] == warnings


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        # descriptions the local model listed as people, each in the article's words
        ("three armed men", "people", None),
        ("Leicester man", "people", None),
        ("The boy's Twitter account", "people", None),
        ("cyclist", "people", None),
        # an organization's or a place's name may end in a word in lower case
        ("Russian government", "organizations", "Russian government"),
        ("Hatay province", "places", "Hatay province"),
        # a person's name with a small word, or a lower-case part before a capital
        ("Abu Mahdi al-Muhandis", "people", "Abu Mahdi al-Muhandis"),
        ("Ursula von der Leyen", "people", "Ursula von der Leyen"),
    ],
)
def test_a_description_is_no_persons_name(name: str, kind: str, expected: str | None) -> None:
    article = (f"{name} was seen. Three armed men and a Leicester man, a cyclist, The boy's Twitter account, the "
               "Russian government, Hatay province, Abu Mahdi al-Muhandis and Ursula von der Leyen.")
    assert expected == ArticleNames(article).ground(name, kind)


def test_a_description_listed_as_a_person_is_dropped_with_a_warning() -> None:
    summary = _summary(people=["two security guards", "Lesley Boal"])
    grounded, warnings = ground_names(summary, "Lesley Boal and two security guards were hurt.")
    assert ["Lesley Boal"] == grounded.people
    assert ["names dropped, a description is no person's name: people 'two security guards'"] == warnings


MOVED_ARTICLE = "Gramophone magazine praised the Leicester man who swam in the Hatay province river, said Lesley Boal."


@pytest.mark.parametrize(
    ("people", "organizations", "places", "expected"),
    [
        # an organization's or a place's name listed as a person goes to its list
        (["Gramophone magazine", "Lesley Boal"], [], [],
         (["Lesley Boal"], ["Gramophone magazine"], [])),
        (["Hatay province"], [], ["Leicester"], ([], [], ["Leicester", "Hatay province"])),
        # ... once, when it is listed there already
        (["Gramophone magazine"], ["Gramophone magazine"], [], ([], ["Gramophone magazine"], [])),
        # any other description is dropped, as before
        (["Leicester man"], [], [], ([], [], [])),
    ],
)
def test_a_description_ending_in_a_kind_of_organization_or_place_is_moved_not_dropped(
    people: list[str], organizations: list[str], places: list[str], expected: tuple[list[str], ...]
) -> None:
    """'Gramophone magazine' listed as a person is the magazine: it goes to organizations,
    with a warning, where a description ending otherwise ('Leicester man') is dropped."""
    summary = _summary(people=people, organizations=organizations, places=places)
    grounded, warnings = ground_names(summary, MOVED_ARTICLE + " Leicester fans cheered.")
    assert expected == (grounded.people, grounded.organizations, grounded.places)
    moved = [n for n in people if n.endswith(("magazine", "province"))]
    said = [w for w in warnings if w.startswith("names moved, an organization's or a place's name")]
    assert len(said) == (1 if moved else 0)
    assert all(repr(n) in said[0] for n in moved)


def test_a_person_listed_with_and_without_a_title_is_kept_without_it() -> None:
    summary = _summary(people=["Det Ch Supt Lesley Boal", "Lord Janner", "Lesley Boal", "Greville Janner"])
    article = "Det Ch Supt Lesley Boal said Lord Janner, or Greville Janner, denied it."
    assert ["Lord Janner", "Lesley Boal", "Greville Janner"] == ground_names(summary, article)[0].people


def test_a_name_listed_with_and_without_its_owner_is_kept_without_it() -> None:
    summary = _summary(organizations=["Iraq's Popular Mobilization Units", "Popular Mobilization Units",
                                      "Women's Institute", "Institute"],
                       people=["Ronnie O'Sullivan", "Sullivan"])
    article = ("Iraq's Popular Mobilization Units and the Women's Institute, an Institute, met "
               "Ronnie O'Sullivan and Sullivan.")
    grounded, _ = ground_names(summary, article)
    assert (["Popular Mobilization Units", "Women's Institute", "Institute"], ["Ronnie O'Sullivan", "Sullivan"]) == (
        grounded.organizations, grounded.people)


def test_a_surname_cut_from_a_name_is_not_repeated_beside_a_name_it_ends() -> None:
    summary = _summary(people=["Peter Buttler", "Jos Buttler", "Paul Johnson"])
    grounded, _ = ground_names(summary, ARTICLE + " Johnson said so.")
    assert ["Jos Buttler", "Johnson"] == grounded.people


@pytest.mark.parametrize(
    ("lists", "kept", "warnings"),
    [
        ({"organizations": ["China", "Xinhua"], "places": ["China", "Nepal"], "people": ["Nepal"]},
         {"organizations": ["Xinhua"], "places": ["China", "Nepal"], "people": []},
         ["names kept in places only, a country is a place: people 'Nepal', organizations 'China'"]),
        # a country in organizations alone may be a team; a town in two lists may be a club
        ({"organizations": ["China", "Xinhua"], "places": ["Nepal"], "people": []},
         {"organizations": ["China", "Xinhua"], "places": ["Nepal"], "people": []}, []),
        ({"organizations": ["Kathmandu"], "places": ["Kathmandu"], "people": []},
         {"organizations": ["Kathmandu"], "places": ["Kathmandu"], "people": []}, []),
    ],
)
def test_a_country_in_places_and_another_list_is_kept_in_places(
    lists: dict[str, list[str]], kept: dict[str, list[str]], warnings: list[str],
) -> None:
    article = "China's Xinhua said aid reached Nepal and its capital Kathmandu."
    grounded, said = ground_names(_summary(**lists), article)
    assert (kept, warnings) == ({k: getattr(grounded, k) for k in kept}, said)


def test_names_the_article_writes_are_left_as_they_are() -> None:
    summary = _summary(people=["Michael Scudamore", "Dr. Venter"], places=["Yorkshire"])
    assert (summary, []) == ground_names(summary, ARTICLE)
