"""The output models: what the model must produce for one article.

Every field carries a ``description``: the prompt renders those descriptions for the
model, and the JSON Schema sent for decode-time enforcement carries them too. The
models are shaped for OpenAI strict structured outputs: every field required (optional
ones are nullable, never defaulted) and no extra keys.

Semantic checks that need the article (a figure's quote must occur in it, the summary
must be shorter than it) are validators fed by pydantic's validation ``context``, so a
failure becomes a re-ask carrying the validator's message.
"""

from __future__ import annotations

import datetime as dt
import re
from math import isclose
from typing import TYPE_CHECKING, Any, ClassVar, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

if TYPE_CHECKING:
    from summarize.figures import Figure

__all__ = [
    "EXAMPLE_QUOTES",
    "MAX_LIST_ITEMS",
    "MAX_SUMMARY_CHARS",
    "ArticleSummary",
    "KeyFigure",
    "article_wording",
    "copied_example",
    "cut_summary",
    "event_day",
    "normalise_quote",
    "trim_quote",
    "undatable",
    "unfinished_summary",
]

_STRICT = ConfigDict(extra="forbid")

# Longest summary accepted: four long sentences. Small models otherwise copy the article.
MAX_SUMMARY_CHARS = 900
# Most sentences accepted (the prompt asks for 2 to 4).
_MAX_SENTENCES = 6
# Most items in a list of names or figures (see ArticleSummary).
MAX_LIST_ITEMS = 15
_MIN_KEY_POINTS: Final = 3
# A scale word or suffix after a number: a quote with one may lend it to the unit too.
_SCALED = re.compile(r"\d\s?(?:k|m|mn|bn|tn|thousand|million|billion|trillion)\b", re.IGNORECASE)

# Curly quotes and dashes are the usual difference between an article and a model's copy
# of a phrase from it; treating them as equal keeps "exactly as written" about the words.
# Pairs for str.replace, not a str.translate table: translate looks every character up
# in a dict (about 0.1 ms per 1,000 characters), replace is a C scan per pair.
_QUOTE_FOLD = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("\u00a0", " "))
# The end of a finished sentence: its mark, then any closing quotes or brackets.
_FINISHED = re.compile(r"[.!?…][\"'”’)\]]*\Z")
# An ISO 8601 month, the reduced precision of a date: '2020-03'.
_ISO_MONTH = re.compile(r"\d{4}-\d{2}")
# An ISO date with a time of day: '2023-02-14T13:50:00Z', '2023-02-14 13:50'.
_ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
# A sentence ends at . ! or ? followed by space and an upper-case letter or a quote.
_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?][\"'”’)]?\s+(?=[A-Z\"“‘(])")


def event_day(value: str) -> tuple[int, int, int]:
    """Year, month and day of an ``event_date``; day 0 for a month ('2020-03'), which an
    article states as often as a day ("in March 2020"). ValueError for anything else."""
    if _ISO_MONTH.fullmatch(value):
        day = dt.date.fromisoformat(value + "-01")
        return day.year, day.month, 0
    day = dt.date.fromisoformat(value)
    return day.year, day.month, day.day


# What a model writes for null in a JSON string: the date the field asks for then.
_NO_DATE = frozenset(["null", "none", "unknown", "n/a", ""])


def _written_date(value: str, published: dt.date | None = None) -> str | None:
    """``value`` in ISO form when it is one date with its year, written as news style writes
    it ('18 September 2023' is '2023-09-18', 'September 2023' '2023-09'), or a day without
    its year in an article dated ``published`` (its last such day on or before that date:
    'April 6' in an article of 8 April 2015 is '2015-04-06'); None otherwise: a range, a year
    alone, or a day without its year in an article of no known date.

    Read here rather than re-asked: the model wrote such a date in 2 of 52 articles of
    seven batches, with no other error, and the re-ask (about 35 s on the local model) only
    told it the form ('April 6' cost frank:cnndm:272cd78… one too, an article with no date,
    which still re-asks it). Its day is then checked against the article like any. An ISO
    date with a time of day is its date: the local model wrote '2023-02-14T13:50:00Z' for
    frank:xsum:32504766.
    """
    from summarize.figures import find_figures

    timed = _ISO_DATETIME.fullmatch(value.strip())
    if timed is not None:
        try:
            event_day(timed.group(1))
        except ValueError:
            return None
        return timed.group(1)

    found = find_figures(value)
    if len(found) != 1 or found[0].kind != "date" or found[0].high is not None:
        return None
    if found[0].text != value.strip():
        return None  # more than the date
    year, rest = divmod(int(found[0].value), 10_000)
    month, day = divmod(rest, 100)
    if not year:  # '25 September' is 925
        if published is None or not (month and day):
            return None
        year = published.year if (month, day) <= (published.month, published.day) else published.year - 1
    written = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    try:
        event_day(written)
    except ValueError:
        return None
    return written


