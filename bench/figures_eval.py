"""Accuracy of find_figures and check_numbers on third-party data (evaluation only).

    python bench/figures_eval.py [EVAL_DIR] [--show N] [--only false|human|inject|peers]

EVAL_DIR defaults to ../shared/eval relative to the repo root. Prints:
1. false alarms: share of numbers in human reference summaries flagged unsupported;
2. human-labelled numeric errors caught, and consistent summaries wrongly flagged;
3. injected errors caught, per perturbation kind;
4. peer test suites: exact-set match (exhaustive cases) or recall, beside quantulum3.
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import re
import sys
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarize.figure_context import ArticleContext  # noqa: E402
from summarize.figures import Figure, find_figures  # noqa: E402
from summarize.grounding import check_numbers  # noqa: E402


def rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def references(row: dict[str, Any]) -> list[str]:
    many = row.get("all_reference_summaries")
    if isinstance(many, str):
        many = ast.literal_eval(many)
    return [r for r in (list(many) if many else [row["reference_summary"]]) if isinstance(r, str)]


# ---------------------------------------------------------------------------- 1. false alarms

def false_alarms(eval_dir: Path, show: int) -> None:
    print("== 1. false alarms on human reference summaries")
    for name in ("articles_frank", "articles_writers_news", "articles_xent_xsum"):
        numbers = flagged = 0
        examples = []
        for row in rows(eval_dir / f"{name}.jsonl"):
            for reference in references(row):
                report = check_numbers(reference, row["article"])
                numbers += len(report.checks)
                flagged += report.counts["unsupported"]
                examples += [(row["id"], c.text, reference) for c in report.unsupported]
        print(f"{name:28s} numbers {numbers:5d}  unsupported {flagged:4d}  share {flagged / max(numbers, 1):.3f}")
        for example in examples[:show]:
            print("   ", example[0], repr(example[1]), "|", example[2][:200].replace("\n", " "))


# ---------------------------------------------------------------------------- 2. human labels

def human_labels(eval_dir: Path, show: int) -> None:
    print("== 2. human-labelled factuality data (flagged = some number unsupported)")
    totals: Counter[str] = Counter()
    for path in sorted(eval_dir.glob("factuality_*.jsonl")):
        c: Counter[str] = Counter()
        for row in rows(path):
            report = check_numbers(row["summary"], row["article"])
            flagged = not report.ok
            if row.get("numeric_error") is True:
                c["numeric"] += 1
                c["numeric_flagged"] += flagged
                if row.get("numeric_error_strict") is False:  # its numbers are all in the article: used wrongly
                    c["in_article"] += 1
                    c["in_article_flagged"] += flagged
            if row.get("numeric_error_strict") is True:
                c["strict"] += 1
                c["strict_flagged"] += flagged
                if not flagged and show and c["strict_missed"] < show:
                    print("   missed", row["id"], row.get("numeric_spans"), "|", row["summary"][:160])
                c["strict_missed"] += not flagged
            if row["label"] == "consistent":
                c["consistent"] += 1
                c["consistent_flagged"] += flagged
        totals.update(c)
        print(f"{path.stem:34s} " + line(c))
    print(f"{'ALL':34s} " + line(totals))


def line(c: Counter[str]) -> str:
    def share(a: str, b: str) -> str:
        return f"{c[a] / c[b]:.3f} ({c[a]}/{c[b]})" if c[b] else "   -   "
    return (f"numeric_error caught {share('numeric_flagged', 'numeric')}  "
            f"strict caught {share('strict_flagged', 'strict')}  "
            f"value in article caught {share('in_article_flagged', 'in_article')}  "
            f"consistent flagged {share('consistent_flagged', 'consistent')}")


# ---------------------------------------------------------------------------- 3. injected errors

_SCALES = {"thousand": "million", "million": "billion", "billion": "million", "bn": "m", "m": "bn", "k": "m"}
_UNITS = {"km": "miles", "kilometres": "miles", "miles": "km", "mile": "km", "metres": "feet", "kg": "lb",
          "%": " percentage points", "per cent": "percentage points"}
_CURRENCIES = {"$": "€", "£": "$", "€": "£"}


MOVED = "moved from another sentence"
SWAPPED = "swapped within its sentence"


def perturb(text: str, figure: Figure, article_figures: list[Figure], rng: random.Random,
            sentence_starts: list[int] | None = None, swap_rng: random.Random | None = None) -> dict[str, str]:
    """Each applicable perturbation of ``figure`` in ``text``: kind -> new text.

    A moved number comes from an article sentence holding no figure of the original's
    value, as the issue defines it; one drawn from a sentence that does hold it (a swap
    in a list, "Farah, 19; Daud, 21") is counted apart, as ``SWAPPED``, drawn by
    ``swap_rng`` so that the other kinds' draws do not depend on it.
    """
    s, out = figure.text, {}
    for word, other in _SCALES.items():
        m = re.search(rf"(?<=[\d\s]){re.escape(word)}\b", s)
        if m:
            out["scale swap"] = s[:m.start()] + other + s[m.end():]
            break
    digits = [i for i, ch in enumerate(s) if ch.isdigit()]
    if digits and figure.kind not in ("date", "identifier"):
        i = rng.choice(digits)
        new = str((int(s[i]) + rng.randint(1, 8)) % 10)
        if i == digits[0] and new == "0":
            new = "9"
        out["digit change"] = s[:i] + new + s[i + 1:]
    for unit, other in _UNITS.items():
        if re.search(rf"\d\s?{re.escape(unit)}\b" if unit[0].isalpha() else rf"\d{re.escape(unit)}", s):
            out["unit swap"] = s.replace(unit, other, 1)
            break
    for symbol, other in _CURRENCIES.items():
        if symbol in s:
            out["currency swap"] = s.replace(symbol, other, 1)
            break
    if figure.kind == "year":
        out["year shift"] = str(int(figure.value) + rng.choice((-3, -2, -1, 1, 2, 3)))
    elsewhere = [f for f in article_figures
                 if f.kind == figure.kind and f.unit == figure.unit and f.value != figure.value and f.high is None]
    if elsewhere and figure.kind in ("cardinal", "money", "percent", "quantity", "year"):
        starts = sentence_starts or [0]
        home = {bisect_right(starts, f.start) for f in article_figures if f.value == figure.value}
        apart = [f for f in elsewhere if bisect_right(starts, f.start) not in home]
        same = [f for f in elsewhere if bisect_right(starts, f.start) in home]
        if apart:
            out[MOVED] = rng.choice(apart).text
        if same and swap_rng is not None:
            out[SWAPPED] = swap_rng.choice(same).text
    # A digit change or year shift that lands on another value of the article is a number
    # moved from elsewhere in it, not an invented one: count it with the moved numbers.
    values = {v for f in article_figures for v in (f.value, f.high) if v is not None}
    for kind in ("digit change", "year shift"):
        if kind in out and _lands_on(out[kind], figure, values):
            out[LANDED] = out.pop(kind)
    return {kind: text[:figure.start] + new + text[figure.end:] for kind, new in out.items() if new != s}


LANDED = "digit/year on an article value"
# A moved or swapped number that became the word "one", which the checker leaves alone
# unless it can only be a number (summarize.grounding): a row of its own, counted inside
# its kind's, so the share of that kind no rule could catch is printed.
ONE = ": of which to 'one'"


def _to_one(text: str, start: int) -> bool:
    return text[start:start + 3].lower() == "one" and not text[start + 3:start + 4].isalnum()


def _lands_on(new: str, figure: Figure, values: set[float]) -> bool:
    """True when the changed figure's value (or a bound) is a value of the article."""
    changed = find_figures(new)
    return any(v in values for f in changed[:1] for v in (f.value, f.high) if v is not None and v != figure.value)


