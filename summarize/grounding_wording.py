"""Numbers an article states in other words than the summary (pure).

Tried only when a summary's number is otherwise unsupported, so none costs a normal check
anything: each finds the article's wording of the same fact, and none is a figure the
scanner reads in every article.

- a span of time in words: "a decade", "half a century", "a fortnight" for "10 years",
  "50 years", "two weeks";
- a person's age as a decade: "in his 40s" ("early", "mid-", "late") is approximate to an
  age the article gives in it;
- a decade: "the 1980s" for "the eighties" or "the '80s", approximate to a year of it;
- a sport's words for a count: "three goals" for "a hat-trick", "two goals" for "a brace";
- a factor as a per cent change: "doubled" for "rose 100%", "halved" for "fell 50%";
- a quarter: "the third quarter" for "Q3" or "3Q24";
- one of a number of times: "lost one out of seven games" for "lost just once in seven
  games" (the scanner reads no number in "once": alone it is mostly "formerly").
  Measured on bench/figures_eval.py: consistent summaries flagged 73 -> 72 of 2,956
  (FaithBench b5:42), nothing else changed.

Regular expressions, written here: the forms are few and fixed, and no number library
reads them as figures.
"""

from __future__ import annotations

import re
from typing import Final

from summarize import grounding_names as names
from summarize import grounding_rules as rules
from summarize.figure_units import dimension
from summarize.figures import Figure, find_figures, whole_figure
from summarize.number_report import Verdict

__all__ = ["Wording", "in_words", "spans_in_words"]

# Spans of time written as words alone, which the scanner does not read as figures (a
# summary's "a decade ago" states no number to check): the article's "for a decade" still
# supports a summary's "for 10 years".
_SPAN_UNIT: Final = re.compile(r"[Dd]ecade|[Cc]entury|[Ff]ortnight")
_SPAN_COUNT: Final = re.compile(r"(?<![A-Za-z])(?:(?P<half>half\s+an?)|an?|one)\s+\Z", re.IGNORECASE)
_SPAN_UNITS: Final = {"decade": (1.0, "decade"), "century": (1.0, "century"), "fortnight": (2.0, "week")}
# Before an age's decade: 'in his 40s', 'in her late 30s', 'in their mid-20s'.
_AGE_DECADE: Final = re.compile(r"\bin\s+(?:his|her|their|its)\s+(?:(?P<part>early|mid|late)[\s-]+)?\Z", re.IGNORECASE)
_DECADE_PARTS: Final = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}
_DECADE_WORDS: Final = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")
# A sport's words for a count, and the nouns such a count may have.
_FEATS: Final = {3.0: re.compile(r"\bhat[\s-]?tricks?\b", re.IGNORECASE),
                  2.0: re.compile(r"\ba\s+brace\b", re.IGNORECASE)}
_FEAT_NOUNS: Final = frozenset(["goals", "tries", "wickets", "times"])
# 'once in seven games', 'once out of ten': the count of times, then the number of chances.
_ONCE_IN: Final = re.compile(r"\bonce\s+(?:in|out\s+of)\s+(?:the\s+)?(?:last\s+|past\s+)?([\w-]+)", re.IGNORECASE)
_ONE_IN: Final = re.compile(r"(?:one|1)\s+(?:in|out\s+of)\s", re.IGNORECASE)

# A verdict found in other words: (verdict, sources, explanation, unit reported).
Found = tuple[Verdict, list[Figure], str, str | None]


def spans_in_words(article: str) -> list[Figure]:
    """'a decade', 'half a century', 'a fortnight' in the article, as quantities."""
    found: list[Figure] = []
    if "ecade" not in article and "entury" not in article and "ortnight" not in article:
        return found  # most articles: three substring searches cost less than one scan
    for unit in _SPAN_UNIT.finditer(article):
        if article[unit.end():unit.end() + 1].isalpha():
            continue  # 'decades', 'centuries' are no single span
        count = _SPAN_COUNT.search(article, max(0, unit.start() - 12), unit.start())
        if count is None:
            continue
        value, canonical = _SPAN_UNITS[unit.group().lower()]
        if count.group("half"):
            value /= 2
        text = article[count.start():unit.end()]
        found.append(whole_figure(text, value, "quantity", canonical).model_copy(
            update={"start": count.start(), "end": unit.end()}))
    return found


def in_words(text: str) -> bool:
    """True when ``text`` states a number in one of the forms read here, which the scanner
    does not read: a span ("a decade"), an age's or a century's decade ("forties"), a sport's
    count ("a hat-trick")."""
    lower = text.lower()
    return (bool(spans_in_words(text)) or any(word in lower for word in _DECADE_WORDS)
            or any(feat.search(text) for feat in _FEATS.values()))


