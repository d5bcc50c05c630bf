"""GroundedStr: an application's own pydantic model gets the number check, and instructor's re-asks."""

from __future__ import annotations

import json
import re
from typing import Any

import instructor
import openai
import pytest
from pydantic import BaseModel, ValidationError

import summarize
from summarize.article import parse_text
from summarize.fake_server import FakeServer, Reply, serve
from summarize.grounded import GroundedStr, grounded_numbers

from conftest import SEED

ARTICLE = SEED.read_text(encoding="utf-8")


class Brief(BaseModel):
    """An application's schema, not ours."""

    title: GroundedStr
    points: list[GroundedStr]


def brief(title: str, *points: str) -> dict[str, Any]:
    return {"title": title, "points": list(points)}


@pytest.mark.parametrize(
    ("data", "flagged"),
    [
        (brief("US hands over $347 million of equipment", "300 troops left"), {}),
        (brief("US hands Iraq its eighth base", "Over 90 million rounds handed over"), {}),
        (brief("No number at all", ""), {}),
        (brief("US hands over $347 billion of equipment", "300 troops left"), {("title",): ["$347 billion"]}),
        (brief("The base is handed over", "300 troops left", "700 troops left"), {("points", 1): ["700"]}),
        (brief("US hands over $347 billion", "$347 million and 700 troops"),
         {("title",): ["$347 billion"], ("points", 0): ["700"]}),
    ],
)
def test_fields_with_unsupported_numbers_fail_validation(data: dict[str, Any], flagged: dict[Any, list[str]]) -> None:
    """Each field is checked on its own; an unsupported number fails its field, with its
    path, and names the number; supported ones pass."""
    errors: list[Any] = []
    try:
        Brief.model_validate(data, context={"article": ARTICLE})
    except ValidationError as error:
        errors = error.errors()
    assert flagged == {e["loc"]: [n["text"] for n in e["ctx"]["numbers"]] for e in errors}
    assert {"ungrounded_numbers"} >= {e["type"] for e in errors}


def test_the_message_names_the_number_why_and_the_nearest_figures() -> None:
    """The message is what instructor re-asks with: the number, why, the article's nearest."""
    with pytest.raises(ValidationError) as caught:
        Brief.model_validate_json(json.dumps(brief("US hands over $347 billion")), context={"article": ARTICLE})
    error = caught.value.errors()[0]
    assert error["msg"].startswith(
        "numbers not in the article: '$347 billion' (scale differs from $347 million; "
        "nearest article figures: '$347 million'")
    assert error["ctx"]["numbers"][0]["explanation"] == "scale differs from $347 million"


def test_an_article_object_is_read_as_its_text() -> None:
    article = parse_text(ARTICLE)
    assert Brief.model_validate(brief("$347 million", "300 troops"), context={"article": article}).points == [
        "300 troops"]


@pytest.mark.parametrize(
    ("context", "message"),
    [
        (None, "the validation context is NoneType"),
        ({}, "context['article'] is NoneType"),
        ({"article": b"bytes"}, "context['article'] is bytes"),
        ({"text": ARTICLE}, "context['article'] is NoneType"),
    ],
)
def test_no_article_is_a_type_error_not_a_reask(context: dict[str, Any] | None, message: str) -> None:
    """A missing article is the caller's mistake: a TypeError at once, which instructor
    does not turn into a re-ask of the model."""
    with pytest.raises(TypeError, match=re.escape(message)):
        Brief.model_validate(brief("300 troops"), context=context)


def test_exported() -> None:
    assert summarize.GroundedStr is GroundedStr
    assert summarize.grounded_numbers is grounded_numbers


def test_instructor_reasks_with_the_message_and_returns_the_grounded_answer() -> None:
    """Through instructor against an OpenAI-compatible server: the first answer says
    '$347 billion', the re-ask carries the check's message, the second answer is returned.
    The article goes in as the template variable the README shows, and reaches the server
    as written, braces included.
    The server is the fake (a model that errs on demand); its answers are scripted."""
    article = ARTICLE + "\nThe {{ braces }} and {% marks %} of a page stay as written."
    server = FakeServer()
    server.add(
        Reply(content=json.dumps(brief("US hands over $347 billion", "300 troops left"))),
        Reply(content=json.dumps(brief("US hands over $347 million", "300 troops left"))),
    )
    sent: list[list[dict[str, Any]]] = []
    with serve(server=server) as url:
        client = instructor.from_openai(openai.OpenAI(base_url=url, api_key="unused", max_retries=0),
                                        mode=instructor.Mode.JSON)
        client.on("completion:kwargs", lambda *_, **kwargs: sent.append(json.loads(json.dumps(kwargs["messages"]))))
        result = client.chat.completions.create(
            model="fake", response_model=Brief, max_retries=2, context={"article": article},
            messages=[{"role": "user", "content": "Summarize.\n<article>\n{{ article }}\n</article>"}],
        )
    assert result.title == "US hands over $347 million"
    assert len(sent) == 2
    assert f"<article>\n{article}\n</article>" in sent[0][-1]["content"]  # the README's way in: verbatim
    reask = json.dumps(sent[1][len(sent[0]):])
    assert "numbers not in the article: '$347 billion' (scale differs from $347 million" in reask
