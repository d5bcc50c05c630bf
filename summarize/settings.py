"""The only module that reads the environment: every setting, decided in one place.

Precedence for each setting: explicit argument > environment variable > default. With
nothing set, the summarizer runs the embedded local model. A remote server is used only
when a base URL is given (``OPENAI_BASE_URL`` or ``base_url=``): an ``OPENAI_API_KEY``
alone never sends articles anywhere, so a key left in a shell cannot surprise anyone
with a bill.

=========================  ===========================  ==============================
setting                    environment variable         default
=========================  ===========================  ==============================
base_url                   OPENAI_BASE_URL              None: the embedded local model
api_key                    OPENAI_API_KEY               none (not needed locally)
model                      SUMMARIZE_MODEL              local: the model's name;
                                                        OpenAI: gpt-4o-mini
local_model                SUMMARIZE_LOCAL_MODEL        qwen2.5-coder-1.5b (or a path)
mode                       SUMMARIZE_MODE               json_object locally, else json_schema
max_reasks                 SUMMARIZE_MAX_REASKS         2
max_transport_retries      SUMMARIZE_TRANSPORT_RETRIES  4
transport_deadline         SUMMARIZE_TRANSPORT_DEADLINE 300 s remote, 1200 s local, retries included
timeout                    SUMMARIZE_TIMEOUT            120 s per request remote, 600 s local
temperature                SUMMARIZE_TEMPERATURE        0.0
reask_temperature          SUMMARIZE_REASK_TEMPERATURE  0.5 (at least; for re-asks)
max_tokens                 SUMMARIZE_MAX_TOKENS         768
strict_numbers             SUMMARIZE_STRICT             false
sort_names                 SUMMARIZE_SORT_NAMES         true (one more call when names are listed)
cache_dir                  SUMMARIZE_CACHE_DIR          $XDG_CACHE_HOME/summarize
n_ctx                      SUMMARIZE_N_CTX              8192 (local model context window)
context_window             SUMMARIZE_CONTEXT_WINDOW     n_ctx locally; remote: none (no splitting)
=========================  ===========================  ==============================
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, SecretStr

from summarize.errors import ConfigError

__all__ = ["Mode", "Settings", "resolve_settings"]

Mode = Literal["json_schema", "json_object"]

_OPENAI_DEFAULT_MODEL = "gpt-4o-mini"


class Settings(BaseModel):
    """Every setting, resolved. Build it with ``resolve_settings``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str | None
    api_key: SecretStr | None
    model: str | None
    local_model: str
    mode: Mode
    max_reasks: int
    max_transport_retries: int
    transport_deadline: float
    timeout: float
    temperature: float
    reask_temperature: float
    max_tokens: int
    strict_numbers: bool
    sort_names: bool
    cache_dir: Path
    n_ctx: int
    context_window: int | None

    def secrets(self) -> tuple[str, ...]:
        """Values that must never be written anywhere (the API key), for scrubbing."""
        return (self.api_key.get_secret_value(),) if self.api_key else ()

    @property
    def is_local(self) -> bool:
        """True when the embedded local model serves the requests."""
        return self.base_url is None


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{raw!r} is not a boolean (use true or false)")


def _mode(raw: str) -> Mode:
    if raw == "json_schema":
        return "json_schema"
    if raw == "json_object":
        return "json_object"
    raise ValueError(f"{raw!r} is not a mode (use json_schema or json_object)")


def _nonneg_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError(f"{value} is negative")
    return value


def _pos_float(raw: str) -> float:
    value = float(raw)
    if value <= 0:
        raise ValueError(f"{value} is not positive")
    return value