def injected(eval_dir: Path, show: int) -> None:
    print("== 3. injected errors in reference summaries (caught = an unsupported number appears)")
    tried: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    misses: dict[str, list[str]] = defaultdict(list)
    for name in ("articles_frank", "articles_writers_news", "articles_xent_xsum"):
        for row in rows(eval_dir / f"{name}.jsonl"):
            article = row["article"]
            article_figures = find_figures(article)
            starts = ArticleContext(article).sentence_starts
            # One generator per article, seeded by its id: a summary that drops out (it
            # now has a flag of its own) leaves the draws for every other summary alone.
            rng = random.Random(f"7:{row['id']}")
            swap_rng = random.Random(f"swap:{row['id']}")
            for reference in references(row)[:1]:
                if not check_numbers(reference, article, article_figures=article_figures).ok:
                    continue  # only summaries whose numbers all check out
                for figure in find_figures(reference):
                    if figure.text.lower() in ("first", "second"):
                        continue
                    for kind, changed in perturb(reference, figure, article_figures, rng, starts, swap_rng).items():
                        tried[kind] += 1
                        hit = not check_numbers(changed, article, article_figures=article_figures).ok
                        caught[kind] += hit
                        if kind in (MOVED, SWAPPED) and _to_one(changed, figure.start):
                            tried[kind + ONE] += 1
                            caught[kind + ONE] += hit
                        if not hit and len(misses[kind]) < show:
                            misses[kind].append(changed[max(0, figure.start - 40):figure.end + 40])
    for kind in sorted(tried):
        print(f"{kind:28s} caught {caught[kind] / tried[kind]:.3f} ({caught[kind]}/{tried[kind]})")
        for miss in misses[kind]:
            print("    missed:", repr(miss))
    core = [k for k in tried if k not in (MOVED, SWAPPED, LANDED) and not k.endswith(ONE)]
    total, hits = sum(tried[k] for k in core), sum(caught[k] for k in core)
    print(f"{'ALL but moved':28s} caught {hits / total:.3f} ({hits}/{total})")
    kinds = [k for k in tried if k != SWAPPED and not k.endswith(ONE)]  # the kinds
    total, hits = sum(tried[k] for k in kinds), sum(caught[k] for k in kinds)
    print(f"{'ALL but swapped':28s} caught {hits / total:.3f} ({hits}/{total})")
    total = sum(v for k, v in tried.items() if not k.endswith(ONE))
    hits = sum(v for k, v in caught.items() if not k.endswith(ONE))
    print(f"{'ALL':28s} caught {hits / total:.3f} ({hits}/{total})")


