"""The summary's lists of names, read against the article (pure).

A name in ``people``, ``organizations`` or ``places`` must be one the article writes, as
a key figure's quote must be: the local model gives a surname a first name the article
never pairs with it ("Peter Scudamore" for the article's trainer Michael Scudamore, "Paul
Johnson" for a golfer the article calls Johnson) and lists phrases that name nothing
("Hilary Duff's collection" as a place). Each name loses its outer spaces and the small
words in lower case it was copied with ("of the Senate Select Committee on Intelligence",
" Hillary Clinton" beside "Hillary Clinton": both in one answer of a batch of 10), and is
then, in this order:

- when it is a phrase holding a word in lower case (other than a name's small word such
  as "of"), cut to the capitalised words after that word when the article writes them
  ("Human Rights Watch" of "New York-based Human Rights Watch", "Edward Snowden" of "US
  intelligence officer Edward Snowden"); as a person, dropped when it is a people and what
  it is ("British nationals", "Turkish authorities": ``countries.is_demonym``);
- as a person, dropped when it ends in a word in lower case that the article never
  capitalises: a description ("three armed men", "Leicester man": ``describes``);
- kept when the article writes it (case, full stops and apostrophes aside, and words
  glued by scraping: "Dr. Venter" is the article's "Dr Venter", "Mumbai Indians" its
  "Mumbai IndiansSam Billings");
- kept when it is a name of several capitalised words whose words the article writes
  close together ("Florence Rollo" for "Florence, George and Gertie Rollo", "Wayne Moores"
  for "Chris and Sue Moores's son Wayne": every word within ``NEAR_WORDS`` words of the
  last one);
- spelt as the article spells it, when one of the article's names of as many words is
  close to it word by word (``SPELLING``: "Graham Madge" for "Grahame Madge");
- for a person, cut to the longest end of it that the article writes: a name after a
  description ("Nikos Theocharakis" of "Greek Finance Minister Nikos Theocharakis"), or a
  surname the article writes as one, or after first names it never writes ("Johnson" of
  "Paul Johnson" for "said Johnson");
- for a country, kept when the article writes its demonym ("Spain" for "Spanish"), and
  written as the article names it when that is another of its names ("United Arab
  Emirates" for "UAE"; a code the article writes, such as "U.S.", keeps the listed name;
  ``summarize.countries``);
- for a place, cut to its part before a comma when the article writes that ("Ferguson" of
  "Ferguson, Missouri");
- else dropped, with a warning naming it.

A name repeated within one list is kept once, and so is a surname cut from one beside
another name it ends; a person listed with and without a title ("Det Ch Supt Lesley Boal"
and "Lesley Boal") is kept without it, and a name listed with and without its owner
("Iraq's Popular Mobilization Units" and "Popular Mobilization Units", in the seed
article's answer) is kept without it. A country listed in places and also in people or organizations is
kept in places only: the local model listed "China" and "Nepal" in both organizations and
places for 1 of 10 real articles. Any other name in two lists (a club named after its town
in both organizations and places) is left as the model wrote it here: which list is right
needs the meaning of the article's sentence, which the model is asked for afterwards
(``summarize.name_kinds``). A country in organizations alone stays there, since it may be
a team ("England beat Wales").

Measured on the local model's 191 saved summaries of real articles
(``bench/names_saved.py``): of 1,858 names, 1,728 are written, 8 written close together, 2
respelt, 15 cut to a person's name (all 15 the article's person, read by hand), 3 places
cut before a comma and 102 dropped. Read by hand, the dropped are 48 phrases that name
nothing or a person under a country ("Uganda's Ali Gabr" as a place), 29 names the article
never writes in any form ("Allianz Arena"), 3 first names the article does not pair with
the surname ("Peter Scudamore" where it writes Michael Scudamore), 3 in the wrong list and
written otherwise ("Leicester City" in people), and 19 right names the article writes
another way, 18 of them lost: "Labour Party" for Labour (3 times), "Spain" for Spanish,
"Department of Education" for the Department for Education, "Raqab" for Raqqa.

Written here with the standard library (``difflib`` for the spelling): the check needs
only the article's own words, not an entity recogniser's reading, and spaCy's English
models are GitHub release assets, not PyPI packages, so the offline default could not
install one.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cached_property

from summarize.countries import country, is_code, is_demonym, writes_country
from summarize.schema import ArticleSummary, normalise_quote

__all__ = ["NAME_LISTS", "NEAR_WORDS", "SPELLING", "ArticleNames", "describes", "ground_names", "without_repeats"]

NAME_LISTS = ("people", "organizations", "places")
# Words between the words of a name that the article writes apart: "Florence, George and
# Gertie Rollo" is 3 words from Florence to Rollo.
NEAR_WORDS = 5
# Least similarity (difflib's ratio) of each word of a misspelt name to the article's
# spelling: "Graham" for "Grahame" is 0.92; "Peter" for "Michael" 0.17, "Mumbai" for the
# glued "MayMumbai" 0.8.
SPELLING = 0.85

# Full stops and apostrophes vary between a name and its copy ("Dr." and "Dr", "Hibs'").
_MARKS = re.compile(r"[.'’]")
_WORD = re.compile(r"\w+")
_OWNER = re.compile(r"['’]s?$")
_TITLES = "Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Prof|Professor"
# A capitalised name of the article: capitalised words, joined by the small words of names.
_CAPITALISED = re.compile(
    r"[A-Z][\w&-]*(?:\s+(?:(?:of|the|de|du|da|di|del|der|la|le|van|von|bin|al|el|and|&)\s+)*[A-Z][\w&-]*)*")
# A name, every word of it capitalised ("Abbotsford, British Columbia", not "Syria border").
_PROPER = re.compile(r"[A-Z][^\s]*(?:,?\s+[A-Z][^\s]*)*")


def _key(text: str) -> str:
    # A mark becomes a space, not nothing: "Lyth's" holds "Lyth", "Purdy.Cardiff" "Cardiff".
    return " ".join(_MARKS.sub(" ", normalise_quote(text)).lower().split())


class ArticleNames:
    """The article's words, as a name is looked up in them."""

    def __init__(self, article: str) -> None:
        self.article = normalise_quote(article)
        self.folded = _key(article)
        self.spaced = " ".join(_MARKS.sub(" ", self.article).split())

    @cached_property
    def _words(self) -> dict[str, list[int]]:
        places: dict[str, list[int]] = {}
        for i, word in enumerate(_WORD.findall(self.folded)):
            places.setdefault(word, []).append(i)
        return places

    @cached_property
    def _capitalised(self) -> dict[int, set[str]]:
        by_size: dict[int, set[str]] = {}
        for match in _CAPITALISED.finditer(self.article):
            name = match.group().rstrip(".'’")
            by_size.setdefault(len(_key(name).split()), set()).add(name)
        return by_size

    def writes(self, name: str) -> bool:
        """True when the article writes ``name``, as whole words or glued by scraping to a
        word before or after ("MayMumbai Indians", "Royal Challengers BangaloreSunday")."""
        key = _key(name)
        if not key:
            return False
        if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", self.folded):
            return True
        spaced = " ".join(_MARKS.sub(" ", name).split())
        return spaced[:1].isupper() and re.search(rf"(?:(?<!\w)|(?<=[a-z])){re.escape(spaced)}(?:(?!\w)|(?=[A-Z]))",
                                                  self.spaced) is not None

    def capitalises(self, word: str) -> bool:
        """True when the article writes ``word`` with a capital: the model may write a
        person's name in lower case ("michael scudamore"), not the article."""
        title = word[:1].upper() + word[1:]
        return re.search(rf"(?<!\w){re.escape(title)}(?!\w)", self.article) is not None

    def writes_near(self, name: str) -> bool:
        """True for a name of several capitalised words, none of them a possessive, that the
        article writes within ``NEAR_WORDS`` words of its last one."""
        words = _WORD.findall(_key(name))
        if (len(words) < 2 or not _PROPER.fullmatch(name) or any(_OWNER.search(word) for word in name.split())
                or any(word not in self._words for word in words)):
            return False
        for last in self._words[words[-1]]:
            if all(any(abs(at - last) <= NEAR_WORDS for at in self._words[word]) for word in words[:-1]):
                return True
        return False

    def spelling(self, name: str) -> str | None:
        """The article's spelling of a name of several words that it writes otherwise: the
        one of its names with as many words, each as close as ``SPELLING``. A single word
        is not respelt ("Germany" is no misspelt "German"), nor a word glued to another by
        the article's scraping ("MayMumbai Indians")."""
        words = _key(name).split()
        if len(words) < 2:
            return None
        close = [candidate for candidate in self._capitalised.get(len(words), ())
                 if all(SequenceMatcher(None, word, other).ratio() >= SPELLING
                        for word, other in zip(words, _key(candidate).split(), strict=True))]
        return close[0] if len(close) == 1 else None

    def person(self, name: str) -> str | None:
        """The longest end of a person's name that the article writes, from a capitalised
        word on: "Nikos Theocharakis" of "Greek Finance Minister Nikos Theocharakis". A
        surname alone in place of a description ("Ismailov" of "Russian blogger Ismailov"),
        of first names the article never writes ("An" of "Annie An"), or where the article
        writes it as a surname (``surname``): "Rodgers" of "Brendan Rodgers" for "Rodgers,
        43,", but not "City" of "Leicester City". Never the name right after "of", nor a
        surname alone after one: "Father of Amira Abase" is not Amira Abase, but "Leader of
        Gosport Borough Council Mark Hook" is Mark Hook."""
        words = name.split()
        if not words[-1][0].isupper():
            return None
        for i in range(1, len(words)):
            dropped = words[:i]
            if words[i - 1].lower() == "of" or (i == len(words) - 1 and "of" in map(str.lower, dropped)):
                continue  # what follows "of" is another's: "Father of Amira Abase" is neither her nor Abase
            end = " ".join(words[i:])
            if not words[i][0].isupper() or not self.writes(end):
                continue
            described = any(not word[0].isupper() or _OWNER.search(word) for word in dropped)
            if (i < len(words) - 1 or described or not any(self.writes(word) for word in dropped)
                    or self.surname(end)):
                return end
        return None

    def named(self, name: str, kind: str) -> tuple[str | None, str] | None:
        """The name in a phrase that holds a word in lower case (not a name's small word
        such as "of"): the capitalised words after the last such word, as the article writes
        them ("Human Rights Watch" of "New York-based Human Rights Watch", "Roskomnadzor" of
        "Russia's federal communications agency Roskomnadzor"); nothing, as a person, for a
        people and what it is ("British nationals", "Turkish authorities"); else None, for
        the readings below ("Hatay province" is kept as written, "Amira Abase's
        dad" is nobody)."""
        words = name.split()
        plain = [i for i, word in enumerate(words) if _plain(word)]
        after = " ".join(_trimmed(words[plain[-1] + 1:])).strip(" ,;:")
        if words[plain[-1]].lower() in _PREPOSITIONS:
            after = ""  # "Taji military base near Baghdad" is not Baghdad
        if after and not _OWNER.search(after) and not is_demonym(after) and self.writes(after):
            return after, "a person's part" if kind == "people" else "a name's part"
        before = [word.strip(",;:") for word in words[:plain[0]]]
        if kind == "people" and not after and before and is_demonym(before[-1]):
            return None, "a people"  # no person; as an organization "Russian government" names one
        return None

    def surname(self, word: str) -> bool:
        """True when the article writes ``word`` as a person's surname somewhere: after a
        title ("Mr Rodgers"), before an age ("Rodgers, 43,") or beside "said" ("said
        Johnson"). Not after any capitalised word: "Manchester City" would make "City" of
        "Leicester City" a surname."""
        w = re.escape(word)
        return re.search(rf"\b(?:{_TITLES}|said|says) {w}\b|\b{w}(?:, \d{{1,3}}\b| said\b| says\b)",
                         self.spaced) is not None

    def ground(self, name: str, kind: str) -> str | None:
        """``name`` as the article writes it, or None when the article does not."""
        return self.read(name, kind)[0]

    def read(self, name: str, kind: str) -> tuple[str | None, str]:
        """``name`` as the article writes it (or None), and which reading found it:
        "written", "written close together", "spelt otherwise", "a person's part", "a
        country's name" (the article's name for it: "United Arab Emirates" for "UAE"), "a country by its
        people" ("Spain" where the article writes "Spanish"), "a place's part" (the place
        before a comma: "Ferguson" of "Ferguson, Missouri") or "not written"."""
        words = _trimmed(name.split())
        name = " ".join(words)
        if not _WORD.search(name):
            return None, "not written"
        if any(_plain(word) for word in words) and not all(_plain(word) for word in words):
            found = self.named(name, kind)
            if found is not None:
                return found
        if kind == "people" and describes(name) and not self.capitalises(words[-1]):
            return None, "a description"
        if self.writes(name):
            return name, "written"
        if self.writes_near(name):
            return name, "written close together"
        spelt = self.spelling(name)
        if spelt is not None:
            return spelt, "spelt otherwise"
        if kind == "people":
            part = self.person(name)
            return (part, "a person's part") if part is not None else (None, "not written")
        if kind == "places":
            one = country(name)
            written = writes_country(self.article, one) if one is not None else None
            if one is not None and written is not None:
                # A code is kept as the listed name: "United States" is tidier than "US".
                return ((name, "a country by its people") if written == one.demonym
                        else (name if is_code(written) else written, "a country's name"))
        place = name.split(",")[0].strip() if kind == "places" and "," in name else ""
        return (place, "a place's part") if place and self.writes(place) else (None, "not written")