def undatable(value: object, *, years: bool = True) -> bool:
    """True when ``value`` is an ``event_date`` that names no one day or month in any article:
    a range ('2014-2016'), a year alone, a season. Null is what the schema asks for then, so
    the answer is given null with a warning instead of a re-ask (``summarize.attempts``): the
    local model wrote '2014-2016' for frank:xsum:30216408 and was re-asked for it (3 calls,
    103 s). A day without its year ('April 6') is one only in an article that states no
    year (``years`` False): where it states one, a re-ask may still find the day's year,
    but otherwise null is all it can give (the local model's '18 September' for
    frank:xsum:34279049 was re-asked, and became null)."""
    if not isinstance(value, str) or value.strip().lower() in _NO_DATE:
        return False
    try:
        event_day(value)
    except ValueError:
        return _written_date(value, dt.date.max if years else None) is None
    return False


def normalise_quote(text: str) -> str:
    """Fold quote marks, dashes and runs of whitespace, for verbatim comparison."""
    for old, new in _QUOTE_FOLD:
        if old in text:
            text = text.replace(old, new)
    return " ".join(text.split())  # str.split() splits on what re's \s matches


class KeyFigure(BaseModel):
    """One number the article states, as the summary uses it."""

    model_config = _STRICT

    quote: str = Field(
        description="Only the number as the article writes it, with its currency sign, scale "
        "word or unit, copied character for character (a few characters such as '€12.5 billion' "
        "or '40 km', never a phrase)."
    )
    value: float = Field(
        description="The numeric value of the quote as a plain number, with scale words "
        "applied ('N million' is N times 1000000, 'Nk' is N times 1000, 'N%' is N).",
        # NaN and infinities parse from JSON text in Python, but state no article's figure.
        allow_inf_nan=False,
    )
    unit: str | None = Field(
        description="The unit, or the ISO 4217 currency code for money (USD, GBP, EUR), "
        "or what is counted; null for a year."
    )
    measures: str = Field(description="What the number counts or measures, in a few words.")

    @model_validator(mode="after")
    def _unit_from_quote(self) -> KeyFigure:
        """The unit of the quote's one figure, as the checks write it ('GBP', 'percent',
        'km', 'year'), when the value is that figure's and the model's unit is missing, a
        scale word, or another name of the same unit ('pounds', '%', 'kilograms'); and the
        value as a plain number when the model put the quote's scale in the unit ('$347
        million' given 347 'million USD' is 347000000 USD, as the value's description asks).

        The quote is the article's text; its figure settles the unit. The local 1.5B model
        left the unit null on 31 of 134 key figures whose quote states one (17 of them
        money: '£3,500' with no currency), and gave '£33m' and '£10m' as 33 and 10
        'million', no currency; '$347 million' as 347 'million USD' on the sample article.
        A counted noun ('people', 'firefighters') is left as written, and so is a scale
        word the quote does not have (6000 'million' for '6,000 metres' may mean 6,000
        million, which the checks then reject).
        """
        from summarize.figure_tables import UNIT_SCALES, parse_unit
        from summarize.figures import find_figures

        if self.unit is not None and not self.unit.strip():
            self.unit = None  # '' names no unit: null, as the schema asks
        stated = [f for f in find_figures(self.quote) if f.kind not in ("identifier", "date", "year")]
        if len(stated) != 1 or stated[0].high is not None:
            return self
        one = stated[0]
        unit = (self.unit or "").strip()
        words = unit.lower().split()
        scale = next((UNIT_SCALES[w] for w in words if w in UNIT_SCALES), 1.0)
        if scale != 1.0 and _SCALED.search(self.quote) and isclose(self.value * scale, one.value, rel_tol=1e-9):
            # '$347 million' given 347 'million USD': the plain number the schema asks for;
            # what else the unit says stays when the quote has no unit ('million rounds').
            rest = " ".join(w for w in unit.split() if w.lower() not in UNIT_SCALES)
            if not rest or parse_unit(rest) == one.unit or (one.unit is None and parse_unit(rest) is None):
                self.value, self.unit = one.value, one.unit or rest or None
            return self
        if one.unit is None or not isclose(one.value, self.value, rel_tol=1e-9):
            return self
        scaled = unit.lower() in UNIT_SCALES and _SCALED.search(self.quote) is not None
        if not unit or scaled or parse_unit(unit) == one.unit:
            self.unit = one.unit
        return self


