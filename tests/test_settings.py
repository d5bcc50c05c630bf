"""Settings precedence and the errors for wrong settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from summarize.errors import ConfigError
from summarize.settings import resolve_settings


@pytest.mark.parametrize(
    ("env", "explicit", "field", "expected"),
    [
        ({}, {}, "base_url", None),
        ({}, {}, "mode", "json_object"),
        ({}, {}, "max_reasks", 2),
        ({}, {}, "timeout", 600.0),
        ({"OPENAI_BASE_URL": "http://x:1/v1", "SUMMARIZE_MODEL": "m"}, {}, "timeout", 120.0),
        ({"SUMMARIZE_TIMEOUT": "30"}, {}, "timeout", 30.0),
        ({"SUMMARIZE_MAX_REASKS": "5"}, {}, "max_reasks", 5),
        ({"SUMMARIZE_MAX_REASKS": "5"}, {"max_reasks": 1}, "max_reasks", 1),
        ({"SUMMARIZE_STRICT": "yes"}, {}, "strict_numbers", True),
        ({}, {}, "sort_names", True),
        ({"SUMMARIZE_SORT_NAMES": "false"}, {}, "sort_names", False),
        ({"SUMMARIZE_SORT_NAMES": "false"}, {"sort_names": True}, "sort_names", True),
        ({"OPENAI_BASE_URL": "http://localhost:8000/v1", "SUMMARIZE_MODEL": "m"}, {}, "mode", "json_schema"),
        ({"OPENAI_BASE_URL": "http://x:1/v1", "SUMMARIZE_MODEL": "m", "SUMMARIZE_MODE": "json_object"}, {},
         "mode", "json_object"),
        ({"OPENAI_BASE_URL": "https://api.openai.com/v1", "OPENAI_API_KEY": "sk-x"}, {}, "model", "gpt-4o-mini"),
        ({"OPENAI_API_KEY": "sk-abc"}, {}, "base_url", None),
        ({"XDG_CACHE_HOME": "/c"}, {}, "cache_dir", Path("/c/summarize")),
        ({"SUMMARIZE_CACHE_DIR": "/d"}, {}, "cache_dir", Path("/d")),
    ],
)
def test_precedence(env: dict[str, str], explicit: dict[str, Any], field: str, expected: Any) -> None:
    """Explicit beats environment beats default; a key alone never picks a remote server."""
    assert expected == getattr(resolve_settings(env, **explicit), field)


@pytest.mark.parametrize(
    ("env", "explicit", "message"),
    [
        ({"SUMMARIZE_MAX_REASKS": "many"}, {}, "SUMMARIZE_MAX_REASKS='many' is invalid"),
        ({"SUMMARIZE_MAX_REASKS": "-1"}, {}, "is negative"),
        ({"SUMMARIZE_STRICT": "maybe"}, {}, "not a boolean"),
        ({"SUMMARIZE_MODE": "tools"}, {}, "use json_schema or json_object"),
        ({"OPENAI_BASE_URL": "https://api.openai.com/v1"}, {}, "set OPENAI_API_KEY"),
        ({"OPENAI_BASE_URL": "http://localhost:11434/v1"}, {}, "set SUMMARIZE_MODEL"),
        ({"OPENAI_BASE_URL": "localhost:11434"}, {}, "not an http(s) URL"),
        ({}, {"colour": "blue"}, "unknown setting(s): colour"),
        ({"SUMMARIZE_TIMEOUT": "0"}, {}, "is not positive"),
    ],
)
def test_bad_settings_say_how_to_fix_them(env: dict[str, str], explicit: dict[str, Any], message: str) -> None:
    """Each wrong setting is a ConfigError whose message names the fix."""
    with pytest.raises(ConfigError) as info:
        resolve_settings(env, **explicit)
    assert message in str(info.value)


def test_api_key_is_not_in_the_repr() -> None:
    """The key is a SecretStr: printing settings never shows it."""
    settings = resolve_settings({"OPENAI_API_KEY": "sk-PLANTED-abcdefgh"})
    assert "sk-PLANTED" not in repr(settings)
    assert "sk-PLANTED" not in str(settings.model_dump())