def describes(name: str) -> bool:
    """True when ``name`` ends in a word in lower case (not a name's small word): a
    description, which no person's name is ("three armed men", "Leicester man", "Scottish
    government spokeswoman", "The boy's Twitter account"), though an organization's or a
    place's may be ("Russian government", "Hatay province"). Unless the article writes
    that word with a capital (``ArticleNames.capitalises``), such a name listed as a
    person is dropped.

    Measured on the local model's 60 answers of six batches of real articles (505 names):
    7 names in people end so, all 7 descriptions ("three armed men", "two security
    guards", "cyclist", "BBC News NI's home affairs correspondent"); 33 in organizations
    and places do, about half of them names ("Hatay province", "Russian government").
    """
    words = name.split()
    return bool(words) and _plain(words[-1])


def without_repeats(names: list[str], kind: str) -> list[str]:
    """``names`` of one list without a name listed again with a title, for a person ("Det
    Ch Supt Lesley Boal" beside "Lesley Boal"), or with its owner ("Iraq's Popular
    Mobilization Units" beside "Popular Mobilization Units")."""
    if kind == "people":
        names = [n for n in names if not any(" " in other and other != n and _key(n).endswith(" " + _key(other))
                                             for other in names)]
    keys = {_key(n) for n in names}
    return [n for n in names if not ((owned := _OWNED.fullmatch(n)) and " " in owned.group(1)
                                     and _key(owned.group(1)) in keys)]


