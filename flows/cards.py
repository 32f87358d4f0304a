"""Card decks (kaartensets) as data, drawn without repeats; and the shared TOML content reader.

Reads content/decks/*.toml. Pure: the caller passes the `random.Random` that shuffles and
stores the order; `draw` only walks it. Never touches the module-level random generator.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from flows.texts import LANGUAGES


class ContentError(ValueError):
    """A content file is missing, malformed or inconsistent; the message names file and field."""


@dataclass(frozen=True)
class Bilingual:
    """One sentence written in every language (`nl`, `en`); not a `flows.texts.Text` key."""

    nl: str
    en: str

    def get(self, language: str) -> str:
        if language not in LANGUAGES:
            raise KeyError(language)
        return getattr(self, language)


class TableReader:
    """Reads one TOML table: typed getters, errors naming file and field, unknown keys refused."""

    def __init__(self, data: Any, file: str, path: str = "") -> None:
        if not isinstance(data, dict):
            raise ContentError(f"{file}: {path or 'top level'}: expected a table")
        self.data: dict[str, Any] = data
        self.file, self.path, self._seen = file, path, set()

    def fail(self, key: str, problem: str) -> ContentError:
        return ContentError(f"{self.file}: {self.path + '.' if self.path else ''}{key}: {problem}")

    def get(self, key: str, kind: type, default: Any = ..., choices: Any = None) -> Any:
        self._seen.add(key)
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "missing")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"expected {kind.__name__}, got {type(value).__name__}")
        if isinstance(value, str) and not value.strip():
            raise self.fail(key, "must not be empty")
        if choices is not None and value not in choices:
            raise self.fail(key, f"{value!r} is not one of {sorted(choices)}")
        return value

    def count(self, key: str, default: Any = ..., low: int = 1) -> int:
        value = self.get(key, int, default)
        if value < low:
            raise self.fail(key, f"must be at least {low}")
        return value

    def strs(self, key: str, choices: frozenset[str] | None = None) -> tuple[str, ...]:
        items = self.get(key, list, [])
        if not all(isinstance(item, str) and item.strip() for item in items):
            raise self.fail(key, "expected a list of non-empty strings")
        if (choices is not None and set(items) - choices) or len(set(items)) != len(items):
            raise self.fail(key, f"has duplicates or values not in {sorted(choices or ())}")
        return tuple(items)

    def tables(self, key: str) -> list[TableReader]:
        sub = f"{self.path}.{key}" if self.path else key
        return [TableReader(item, self.file, f"{sub}[{i}]")
                for i, item in enumerate(self.get(key, list, []))]

    def own_text(self, only: bool = False) -> Bilingual:
        """This table's `nl` and `en` strings; with `only`, nothing else may be in the table."""
        text = Bilingual(**{lang: self.get(lang, str).strip() for lang in LANGUAGES})
        if only:
            self.done()
        return text

    def text(self, key: str, optional: bool = False) -> Bilingual | None:
        if optional and key not in self.data:
            return None
        path = f"{self.path}.{key}" if self.path else key
        return TableReader(self.get(key, dict), self.file, path).own_text(only=True)

    def done(self) -> None:
        unknown = sorted(set(self.data) - self._seen)
        if unknown:
            raise self.fail(unknown[0], "unknown field")


def read_content(*parts: str) -> tuple[str, dict[str, Any]]:
    """(file name for errors, parsed data) of one TOML file under flows/content/."""
    name = "/".join(parts)
    try:
        source = resources.files("flows").joinpath("content", *parts)
        return name, tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{name}: {exc}") from exc


