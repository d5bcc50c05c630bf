"""The pipeline against a scripted fake server: re-asks, transport retries, fail-fast errors.

The fake server (summarize.fake_server) is the one place fakes live; it answers with
scripted faults that a real model server will not produce on demand.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest

from summarize.article import load_article
from summarize.errors import LLMError, UngroundedNumbers, ValidationFailed
from summarize.fake_server import FakeServer, Reply, serve, synthesize_summary
from summarize.pipeline import Summarizer
from summarize.result import SummaryResult

from conftest import PLANTED_KEY, SEED

ARTICLE = load_article(SEED)


@pytest.fixture
def fake() -> Iterator[tuple[FakeServer, str]]:
    server = FakeServer()
    with serve(server=server) as url:
        yield server, url


def _summarizer(url: str, **options: Any) -> Summarizer:
    options = {"base_url": url, "model": "fake", "api_key": PLANTED_KEY, "max_transport_retries": 3, **options}
    return Summarizer(**options)


def _answered_with(fake: tuple[FakeServer, str], text: str, figure: dict[str, Any]) -> tuple[SummaryResult, int]:
    """``text`` summarized from one scripted answer, the fake server's own summary of it
    with ``figure`` added (further requests get the server's default answer); the result
    and the added figure's index."""
    server, url = fake
    summary = synthesize_summary(text)
    summary["figures"].append(figure)
    server.add(Reply(content=json.dumps(summary)))
    return _summarizer(url).summarize(text), len(summary["figures"]) - 1


def _valid(**changes: Any) -> str:
    summary = synthesize_summary(ARTICLE.text)
    summary.update(changes)
    return json.dumps(summary)


def _messages(server: FakeServer) -> list[list[dict[str, str]]]:
    return [request["messages"] for request in server.recent]


def test_valid_first_answer_is_one_call(fake: tuple[FakeServer, str]) -> None:
    """A valid first answer costs one call and records no failed attempt."""
    server, url = fake
    result = _summarizer(url).summarize(ARTICLE)
    assert (1, [], 1) == (result.usage.llm_calls, result.attempts, server.requests)
    assert result.numbers is not None
    assert result.numbers.ok


def test_reasks_send_only_the_last_failed_answer(fake: tuple[FakeServer, str]) -> None:
    """Two bad answers, then a good one: each re-ask carries the request plus only the last failure."""
    server, url = fake
    bad_quote = _valid(figures=[{"quote": "4,000 tanks", "value": 4000, "unit": None, "measures": "tanks"}])
    server.add(Reply(content="this is not JSON"), Reply(content=bad_quote))
    result = _summarizer(url).summarize(ARTICLE)

    assert 3 == result.usage.llm_calls
    assert ["schema", "schema"] == [a.kind for a in result.attempts]
    assert "4,000 tanks" in " ".join(result.attempts[1].errors)
    first, second, third = _messages(server)
    assert [2, 4, 4] == [len(first), len(second), len(third)]
    assert first == second[:2] == third[:2]
    assert ("this is not JSON", bad_quote) == (second[2]["content"], third[2]["content"])
    assert "4,000 tanks" in third[3]["content"]
    # re-asks sample warmer, or a small model repeats its rejected answer
    assert [0.0, 0.5, 0.5] == [request["temperature"] for request in server.recent]
    # usage is summed over every call, failed ones included
    # the fake counts a token per 4 characters of the messages it received
    sent = sum(sum(len(m["content"]) for m in messages) // 4 + 1 for messages in (first, second, third))
    assert sent == result.usage.prompt_tokens


def test_spent_budget_raises_validation_failed_with_every_attempt(fake: tuple[FakeServer, str]) -> None:
    """max_reasks=1: two invalid answers end in ValidationFailed carrying both."""
    server, url = fake
    server.add(Reply(content='{"headline": 1}', times=None))
    with pytest.raises(ValidationFailed) as info:
        _summarizer(url, max_reasks=1).summarize(ARTICLE)
    assert 2 == len(info.value.attempts) == server.requests
    assert '{"headline": 1}' == info.value.last_output


@pytest.mark.parametrize("strict", [False, True])
def test_ungrounded_numbers_are_reasked_then_reported(fake: tuple[FakeServer, str], strict: bool) -> None:
    """'$347 billion' for '$347 million' is re-asked; afterwards a warning, or UngroundedNumbers in strict mode."""
    server, url = fake
    wrong = _valid(summary="The US handed over $347 billion in equipment. Troops left Taji.")
    server.add(Reply(content=wrong, times=None))
    summarizer = _summarizer(url, max_reasks=1, strict_numbers=strict)
    if strict:
        with pytest.raises(UngroundedNumbers) as info:
            summarizer.summarize(ARTICLE)
        report = info.value.report
    else:
        result = summarizer.summarize(ARTICLE)
        assert result.warnings
        assert "$347 billion" in result.warnings[0]
        report = result.numbers
    assert report is not None
    assert ["summary"] == [c.path for c in report.unsupported]
    assert 2 == server.requests
    assert "$347 billion" in _messages(server)[1][3]["content"]


def test_rate_limit_honours_retry_after(fake: tuple[FakeServer, str]) -> None:
    """429 with Retry-After is retried after the wait, outside the re-ask budget."""
    server, url = fake
    server.add(Reply(status=429, headers={"Retry-After": "0.2"}))
    result = _summarizer(url, max_reasks=0).summarize(ARTICLE)
    assert (2, 1, []) == (server.requests, result.usage.llm_calls, result.attempts)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried_within_a_bound(fake: tuple[FakeServer, str], status: int) -> None:
    """Persistent 5xx: 1 + max_transport_retries requests, then LLMError with the status."""
    server, url = fake
    server.add(Reply(status=status, headers={"Retry-After": "0"}, times=None))
    with pytest.raises(LLMError) as info:
        _summarizer(url, max_transport_retries=2).summarize(ARTICLE)
    assert (status, 3, 3) == (info.value.status_code, info.value.attempts, server.requests)


@pytest.mark.parametrize(
    ("status", "hint"),
    [(400, "SUMMARIZE_MODEL"), (401, "OPENAI_API_KEY"), (404, "OPENAI_BASE_URL")],
)
def test_client_errors_fail_fast_with_the_fix(fake: tuple[FakeServer, str], status: int, hint: str) -> None:
    """400/401/404 are not retried and say which setting to fix, without the key."""
    server, url = fake
    server.add(Reply(status=status, times=None))
    with pytest.raises(LLMError) as info:
        _summarizer(url).summarize(ARTICLE)
    assert (status, 1) == (info.value.status_code, server.requests)
    assert hint in str(info.value)
    assert PLANTED_KEY not in str(info.value) + repr(info.value)


def test_timeout_is_a_transport_fault(fake: tuple[FakeServer, str]) -> None:
    """A server slower than the timeout is retried, then LLMError says it timed out."""
    server, url = fake
    server.add(Reply(delay=1.0, times=None))
    with pytest.raises(LLMError, match="timed out"):
        _summarizer(url, timeout=0.2, max_transport_retries=1).summarize(ARTICLE)
    assert 2 == server.requests


def test_raw_newline_in_a_json_string_is_repaired_without_a_reask(fake: tuple[FakeServer, str]) -> None:
    """llama.cpp's grammar lets raw newlines into strings; they are escaped, not re-asked."""
    server, url = fake
    raw = _valid(headline="Troops leave\nTaji").replace("\\n", "\n")
    server.add(Reply(content=raw))
    result = _summarizer(url).summarize(ARTICLE)
    assert ("Troops leave\nTaji", 1) == (result.summary.headline, result.usage.llm_calls)


def test_truncated_answer_is_reasked(fake: tuple[FakeServer, str]) -> None:
    """finish_reason 'length' is a content fault: re-asked with a request to be shorter."""
    server, url = fake
    server.add(Reply(content='{"headline": "Troops', finish_reason="length"))
    result = _summarizer(url).summarize(ARTICLE)
    assert 2 == result.usage.llm_calls
    assert "cut off" in result.attempts[0].errors[0]


def test_async_twin_gives_the_same_result(fake: tuple[FakeServer, str]) -> None:
    """asummarize runs the same loop: same summary, same counts."""
    _server, url = fake
    summarizer = _summarizer(url)
    sync_result = summarizer.summarize(ARTICLE)

    async def run() -> Any:
        try:
            return await summarizer.asummarize(ARTICLE)
        finally:
            await summarizer.aclose()

    async_result = asyncio.run(run())
    assert sync_result.summary.model_dump() == async_result.summary.model_dump()
    assert sync_result.usage == async_result.usage


def test_one_summarizer_serves_successive_event_loops(fake: tuple[FakeServer, str]) -> None:
    """asyncio.run three times with one Summarizer: each loop gets a working client."""
    server, url = fake
    summarizer = _summarizer(url, max_transport_retries=0)
    results = [asyncio.run(summarizer.asummarize(ARTICLE)) for _ in range(3)]
    assert [r.summary for r in results] == [results[0].summary] * 3
    assert server.requests == 3


def _completion_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "fake",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": _valid()}}],
        "usage": {"prompt_tokens": 900, "completion_tokens": 200, "total_tokens": 1100},
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


@pytest.mark.parametrize("changes", [
    {},
    {"id": None, "created": None, "object": None},  # fields some servers leave out
    {"object": "text_completion", "created": "2026-11-24"},  # wrong type or value
    {"usage": None},
    {"system_fingerprint": 7, "extra": {"served_by": "a proxy"}},
], ids=["complete", "missing_fields", "odd_values", "no_usage", "extra_fields"])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_answers_outside_the_openai_schema_are_read_as_the_sdk_reads_them(
    fake: tuple[FakeServer, str], changes: dict[str, Any], mode: str
) -> None:
    """A completion that does not validate as openai's ChatCompletion still gives its summary and usage."""
    server, url = fake
    server.add(Reply(body=_completion_body(**changes)))
    summarizer = _summarizer(url, max_transport_retries=0)
    result = summarizer.summarize(ARTICLE) if mode == "sync" else asyncio.run(summarizer.asummarize(ARTICLE))
    expected_summary = synthesize_summary(ARTICLE.text)
    assert (result.summary.headline, result.summary.key_points) == (
        expected_summary["headline"], expected_summary["key_points"])
    expected = (0, 0) if "usage" in changes else (900, 200)
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == expected


def test_the_callers_messages_and_context_are_not_mutated(fake: tuple[FakeServer, str]) -> None:
    """Calling the model leaves the caller's message list and context exactly as they were."""
    import copy

    from summarize.llm import LLM
    from summarize.prompts import render_messages

    server, url = fake
    server.add(Reply(content="not JSON"))
    messages = render_messages(ARTICLE)
    context = {"article": ARTICLE.text}
    before = copy.deepcopy((messages, context))
    llm = LLM(base_url=url, api_key=None, model="fake", mode="json_object", timeout=5, temperature=0,
              max_tokens=100, max_retries=0, deadline=5)
    replies = [llm.call(messages, context), llm.call(messages, context)]
    llm.close()
    assert [False, True] == [r.summary is not None for r in replies]
    assert before == (messages, context)


def test_figures_with_quotes_not_in_the_article_are_dropped_once_the_budget_is_spent(
    fake: tuple[FakeServer, str],
) -> None:
    """The model keeps quoting a phrase as a figure: the summary survives without it, with a warning."""
    server, url = fake
    summary = json.loads(_valid())
    summary["figures"].append({"quote": "5 rockets a day", "value": 3, "unit": None, "measures": "rockets"})
    server.add(Reply(content=json.dumps(summary), times=None))
    result = _summarizer(url, max_reasks=1).summarize(ARTICLE)
    assert 2 == server.requests
    assert ["figures dropped, their quotes are not in the article: '5 rockets a day'"] == result.warnings
    assert "5 rockets a day" not in [f.quote for f in result.summary.figures]
    assert len(summary["figures"]) - 1 == len(result.summary.figures)


def test_a_summary_that_stays_too_long_is_cut_to_whole_sentences_once_the_budget_is_spent(
    fake: tuple[FakeServer, str],
) -> None:
    """The model copies the article on every attempt: its first sentences under the limit
    are kept, with a warning, instead of losing the article."""
    from summarize.schema import MAX_SUMMARY_CHARS

    server, url = fake
    sentences = ARTICLE.text.split(". ")
    long = ". ".join(sentences[:8]) + "."
    assert MAX_SUMMARY_CHARS < len(long) < len(ARTICLE.text)
    server.add(Reply(content=_valid(summary=long), times=None))
    result = _summarizer(url, max_reasks=1).summarize(ARTICLE)
    assert 2 == server.requests
    cut = result.summary.summary
    assert long.startswith(cut)
    assert len(cut) <= MAX_SUMMARY_CHARS
    assert cut.endswith(".")
    assert [f"summary cut to its first sentences: {len(cut)} of the {len(long)} characters written"] == result.warnings
    assert result.numbers is not None
    assert result.numbers.ok


@pytest.mark.parametrize("strict", [False, True])
def test_key_figure_values_their_quotes_contradict_are_read_from_them_without_a_reask(
    fake: tuple[FakeServer, str], strict: bool,
) -> None:
    """The model gives '90 million' the value 90 and quotes a name as a figure: the value is
    read from the quote and the name's figure dropped at once, each with a warning, and
    nothing is left unsupported (so strict mode passes too)."""
    server, url = fake
    summary = json.loads(_valid())
    summary["figures"][1]["value"] = 90
    summary["figures"].append({"quote": "Taji", "value": 1, "unit": None, "measures": "base"})
    server.add(Reply(content=json.dumps(summary), times=None))
    result = _summarizer(url, max_reasks=1, strict_numbers=strict).summarize(ARTICLE)
    assert 1 == server.requests
    assert [
        "figures[1].value read from its quote '90 million': 90 -> 90000000",
        "figures[5] dropped, its quote 'Taji' states no number",
    ] == result.warnings
    assert 90_000_000 == result.summary.figures[1].value
    assert "Taji" not in [f.quote for f in result.summary.figures]
    assert result.numbers is not None
    assert result.numbers.ok


def test_a_key_figure_quoting_a_position_is_dropped_not_given_its_value(fake: tuple[FakeServer, str]) -> None:
    """'First' of a name given the value 50: read from the quote it would state one
    passenger, so the figure is dropped, with a warning, and nothing is re-asked."""
    server, url = fake
    text = ARTICLE.text + "\n\nThe First Great Western replacement bus carried 50 people."
    summary = synthesize_summary(text)
    summary["figures"].append({"quote": "First", "value": 50, "unit": None, "measures": "passengers"})
    server.add(Reply(content=json.dumps(summary)))
    result = _summarizer(url).summarize(text)
    index = len(summary["figures"]) - 1
    assert 1 == server.requests
    assert [f"figures[{index}] dropped, its quote 'First' is a position, not 50"] == result.warnings
    assert "First" not in [f.quote for f in result.summary.figures]


def test_a_key_figure_quoting_a_date_given_no_part_of_it_is_dropped(fake: tuple[FakeServer, str]) -> None:
    """A date of which the value is no part (the local model's 'April 4' given 2023
    'year', after three attempts): no reading of the quote helps, so the figure is
    dropped at once, with a warning."""
    server, url = fake
    summary = synthesize_summary(ARTICLE.text)
    index = len(summary["figures"])
    summary["figures"].append({"quote": "August 23", "value": 2023, "unit": "year", "measures": "date"})
    server.add(Reply(content=json.dumps(summary)))
    result = _summarizer(url).summarize(ARTICLE)
    assert 1 == server.requests
    assert [f"figures[{index}] dropped, its quote 'August 23' is a date with no part 2023 year"] == result.warnings
    assert "August 23" not in [f.quote for f in result.summary.figures]
    assert result.numbers is not None
    assert result.numbers.ok


@pytest.mark.parametrize(
    ("quote", "value", "unit", "read"),
    [
        ("6:30am", 20180419, "year", "6.5 hour of day"),  # the local model's: a date for a time
        ("6:30pm", 630, None, "18.5 hour of day"),  # the time as digits, on the wrong half of the day
        ("18:45", 1845.5, "GMT", "18.75 hour of day"),
    ],
)
def test_a_key_figure_quoting_a_time_of_day_reads_the_hour_from_its_quote(
    fake: tuple[FakeServer, str], quote: str, value: float, unit: str | None, read: str,
) -> None:
    """A time of day given a value it is not: the value is read from the quote as the
    hour of a 24-hour day, at once, with a warning, and checks out."""
    server, url = fake
    text = f"{ARTICLE.text}\n\nThe convoy left at {quote} on Sunday."
    summary = synthesize_summary(text)
    index = len(summary["figures"])
    summary["figures"].append({"quote": quote, "value": value, "unit": unit, "measures": "departure time"})
    server.add(Reply(content=json.dumps(summary)))
    result = _summarizer(url).summarize(text)
    assert 1 == server.requests
    amount = f"{value:.15g} {unit}" if unit else f"{value:.15g}"
    assert [f"figures[{index}].value read from its quote {quote!r}: {amount} -> {read}"] == result.warnings
    figure = result.summary.figures[index]
    assert (figure.quote, f"{figure.value:.15g} {figure.unit}") == (quote, read)
    assert result.numbers is not None
    assert result.numbers.ok


@pytest.mark.parametrize(
    ("quote", "value", "unit", "warning"),
    [
        # a pair's bound at another scale: the bound
        ("33-1", 33_000_000, None, "figures[{i}].value read from its quote '33-1': 33000000 -> 33"),
        ("2,000-3,000", 3, None, "figures[{i}].value read from its quote '2,000-3,000': 3 -> 3000"),
        # two figures in different units (the local model's): the one in the key figure's unit
        ("53bn roubles ($1bn)", 530_000_000, "RUB",
         "figures[{i}].value read from its quote '53bn roubles ($1bn)': 530000000 RUB -> 53000000000 RUB"),
        ("1.2m (4ft)", 1200, "m", "figures[{i}].value read from its quote '1.2m (4ft)': 1200 m -> 1.2 m"),
        ("1.2m (4ft)", 1200, "metres", "figures[{i}].value read from its quote '1.2m (4ft)': 1200 metres -> 1.2 m"),
    ],
)
def test_a_key_figure_value_read_from_the_part_of_its_quote_it_names(
    fake: tuple[FakeServer, str], quote: str, value: float, unit: str | None, warning: str,
) -> None:
    """'33-1' given 33000000 is read as the bound it names; '1.2m (4ft)' given 1200 'm' as
    the figure in its unit: at once, with a warning, and it checks out."""
    text = (ARTICLE.text + "\n\nThe convoy was a 33-1 outsider to arrive; 2,000-3,000 people watched. "
            "The war cost 53bn roubles ($1bn). The wall is 1.2m (4ft) high.")
    result, index = _answered_with(fake, text, {"quote": quote, "value": value, "unit": unit, "measures": "x"})
    assert 1 == fake[0].requests
    assert [warning.format(i=index)] == result.warnings
    assert result.numbers is not None
    assert result.numbers.ok


@pytest.mark.parametrize("unit", [None, "EUR", "troops"])
def test_a_key_figure_quoting_two_figures_none_in_its_unit_is_reasked(
    fake: tuple[FakeServer, str], unit: str | None,
) -> None:
    """With no unit, or one that none or both of the quote's figures are in, which figure
    the value means is a guess: the answer is re-asked."""
    server, url = fake
    text = ARTICLE.text + "\n\nThe war cost 53bn roubles ($1bn)."
    summary = synthesize_summary(text)
    summary["figures"].append({"quote": "53bn roubles ($1bn)", "value": 530_000_000, "unit": unit,
                               "measures": "cost"})
    server.add(Reply(content=json.dumps(summary)))
    server.add(Reply(content=json.dumps(synthesize_summary(text))))
    result = _summarizer(url).summarize(text)
    assert 2 == server.requests
    assert ["numbers"] == [a.kind for a in result.attempts]


def test_a_key_figure_quoting_a_name_quotes_the_age_or_is_dropped(fake: tuple[FakeServer, str]) -> None:
    """A name given that person's age quotes the age; a name given a value the article
    has elsewhere grounds nothing and is dropped: both at once, each with a warning."""
    server, url = fake
    text = ARTICLE.text + "\n\nCommander Leon Yeaman, 55, led the handover."
    summary = synthesize_summary(text)
    first = len(summary["figures"])
    summary["figures"] += [{"quote": "Leon Yeaman", "value": 55, "unit": None, "measures": "age"},
                           {"quote": "Donald Trump", "value": 300, "unit": None, "measures": "troops"}]
    server.add(Reply(content=json.dumps(summary)))
    result = _summarizer(url).summarize(text)
    assert 1 == server.requests
    assert [
        f"figures[{first}].quote 'Leon Yeaman' -> '55', the age the article gives Leon Yeaman",
        f"figures[{first + 1}] dropped, its quote 'Donald Trump' states no number",
    ] == result.warnings
    assert ("55", 55) == (result.summary.figures[first].quote, result.summary.figures[first].value)
    assert first + 1 == len(result.summary.figures)
    assert result.numbers is not None
    assert result.numbers.ok


def test_a_key_figure_unit_read_from_its_quote_is_named_in_the_warning(fake: tuple[FakeServer, str]) -> None:
    """Right amount, wrong currency: the warning says what changed, not '347000000 -> 347000000'."""
    server, url = fake
    summary = json.loads(_valid())
    summary["figures"].append({"quote": "$347 million", "value": 347_000_000, "unit": "GBP", "measures": "aid"})
    server.add(Reply(content=json.dumps(summary)))
    result = _summarizer(url).summarize(ARTICLE)
    index = len(summary["figures"]) - 1
    assert [f"figures[{index}].value read from its quote '$347 million': 347000000 GBP -> 347000000 USD"] == (
        result.warnings
    )


def test_key_figure_values_are_read_from_their_quotes_after_the_reasks_when_more_is_wrong(
    fake: tuple[FakeServer, str],
) -> None:
    """A wrong value beside a wrong number in the text: the text needs the model, so it is
    re-asked; once the re-asks are spent the value is read from its quote all the same."""
    server, url = fake
    summary = json.loads(_valid())
    summary["figures"][1]["value"] = 90
    summary["key_points"][0] = "The US handed over 9,999 vehicles."
    server.add(Reply(content=json.dumps(summary), times=None))
    result = _summarizer(url, max_reasks=1).summarize(ARTICLE)
    assert 2 == server.requests
    assert [
        "figures[1].value read from its quote '90 million': 90 -> 90000000",
        "numbers not found in the article: '9,999' in key_points[0]",
    ] == result.warnings


def test_a_summary_cut_to_its_sentences_has_its_key_figure_values_read_from_their_quotes(
    fake: tuple[FakeServer, str],
) -> None:
    """Too long on every attempt, with a wrong value and a name as a figure: the summary is
    cut, the value read from its quote and the name's figure dropped, as for a kept answer
    (the local model lost numbers this way on a real article: 'prostate cancer' given 0)."""
    from summarize.schema import MAX_SUMMARY_CHARS

    server, url = fake
    sentences = ARTICLE.text.split(". ")
    long = ". ".join(sentences[:8]) + "."
    assert MAX_SUMMARY_CHARS < len(long)
    summary = json.loads(_valid(summary=long))
    summary["figures"][1]["value"] = 90
    summary["figures"].append({"quote": "Taji", "value": 0, "unit": None, "measures": "base"})
    server.add(Reply(content=json.dumps(summary), times=None))
    result = _summarizer(url, max_reasks=1, strict_numbers=True).summarize(ARTICLE)
    cut = result.summary.summary
    assert [
        f"summary cut to its first sentences: {len(cut)} of the {len(long)} characters written",
        "figures[1].value read from its quote '90 million': 90 -> 90000000",
        "figures[5] dropped, its quote 'Taji' states no number",
    ] == result.warnings
    assert result.numbers is not None
    assert result.numbers.ok


def test_a_summary_cut_to_its_sentences_keeps_a_figure_quoted_in_other_words(fake: tuple[FakeServer, str]) -> None:
    """Too long on every attempt, with a key figure quoting the article's '90 million' as
    'ninety million': the summary is cut and the figure kept in the article's wording, as
    validation words it for any answer (the local model lost '$2.5 billion', the article's
    '$2.5bn', this way)."""
    from summarize.schema import MAX_SUMMARY_CHARS

    server, url = fake
    sentences = ARTICLE.text.split(". ")
    long = ". ".join(sentences[:8]) + "."
    assert MAX_SUMMARY_CHARS < len(long)
    summary = json.loads(_valid(summary=long))
    assert "90 million" == summary["figures"][1]["quote"]
    summary["figures"][1]["quote"] = "ninety million"
    server.add(Reply(content=json.dumps(summary), times=None))
    result = _summarizer(url, max_reasks=1).summarize(ARTICLE)
    cut = result.summary.summary
    assert [f"summary cut to its first sentences: {len(cut)} of the {len(long)} characters written"] == result.warnings
    assert [f["quote"] for f in json.loads(_valid())["figures"]] == [f.quote for f in result.summary.figures]


@pytest.mark.parametrize("strict", [False, True])
def test_an_event_date_the_article_does_not_state_is_set_to_null_without_a_reask(
    fake: tuple[FakeServer, str], strict: bool,
) -> None:
    """A made-up event date costs no re-ask: null is what the schema asks for then."""
    server, url = fake
    server.add(Reply(content=_valid(event_date="2023-01-04")))
    result = _summarizer(url, strict_numbers=strict).summarize(ARTICLE)
    assert 1 == server.requests
    assert result.summary.event_date is None
    assert ["event_date '2023-01-04' set to null: no date the article states"] == result.warnings
    assert result.numbers is not None
    assert result.numbers.ok


def test_an_event_date_without_its_year_takes_the_articles_year_without_a_reask(
    fake: tuple[FakeServer, str],
) -> None:
    """'August 23' in an article dated 2020-08-23 is '2020-08-23': read, not re-asked (on the
    local model, 'April 6' had cost a re-ask), and then checked against the article."""
    server, url = fake
    server.add(Reply(content=_valid(event_date="August 23")))
    result = _summarizer(url, sort_names=False).summarize(ARTICLE)
    assert (1, []) == (server.requests, result.attempts)
    assert "2020-08-23" == result.summary.event_date
    assert result.numbers is not None
    assert [("event_date", "supported")] == [(c.path, c.verdict) for c in result.numbers.checks
                                              if c.path == "event_date"]


@pytest.mark.parametrize("strict", [False, True])
def test_names_the_article_does_not_write_are_respelt_or_dropped_without_a_reask(
    fake: tuple[FakeServer, str], strict: bool,
) -> None:
    """A name is the article's, as a key figure's quote is: a misspelt one takes the
    article's spelling, an invented one goes, each named in a warning, with no re-ask."""
    server, url = fake
    server.add(Reply(content=_valid(people=["Donald Trump", "Joe Biden", "Qasem Soleimani"],
                                    places=["Iraq", "Syria"], organizations=["Islamic State"])))
    result = _summarizer(url, strict_numbers=strict).summarize(ARTICLE)
    assert (2, []) == (server.requests, result.attempts)  # the answer, then the names' sorting
    assert (["Donald Trump", "Qassem Soleiman"], ["Islamic State"], ["Iraq"]) == (
        result.summary.people, result.summary.organizations, result.summary.places)
    assert ["names dropped, the article does not write them: people 'Joe Biden', places 'Syria'",
            "names as the article writes them: 'Qasem Soleimani' -> 'Qassem Soleiman'"] == result.warnings


def test_a_day_the_article_does_not_state_keeps_the_month_it_states(fake: tuple[FakeServer, str]) -> None:
    """'2020-08-01' for an article that says 'in August 2020' keeps the month, with a warning."""
    server, url = fake
    article = ARTICLE.text.replace("August 23", "August 2020", 1)
    summary = synthesize_summary(article)
    summary["event_date"] = "2020-08-01"
    server.add(Reply(content=json.dumps(summary)))
    result = _summarizer(url).summarize(article)
    assert (1, "2020-08") == (server.requests, result.summary.event_date)
    assert ["event_date '2020-08-01' set to '2020-08': the article states the month, not the day: "
            "August 2020"] == result.warnings
    assert result.numbers is not None
    assert [("supported", "2020-08")] == [(c.verdict, c.text) for c in result.numbers.checks
                                          if c.path == "event_date"]


def test_a_summary_stopped_where_a_quotation_opened_is_cut_without_a_reask(fake: tuple[FakeServer, str]) -> None:
    """'... the ministry said: ' is what a JSON string holds when the model opened a quote
    there: the summary keeps its whole sentences, with a warning, and costs no re-ask."""
    server, url = fake
    whole = json.loads(_valid())["summary"]
    server.add(Reply(content=_valid(summary=whole + " The ministry said: ")))
    result = _summarizer(url).summarize(ARTICLE)
    assert (1, whole) == (server.requests, result.summary.summary)
    assert [f"summary stopped where a quotation opened, cut to its whole sentences: {len(whole)} of the "
            f"{len(whole) + 20} characters written"] == result.warnings


def test_a_reask_for_an_answer_a_quotation_broke_says_where(fake: tuple[FakeServer, str]) -> None:
    """'... said they were " ,"key_points"': the re-ask names the word before the stray
    quote mark and asks for reported speech; a re-ask naming only the JSON error got the
    same answer back three times on the local model."""
    server, url = fake
    broken = '{"headline": "A survey", "summary": "Respondents said they were " ,"key_points": ["a" "b"]}'
    server.add(Reply(content=broken))
    _summarizer(url).summarize(ARTICLE)
    reask = _messages(server)[1][-1]["content"]
    assert "ended its string after 'were'" in reask


def test_the_articles_own_date_is_a_supported_event_date(fake: tuple[FakeServer, str]) -> None:
    """The seed article is dated 2020-08-23 by its header: that date stands, checked."""
    server, url = fake
    server.add(Reply(content=_valid(event_date="2020-08-23")))
    result = _summarizer(url).summarize(ARTICLE)
    assert "2020-08-23" == result.summary.event_date
    assert result.numbers is not None
    assert ["supported"] == [c.verdict for c in result.numbers.checks if c.path == "event_date"]
    assert [] == result.warnings


def test_a_figure_without_any_number_is_dropped_without_a_reask(fake: tuple[FakeServer, str]) -> None:
    """A 'figure' quoting a sentence with no number costs no re-ask: it is dropped with a warning."""
    server, url = fake
    summary = json.loads(_valid())
    summary["figures"].append({"quote": "The coalition reportedly left", "value": 1, "unit": None, "measures": "x"})
    server.add(Reply(content=json.dumps(summary)))
    result = _summarizer(url).summarize(ARTICLE)
    assert 1 == server.requests
    assert ["figures dropped, their quotes are not in the article: 'The coalition reportedly left'"] == (
        result.warnings
    )


def test_a_numberless_figure_is_dropped_without_a_reask_beside_one_quoting_no_number(
    fake: tuple[FakeServer, str],
) -> None:
    """Beside a made-up sentence, a figure quoting an article sentence that holds no number
    (value 0) is dropped too, at once: it had kept the made-up one for a re-ask."""
    server, url = fake
    summary = json.loads(_valid())
    summary["figures"] += [
        {"quote": "The coalition reportedly also added", "value": 0, "unit": None, "measures": "x"},
        {"quote": "The coalition reportedly left", "value": 0, "unit": None, "measures": "y"},
    ]
    server.add(Reply(content=json.dumps(summary)))
    result = _summarizer(url).summarize(ARTICLE)
    assert 1 == server.requests
    assert ["figures dropped, their quotes are not in the article: 'The coalition reportedly left'",
            f"figures[{len(summary['figures']) - 2}] dropped, its quote 'The coalition reportedly also added' "
            "states no number"] == result.warnings
    assert result.numbers is not None
    assert result.numbers.ok


@pytest.mark.parametrize(("quote", "value", "requests"), [
    ("The coalition handed three bases to Iraq in the summer", 0, 1),  # a fact, given no number
    ("The coalition handed 0 bases to Iraq in the summer", 0, 2),  # it states the 0: re-asked
    ("The coalition handed three bases to Iraq in the summer", 3, 2),  # a number: re-asked
])
def test_a_made_up_sentence_given_the_value_0_is_dropped_without_a_reask(
    fake: tuple[FakeServer, str], quote: str, value: float, requests: int,
) -> None:
    """A sentence of the model's own given the value 0 that it does not state is a fact,
    not a figure: dropped at once, as a sentence holding no number is. One stating 0, or
    given one of its numbers, is re-asked."""
    server, url = fake
    summary = json.loads(_valid())
    summary["figures"].append({"quote": quote, "value": value, "unit": None, "measures": "x"})
    server.add(Reply(content=json.dumps(summary)), Reply(content=_valid()))
    result = _summarizer(url).summarize(ARTICLE)
    assert requests == server.requests
    dropped = [f"figures dropped, their quotes are not in the article: {quote!r}"]
    assert (dropped if requests == 1 else []) == result.warnings


@pytest.mark.parametrize("quote", ["40 km", "N million", "$12.5 million", "12.5%"])
def test_a_figure_copying_the_schemas_example_is_dropped_without_a_reask(
    fake: tuple[FakeServer, str], quote: str,
) -> None:
    """The key figure's description gives '40 km', 'N million' and '€12.5 billion' as
    examples; a quote of one, or of its number where the article never writes that number,
    is no figure of the article, and a re-ask only names it."""
    server, url = fake
    summary = json.loads(_valid())
    summary["figures"].append({"quote": quote, "value": 40, "unit": None, "measures": "x"})
    server.add(Reply(content=json.dumps(summary)))
    result = _summarizer(url).summarize(ARTICLE)
    assert 1 == server.requests
    assert [f"figures dropped, their quotes are not in the article: {quote!r}"] == result.warnings


@pytest.mark.parametrize("quote", ["41 miles", "$12.25 million", "140 km"])
def test_a_made_up_quote_that_is_no_example_is_reasked(fake: tuple[FakeServer, str], quote: str) -> None:
    """No example's number stands in these: the model is asked again, as for any quote
    with a number."""
    server, url = fake
    summary = json.loads(_valid())
    summary["figures"].append({"quote": quote, "value": 40, "unit": None, "measures": "x"})
    server.add(Reply(content=json.dumps(summary)), Reply(content=_valid()))
    result = _summarizer(url).summarize(ARTICLE)
    assert (2, []) == (server.requests, result.warnings)


def _too_long() -> str:
    from summarize.schema import MAX_SUMMARY_CHARS

    long = ". ".join(ARTICLE.text.split(". ")[:8]) + "."
    assert MAX_SUMMARY_CHARS < len(long)
    return long


@pytest.mark.parametrize(("changes", "warning"), [
    (lambda s: s.update(summary=_too_long()), "summary cut to its first sentences"),
    (lambda s: s["figures"].append({"quote": "$13.5 million", "value": 13.5e6, "unit": "USD", "measures": "x"}),
     "figures dropped, their quotes are not in the article: '$13.5 million'"),
], ids=["too long", "made-up quote"])
def test_an_answer_repeating_the_errors_of_the_one_before_is_repaired_without_another_reask(
    fake: tuple[FakeServer, str], changes: Any, warning: str,
) -> None:
    """The re-ask changed nothing that was wrong: the second answer is repaired as it would
    be once the budget is spent, and the third call is not made."""
    server, url = fake
    summary = json.loads(_valid())
    changes(summary)
    server.add(Reply(content=json.dumps(summary), times=None))
    result = _summarizer(url, max_reasks=2).summarize(ARTICLE)
    assert (2, 2) == (server.requests, len(result.attempts))
    assert result.attempts[0].errors == result.attempts[1].errors
    assert [warning] == [w[:len(warning)] for w in result.warnings]
    assert result.numbers is not None
    assert result.numbers.ok


def test_a_summary_too_long_again_at_another_length_is_cut_without_another_reask(
    fake: tuple[FakeServer, str],
) -> None:
    """Too long twice, at two lengths (the local model's 1,017 and then 992 characters):
    the re-ask did not make it short enough, so the second answer is cut at once."""
    server, url = fake
    first, second = json.loads(_valid()), json.loads(_valid())
    first["summary"] = _too_long()
    second["summary"] = _too_long().rsplit(" ", 1)[0] + "."
    assert len(first["summary"]) != len(second["summary"])
    server.add(Reply(content=json.dumps(first)), Reply(content=json.dumps(second)), Reply(content=_valid()))
    result = _summarizer(url, max_reasks=2).summarize(ARTICLE)
    assert (2, 2) == (server.requests, len(result.attempts))
    assert ["summary cut to its first sentences"] == [w[:34] for w in result.warnings]


def test_an_answer_failing_otherwise_than_the_one_before_is_reasked(fake: tuple[FakeServer, str]) -> None:
    """Other errors the second time: the model is changing its answer, so it is asked again."""
    server, url = fake
    first, second = json.loads(_valid()), json.loads(_valid())
    first["figures"].append({"quote": "$13.5 million", "value": 13.5e6, "unit": "USD", "measures": "x"})
    second["figures"].append({"quote": "$13 million", "value": 13e6, "unit": "USD", "measures": "x"})
    server.add(Reply(content=json.dumps(first)), Reply(content=json.dumps(second)), Reply(content=_valid()))
    result = _summarizer(url, max_reasks=2).summarize(ARTICLE)
    assert (3, [], 2) == (server.requests, result.warnings, len(result.attempts))


def test_a_repeated_answer_with_a_number_to_reask_is_reasked(fake: tuple[FakeServer, str]) -> None:
    """Repaired, the repeated answer would still state a number the article does not: the
    re-asks go on, since they name it, and the budget ends as before."""
    server, url = fake
    summary = json.loads(_valid())
    summary["summary"] += " About 4,000 tanks left."
    summary["figures"].append({"quote": "$13.5 million", "value": 13.5e6, "unit": "USD", "measures": "x"})
    server.add(Reply(content=json.dumps(summary), times=None))
    result = _summarizer(url, max_reasks=2).summarize(ARTICLE)
    assert 3 == server.requests
    assert ["figures dropped, their quotes are not in the article: '$13.5 million'",
            "numbers not found in the article: '4,000' in summary"] == result.warnings


@pytest.mark.parametrize("date", ["2014-2016", "2020"])
def test_an_event_date_naming_no_one_day_or_month_is_null_without_a_reask(
    fake: tuple[FakeServer, str], date: str,
) -> None:
    """'2014-2016' fails the schema, but a re-ask could only get the null it asks for then."""
    server, url = fake
    server.add(Reply(content=_valid(event_date=date)))
    result = _summarizer(url).summarize(ARTICLE)
    assert (1, None) == (server.requests, result.summary.event_date)
    assert [f"event_date {date!r} set to null: no one day or month"] == result.warnings


@pytest.mark.parametrize(("year", "requests"), [("", 1), (" in 2019", 2)])
def test_a_day_without_its_year_in_an_article_with_no_year_is_null_without_a_reask(
    fake: tuple[FakeServer, str], year: str, requests: int,
) -> None:
    """'18 September' for an undated article that writes no year: null is all a re-ask
    could give (the local model's, for frank:xsum:34279049). Where the article writes a
    year, the re-ask may find the day's."""
    from summarize.article import Article

    server, url = fake
    article = Article(text=f"The orchestra opens its season on 18 September{year}, its director said. "
                           "The portrait was commissioned by the orchestra. Tickets cost 20 pounds.")
    server.add(Reply(content=json.dumps({**synthesize_summary(article.text), "event_date": "18 September"})),
               Reply(content=json.dumps(synthesize_summary(article.text))))
    result = _summarizer(url, sort_names=False).summarize(article)
    assert requests == server.requests
    assert result.summary.event_date is None
    assert (["event_date '18 September' set to null: no year, and the article states none"]
            if requests == 1 else []) == result.warnings


def test_an_undatable_event_date_beside_a_number_to_reask_is_reasked(fake: tuple[FakeServer, str]) -> None:
    """With a number the article does not state, the answer is re-asked for both."""
    server, url = fake
    summary = json.loads(_valid(event_date="2014-2016"))
    summary["summary"] += " About 4,000 tanks left."
    server.add(Reply(content=json.dumps(summary)), Reply(content=_valid()))
    result = _summarizer(url).summarize(ARTICLE)
    assert (2, ["schema"], []) == (server.requests, [a.kind for a in result.attempts], result.warnings)


@pytest.mark.parametrize("text", [
    "The {{ article }} tag and {{ 7 * 6 }} stay as written.",
    "A wiki table starts with {| and a template with {% if x %} and never ends.",
    "    Indented lead line.\n    Every line indented alike, which a dedent would strip.",
])
def test_article_text_reaches_the_model_verbatim(fake: tuple[FakeServer, str], text: str) -> None:
    """Template-looking text in an article is data: nothing renders or re-indents it on the way out."""
    from summarize.article import Article

    server, url = fake
    article = Article(text=f"{text}\nThe council approved 12 new homes on 3 March 2020, officials said.")
    _summarizer(url).summarize(article)
    (user,) = [m["content"] for m in _messages(server)[0] if m["role"] == "user"]
    assert article.text in user


def test_instructor_still_rejects_async_validators_on_other_models() -> None:
    """Skipping instructor's rescans of our own model leaves its check on every other model intact."""
    from instructor.v2.core import patch
    from instructor.v2.validation import async_validators
    from pydantic import BaseModel

    import summarize.wire  # installs the skip

    class Checked(BaseModel):
        name: str

        def check(self) -> None: ...

    setattr(Checked.check, async_validators.ASYNC_VALIDATOR_KEY, True)
    for scan in (async_validators.reject_async_validators, patch.reject_async_validators):
        with pytest.raises(ValueError, match="async validators"):
            scan(Checked)
        assert scan(summarize.wire.WireSummary) is None


def _listed(**lists: list[str]) -> str:
    return _valid(**{"people": [], "organizations": [], "places": [], **lists})


def test_names_are_sorted_by_one_more_question_after_the_article(fake: tuple[FakeServer, str]) -> None:
    """After the accepted answer the model is asked what each listed name is, the question
    following the first request's messages (a llama.cpp server evaluates only the
    question); each name goes to its kind's list, once, and the call counts in the usage."""
    server, url = fake
    answer = _listed(people=["Donald Trump", "Islamic State"], organizations=["Baghdad"], places=["Iraq", "Baghdad"])
    kinds = {"Donald Trump": "person", "Islamic State": "organization", "Iraq": "place", "Baghdad": "place"}
    server.add(Reply(content=answer), Reply(content=json.dumps(kinds), delay=0.3))
    result = _summarizer(url).summarize(ARTICLE)
    assert (2, 2) == (server.requests, result.usage.llm_calls)
    assert result.elapsed_seconds >= 0.3  # the question's time counts
    assert (["Donald Trump"], ["Islamic State"], ["Iraq", "Baghdad"]) == (
        result.summary.people, result.summary.organizations, result.summary.places)
    assert ["names moved to the list of what they are: 'Islamic State' people -> organizations, "
            "'Baghdad' organizations/places -> places"] == result.warnings
    first, second = _messages(server)
    assert (first, "user") == (second[:2], second[2]["role"])
    assert "- Donald Trump\n- Islamic State\n- Baghdad\n- Iraq\n" in second[2]["content"]
    schema = server.recent[1]["response_format"]["json_schema"]["schema"]
    assert ["Donald Trump", "Islamic State", "Baghdad", "Iraq"] == schema["required"]


@pytest.mark.parametrize(("sorting", "warning"), [
    pytest.param(Reply(content='{"Donald Trump": "person"}'), "names not sorted: ", id="a-name-left-out"),
    pytest.param(Reply(content="not JSON"), "names not sorted: ", id="not-json"),
    pytest.param(Reply(status=400), "names not sorted: ", id="a-transport-error"),
])
def test_a_failed_sorting_keeps_the_summary_and_its_lists(
    fake: tuple[FakeServer, str], sorting: Reply, warning: str,
) -> None:
    """The summary is already accepted: a sorting answer that is rejected, or a request
    that fails, leaves the lists as they were, with a warning, and costs no re-ask."""
    server, url = fake
    server.add(Reply(content=_listed(people=["Donald Trump", "Islamic State"], places=["Iraq"])), sorting)
    result = _summarizer(url).summarize(ARTICLE)
    assert 2 == server.requests
    assert (["Donald Trump", "Islamic State"], [], ["Iraq"]) == (
        result.summary.people, result.summary.organizations, result.summary.places)
    assert 1 == len(result.warnings)
    assert result.warnings[0].startswith(warning)
    assert PLANTED_KEY not in result.warnings[0]


def test_no_names_or_sorting_off_is_no_second_call(fake: tuple[FakeServer, str]) -> None:
    server, url = fake
    server.add(Reply(content=_listed(people=["Islamic State"])))
    result = _summarizer(url, sort_names=False).summarize(ARTICLE)
    assert (1, ["Islamic State"]) == (server.requests, result.summary.people)
    _summarizer(url).summarize(ARTICLE)  # the default answer lists no names
    assert 2 == server.requests


def test_names_are_sorted_in_a_batch_too(fake: tuple[FakeServer, str]) -> None:
    """The coroutine path asks the same question, holding a call slot for it."""
    server, url = fake
    server.add(Reply(content=_listed(people=["Islamic State"], places=["Iraq"])),
               Reply(content=json.dumps({"Islamic State": "organization", "Iraq": "place"})))
    summarizer = _summarizer(url)
    [result] = asyncio.run(summarizer.asummarize_many([ARTICLE], concurrency=2))
    assert not isinstance(result, Exception)
    assert (2, [], ["Islamic State"]) == (result.usage.llm_calls, result.summary.people, result.summary.organizations)