# ---------------------------------------------------------------------------- 4. peer suites

def key(value: float) -> float:
    return float(f"{value:.6g}")


def ours(text: str) -> set[float]:
    found: set[float] = set()
    for f in find_figures(text):
        found.add(key(f.value))
        if f.high is not None:
            found.add(key(f.high))
    return found


def expected_values(case: dict[str, Any]) -> set[float]:
    """The values a case expects; a range contributes both bounds (``value_max`` is its
    upper one), as the README of the suites says and as ``ours`` and ``quantulum`` report."""
    values = {key(e["value"]) for e in case["expected"]}
    return values | {key(e["value_max"]) for e in case["expected"] if e.get("value_max") is not None}


def quantulum(text: str) -> set[float]:
    from quantulum3 import parser

    try:
        return {key(q.value) for q in parser.parse(text)}
    except Exception:  # a crash on a case scores as finding nothing
        return set()


def peers(eval_dir: Path, show: int) -> None:
    print("== 4. peer test suites: exact-set match on exhaustive cases, recall on the others")
    print(f"{'suite':22s} {'cases':>5s}  {'ours exact':>10s} {'q3 exact':>9s}  {'ours recall':>11s} {'q3 recall':>9s}")
    grand: Counter[str] = Counter()
    for path in sorted((eval_dir / "numbers").glob("*.jsonl")):
        c: Counter[str] = Counter()
        shown = 0
        for case in rows(path):
            expected = expected_values(case)
            for name, extract in (("ours", ours), ("q3", quantulum)):
                got = extract(case["text"])
                if case["exhaustive"]:
                    c[f"{name}_exact"] += got == expected
                else:
                    c[f"{name}_recall"] += expected <= got
                if name == "ours" and shown < show and (got != expected if case["exhaustive"] else not expected <= got):
                    shown += 1
                    print("   ", repr(case["text"][:90]), sorted(expected), sorted(got))
            c["exhaustive" if case["exhaustive"] else "partial"] += 1
        grand.update(c)
        print(f"{path.stem:22s} {c['exhaustive'] + c['partial']:5d}  " + peer_line(c))
    print(f"{'ALL':22s} {grand['exhaustive'] + grand['partial']:5d}  " + peer_line(grand))


def peer_line(c: Counter[str]) -> str:
    def share(a: str, b: str) -> str:
        return f"{c[a] / c[b]:.3f}" if c[b] else "  -  "
    return (f"{share('ours_exact', 'exhaustive'):>10s} {share('q3_exact', 'exhaustive'):>9s}  "
            f"{share('ours_recall', 'partial'):>11s} {share('q3_recall', 'partial'):>9s}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--show", type=int, default=0, help="print up to N misses per section")
    parser.add_argument("--only", choices=["false", "human", "inject", "peers"])
    args = parser.parse_args()
    sections = {"false": false_alarms, "human": human_labels, "inject": injected, "peers": peers}
    for name, section in sections.items():
        if args.only in (None, name):
            section(args.eval_dir, args.show)


if __name__ == "__main__":
    main()
