"""Sorting the summary's names into people, organizations and places by asking the model
once more, about the same article (pure: the asking is ``summarize.llm``'s).

The local model files names in the wrong list as it writes the summary: clubs in
``people`` ("Manchester City", "Tottenham"), bands and a zoo society in ``places``
("Metallica", "Zoological Society of London"), people in ``places`` ("Bradley Cooper",
"Garry Kasparov"), one club in all three lists. Asked afterwards, in a question of its
own, what each listed name is, it moves them right. Measured on its answers for 26 real
articles of four earlier batches (248 names), read by hand: 48 names moved, 46 rightly
(the clubs to organizations, the people to people, "Elland Road" to places), 2 wrongly
("Sir Peter Blake" to organizations, "Scottish government spokeswoman" to people); 17 of
the 26 answers had a name to move. Asked as below, on 20 articles: 22 moved, 18 rightly,
1 debatable ("White House" to organizations), 3 wrongly (two descriptions, and a trainer
the article names only in "the Neil Mulholland-trained seven-year-old", to organizations).

So that a llama.cpp server evaluates only the question, it follows the first request's
messages, which the server's cache holds, and not the answer: the model's tokens for its
JSON answer need not be the ones the answer's text tokenizes to. With the answer, the
question took a median 13.7 s in a batch of 10 real articles; without it, 11.2 s on 20
(those 10 and 10 more; 1.5B model, 2 cores). Without it the model moved the same names
on the 9 articles asked both ways in one process, and put back in places the city the
batch had moved to organizations ("Xiamen").

The model's "other" (an event, a prize, a product) changes nothing: it called companies,
bands and countries "other" ("Google", "eBay", "Zimbabwe") about as often as the events
and products it should have ("FA Cup", "Citroen C3"), so dropping them lost as many
right names as wrong ones. A country listed in places stays there, as
``summarize.entities`` keeps it. Which list any other name belongs in takes the article's
meaning ("Chelsea" is a club, a district or a person), so no rule here guesses it. The
answer's shape is fixed by the schema ``kinds_model`` builds, one required property per
name with the four kinds as its only values, enforced at decode time like the summary's;
an answer of the kinds alone, in the names' order, is shorter (16 to 34 tokens against
36 to 83 on 6 articles) but lost the order: on one of them 3 of 8 kinds matched the
answer by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from summarize.countries import country
from summarize.entities import describes, without_repeats
from summarize.schema import ArticleSummary

__all__ = ["KINDS", "Kind", "kinds_model", "kinds_of", "listed_names", "sort_names"]

Kind = Literal["person", "organization", "place", "other"]
# The list each kind belongs in; "other" (an event, a prize, a product) names no list.
KINDS: dict[str, str] = {"person": "people", "organization": "organizations", "place": "places"}
_LISTS = ("people", "organizations", "places")


def listed_names(summary: ArticleSummary) -> tuple[str, ...]:
    """Every name the summary lists, once each, in the order of its lists."""
    return tuple(dict.fromkeys(name for kind in _LISTS for name in getattr(summary, kind)))


@lru_cache(maxsize=64)
def kinds_model(names: tuple[str, ...]) -> type[BaseModel]:
    """The answer's model for ``names``: an object with each name as a required key and
    its kind as the value, and no other key."""
    fields: dict[str, object] = {f"name_{i}": (Kind, Field(alias=name)) for i, name in enumerate(names)}
    model: type[BaseModel] = create_model(  # type: ignore[call-overload]
        "NameKinds", __config__=ConfigDict(extra="forbid"), **fields
    )
    return model


def sort_names(summary: ArticleSummary, kinds: Mapping[str, str]) -> tuple[ArticleSummary, list[str]]:
    """``summary`` with each name the model called a person, an organization or a place in
    that list only (a name already there keeps its place, one moved in comes after; a
    repeat it makes there, ``entities.without_repeats``, goes), and the warning saying so;
    ``summary`` itself when nothing changes.

    A name called "other", or left out, keeps its lists: the model called companies,
    bands and countries "other" as often as the events and products it should have
    ("Google", "Zimbabwe" beside "FA Cup"). A country listed in places stays there, as
    ``summarize.entities`` keeps it: the model moved "Zimbabwe" out of them. A name it
    calls a person that is a description (``entities.describes``: "Scottish government
    spokeswoman", listed in organizations and moved to people in one answer) is dropped.
    """
    names = listed_names(summary)
    # A name all in lower case may be the model's spelling of a person's name ("michael
    # scudamore"), which only the article settles (summarize.entities).
    described = {n for n in names if kinds.get(n) == "person" and describes(n) and not n.islower()}

    def target(name: str) -> str | None:
        if name in summary.places and country(name) is not None:
            return "places"
        return KINDS.get(kinds.get(name, "other"))

    def belongs(name: str, listed: str) -> bool:
        if name in described:
            return False
        to = target(name)
        return name in getattr(summary, listed) if to is None else to == listed

    lists = {listed: [n for n in getattr(summary, listed) if belongs(n, listed)] for listed in _LISTS}
    for listed in _LISTS:
        lists[listed] = without_repeats(
            lists[listed] + [n for n in names if belongs(n, listed) and n not in lists[listed]], listed)
    if all(lists[listed] == getattr(summary, listed) for listed in _LISTS):
        return summary, []
    moved, dropped = [], []
    for name in names:
        was = "/".join(listed for listed in _LISTS if name in getattr(summary, listed))
        to = target(name)
        if name in described:
            dropped.append(f"{was} {name!r}")
        elif to is not None and was != to:
            moved.append(f"{name!r} {was} -> {to}")
    warnings = [f"names moved to the list of what they are: {', '.join(moved)}"] if moved else []
    if dropped:
        warnings.append(f"names dropped, a description is no person's name: {', '.join(dropped)}")
    return summary.model_copy(update=lists), warnings


def kinds_of(answer: BaseModel) -> dict[str, str]:
    """The name -> kind mapping of a parsed answer of ``kinds_model``."""
    return {str(key): str(value) for key, value in answer.model_dump(by_alias=True).items()}
