"""Turning a run of number words into draft figures ("twenty-five", "twice", "a fifth of").

``summarize.number_words`` reads the values of a run; the handlers here decide which of
them are figures. Many number words in news are not: "no one", "the one", "several
hundred", "first-half display", "a quarter-final". "Twice" is a factor only before a
comparison ("twice as many"), otherwise a count ("scored twice"); an ordinal after "a"
and before "of" is a share ("a fifth of voters").
"""

from __future__ import annotations

import re
from typing import Final

from summarize.figure_affixes import FACTOR_STARTS, Draft, below_zero, factor, moment, prefixes, suffixes
from summarize.figure_tables import parse_unit
from summarize.figure_word_tables import MULTIPLIERS, PRONOUN_ONE_BEFORE, UNIT_WORDS
from summarize.number_words import parse_words

__all__ = ["multiplier_drafts", "word_drafts"]


# After 'twice', the words that make it a factor ('twice as many', 'twice the limit');
# otherwise it counts occurrences ('scored twice', 'twice fled').
_COMPARISON_AFTER: Final = re.compile(
    r"\s+(?:as|the|that|a|an|its|his|her|their|our|this|what|how|more|less|\d)\b", re.IGNORECASE
)

# 'double', 'triple': a factor only before what they multiply ('roughly double the prior-year
# level', 'triple that'); otherwise an adjective ('a double murder', 'the triple jump').
_BEFORE_ONLY: Final = frozenset(["double", "triple", "treble", "quadruple"])
_MULTIPLIED_AFTER: Final = re.compile(r"\s+(?:the|that|its|his|her|their|our|this|those|these|what)\b", re.IGNORECASE)
# ...or a verb: after a modal or 'to' ('plans to triple', 'would double or treble
# production'), not 'will double-check' or 'a double or triple room'.
_VERB_BEFORE: Final = re.compile(r"\b(?:would|will|could|can|may|might|should|must|to)\s+"
                          r"(?:(?:double|triple|treble|quadruple)\s+(?:or|and)\s+)?\Z", re.IGNORECASE)


def multiplier_drafts(text: str, match: re.Match[str]) -> list[Draft]:
    """'twice', 'doubled', 'threefold': a factor, or a count ('scored twice')."""
    s = match.group().lower()
    if s in MULTIPLIERS:
        value = MULTIPLIERS[s]
    else:
        head = re.split(r"[\s-]?fold", s)[0]
        value = float(head) if head.isdigit() else float(UNIT_WORDS[head])
    if s in ("twice", "thrice") and not _COMPARISON_AFTER.match(text, match.end()):
        return [Draft(match.start(), match.end(), value, "cardinal")]  # 'scored twice': a count
    if s in _BEFORE_ONLY and not _MULTIPLIED_AFTER.match(text, match.end()) and (
            text.startswith("-", match.end())
            or not _VERB_BEFORE.search(text, max(0, match.start() - 30), match.start())):
        return []  # 'a double murder', 'triple jump': no factor
    draft = Draft(match.start(), match.end(), value, "multiplier")
    prefixes(text, draft)  # 'more than tripled', 'nearly twice'
    return [draft]


_A_BEFORE: Final = re.compile(r"\b[Aa]n?\s+\Z")
_OF_AFTER: Final = re.compile(r"\s+of\b")
_WORD_AFTER: Final = re.compile(r"\s+[A-Za-z]")
_VAGUE_BEFORE: Final = re.compile(r"\b(?:several|few|many)\s+\Z", re.IGNORECASE)
_BARE_SCALES: Final = frozenset(["hundred", "thousand", "million", "billion"])
# 'second - half' tokenised
_HALF_OF_MATCH: Final = re.compile(r"(?:first|second|each|either)(?:\s?-\s?|\s)\Z", re.IGNORECASE)
# 'multi-million', 'multi billion': a vague size, no figure.
_MULTI_BEFORE: Final = re.compile(r"multi[\s-]?\Z", re.IGNORECASE)
_HALF_TIME: Final = re.compile(r"[\s-]?time\b", re.IGNORECASE)
# 'an hour and a half', 'a year and a half': one of a unit and a half of it.
_ONE_UNIT_AND: Final = re.compile(r"\b(?:an?|one)\s+(?P<u>[a-z]+)\s+and\s+\Z", re.IGNORECASE)
# 'half a percentage point', 'a quarter of a per cent': a share of a point is that many points.
_OF_A_POINT: Final = re.compile(
    r"\s+(?:of\s+)?an?\s+(?:(?P<pp>percentage[\s-]point)|per\s?cent|percent)\b", re.IGNORECASE)
