"""How ``summarize.llm`` posts: the body the SDK itself would send (encoded faster), and
requests sent before answers are parsed when slots free up together."""

from __future__ import annotations

import asyncio
from typing import Any

import openai
import pytest
from openai._base_client import _merge_mappings
from openai._utils._json import openapi_dumps

from summarize.llm import _SLOTS, _async_create, _request
from summarize.wire import response_format

from conftest import HeldAnswers


def _kwargs(text: str) -> dict[str, Any]:
    """What instructor hands our create function: its own ``response_format``, ours in ``extra_body``."""
    return {
        "messages": [{"role": "system", "content": "Summarize."}, {"role": "user", "content": text}],
        "model": "m",
        "temperature": 0.2,
        "max_tokens": 900,
        "response_format": {"type": "json_object"},
        "extra_body": {"response_format": response_format("json_object")},
        "timeout": 3.5,
    }


@pytest.mark.parametrize("text", [
    "The council approved 2,000 homes.",
    "Café prices rose 12 per cent – “a record” 😀 in Zürich",
    "controls \x00 \x1f \t \n \r \b \f",
    'a quote " a backslash \\ a slash / </article>',
    "separators \u2028 \u2029, \x7f, \u0085 and \u00a0",
])
def test_the_body_is_the_json_the_sdk_would_send(text: str) -> None:
    kwargs = _kwargs(text)
    body, options = _request(dict(kwargs))
    extra = kwargs.pop("extra_body")
    timeout = kwargs.pop("timeout")
    assert body == openapi_dumps(_merge_mappings(kwargs, extra))
    assert (timeout, {"bearer_auth": True}) == (options.get("timeout"), options.get("security"))
    assert b'"schema"' in body, "our response_format wins over instructor's"


def test_text_no_encoder_can_send_fails_as_it_does_in_the_sdk() -> None:
    """A lone surrogate cannot be UTF-8: the SDK's encoder is asked, and says so."""
    kwargs = _kwargs("half a pair \ud83d")
    with pytest.raises(UnicodeEncodeError):
        openapi_dumps(kwargs["messages"])
    with pytest.raises(UnicodeEncodeError):
        _request(kwargs)


def test_answers_arriving_together_let_every_freed_slot_send_before_any_is_parsed() -> None:
    """Two requests hold the two slots, two more wait; both answers arrive at once. The
    waiting requests are both sent before either answer goes on to be parsed (and, in a
    batch, checked and written): with the answers handled first, the second request
    waited for the first answer's handling."""
    model = HeldAnswers(held={"a", "b"})
    order = model.order

    async def scenario() -> None:
        http = model.client()
        create = _async_create(openai.AsyncOpenAI(base_url="http://model/v1", api_key="k", http_client=http))
        slots = asyncio.Semaphore(2)

        async def call(name: str) -> None:
            _SLOTS.set(slots)  # as LLM.acall sets it, in this task's own context
            await create(model=name, messages=[{"role": "user", "content": "x"}])
            order.append(f"parsed {name}")

        calls = [asyncio.create_task(call(name)) for name in "abcd"]
        while len(order) < 2:
            await asyncio.sleep(0.01)
        model.release()
        await asyncio.gather(*calls)
        await http.aclose()

    asyncio.run(scenario())
    assert ["sent a", "sent b"] == sorted(order[:2])
    assert {"sent c", "sent d"} == set(order[2:4]), order