def content_files(folder: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(stem, file name for errors, parsed data) for each content/<folder>/*.toml, by name."""
    found = sorted(item.name for item in resources.files("flows").joinpath("content", folder)
                   .iterdir() if item.name.endswith(".toml"))
    if not found:
        raise ContentError(f"{folder}/: no .toml files")
    return [(name.removesuffix(".toml"), *read_content(folder, name)) for name in found]


@dataclass(frozen=True)
class Theme:
    """A theme or kind of cards within a deck (thema, soort vragen)."""

    id: str
    name: Bilingual


@dataclass(frozen=True)
class Card:
    """One card (kaart): a question or prompt; `theme` is None in a deck without themes."""

    id: str
    theme: str | None
    text: Bilingual


@dataclass(frozen=True)
class Deck:
    """A deck (kaartenset): reflection cards, helping questions, check-in questions…"""

    id: str
    source: str
    name: Bilingual
    usage: Bilingual
    themes: tuple[Theme, ...]
    cards: tuple[Card, ...]

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(theme.id for theme in self.themes)

    def card(self, card_id: str) -> Card:
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    def cards_in(self, theme: str | None) -> tuple[Card, ...]:
        return tuple(card for card in self.cards if theme is None or card.theme == theme)


def parse_deck(data: dict[str, Any], file: str, stem: str) -> Deck:
    r = TableReader(data, file)
    if r.get("id", str) != stem:
        raise r.fail("id", f"must equal the file name {stem!r}")
    themes = []
    for t in r.tables("themes"):
        themes.append(Theme(t.get("id", str), t.text("name")))
        t.done()
    theme_ids = {theme.id for theme in themes}
    cards = []
    for c in r.tables("cards"):
        theme = c.get("theme", str, None, theme_ids) if theme_ids else None
        if theme_ids and theme is None:
            raise c.fail("theme", "missing")
        cards.append(Card(c.get("id", str), theme, c.own_text(only=True)))
    deck = Deck(id=stem, source=r.get("source", str), name=r.text("name"),
                usage=r.text("usage"), themes=tuple(themes), cards=tuple(cards))
    if len(theme_ids) != len(themes):
        raise r.fail("themes", "theme ids must be unique")
    if not cards or len({card.id for card in cards}) != len(cards):
        raise r.fail("cards", "needs cards, each with its own id")
    empty = [theme for theme in deck.theme_ids if not deck.cards_in(theme)]
    if empty:
        raise r.fail("themes", f"theme {empty[0]!r} has no cards")
    r.done()
    return deck


def load_decks() -> dict[str, Deck]:
    """Every deck by id."""
    return {stem: parse_deck(data, name, stem) for stem, name, data in content_files("decks")}


@dataclass(frozen=True)
class Drawn:
    """A drawn card, the drawn ids to store next, and whether the theme started over."""

    card: Card
    drawn_ids: tuple[str, ...]
    reshuffled: bool


def shuffled_order(deck: Deck, rng: random.Random) -> tuple[str, ...]:
    """A new order of all card ids, shuffled with the caller's generator (store it)."""
    ids = [card.id for card in deck.cards]
    rng.shuffle(ids)
    return tuple(ids)


def draw(deck: Deck, order: Sequence[str], drawn_ids: Collection[str],
         theme: str | Collection[str] | None = None) -> Drawn:
    """The next card of `theme` (one theme, several, or any if None) in the stored `order`,
    skipping drawn ones.

    When every fitting card was drawn, start over at the top of the same order: their ids
    leave `drawn_ids` and `reshuffled` is True. Ids in `order` that are no longer in the deck
    are skipped; cards missing from `order` (added later) come last.
    """
    themes = (theme,) if isinstance(theme, str) else tuple(theme or ())
    unknown = sorted(set(themes) - set(deck.theme_ids))
    if unknown:
        raise ValueError(f"deck {deck.id!r} has no theme {unknown[0]!r}")
    fitting = {card.id: card for card in deck.cards if not themes or card.theme in themes}
    walk = [i for i in dict.fromkeys(order) if i in fitting]
    walk += [i for i in fitting if i not in set(walk)]
    drawn = tuple(dict.fromkeys(drawn_ids))
    for card_id in walk:
        if card_id not in drawn:
            return Drawn(fitting[card_id], (*drawn, card_id), reshuffled=False)
    kept = tuple(i for i in drawn if i not in fitting)
    return Drawn(fitting[walk[0]], (*kept, walk[0]), reshuffled=True)
