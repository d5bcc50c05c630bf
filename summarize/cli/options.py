"""The model options shared by every command that calls a model.

Each option defaults to None, meaning "not given here": ``summarize.settings`` then takes
the environment variable, then the default, so the CLI never decides a setting itself.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar

import click

__all__ = ["cassette_options", "model_options", "recording", "settings_from"]

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS = [
    click.option("--model", default=None, help="Model name on the server [env SUMMARIZE_MODEL]."),
    click.option("--base-url", default=None,
                 help="OpenAI-compatible server, e.g. https://api.openai.com/v1 [env OPENAI_BASE_URL]. "
                 "Default: the embedded local model."),
    click.option("--local-model", default=None,
                 help="Embedded model name (qwen2.5-coder-1.5b, qwen2.5-coder-0.5b) or a .gguf path "
                 "[env SUMMARIZE_LOCAL_MODEL]."),
    click.option("--max-reasks", type=click.IntRange(min=0), default=None,
                 help="Re-asks after invalid output or ungrounded numbers [env SUMMARIZE_MAX_REASKS; 2]."),
    click.option("--strict/--no-strict", "strict_numbers", default=None,
                 help="Fail (exit 3) when numbers stay ungrounded [env SUMMARIZE_STRICT]."),
    click.option("--sort-names/--no-sort-names", "sort_names", default=None,
                 help="Ask the model once more which list each listed name belongs in "
                 "[env SUMMARIZE_SORT_NAMES; on]."),
    click.option("--temperature", type=float, default=None,
                 help="Sampling temperature [env SUMMARIZE_TEMPERATURE; 0]."),
    click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
                 help="Seconds per model request [env SUMMARIZE_TIMEOUT; 120]."),
]


def model_options(func: F) -> F:
    """Add the model options to a click command."""
    for option in reversed(_OPTIONS):
        func = option(func)
    return func


def settings_from(options: dict[str, Any]) -> dict[str, Any]:
    """The options given on the command line, as keyword arguments for ``Summarizer``."""
    names = ("model", "base_url", "local_model", "max_reasks", "strict_numbers", "sort_names", "temperature",
             "timeout")
    return {name: options[name] for name in names if options.get(name) is not None}


def cassette_options(func: F) -> F:
    """Add --cassette and --record-mode to a click command."""
    func = click.option("--record-mode", type=click.Choice(["none", "once", "new_episodes", "all"]),
                        default="none", show_default=True, help="Cassette record mode.")(func)
    return click.option("--cassette", type=click.Path(dir_okay=False), default=None,
                        help="Record model traffic to, or replay it from, this vcrpy cassette.")(func)


def recording(cassette: str | None, record_mode: str, settings: Any) -> AbstractContextManager[Any]:
    """The cassette to record to or replay from, with the key in use scrubbed; or nothing."""
    if not cassette:
        return nullcontext()
    from summarize.cassette import use_cassette

    return use_cassette(cassette, record_mode, secrets=settings.secrets())  # type: ignore[arg-type]
