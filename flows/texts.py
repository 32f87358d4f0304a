"""Every sentence a person reads, by key, in Dutch and English (content/texts/*.toml).

Effects carry a `Text` (key plus parameters); only the shell renders it, in the language of
the group or of the user. Nothing here knows about Slack.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Text:
    """A text key with its parameters, rendered later in someone's language."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


def t(key: str, **params: Any) -> Text:
    return Text(key, params)


def language_for_locale(locale: str | None) -> str:
    """Dutch for a Slack locale like `nl-NL` or `nl-BE`, English for everything else."""
    if locale and locale.lower().replace("_", "-").split("-")[0] == "nl":
        return "nl"
    return DEFAULT_LANGUAGE


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, key + "."))
        elif isinstance(value, str):
            flat[key] = value
        else:
            raise ValueError(f"text {key!r} must be a string, not {type(value).__name__}")
    return flat


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """All texts of one language, keys flattened with dots (`help.title`)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    source = resources.files("flows").joinpath("content", "texts", f"{language}.toml")
    return _flatten(tomllib.loads(source.read_text(encoding="utf-8")))


def placeholders(template: str) -> frozenset[str]:
    """The `{name}` placeholders a template expects."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


PLURAL_FORMS = ("one", "other")


def plural_keys(language: str) -> set[str]:
    """Keys written as plural forms (`key.one`, `key.other`), chosen by their `count`."""
    return {key.rsplit(".", 1)[0] for key in catalogue(language) if key.endswith(".other")}


def template_for(language: str, text: Text) -> str:
    """The template of `text`; for a plural key the form that fits its `count` (Dutch and
    English both say "1 bijdrage", "0 bijdragen", "2 bijdragen")."""
    texts = catalogue(language)
    if text.key in texts:
        return texts[text.key]
    if f"{text.key}.other" not in texts:
        raise KeyError(text.key)
    form = "one" if text.params.get("count") == 1 else "other"
    return texts[f"{text.key}.{form}"]


def render(language: str, text: Text | str, **params: Any) -> str:
    """The text in `language`; a nested `Text` parameter is rendered in the same language."""
    if isinstance(text, str):
        text = Text(text, params)
    template = template_for(language, text)
    values = {
        name: render(language, value) if isinstance(value, Text) else value
        for name, value in text.params.items()
    }
    return template.format_map(values)
