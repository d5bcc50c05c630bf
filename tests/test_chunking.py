"""Long articles: split on paragraph boundaries by token count, merge part summaries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from summarize.article import parse_text
from summarize.chunking import merge_summaries, split_text
from summarize.fake_server import FakeServer, serve
from summarize.pipeline import Summarizer
from summarize.schema import ArticleSummary, KeyFigure


def words(text: str) -> int:
    """A tokenizer for tests: one token per word."""
    return len(text.split())


PARAGRAPHS = [" ".join(f"p{i}w{j}" for j in range(n)) for i, n in enumerate([30, 50, 20, 40, 10])]


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        (500, [[0, 1, 2, 3, 4]]),
        (100, [[0, 1, 2], [3, 4]]),
        (60, [[0], [1], [2, 3], [4]]),
    ],
)
def test_split_packs_whole_paragraphs_into_the_budget(budget: int, expected: list[list[int]]) -> None:
    """Paragraphs are packed greedily and never cut when each fits."""
    parts = split_text("\n\n".join(PARAGRAPHS), words, budget)
    assert ["\n\n".join(PARAGRAPHS[i] for i in group) for group in expected] == parts
    assert all(words(p) <= budget for p in parts)


def test_a_paragraph_longer_than_the_budget_is_split_on_sentences() -> None:
    """One long paragraph of sentences: cut between sentences, nothing lost."""
    text = " ".join(f"Sentence number {i} has six words." for i in range(20))
    parts = split_text(text, words, 20)
    assert all(words(p) <= 20 for p in parts)
    assert text.split() == " ".join(parts).split()
    assert all(p.endswith(".") for p in parts)


def test_no_room_is_an_error() -> None:
    """A window smaller than the prompt leaves no budget."""
    with pytest.raises(ValueError, match="no room"):
        split_text("text", words, 0)


def _summary(n: int, **changes: object) -> ArticleSummary:
    data: dict[str, object] = {
        "headline": f"Headline {n}",
        "summary": f"First of part {n}. Second of part {n}.",
        "key_points": [f"Point {n}a.", f"Point {n}b.", "Shared point."],
        "figures": [KeyFigure(quote=f"{n} km", value=n, unit="km", measures="distance")],
        "people": [f"Person {n}", "Ann Lee"],
        "organizations": [],
        "places": ["Paris"],
        "event_date": None,
    }
    data.update(changes)
    return ArticleSummary.model_construct(**data)


def test_merge_interleaves_and_deduplicates() -> None:
    """Headline of the first part, summary and key points alternating, names unioned."""
    merged = merge_summaries([_summary(1), _summary(2, event_date="2020-01-02"), _summary(3)])
    assert "Headline 1" == merged.headline
    assert "First of part 1. First of part 2. First of part 3. Second of part 1." == merged.summary
    assert ["Point 1a.", "Point 2a.", "Point 3a.", "Point 1b.", "Point 2b.", "Point 3b.", "Shared point."] == (
        merged.key_points
    )
    assert ["1 km", "2 km", "3 km"] == [f.quote for f in merged.figures]
    assert ["Person 1", "Ann Lee", "Person 2", "Person 3"] == merged.people
    assert "2020-01-02" == merged.event_date


@pytest.fixture
def fake() -> Iterator[tuple[FakeServer, str]]:
    server = FakeServer()
    with serve(server=server) as url:
        yield server, url


def test_long_article_is_summarized_in_parts_and_checked_whole(fake: tuple[FakeServer, str]) -> None:
    """An article over the window is split, each part summarized, numbers checked against the whole."""
    server, url = fake
    paragraphs = [
        f"In district {i}, officials counted {100 + i} new homes built during the spring. "
        f"The council said {10 + i} of them were sold within a month. Residents welcomed the news."
        for i in range(60)
    ]
    article = parse_text("\n\n".join(paragraphs))
    summarizer = Summarizer(base_url=url, model="fake", api_key="k", context_window=3000, max_tokens=200)
    result = summarizer.summarize(article)

    sent = [r["messages"][1]["content"] for r in server.recent]
    assert len(sent) == result.usage.llm_calls > 1
    assert all(len(text) < 0.6 * len(article.text) for text in sent)
    assert "parts" in result.warnings[0]
    assert result.numbers is not None
    assert result.numbers.ok
    ArticleSummary.model_validate(result.summary.model_dump(), context={"article": article.text})


def test_short_article_is_one_call(fake: tuple[FakeServer, str]) -> None:
    """Under the window nothing is split."""
    server, url = fake
    result = Summarizer(base_url=url, model="fake", api_key="k", context_window=3000, max_tokens=200).summarize(
        "A short article about 3 cats. It has two sentences. And a third."
    )
    assert (1, []) == (server.requests, result.warnings)


def test_a_non_english_article_is_summarized_and_its_digits_checked(fake: tuple[FakeServer, str]) -> None:
    """Decision: other languages are summarized, not refused; figures in digits are checked."""
    server, url = fake
    article = parse_text(
        "Der Stadtrat von Bremen hat am Dienstag den Bau von 120 neuen Wohnungen beschlossen. "
        "Die Kosten liegen bei 4,5 Millionen Euro. Die Arbeiten sollen im Jahr 2025 beginnen."
    )
    result = Summarizer(base_url=url, model="fake", api_key="k").summarize(article)
    assert 1 == server.requests
    assert result.numbers is not None
    checked = {c.text for c in result.numbers.checks}
    assert {"120", "2025"} <= checked
    assert all(c.verdict != "unsupported" for c in result.numbers.checks if c.text in {"120", "2025"})
