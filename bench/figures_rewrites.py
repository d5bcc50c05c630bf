"""False alarms on faithful rewrites of real articles (evaluation only).

Every rewrite below restates the article's own numbers, so every number ``check_numbers``
flags ``unsupported`` in one is a false alarm (or a rewrite this script got wrong: read
the examples). The rewrites are the forms summaries use:

- copy: an article sentence holding a digit, as it is;
- merge: two such sentences joined with ", and ";
- no separators: "2000" for "2,000";
- converted: a length, weight or speed in another unit, at 3 significant digits;
- in words: a count with its noun, "forty-one days" for "41 days";
- shares: a per cent as a share in words, "a quarter" for 25%;
- hedged: "more than 340" for 347, "nearly 350" for 347 (within 10%);
- rounded: "about" with 2 significant digits, "about $350 million" for "$347 million";
- dates: seven forms of each date, "23 August", "Aug 23", "the 23rd of August", ...;
- key figures: every article figure given as a key figure with its own quote and value.

    python bench/figures_rewrites.py [EVAL_DIR] [--articles articles_frank] [--show 3]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize.figure_context import ArticleContext  # noqa: E402
from summarize.figures import Figure, find_figures  # noqa: E402
from summarize.grounding import check_numbers  # noqa: E402
from summarize.schema import ArticleSummary, KeyFigure  # noqa: E402

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SHARES = {25: ("a quarter", "one in four"), 50: ("half",), 20: ("a fifth", "one in five"), 10: ("one in ten",),
          75: ("three quarters",), 33: ("a third", "one in three"), 30: ("three in ten",), 40: ("two in five",)}
CONVERSIONS = {"km": ("miles", 0.621371), "mile": ("km", 1.609344), "kg": ("lb", 2.20462), "lb": ("kg", 0.453592),
               "m": ("feet", 3.28084), "ft": ("metres", 0.3048), "mph": ("km/h", 1.609344)}
SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€"}

Rewrite = tuple[str, str]  # (kind, summary text)


def words(n: int) -> str | None:
    """A whole number in words, for the forms the rewrites use; None for others."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000 and n % 100 == 0:
        return ONES[n // 100] + " hundred"
    if n < 100_000 and n % 1000 == 0:
        inner = words(n // 1000)
        return None if inner is None else inner + " thousand"
    return None


def sentences(article: str) -> list[str]:
    """The article's sentences that hold a digit, of a summary's length."""
    starts = ArticleContext(article).sentence_starts
    spans = zip(starts, [*starts[1:], len(article)], strict=True)
    return [s for s in (article[a:b].strip() for a, b in spans) if any(c.isdigit() for c in s) and 30 < len(s) < 300]


def text_rewrites(article: str, figures: list[Figure], rng: random.Random) -> Iterator[Rewrite]:
    """Faithful summary texts built from the article's sentences and figures."""
    held = sentences(article)
    for sentence in held[:6]:
        yield "copy", sentence
        plain = re.sub(r"\d{1,3}(?:,\d{3})+\b", lambda m: m.group().replace(",", ""), sentence)
        if plain != sentence:
            yield "no separators", plain
    if len(held) >= 2:
        for _ in range(2):
            x, y = rng.sample(held, 2)
            yield "merge", y.rstrip(".") + ", and " + x  # x keeps its capital: it may be a name
    for f in figures:
        if f.high is not None:
            continue
        yield from figure_rewrites(f)


def figure_rewrites(f: Figure) -> Iterator[Rewrite]:
    """Faithful restatements of one article figure."""
    value = f.value
    if f.kind == "quantity" and f.unit in CONVERSIONS:
        unit, factor = CONVERSIONS[f.unit]
        converted = value * factor
        written = f"{converted:.3g}" if converted < 1000 else f"{round(converted, -1):,.0f}"
        yield "converted", f"It covered {written} {unit} in all."
    digits_first = f.text[:1].isdigit()
    if f.kind == "cardinal" and digits_first and value == int(value) and value >= 2 and f.noun:
        spelled = words(int(value))
        if spelled:
            yield "in words", f"Officials said {spelled} {f.noun} were there."
    if f.kind == "percent" and value in SHARES:
        for share in SHARES[int(value)]:
            yield "shares", f"Officials said {share} of them agreed."
    if f.kind == "cardinal" and digits_first and value >= 20 and f.noun:
        magnitude = 10 ** (math.floor(math.log10(value)) - 1)
        for hedge, near in (("more than", math.floor(value / magnitude) * magnitude),
                            ("nearly", math.ceil(value / magnitude) * magnitude)):
            if near != value and abs(near / value - 1) <= 0.1:
                yield "hedged", f"Officials said {hedge} {int(near):,} {f.noun} were there."
    if f.kind in ("cardinal", "money") and value >= 100 and (digits_first or f.kind == "money"):
        magnitude = 10 ** (math.floor(math.log10(value)) - 1)
        rounded = round(value / magnitude) * magnitude
        symbol = SYMBOLS.get(f.unit or "", "") if f.kind == "money" else ""
        if rounded != value and (f.kind == "cardinal" or symbol):
            written = f"{rounded / 1e6:g} million" if rounded >= 1e6 else f"{int(rounded):,}"
            yield "rounded", f"The report says about {symbol}{written} were involved."
    if f.kind == "date" and f.unit is None:
        year, month_day = divmod(int(value), 10000)
        month, day = divmod(month_day, 100)
        if month and day:
            name = MONTHS[month - 1]
            suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
            forms = [f"{name} {day}", f"{day} {name}", f"{name[:3]} {day}", f"the {day}{suffix} of {name}"]
            if year:
                forms += [f"{name} {day}, {year}", f"{day} {name} {year}", f"{year}-{month:02d}-{day:02d}"]
            for form in forms:
                yield "dates", f"It happened on {form} in the city."


def key_figures(figures: list[Figure]) -> ArticleSummary:
    """A summary whose key figures are the article's own, each with its quote and value."""
    kept = [f for f in figures if f.kind not in ("identifier", "date")][:12]
    units = {"percent": "%", "time": None}
    figures_given = [KeyFigure.model_construct(quote=f.text, value=f.value, unit=units.get(f.unit or "", f.unit),
                                               measures="x") for f in kept]
    return ArticleSummary.model_construct(headline="x", summary="x", key_points=["x"], figures=figures_given,
                                          people=[], organizations=[], places=[], event_date=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--articles", default="articles_frank", help="comma-separated articles_* file stems")
    parser.add_argument("--show", type=int, default=3, help="examples of flags to print per kind")
    args = parser.parse_args()
    rng = random.Random(3)
    tried: Counter[str] = Counter()
    numbers: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)

    def record(kind: str, run: Callable[[], list[tuple[str, str]]], checked: int, shown: str) -> None:
        flags = run()
        tried[kind] += 1
        numbers[kind] += checked
        flagged[kind] += len(flags)
        if flags and len(examples[kind]) < args.show:
            examples[kind].append(f"{flags} | {shown[:160]}")

    for stem in args.articles.split(","):
        with (args.eval_dir / f"{stem}.jsonl").open(encoding="utf-8") as rows:
            for line in rows:
                article = json.loads(line)["article"]
                figures = find_figures(article)
                for kind, text in text_rewrites(article, figures, rng):
                    report = check_numbers(text, article, article_figures=figures)
                    record(kind, lambda r=report: [(c.text, c.explanation) for c in r.unsupported],
                           len(report.checks), text)
                summary = key_figures(figures)
                report = check_numbers(summary, article, article_figures=figures)
                values = [c for c in report.checks if c.path.endswith(".value")]
                record("key figures", lambda v=values: [(c.text, c.explanation) for c in v
                                                        if c.verdict == "unsupported"], len(values), "")
    print(f"{'rewrite':15s} {'texts':>6s} {'numbers':>8s} {'flagged':>8s}  share")
    for kind in tried:
        share = flagged[kind] / numbers[kind] if numbers[kind] else 0.0
        print(f"{kind:15s} {tried[kind]:6d} {numbers[kind]:8d} {flagged[kind]:8d}  {share:.4f}")
        for example in examples[kind]:
            print("    flagged:", example)


if __name__ == "__main__":
    main()
