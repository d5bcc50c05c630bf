"""The names an article may give a country: its name, other spellings and demonym (pure).

A summary lists "Indonesia" among the places of an article that writes only "Indonesian
police", and "Spain" where the article writes "Spanish": the right place, written another
way, which the names check (``summarize.entities``) dropped. The country table comes from
``countryinfo`` (MIT, no dependencies, 256 countries with their other spellings and
demonyms): a table kept by people who keep it, rather than one typed here. It lacks two
names British news writes on every page, added here (``_ADDED_NAMES``, ``_ADDED_COUNTRIES``): "Britain" for the
United Kingdom, and England, whose people are "English". The local model listed "UK" and
"England" for articles that write only "Britain" and "English".
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["Country", "country", "is_code", "is_demonym", "writes_country"]

# An all-capital code ("US", "UK", "UAE") counts only as written in capitals, with or
# without full stops ("U.S."), and not inside a run of capitals (a shouted headline).
_CODE = re.compile(r"[A-Z]{2,3}")
# The two-letter codes news writes for a country; the others are words in capitals ("IT
# staff" is no Italy, "IS" no Iceland, "I.T." neither).
_TWO_LETTER = frozenset(("US", "UK"))
# What countryinfo lacks: another name of a country it has, or a country it has not.
_ADDED_NAMES = {"United Kingdom": ("Britain",)}
_ADDED_COUNTRIES = (("England", "English"),)


class Country:
    """One country's names: ``names`` (its name and other spellings, codes among them),
    and ``demonym`` ("Indonesian"), or "" when the table has none."""

    __slots__ = ("demonym", "name", "names")

    def __init__(self, name: str, names: tuple[str, ...], demonym: str) -> None:
        self.name, self.names, self.demonym = name, names, demonym


def is_code(name: str) -> bool:
    """True for a country's code: two or three capitals ("US", "UAE")."""
    return _CODE.fullmatch(name) is not None


@cache
def _table() -> dict[str, Country]:
    """Every name and other spelling of every country, folded to lower case (codes as
    written), mapped to its country; loaded once, about 60 ms."""
    from countryinfo import all_countries

    table: dict[str, Country] = {}
    for entry in all_countries():
        info = entry.info()
        name = str(info.get("name") or "")
        if not name:
            continue
        spellings = [str(s) for s in info.get("altSpellings") or () if s]
        one = Country(name, (name, *spellings), str(info.get("demonym") or ""))
        for spelling in one.names:
            key = spelling if _CODE.fullmatch(spelling) else spelling.lower()
            table.setdefault(key, one)  # the first is the sovereign state: "US" is not its islands'
    for name, more in _ADDED_NAMES.items():
        known = table[name.lower()]
        known.names = (*known.names, *more)
        table.update((spelling.lower(), known) for spelling in more)
    for name, demonym in _ADDED_COUNTRIES:
        table.setdefault(name.lower(), Country(name, (name,), demonym))
    return table


@cache
def _demonyms() -> frozenset[str]:
    return frozenset(one.demonym for one in _table().values() if one.demonym)


def is_demonym(word: str) -> bool:
    """True for a people's name: "British", "Turkish", "Indonesians"."""
    people = _demonyms()
    return word in people or (word.endswith("s") and word[:-1] in people)


def country(name: str) -> Country | None:
    """The country ``name`` names ("Spain", "spain", "USA", "Kingdom of Spain"), or None."""
    name = " ".join(name.replace(".", "").split()) if _CODE.fullmatch(name.replace(".", "")) else name.strip()
    table = _table()
    return table.get(name) if _CODE.fullmatch(name) else table.get(name.lower())


def writes_country(article: str, one: Country) -> str | None:
    """The first of ``one``'s names the article writes (a code only in capitals, and of two
    letters only "US" and "UK"), else its demonym when the article writes that, capitalised
    ("Spanish"), else None."""
    for name in one.names:
        if _CODE.fullmatch(name):
            if len(name) == 2 and name not in _TWO_LETTER:
                continue
            dotted = r"\.?".join(name) + r"\.?"
            pattern = rf"(?<![\w.]){dotted}(?![\w])(?!\s+[A-Z]{{2}})"
            flags = 0
        else:
            pattern, flags = rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE
        if re.search(pattern, article, flags):
            return name
    if one.demonym and re.search(rf"(?<!\w){re.escape(one.demonym)}s?(?!\w)", article):
        return one.demonym
    return None
