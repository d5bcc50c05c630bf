"""People's ages: a summary's age for a person must be one the article gives that person (pure).

News writes ages in a few fixed forms, and a summary often moves them between forms:
"Caleb Barnes, 20," for the article's "20-year-old Army Spc Caleb Barnes". An age is
a whole number below 125 in one of

- ``Jane Smith, 43,`` (also ``43;``, ``43)``, ``43.`` ending a sentence, ``Jane Smith (left), 43,``,
  ``Jane Smith, aged 43``);
- ``Jane Smith (43)``;
- ``Jane Smith, a 43-year-old``;
- ``the 43-year-old [up to three lower-case words] Jane Smith`` ("26-year-old karate
  instructor Alexander Soumbadze", "14-year-old boyfriend, Army Spc. Caleb Barnes").

People are told apart by surname, the last capitalised word of the name, since a summary
shortens names ("Silvonek, 14," for "Jamie Silvonek (left), 14,"). The check is
one-sided: a summary's age is flagged only when the article gives that surname ages and
none of them is this one. Relatives sharing a surname pool their ages, unless the
summary's name has given names that some of them have, the most of them: "Mary Pat
Christie, 52" is not the age of "May Pat Christie, 51" but of "governor Christie, 52", her
husband, and "Mohamed Abdihamid Farah, 19" that of his brother "Adnan Abdihamid". Pooling
lets an error through rather than flag a right age; the one way a right age is flagged
is a person the article ages without the surname ("her daughter Jamie, 14,") beside a
relative it ages with it. An age the summary ties to no name, or to a name the article
gives no age, is left to the other checks, except a number no one can be: "Chris Lane,
911," holds the article's 911 (an emergency call) where an age goes; and except a number
whose every figure in the article counts things or is a group's age: "Ian Guffick, 11,"
for the teacher the article ages only as "the 31-year-old", beside "tests for
11-year-olds" (1 more of 36 digit changes landing on an article value caught, nothing else
changed).

Regular expressions, written here: no library reads appositions ("Smith, 43,") as ages.
Measured on bench/figures_eval.py: 3 more numbers moved from another sentence caught
(and 3 more swapped within one), with no new flag on the human reference summaries or
the consistent labelled ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from summarize.figures import Figure
from summarize.grounding_names import NOT_NAMES

__all__ = ["Ages"]

_NAME: Final = r"((?:[A-Z][a-z'’-]+\s){0,3}[A-Z][a-z'’-]+)"
# A name after an "N-year-old" may hold a title's abbreviation ("Army Spc. Caleb Barnes").
_TITLED_NAME: Final = r"((?:[A-Z][a-z'’-]+\.?\s){0,3}[A-Z][a-z'’-]+)"
# Before the number: "Jane Smith, ", "Jane Smith (left), ", "Jane Smith, aged ", "Jane Smith, a ".
_BEFORE: Final = re.compile(_NAME + r"\s?(?:\([a-z ]{1,12}\)\s?)?,\s((?:aged|a|an|the)\s)?\Z")
_PAREN: Final = re.compile(_NAME + r"\s\(\Z")
# After an "N-year-old": up to three lower-case words, a comma maybe, then the name.
_AFTER: Final = re.compile(r"\A(?:\s[a-z]+){0,3}\s?,?\s" + _TITLED_NAME)
# Above any person's age: a whole number in an age's place is then something else.
_OLDEST: Final = 125
# What closes an age after a name: a comma, semicolon or bracket, or a stop ending the sentence
# ("Brianne Altice, 35. One testified"); not a decimal point.
_CLOSE: Final = re.compile(r"\s?(?:[,;)]|\.(?:\s|\Z))")
_WHOLE_NAME: Final = re.compile(_NAME)
# Capitalised words that start sentences, or are titles, months or days, not surnames.
_NOT_NAMES: Final = NOT_NAMES | {"A", "An", "In", "On", "At", "He", "She", "They", "It", "When",
                          "Mr", "Mrs", "Ms", "Miss", "Dr", "Sir"}


# A person: the surname (lower case) and the other words of the name ("mary", "pat").
Person = tuple[str, frozenset[str]]


def _person(name: str) -> Person | None:
    words = [w.rstrip(".") for w in name.split() if w.rstrip(".") not in _NOT_NAMES]
    if not words:
        return None
    last = words[-1]
    return (last[:-2] if last.endswith(("'s", "’s")) else last).lower(), frozenset(w.lower() for w in words[:-1])


def age_of(text: str, figure: Figure) -> Person | None:
    """The person whose age ``figure`` states in ``text``, or None when it states no age
    of a named person."""
    if figure.high is not None or not 0 < figure.value < _OLDEST or not figure.value.is_integer():
        return None
    return _placed_as_age(text, figure)


def _placed_as_age(text: str, figure: Figure) -> Person | None:
    """The person whose age ``figure`` stands in place of, whatever its value."""
    year_old = figure.kind == "quantity" and figure.unit == "year" and figure.text.lower().endswith("old")
    start = figure.start
    if not year_old and (figure.kind != "cardinal" or figure.unit is not None
                         or not text[max(0, start - 6):start].rstrip().endswith((",", "(", "aged"))):
        return None  # told cheaply: most numbers are neither ages nor after a comma or bracket
    before = _BEFORE.search(text, max(0, start - 60), start)
    if before is not None:
        lead = before.group(2)  # "aged ", "a ", ... or None
        if year_old or lead == "aged " or (lead is None and _CLOSE.match(text, figure.end)):
            person = _person(before.group(1))
            if person:
                return person
    if year_old:
        after = _AFTER.match(text[figure.end:figure.end + 80])
        return _person(after.group(1)) if after else None
    paren = _PAREN.search(text, max(0, start - 60), start)
    if paren is not None and text.startswith(")", figure.end):
        return _person(paren.group(1))
    return None


class Ages:
    """The ages the article gives each surname, read on first need."""

    def __init__(self, article: str, numbers: list[Figure]) -> None:
        self._article = article
        self._numbers = numbers
        self._ages: dict[str, list[tuple[Figure, frozenset[str]]]] | None = None

    def changed(self, figure: Figure, text: str,
                sources: Sequence[Figure] = ()) -> tuple[str, list[Figure]] | None:
        """Why the age ``figure`` states in ``text`` is not the article's for that person,
        with the article's ages of that person (the figures a re-ask should offer); None
        when it is, or when it is no age the article can answer for.

        ``sources`` are the article figures found equal to it: when the article gives the
        person no age and every one of them counts things ("11 classrooms") or is a group's
        age ("tests for 11-year-olds"), the summary's age is that figure moved ("Ian Guffick,
        11," for the teacher of 11-year-olds).
        """
        person = age_of(text, figure)
        known = self._of(person) if person else []
        if person is not None and not known and sources and all(_counts(f, self._article) for f in sources):
            counted = sources[0]
            what = (f"counts {counted.noun or counted.unit}" if counted.noun or counted.unit != "year"
                    else f"is a group's age ('{counted.text}s')")
            return (f"the article gives {person[0].title()} no age; its {counted.text} {what}", [])
        if not known or person is None:
            return _no_age(text, figure)
        if any(age.value == figure.value for age in known):
            return None
        ages = " or ".join(f"{age:g}" for age in sorted({age.value for age in known}))
        return f"the article gives {person[0].title()}'s age as {ages}", known

    def is_age(self, figure: Figure) -> str:
        """Whose age the article figure ``figure`` is ("37 is Jordan's age"), or ''."""
        for surname, aged in self.ages.items():
            if any(f.start == figure.start and f.end == figure.end for f, _ in aged):
                return f"{figure.text} is {surname.title()}'s age"
        return ""

    def of(self, name: str) -> list[Figure]:
        """The article's figures giving the age of the person ``name`` ("Leon Yeaman")."""
        person = _person(name) if _WHOLE_NAME.fullmatch(name.strip()) else None
        return self._of(person) if person else []

    def _of(self, person: Person) -> list[Figure]:
        aged = self.ages.get(person[0], [])
        if not aged:
            return []
        # Those sharing the most given names are that person: brothers may share a father's
        # name ("Mohamed Abdihamid Farah, 21; Adnan Abdihamid Farah, 19").
        most = max(len(given & person[1]) for _, given in aged)
        return [f for f, given in aged if len(given & person[1]) == most]

    @property
    def ages(self) -> dict[str, list[tuple[Figure, frozenset[str]]]]:
        """Surname (lower case) -> the article's figures giving its ages, each with the
        other words of the name it is written beside."""
        if self._ages is None:
            self._ages = {}
            for f in self._numbers:
                person = age_of(self._article, f)
                if person:
                    self._ages.setdefault(person[0], []).append((f, person[1]))
        return self._ages


def _counts(figure: Figure, article: str) -> bool:
    """True for an article figure that counts or measures something other than years, or
    is the age of a group ("tests for 11-year-olds"), which no one person's age is."""
    return (bool(figure.noun) or figure.unit not in (None, "year")
            or (figure.text.lower().endswith("old") and article.startswith("s", figure.end)))


def _no_age(text: str, figure: Figure) -> tuple[str, list[Figure]] | None:
    """Why a whole number too large for an age, written where a person's age goes
    ("Chris Lane, 911,"), is no figure of the article's; None for any other number."""
    if figure.kind != "cardinal" or figure.value < _OLDEST or not figure.value.is_integer():
        return None
    if not text[max(0, figure.start - 6):figure.start].rstrip().endswith((",", "aged")):
        return None  # "Nasdaq (5,000)" is a level, not an age
    person = _placed_as_age(text, figure)
    if person is None:
        return None
    return f"{figure.text} stands where {person[0].title()}'s age goes, and no one is {figure.value:g}", []