# The word in lower case that ends an organization's or a place's name ("Gramophone
# magazine", "Hatay province"): such a name listed as a person goes to that list instead of
# being dropped as a description (``describes``). Only kinds the names' question defines
# (prompts/sort_names.j2); "group" and "team" also end descriptions ("dissident republican
# group"), so they are left out. Of 156 people entries in five batches of the local model's
# answers, 11 end in a word in lower case; this moves 1 ("Gramophone magazine", which the
# description rule had dropped), and the other 10 are descriptions.
_HEADS = {
    "organizations": frozenset([
        "magazine", "newspaper", "club", "council", "government", "ministry", "department", "company", "party",
        "university", "college", "school", "court", "police", "charity", "bank", "agency", "committee", "commission",
        "union", "association", "federation", "orchestra", "army", "navy", "broadcaster",
    ]),
    "places": frozenset([
        "province", "county", "region", "district", "city", "town", "village", "street", "road", "avenue", "square",
        "park", "airport", "river", "lake", "island", "beach", "bridge", "prison", "stadium",
    ]),
}


def _head_kind(name: str) -> str | None:
    """The list a description listed as a person belongs in by its last word, if any."""
    last = name.split()[-1].lower() if name.split() else ""
    return next((kind for kind, heads in _HEADS.items() if last in heads), None)