# 'half an hour', 'a quarter of a mile', 'half a century': a share of one unit.
_OF_A_UNIT: Final = re.compile(r"\s+(?:of\s+)?an?\s+(?P<u>[a-z]{2,})\b(?![-'’])", re.IGNORECASE)


def word_drafts(text: str, match: re.Match[str]) -> list[Draft]:
    """The figures of a run of number words, less the words that are no figure."""
    drafts = []
    for start, end, value, kind in parse_words(text, match.start(), match.group()):
        if kind == "cardinal" and value == 1 and end - start == 3 and _pronoun_one(text, start, end):
            continue
        words = text[start:end].lower()  # each test below reads these before its regex
        if words in _BARE_SCALES and (_VAGUE_BEFORE.search(text, max(0, start - 12), start)
                                      or _MULTI_BEFORE.search(text, max(0, start - 6), start)):
            continue  # 'several hundred', 'a few thousand', 'a multi-million deal': no figure to check
        if words == "half" and (
            _HALF_OF_MATCH.search(text, max(0, start - 10), start) or _HALF_TIME.match(text, end)
        ):
            continue  # 'first-half display', 'half-time': a part of a match
        if words.endswith("quarter") and text[end:end + 1] == "-":
            continue  # 'a quarter-final', 'a quarter-mile': a compound, not a share
        if kind == "ordinal" and value >= 4:
            article = _A_BEFORE.search(text, max(0, start - 4), start)
            if article and (_OF_AFTER.match(text, end) or (value >= 100 and not _WORD_AFTER.match(text, end))):
                # 'a fifth of voters', 'a hundredth of a second': a share, not a position
                start, value, kind = article.start(), 1 / value, "fraction"
        if kind == "fraction" and value == 0.5 and words in ("a half", "half"):
            whole = _ONE_UNIT_AND.search(text, max(0, start - 24), start)
            unit = parse_unit(whole.group("u")) if whole else None
            if whole and unit is not None:  # 'an hour and a half' is 1.5 hours
                draft = Draft(whole.start(), end, 1.5, "quantity", unit)
                prefixes(text, draft)  # 'nearly an hour and a half'
                drafts.append(draft)
                continue
        draft = Draft(start, end, value, kind, moment(text, end) if kind == "ordinal" else None)
        prefixes(text, draft)
        if kind in ("cardinal", "fraction"):
            suffixes(text, draft, allow_scale=kind == "cardinal")
            below_zero(text, draft)
            if text.startswith(FACTOR_STARTS, draft.end):
                factor(text, draft)
        if draft.kind == "fraction" and draft.unit is None:
            point = _OF_A_POINT.match(text, draft.end)
            if point:
                draft.kind, draft.end = "percent", point.end()
                draft.unit = "percentage point" if point.group("pp") else "percent"
            elif (share := _OF_A_UNIT.match(text, draft.end)) and (unit := parse_unit(share.group("u"))):
                draft.kind, draft.unit, draft.end = "quantity", unit, share.end()  # 0.5 hour
        drafts.append(draft)
    return drafts


def _pronoun_one(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12):start].split()
    after = text[end:end + 9].lower()
    return bool(
        (before and before[-1].lower().lstrip("\"'“‘(") in PRONOUN_ONE_BEFORE)
        or after.startswith((" of ", " another", "-on-one", " by one", "'s ", " or two"))
    )
