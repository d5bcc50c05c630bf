"""Number grounding for any pydantic model: a field type whose numbers must be the article's.

``summarize.summarize`` checks the numbers of its own ``ArticleSummary``. An application
with a schema of its own gets the same check, and instructor's re-asks, by typing its text
fields ``GroundedStr`` and passing the article as pydantic's validation context::

    class Brief(BaseModel):
        title: GroundedStr
        points: list[GroundedStr]

    brief = client.chat.completions.create(
        model=..., response_model=Brief, max_retries=2,
        messages=[{"role": "user", "content": "Brief this article:\\n{{ article }}"}],
        context={"article": article_text},  # instructor hands it to model_validate
    )

Given a ``context``, instructor also renders every message as a Jinja template with it: the
article goes in as ``{{ article }}``, since pasted into a message an article containing
``{{`` or ``{%`` would be read as template code.

A field with a number the article does not support (``check_numbers``'s ``unsupported``
verdict: not in the article, or with the wrong scale, unit or currency, or moved from
another sentence) fails validation with a ``PydanticCustomError`` of type
``ungrounded_numbers``. Its message names each number, why, and the nearest article
figures: instructor sends it back to the model as the re-ask. Its ``ctx`` carries the
numbers (``ctx["numbers"]``: text, explanation and nearest figures of each) for code that
catches the ``ValidationError``. Supported, approximate and derived numbers pass.

No article in the context is a programming error, not a bad answer, so it raises a
``TypeError`` at once instead of a validation error that would be re-asked. The article's
figures are found once per article text (a small LRU cache), not once per field.

Written here rather than taken from a library because pydantic's own ``AfterValidator``
and validation context are the whole mechanism; the check is ``check_numbers``.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, Final

from pydantic import AfterValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from summarize.article import Article
from summarize.figures import Figure, find_figures
from summarize.grounding import check_numbers

__all__ = ["CONTEXT_KEY", "GroundedStr", "grounded_numbers"]

# The key of the validation context that holds the article.
CONTEXT_KEY: Final = "article"
# Articles whose figures are kept: a batch validates many fields of one article in turn.
_CACHED_ARTICLES: Final = 32


@functools.lru_cache(maxsize=_CACHED_ARTICLES)
def _figures(article: str) -> list[Figure]:
    return find_figures(article)


def _article(info: ValidationInfo) -> str:
    context = info.context
    article = context.get(CONTEXT_KEY) if isinstance(context, dict) else None
    if isinstance(article, Article):
        return article.text
    if isinstance(article, str):
        return article
    where = f"context[{CONTEXT_KEY!r}] is {type(article).__name__}" if isinstance(context, dict) \
        else f"the validation context is {type(context).__name__}"
    given = f"context={{{CONTEXT_KEY!r}: article_text}}"
    raise TypeError(f"GroundedStr checks numbers against an article, but {where}: validate with {given} "
                    f"(instructor: create(..., {given}))")


def grounded_numbers(value: str, info: ValidationInfo) -> str:
    """Return ``value`` when every number in it is supported by the article in the
    validation context (``context={"article": text}``); else raise a ``PydanticCustomError``
    (type ``ungrounded_numbers``) naming each unsupported number and the nearest article
    figures, the message instructor re-asks with. Use it as ``AfterValidator(grounded_numbers)``
    or through ``GroundedStr``."""
    article = _article(info)
    if not value.strip():
        return value
    report = check_numbers(value, article, article_figures=_figures(article))
    unsupported = report.unsupported
    if not unsupported:
        return value
    numbers: list[dict[str, Any]] = [
        {"text": check.text, "explanation": check.explanation, "nearest": [f.text for f in check.nearest]}
        for check in unsupported
    ]
    said = "; ".join(
        f"{number['text']!r} ({number['explanation']}; nearest article figures: "
        f"{', '.join(repr(text) for text in number['nearest']) or 'none'})"
        for number in numbers
    )
    raise PydanticCustomError(
        "ungrounded_numbers",
        "numbers not in the article: {said}. Use the article's own figures, or leave the number out",
        {"said": said, "numbers": numbers},
    )


GroundedStr = Annotated[str, AfterValidator(grounded_numbers)]
GroundedStr.__doc__ = """A ``str`` field whose numbers must be supported by the article passed as
pydantic's validation context: ``context={"article": text}`` (instructor's ``create(...,
context=...)``). See ``summarize.grounded``."""