def ground_names(summary: ArticleSummary, article: str) -> tuple[ArticleSummary, list[str]]:
    """``summary`` with every listed name as the article writes it and names the article
    does not write dropped, and the warnings saying so; ``summary`` itself when nothing
    changes."""
    names = ArticleNames(article)
    lists: dict[str, list[str]] = {}
    dropped: list[str] = []
    peoples: list[str] = []
    described: list[str] = []
    spelt: list[str] = []
    moved: list[str] = []
    listing = {kind: list(getattr(summary, kind)) for kind in NAME_LISTS}
    for name in summary.people:
        words = _trimmed(name.split())
        head = _head_kind(name) if words and describes(" ".join(words)) else None
        if head is not None and not names.capitalises(words[-1]):
            listing["people"].remove(name)
            if _key(name) not in map(_key, listing[head]):
                listing[head].append(name)
            moved.append(f"{name!r} people -> {head}")
    for kind in NAME_LISTS:
        listed = listing[kind]
        kept: list[str] = []
        for name in listed:
            grounded, reading = names.read(name, kind)
            if grounded is None:
                said = {"a people": peoples, "a description": described}.get(reading, dropped)
                if f"{kind} {name!r}" not in said:  # a name listed five times is named once
                    said.append(f"{kind} {name!r}")
                continue
            cut = reading == "a person's part"
            if _key(grounded) in map(_key, kept) or (cut and _ends_another(grounded, name, listed)):
                continue  # a repeat: "Storm" of "Ethan Storm" beside "Marcus Storm"
            if _key(grounded) != _key(name):
                spelt.append(f"{name!r} -> {grounded!r}")
            kept.append(grounded)
        lists[kind] = without_repeats(kept, kind)
    places = set(map(_key, lists["places"]))
    twice: list[str] = []
    for kind in ("people", "organizations"):
        countries = [n for n in lists[kind] if _key(n) in places and country(n) is not None]
        lists[kind] = [n for n in lists[kind] if n not in countries]
        twice += [f"{kind} {n!r}" for n in countries]
    if all(lists[kind] == getattr(summary, kind) for kind in NAME_LISTS):
        return summary, []
    warnings = []
    if dropped:
        warnings.append(f"names dropped, the article does not write them: {', '.join(dropped)}")
    if peoples:
        warnings.append(f"names dropped, a people is no person: {', '.join(peoples)}")
    if described:
        warnings.append(f"names dropped, a description is no person's name: {', '.join(described)}")
    if moved:
        warnings.append(f"names moved, an organization's or a place's name is no person's: {', '.join(moved)}")
    if spelt:
        warnings.append(f"names as the article writes them: {', '.join(spelt)}")
    if twice:
        warnings.append(f"names kept in places only, a country is a place: {', '.join(twice)}")
    return summary.model_copy(update=lists), warnings