# The quotes a key figure's field descriptions give as examples ('40 km', 'N million'): the
# local model quoted 'N million' and '40 km' for frank:xsum:31873298, an article that
# writes neither, and was re-asked for them. Such a quote is no figure of the article.
EXAMPLE_QUOTES: Final = frozenset(
    normalise_quote(example) for field in KeyFigure.model_fields.values()
    for example in re.findall(r"'([^']+)'", field.description or "")
)
# The numbers of those examples as written ('12.5', '40'), each found only as a number of
# its own: not inside '140' or '40.5'.
_EXAMPLE_NUMBERS: Final = [
    re.compile(r"(?<![\d.,])" + re.escape(number) + r"(?!\d|[.,]\d)")
    for number in sorted({n for q in EXAMPLE_QUOTES for n in re.findall(r"\d+(?:\.\d+)?", q)})
]


def copied_example(quote: str, article: str) -> bool:
    """True when a key figure's quote is one of the schema's examples (``EXAMPLE_QUOTES``)
    that the article does not write, or states an example's number, as written, that the
    article never writes: the local model quoted '$12.5 million', the description's
    '€12.5 billion' in another currency and scale, three answers running for
    frank:cnndm:2c37d44d... and twice for frank:xsum:31873298, articles with no 12.5 in them."""
    folded = normalise_quote(quote)
    if folded in EXAMPLE_QUOTES:
        return folded not in normalise_quote(article)
    stated = [pattern for pattern in _EXAMPLE_NUMBERS if pattern.search(quote)]
    return bool(stated) and not any(pattern.search(article) for pattern in stated)