class Wording:
    """The article's other wordings of a summary's number; what they need is read on first use."""

    def __init__(self, article: str, numbers: list[Figure], lowered: str) -> None:
        self.article = article
        self.numbers = numbers
        self.lowered = lowered  # lower case, single spaces
        self._spans: list[Figure] | None = None

    def find(self, figure: Figure, text: str) -> Found | None:
        """The verdict for an otherwise unsupported ``figure`` of the summary field ``text``
        when the article states it in other words; else None."""
        if figure.high is not None:
            return None
        if dimension(figure.unit) == "duration":
            span = self.span(figure)
            if span is not None:  # 'for 10 years' for the article's 'for a decade'
                return "supported", [span], f"as {span.text}", figure.unit
        if figure.unit == "decade":
            return self._decade(figure, text)
        if figure.kind == "cardinal" and figure.value in _FEATS:
            feat = _FEATS[figure.value].search(self.article)
            if feat is not None and (figure.noun or "goals").lower() in _FEAT_NOUNS:  # 'three goals': 'a hat-trick'
                return "supported", [], f"as '{feat.group()}'", None
        if figure.kind == "multiplier":
            change = self._percent_change(figure.value)
            if change is not None:  # 'prices doubled' for the article's 'rose 100%'
                return "supported", [change], f"as {change.text}", None
        if figure.kind == "fraction" and figure.value > 0 and _ONE_IN.match(figure.text):
            once = self._once_in(round(1 / figure.value))
            if once is not None:  # 'one out of seven games' for the article's 'once in seven games'
                return "supported", [], f"as '{once}'", None
        if figure.kind == "ordinal" and text:
            named = names.quarter(figure, text, self.article)
            if named is not None:  # 'the third quarter' for the article's 'Q3'
                return "supported", [], f"as {named}", None
        return None

    def span(self, figure: Figure) -> Figure | None:
        """The article's span of time in words ('a decade', 'half a century') that a
        summary's span restates; the article is searched for them on the first such span."""
        if self._spans is None:
            self._spans = spans_in_words(self.article)
        return next((s for s in self._spans if (s.unit == figure.unit and rules.same(s.value, figure.value))
                     or (s.unit != figure.unit and rules.converts(figure, figure.value, s, s.value))), None)

    def _decade(self, figure: Figure, text: str) -> Found | None:
        """'in his 40s' for an age of the article, 'the 1980s' for 'the eighties' or 1987."""
        if figure.kind == "cardinal" and text:
            aged = self._age_in_decade(figure, text)
            if aged is not None:  # 'in his 40s' for the article's 43
                return "approximate", [aged], f"{aged.text} is in the {figure.text}", None
        if figure.kind == "year":
            said = _decade_in_words(figure.value, self.lowered)
            if said is not None:  # 'the 1980s' for the article's 'the eighties'
                return "supported", [], f"as '{said}'", "decade"
            year = next((f for f in self.numbers if f.kind == "year" and f.unit is None and f.high is None
                         and figure.value <= f.value < figure.value + 10), None)
            if year is not None:  # 'since the 1980s' for the article's 'since 1987': less precise
                return "approximate", [year], f"{year.text} is in the {figure.text}", "decade"
        return None

    def _age_in_decade(self, figure: Figure, text: str) -> Figure | None:
        """The article's age that a summary's 'in his 40s' ('early', 'mid-', 'late') covers."""
        lead = _AGE_DECADE.search(text, max(0, figure.start - 24), figure.start)
        if lead is None or not 10 <= figure.value <= 90:
            return None
        low, high = _DECADE_PARTS.get((lead.group("part") or "").lower(), (0, 9))
        return next((f for f in self.numbers if f.high is None and f.value.is_integer()
                     and ((f.kind == "cardinal" and f.unit is None) or (f.kind == "quantity" and f.unit == "year"))
                     and figure.value + low <= f.value <= figure.value + high), None)

    def _once_in(self, chances: int) -> str | None:
        """The article's 'once in seven' when it gives ``chances`` as the number of chances."""
        if "once" not in self.lowered:
            return None
        for match in _ONCE_IN.finditer(self.article):
            said = find_figures(match.group(1))
            if said and said[0].kind == "cardinal" and said[0].value == chances:
                return match.group()
        return None

    def _percent_change(self, factor: float) -> Figure | None:
        """The article's per cent change that a factor restates: 'doubled' is a rise of 100%,
        'tripled' 200%, 'halved' a fall of 50%."""
        change = abs(factor - 1) * 100
        if change == 0:
            return None
        return next((f for f in self.numbers if f.kind == "percent" and f.unit == "percent" and f.high is None
                     and rules.same(f.value, change)), None)


def _decade_in_words(year: float, lowered: str) -> str | None:
    """The article's 'the eighties' (or 'the nineteen-eighties', 'the '80s') for a summary's
    'the 1980s'; None for another decade or none said."""
    tens = int(year) % 100 // 10
    if not 2 <= tens <= 9 or year % 10 or int(year) // 100 not in (19, 20):
        return None  # 'the eighties' of the 20th or 21st century, not of 1080
    word = _DECADE_WORDS[tens - 2]
    said = re.search(rf"\bthe\s+(?:(?:nineteen|twenty)[\s-])?{word}\b|\bthe\s+['’]?{tens}0s\b", lowered)
    return said.group() if said else None