# The small words of names, written in lower case: "Bank of England", "Frankfurt am Main".
_PARTICLES = frozenset(["of", "the", "for", "and", "&", "de", "du", "da", "di", "del", "der", "des", "la", "le",
                        "van", "von", "bin", "al", "el", "upon", "on", "am", "y", "e", "-"])


# A name after its owner ("Iraq's Popular Mobilization Units"), the owner of no apostrophe.
_OWNED = re.compile(r"[^'’]+['’]s?\s+(.+)")


# Words in lower case that no name starts with, where the model copied a phrase from the
# word before the name ("of the Senate Select Committee on Intelligence").
_LEADING = frozenset(["of", "the", "and", "for", "&"])


# A word after which capitalised words name something else than the phrase does.
_PREPOSITIONS = frozenset(["near", "in", "at", "from", "outside", "inside", "by", "to", "on", "into", "across",
                           "between", "beyond", "off", "towards", "toward", "via", "against", "around", "behind",
                           "with", "without", "under", "over", "after", "before", "during", "like", "than"])


def _trimmed(words: list[str]) -> list[str]:
    """``words`` without the small words in lower case before a name: "of the Senate"."""
    while words and words[0] in _LEADING:
        words = words[1:]
    return words


def _plain(word: str) -> bool:
    """True for a word in lower case that is no name's small word: "government", "based" of
    "York-based"; not "of", "al-Qaeda", "eBay" or "(IS)"."""
    last = word.rsplit("-", 1)[-1]
    letters = [c for c in last if c.isalpha()]
    return bool(letters) and not any(c.isupper() for c in letters) and word.lower() not in _PARTICLES


def _ends_another(part: str, name: str, listed: list[str]) -> bool:
    """True when ``part``, cut from ``name``, ends another name of the list ("Storm" of
    "Ethan Storm" and "Marcus Storm")."""
    key = " " + _key(part)
    return any(_key(other).endswith(key) for other in listed if other != name)
