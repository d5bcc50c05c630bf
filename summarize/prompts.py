"""Loading and rendering the prompt templates in ``prompts/``.

Templates are Jinja2 with ``StrictUndefined``: a variable the caller did not pass is an
error naming it, never an empty string sent to the model. The prompt version is a hash
of the template files, so results record exactly which prompt produced them without
anyone remembering to bump a number.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from summarize.article import Article
from summarize.errors import ConfigError
from summarize.schema import ArticleSummary, KeyFigure

__all__ = ["Message", "data_dir", "prompt_version", "render_messages", "render_reask", "render_sort_names"]

Message = dict[str, str]

_TEMPLATES = ("system.j2", "user.j2", "reask.j2", "sort_names.j2")


def data_dir(name: str) -> Path:
    """The ``prompts`` or ``schemas`` directory: inside the installed package, else the repo."""
    packaged = Path(__file__).parent / name
    if packaged.is_dir():
        return packaged
    # An editable install or a source checkout keeps them at the repository root.
    return Path(__file__).parent.parent / name


@functools.cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("prompts"))),
        undefined=jinja2.StrictUndefined,
        # Rendered messages end without a newline, the form the recorded cassettes hold.
        keep_trailing_newline=False,
        autoescape=False,  # noqa: S701 - the output is a prompt, not HTML
        # Loaded once, as ``prompt_version`` hashes them once: a template edited while a
        # batch runs must not change its prompts under the version its results record.
        # It also spares a stat of the file on every article.
        auto_reload=False,
    )


def _render(template: str, **variables: Any) -> str:
    import jinja2

    try:
        return str(_environment().get_template(template).render(**variables))
    except jinja2.UndefinedError as exc:
        raise ConfigError(f"prompt template {template}: {exc.message}") from None
    except jinja2.TemplateNotFound:
        raise ConfigError(f"prompt template {template} not found in {data_dir('prompts')}") from None


@functools.cache
def prompt_version() -> str:
    """A short hash of the template files: changes whenever a prompt changes."""
    digest = hashlib.sha256()
    for name in _TEMPLATES:
        digest.update((data_dir("prompts") / name).read_bytes())
    return digest.hexdigest()[:12]


def _field_descriptions(model: type[Any]) -> list[tuple[str, str]]:
    return [(name, field.description or "") for name, field in model.model_fields.items()]


@functools.cache
def _system_prompt() -> str:
    return _render(
        "system.j2",
        fields=_field_descriptions(ArticleSummary),
        figure_fields=_field_descriptions(KeyFigure),
    )


def render_messages(article: Article) -> list[Message]:
    """The system and user messages for one article."""
    # The article is data: a closing delimiter inside it must not end the data early.
    text = article.text.replace("</article>", "</ article>")
    user = _render(
        "user.j2",
        text=text,
        title=article.title,
        date=article.date.isoformat() if article.date else None,
    )
    return [{"role": "system", "content": _system_prompt()}, {"role": "user", "content": user}]


def render_reask(errors: list[str]) -> str:
    """The user message that asks the model to correct its last answer."""
    return _render("reask.j2", errors=errors)


def render_sort_names(names: tuple[str, ...]) -> str:
    """The user message that asks the model what each of the summary's names is."""
    return _render("sort_names.j2", names=names)