class ArticleSummary(BaseModel):
    """A structured summary of one news article."""

    model_config = _STRICT
    # True for a subclass parsed without the article and validated again with it
    # (``summarize.wire.WireSummary``): what needs the article's date waits for that.
    _parsed_before_context: ClassVar[bool] = False

    headline: str = Field(description="A factual headline for the article, at most 15 words.")
    summary: str = Field(
        description="A summary of the article in 2 to 4 sentences, using only facts the "
        "article states."
    )
    key_points: list[str] = Field(
        min_length=_MIN_KEY_POINTS,
        max_length=7,
        description="3 to 7 distinct key points, one short sentence each.",
    )
    # The lists are bounded so that decode-time grammars bound them too: the 1.5B model
    # once repeated the same five names in `organizations` until the token limit, on
    # every attempt (1 article in 50 of articles_frank.jsonl).
    figures: list[KeyFigure] = Field(
        max_length=MAX_LIST_ITEMS,
        description="The important numbers the article states (amounts, counts, "
        "distances, years), each quoted exactly as written in the article."
    )
    people: list[str] = Field(max_length=MAX_LIST_ITEMS, description="Names of people the article mentions.")
    organizations: list[str] = Field(
        max_length=MAX_LIST_ITEMS,
        description="Names of organizations, armed forces, parties and companies.",
    )
    places: list[str] = Field(max_length=MAX_LIST_ITEMS, description="Names of countries, cities and places.")
    event_date: str | None = Field(
        description="The date of the main events as YYYY-MM-DD when the article states "
        "the day, as YYYY-MM when it states only the month, otherwise null."
    )

    @field_validator("key_points")
    @classmethod
    def _distinct_key_points(cls, points: list[str]) -> list[str]:
        # A repeat is kept once, as a repeated figure is, while three distinct points remain:
        # the local model repeated one key point in each of three answers for
        # frank:cnndm:340cf468..., and the article was lost.
        distinct: dict[str, str] = {}
        repeated = None
        for point in points:
            key = normalise_quote(point).lower()
            if not key:
                raise ValueError("key points must not be empty")
            if key in distinct:
                repeated = repeated or point
            distinct.setdefault(key, point)
        if repeated is not None and len(distinct) < _MIN_KEY_POINTS:
            raise ValueError(f"key point repeated: {repeated!r}; every key point must be distinct")
        return list(distinct.values())

    @field_validator("figures")
    @classmethod
    def _distinct_figures(cls, figures: list[KeyFigure]) -> list[KeyFigure]:
        # A repeat says nothing new, and re-asking for it costs a call: the local model gave
        # one quote four times ('one', 1) in 1 of 143 summaries of real articles, and a
        # figure twice in another.
        seen: set[tuple[str, float, str | None]] = set()
        distinct = []
        for figure in figures:
            key = (normalise_quote(figure.quote).lower(), figure.value, figure.unit)
            if key not in seen:
                seen.add(key)
                distinct.append(figure)
        return distinct

    @field_validator("summary")
    @classmethod
    def _sentence_count(cls, summary: str) -> str:
        if not summary.strip():
            raise ValueError("summary must not be empty")
        if len(summary) > MAX_SUMMARY_CHARS:
            raise ValueError(
                f"summary is {len(summary)} characters; summarize in 2 to 4 sentences, "
                f"under {MAX_SUMMARY_CHARS} characters, instead of copying the article"
            )
        sentences = len(_SENTENCE_END.split(summary.strip()))
        if sentences > _MAX_SENTENCES:
            raise ValueError(f"summary has {sentences} sentences; write 2 to 4")
        return summary

    @field_validator("event_date")
    @classmethod
    def _iso_date(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or value.strip().lower() in _NO_DATE:
            return None
        try:
            event_day(value)
        except ValueError:
            written = _written_date(value, _article_date(info.context))
            if written is not None:
                return written
            yearless = _written_date(value, dt.date.max) is not None  # a day some year would date
            if cls._parsed_before_context and info.context is None and yearless:
                return value  # read once the article's date is known
            raise ValueError(
                f"event_date {value!r} is not an ISO date YYYY-MM-DD or month YYYY-MM; use null if unknown"
            ) from None
        return value

    @model_validator(mode="after")
    def _grounded_in_article(self, info: ValidationInfo) -> ArticleSummary:
        article = _article_from(info.context)
        if article is None:
            return self
        folded = normalise_quote(article)
        wordy = [f for f in self.figures if normalise_quote(f.quote) not in folded]
        if not wordy:
            return self._shorter_than(article)
        # Imported here: figures is a pure helper of the checks, not part of the schema's
        # import. The article's figures are found once for every quote that needs them.
        from summarize.figures import find_figures

        numbers = find_figures(article)
        texts = frozenset(normalise_quote(f.text) for f in numbers)
        for figure in wordy:
            for value in _meant_values(figure):
                quote = (trim_quote(figure.quote, texts, value)
                         or article_wording(figure.quote, numbers, article, value))
                if quote is not None:
                    figure.quote = quote
                    break
        missing = [f for f in wordy if normalise_quote(f.quote) not in folded]
        if missing:
            listed = "; ".join(_quote_hint(f, numbers) for f in missing)
            raise ValueError(f"figures[].quote must be copied exactly from the article; {listed}")
        return self._shorter_than(article)

    def _shorter_than(self, article: str) -> ArticleSummary:
        if len(self.summary) >= len(article):
            raise ValueError(
                f"summary is {len(self.summary)} characters, not shorter than the "
                f"{len(article)}-character article"
            )
        return self


def _meant_values(figure: KeyFigure) -> list[float]:
    """The key figure's value, and then that value times a scale word of its unit ('8'
    'million' is 8000000): the local model quoted 'In another 8m cases the arrears
    stretched back over three months' given 8 'million' for frank:xsum:33717488, twice,
    and the figure was then dropped."""
    from summarize.figure_tables import UNIT_SCALES

    scales = [UNIT_SCALES[w] for w in (figure.unit or "").lower().split() if w in UNIT_SCALES]
    return [figure.value, figure.value * scales[0]] if len(scales) == 1 else [figure.value]


def cut_summary(summary: str) -> str | None:
    """The summary's first whole sentences that pass the length rules (at most four, under
    ``MAX_SUMMARY_CHARS``), when it breaks them; None when it does not, or when even its
    first sentence is too long.

    A small model sometimes writes a long summary on every attempt (3 of 77 articles of
    articles_frank and articles_writers_news on the local model, each lost entirely): its
    first sentences are still its own summary, and their numbers are checked like any.
    """
    text = summary.strip()
    if len(text) <= MAX_SUMMARY_CHARS and len(_SENTENCE_END.split(text)) <= _MAX_SENTENCES:
        return None
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    kept = [end for end in ends[:4] if len(text[:end].rstrip()) <= MAX_SUMMARY_CHARS]
    return text[:kept[-1]].rstrip() if kept else None


def unfinished_summary(summary: str) -> str | None:
    """The summary's whole sentences when it stops inside one where a quotation opened
    ('... manager Chris Hume said: ', '... described Rodgers as '); None otherwise.

    A small model quotes the article's speech, and a JSON string ends at its quote mark: 3
    of 9 summaries of one batch of real articles on the local model ended so. What marks
    the stop is a space or colon after a word that ends no sentence; a summary whose last
    sentence merely lacks its full stop ends with its last word, and is left whole.
    """
    text = summary.rstrip()
    if text == summary and not text.endswith(":"):
        return None
    if _FINISHED.search(text):
        return None
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return text[:ends[-1]].rstrip() if ends else None


def trim_quote(quote: str, figure_texts: frozenset[str], value: float | None = None) -> str | None:
    """The one figure inside a wordy quote that the article also states, if exactly one, or
    else the one of them whose value is ``value``, the key figure's.

    Models often quote a phrase ('£150,000 sale of a player') where the schema asks for
    the figure; cutting it to the figure keeps the quote verbatim without a re-ask. The
    figure must be one of the article's figures, not just a substring of its text ('5'
    is in '2,500'). With two or more candidates, the value tells which ('374 children
    receive up to 10 hours of coaching' given 374: 3 such quotes among the local model's
    answers on 36 real articles were dropped); without one, the choice would be a guess.
    """
    from summarize.figures import find_figures

    stated = [f for f in find_figures(quote) if normalise_quote(f.text) in figure_texts]
    found = {f.text for f in stated}
    if len(found) > 1 and value is not None:
        found = {f.text for f in stated if isclose(f.value, value, rel_tol=1e-9)}
    return found.pop() if len(found) == 1 else None


def article_wording(quote: str, article_figures: list[Figure], article: str = "",
                    value: float | None = None) -> str | None:
    """The article's own wording of the one figure a quote states, when the quote words it
    otherwise: '5 years' for the article's 'five years', '3 men' for 'Three', '2500 sit-ups'
    for '2,500'. Only a figure of the same kind, value and unit counts ('fourth' is no
    '4'); the first in the article is taken, since any of them is the article's text.
    A quote stating several figures is read as the one whose value is ``value``, the key
    figure's, as in ``trim_quote``: '$347m handed over 20 kilometres north' given 20 is
    the article's '20 km'.
    An age quoted as '55 years old' or '22-year-old man' is the number that ``article``
    places as an age, after a name between commas or in brackets ('Leon Yeaman, 55,').

    On the local model these quotes were the commonest reason for a re-ask (14 of the 22
    schema errors in 24 articles of articles_frank), each costing a model call, though the
    re-ask only told the model the article's wording. The ages were re-asked twice, to no
    effect, for 3 of 52 articles of seven later batches (7 figures, all then dropped).
    """
    from summarize.figures import find_figures

    stated = [f for f in find_figures(quote) if f.kind != "identifier"]
    if len(stated) > 1 and value is not None:
        stated = [f for f in stated if isclose(f.value, value, rel_tol=1e-9)]
    if len(stated) != 1:
        return None
    one = stated[0]
    for figure in article_figures:
        if (figure.kind, figure.value, figure.high, figure.unit) == (one.kind, one.value, one.high, one.unit):
            return figure.text
    bound = _bound_wording(one, article_figures)
    if bound is not None:
        return bound
    if one.kind == "quantity" and one.unit == "year" and one.text.lower().endswith("old"):
        for figure in article_figures:
            if figure.value == one.value and _written_as_age(article, figure):
                return figure.text
    return None


def _bound_wording(one: Figure, article_figures: list[Figure]) -> str | None:
    """How the article writes ``one`` as a bound of a range it states, where the quote only
    spaced it otherwise: '145 lbs' for the article's 'from 145lbs to 127lbs', which is read as
    one range, so no figure of its own matched (on the local model, frank:cnndm:30af4b52...
    quoted '145 lbs' and '127 lbs' in two answers running, then both figures were dropped).
    The written bound must stand apart inside the range's text, not inside another number
    ('5' in '15-25')."""
    if one.high is not None:
        return None
    for figure in article_figures:
        if figure.kind != "range" or figure.unit != one.unit or one.value not in (figure.value, figure.high):
            continue
        for written in dict.fromkeys((one.text, one.text.replace(" ", ""))):
            if re.search(r"(?<![\w.,])" + re.escape(written) + r"(?![\w])", figure.text):
                return written
    return None


def _written_as_age(article: str, figure: Figure) -> bool:
    """True when the plain number ``figure`` stands where news style writes an age:
    between commas or in brackets after a word ('Leon Yeaman, 55, of', 'the man, 22,',
    'Tom (22)'), or after 'aged' ('their youngest child, aged 10') or ', now' ('The
    defendant, now 34 and called Davina': the local model quoted '34 years old defendant'
    in two answers running for frank:xsum:35265124, and the figure was then dropped).

    Not ``grounding_ages.age_of``: that one wants the person's name before the number, and
    "the man, 22," or "their youngest child, aged 10" name nobody; a quote's number only
    has to be the article's text."""
    if figure.kind != "cardinal" or figure.unit is not None or figure.high is not None:
        return False
    before = article[max(0, figure.start - 6):figure.start].rstrip()
    after = article[figure.end:figure.end + 1]
    return ((before.endswith(",") and after == ",") or (before.endswith("(") and after == ")")
            or before.lower().endswith((" aged", ", now")))


def _quote_hint(figure: KeyFigure, article_figures: list[Figure]) -> str:
    """Name the missing quote and the article's figures of the same value, as written; for
    a date, the article's dates of its month ('8 August 2013' where the article writes only
    'August 2013': the local model quoted the day it made up three times in a row when the
    re-ask named nothing). A quote with no number is told so: the local model wrote
    "Sheerin replaces Paul at Aberdeen" in three answers running, and one with the value 1
    was told "(the article writes 'first')"."""
    from summarize.figures import find_figures  # as in _grounded_in_article

    stated = find_figures(figure.quote)
    if not stated:  # a sentence for a quote: the value's figures elsewhere in the article are no help
        return f"{figure.quote!r} is not in the article and holds no number: quote a number, or leave the figure out"
    same = {f.text for f in article_figures if f.value == figure.value or f.high == figure.value}
    if not same:
        dates = [f for f in stated if f.kind == "date" and f.unit != "time"]
        if len(dates) == 1:
            same = {f.text for f in article_figures
                    if f.kind == "date" and f.unit != "time" and _same_month(f.value, dates[0].value)}
    hint = f" (the article writes {' or '.join(repr(t) for t in sorted(same))})" if same else ""
    return f"{figure.quote!r} is not in the article{hint}"


def _same_month(a: float, b: float) -> bool:
    """Two dates (YYYYMMDD, unknown parts zero) of one month: the same month, and the same
    year unless one states none."""
    (year_a, month_a), (year_b, month_b) = divmod(int(a) // 100, 100), divmod(int(b) // 100, 100)
    return month_a == month_b != 0 and (year_a == year_b or not (year_a and year_b))


def _article_date(context: Any) -> dt.date | None:
    """The article's own date, when the validation context gives it (``article_date``)."""
    published = context.get("article_date") if isinstance(context, dict) else None
    return published if isinstance(published, dt.date) else None


def _article_from(context: Any) -> str | None:
    if isinstance(context, dict):
        article = context.get("article")
        if isinstance(article, str):
            return article
    return None