def _default_cache(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarize"


# name: (environment variable, parser of the environment's string)
_ENV: dict[str, tuple[str, Callable[[str], Any]]] = {
    "base_url": ("OPENAI_BASE_URL", str),
    "api_key": ("OPENAI_API_KEY", str),
    "model": ("SUMMARIZE_MODEL", str),
    "local_model": ("SUMMARIZE_LOCAL_MODEL", str),
    "mode": ("SUMMARIZE_MODE", _mode),
    "max_reasks": ("SUMMARIZE_MAX_REASKS", _nonneg_int),
    "max_transport_retries": ("SUMMARIZE_TRANSPORT_RETRIES", _nonneg_int),
    "transport_deadline": ("SUMMARIZE_TRANSPORT_DEADLINE", _pos_float),
    "timeout": ("SUMMARIZE_TIMEOUT", _pos_float),
    "temperature": ("SUMMARIZE_TEMPERATURE", float),
    "reask_temperature": ("SUMMARIZE_REASK_TEMPERATURE", float),
    "max_tokens": ("SUMMARIZE_MAX_TOKENS", int),
    "strict_numbers": ("SUMMARIZE_STRICT", _bool),
    "sort_names": ("SUMMARIZE_SORT_NAMES", _bool),
    "cache_dir": ("SUMMARIZE_CACHE_DIR", Path),
    "n_ctx": ("SUMMARIZE_N_CTX", int),
    "context_window": ("SUMMARIZE_CONTEXT_WINDOW", int),
}

_DEFAULTS: dict[str, Any] = {
    "base_url": None,
    "api_key": None,
    "model": None,
    "local_model": "qwen2.5-coder-1.5b",
    "mode": None,
    "max_reasks": 2,
    "max_transport_retries": 4,
    "transport_deadline": None,
    "timeout": None,
    "temperature": 0.0,
    "reask_temperature": 0.5,
    "max_tokens": 768,
    "strict_numbers": False,
    "sort_names": True,
    "n_ctx": 8192,
    "context_window": None,
}


def resolve_settings(env: Mapping[str, str] | None = None, **explicit: Any) -> Settings:
    """Decide every setting: explicit keyword > environment > default.

    ``explicit`` values of None count as not given. Unknown names and unparseable
    values raise ``ConfigError`` naming the setting and how to fix it.
    """
    env = os.environ if env is None else env
    unknown = sorted(set(explicit) - set(_ENV))
    if unknown:
        raise ConfigError(
            f"unknown setting(s): {', '.join(unknown)}; known: {', '.join(sorted(_ENV))}",
            setting=unknown[0],
        )
    values: dict[str, Any] = {}
    for name, (var, parse) in _ENV.items():
        given = explicit.get(name)
        if given is not None:
            values[name] = given
            continue
        raw = env.get(var)
        if raw is not None and raw != "":
            try:
                values[name] = parse(raw)
            except ValueError as exc:
                raise ConfigError(f"{var}={raw!r} is invalid: {exc}", setting=name) from None
        elif name == "cache_dir":
            values[name] = _default_cache(env)
        else:
            values[name] = _DEFAULTS[name]
    return _complete(values)


def _complete(values: dict[str, Any]) -> Settings:
    base_url = values["base_url"]
    if base_url is not None:
        parsed = urlparse(base_url)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise ConfigError(
                f"base URL {base_url!r} is not an http(s) URL; set OPENAI_BASE_URL to e.g. "
                "https://api.openai.com/v1 or http://localhost:11434/v1",
                setting="base_url",
            )
        is_openai = parsed.hostname == "api.openai.com"
        if is_openai and not values["api_key"]:
            raise ConfigError(
                "OpenAI needs an API key: set OPENAI_API_KEY (or pass api_key=...)",
                setting="api_key",
            )
        if values["model"] is None:
            if not is_openai:
                raise ConfigError(
                    f"no model named for {base_url}: set SUMMARIZE_MODEL to a model that "
                    "server serves (or pass --model)",
                    setting="model",
                )
            values["model"] = _OPENAI_DEFAULT_MODEL
    if values["mode"] is None:
        values["mode"] = "json_object" if base_url is None else "json_schema"
    # A CPU model answering a long article, behind another request, needs minutes; a
    # request it times out on keeps it busy anyway, so waiting beats retrying.
    if values["timeout"] is None:
        values["timeout"] = 600.0 if base_url is None else 120.0
    if values["transport_deadline"] is None:
        values["transport_deadline"] = 1200.0 if base_url is None else 300.0
    if values["api_key"] is not None and not isinstance(values["api_key"], SecretStr):
        values["api_key"] = SecretStr(str(values["api_key"]))
    for name in ("timeout", "transport_deadline"):
        if values[name] <= 0:
            raise ConfigError(f"{name} must be positive, got {values[name]}", setting=name)
    return Settings(**values)
