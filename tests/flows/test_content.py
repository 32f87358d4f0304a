"""Methods, frame and card decks: they load, are complete in both languages, and are ours."""

from __future__ import annotations

import random
import re

import pytest

from flows.cards import Bilingual, Deck, draw, load_decks, shuffled_order
from flows.methods import ContentError, Method, fit_minutes, load_frame, load_methods
from flows.methods import parse_method as parse

METHOD_IDS = {"houvast", "incident", "five_step", "gossip", "mirror", "analytic", "narrative",
              "ten_step", "dominant_ideas", "successes", "dialogue", "image_opinion_decision"}
TARGETS = (60, 90, 120, 180)


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    return load_decks()


@pytest.fixture(scope="module")
def methods(decks: dict[str, Deck]) -> dict[str, Method]:
    return load_methods(decks)


@pytest.fixture(scope="module")
def frame(decks: dict[str, Deck]):
    return load_frame(decks)


def phase_texts(phase) -> list[Bilingual]:
    return [phase.title, phase.prompt, *([phase.rule] if phase.rule else []), *phase.questions]


def all_texts(methods, frame, decks) -> list[Bilingual]:
    texts = [frame.name, *(t for p in frame.phases for t in phase_texts(p))]
    for m in methods.values():
        texts += [m.name, m.summary, m.suits, m.less_suited]
        texts += [t for p in m.phases for t in phase_texts(p)]
    for d in decks.values():
        texts += [d.name, d.usage, *(t.name for t in d.themes), *(c.text for c in d.cards)]
    return texts


def test_all_methods_and_decks_load(methods, decks, frame):
    assert set(methods) == METHOD_IDS
    assert set(decks) == {"reflection", "helping_questions", "checkin", "houvast", "roles"}
    assert [p.id for p in frame.before] == ["checkin", "look_back", "sharpen"]
    assert [p.id for p in frame.after] == ["closing", "look_ahead"]


def test_every_text_is_there_in_both_languages(methods, frame, decks):
    texts = all_texts(methods, frame, decks)
    assert len(texts) > 300
    for text in texts:
        assert text.nl.strip() and text.en.strip(), text
        assert text.get("nl") == text.nl and text.get("en") == text.en


def test_ids_are_unique(methods, frame, decks):
    for m in [*methods.values(), frame]:
        ids = [p.id for p in m.phases]
        assert len(ids) == len(set(ids)), ids
    for d in decks.values():
        assert len({c.id for c in d.cards}) == len(d.cards)
        assert len(set(d.theme_ids)) == len(d.themes)


def test_decks_and_themes_referenced_by_phases_exist(methods, frame, decks):
    phases = [p for m in methods.values() for p in m.phases] + list(frame.phases)
    used = [p for p in phases if p.deck]
    for p in used or pytest.fail("no phase uses a deck"):
        assert p.deck in decks, p.id
        assert set(p.deck_themes) <= set(decks[p.deck].theme_ids), p.id


def test_minutes_sum_to_the_default(methods, frame):
    for m in [*methods.values(), frame]:
        assert sum(p.minutes for p in m.phases) == m.default_minutes
        assert all(1 <= p.min_minutes <= p.minutes for p in m.phases)


@pytest.mark.parametrize("target", TARGETS)
def test_fit_sums_exactly_and_keeps_minimums(methods, frame, target):
    for m in methods.values():
        fitted = m.fit(target)
        assert sum(fitted) == target, m.id
        assert all(type(n) is int for n in fitted)
        assert all(n >= p.min_minutes for n, p in zip(fitted, m.phases, strict=True)), m.id
    assert sum(frame.fit(target // 3)) == target // 3


def test_fit_is_pure_and_proportional(methods):
    ten = methods["ten_step"]
    assert ten.fit(ten.default_minutes) == tuple(p.minutes for p in ten.phases)
    assert ten.fit(180) == ten.fit(180) == tuple(2 * p.minutes for p in ten.phases)
    squeezed = ten.fit(sum(p.min_minutes for p in ten.phases))
    assert squeezed == tuple(p.min_minutes for p in ten.phases)
    with pytest.raises(ValueError):
        ten.fit(sum(p.min_minutes for p in ten.phases) - 1)
    assert sum(fit_minutes(ten.phases, 61)) == 61


def test_ten_step_has_ten_steps_with_rating_in_steps_3_and_7(methods):
    phases = methods["ten_step"].phases
    assert len(phases) == 10
    rated = [i for i, p in enumerate(phases, 1) if p.rating]
    assert rated == [3, 7]
    assert phases[1].collects == "question" and "case_bringer" in phases[1].silent
    assert phases[2].rating == "cold_warm_neutral" and phases[2].rates == "question"
    assert phases[2].speaks == ("case_bringer",)
    assert phases[5].collects == "redefinition"
    assert "Mijn probleem is" in phases[5].title.nl and "My problem is" in phases[5].title.en
    assert phases[6].rates == "redefinition" and phases[6].collects == "redefinition"
    assert phases[6].speaks == ("case_bringer",)


def test_houvast_rounds(methods):
    houvast = methods["houvast"]
    assert len(houvast.phases) == 5 and houvast.cases_per_meeting == 2
    assert houvast.meeting_minutes == 90  # two cases of 45 minutes
    clarify, ideas, apply = houvast.phases[1], houvast.phases[3], houvast.phases[4]
    assert clarify.rule and "advies" in clarify.rule.nl and clarify.deck == "houvast"
    assert ideas.collects == "idea" and ideas.per_person == (1, 2)
    assert ideas.silent == ("case_bringer",)
    assert apply.chooses == "idea" and apply.collects == "action"


def test_other_method_facts(methods):
    factors = methods["successes"].phases[1]
    assert factors.factor_split == ("own_action", "environment") and factors.rule
    dominant = methods["dominant_ideas"].phases
    assert dominant[2].collects == "dominant_idea" and "case_bringer" in dominant[2].silent
    assert dominant[3].marks == "dominant_idea"
    gossip = methods["gossip"].phases[1]
    assert gossip.steps_out and "case_bringer" in gossip.silent
    dialogue = " ".join(p.title.en for p in methods["dialogue"].phases).lower()
    for stage in ("theme", "example", "hot spot", "rules", "principles"):
        assert stage in dialogue
    decision = methods["image_opinion_decision"].phases[-1]
    assert decision.collects == "action" and "who does what" in decision.prompt.en


def test_deck_themes(decks):
    reflection, helping = decks["reflection"], decks["helping_questions"]
    assert reflection.theme_ids == (
        "emotional", "perspective", "leadership", "alternatives", "future")
    assert helping.theme_ids == (
        "clarifying", "widening_perspective", "feelings_values", "self_awareness",
        "solution_focused", "group_reflection", "closing")
    assert decks["houvast"].theme_ids == ("own_direction", "equality")
    assert set(decks["roles"].theme_ids) == {
        "case_bringer", "facilitator", "question_asker", "reflector", "note_taker"}
    least = {"reflection": 6, "helping_questions": 5, "houvast": 8, "roles": 4}
    for deck_id, n in least.items():
        for theme in decks[deck_id].theme_ids:
            assert len(decks[deck_id].cards_in(theme)) >= n, (deck_id, theme)
    assert len(decks["checkin"].cards) >= 12


def draw_all(deck: Deck, order, n: int, theme=None):
    drawn, cards, flags = (), [], []
    for _ in range(n):
        result = draw(deck, order, drawn, theme)
        drawn = result.drawn_ids
        cards.append(result.card.id)
        flags.append(result.reshuffled)
    return cards, flags


def test_draw_has_no_repeats_until_exhausted_then_starts_over(decks):
    deck = decks["reflection"]
    order = shuffled_order(deck, random.Random(42))
    assert sorted(order) == sorted(c.id for c in deck.cards)
    n = len(deck.cards)
    cards, flags = draw_all(deck, order, n + 1)
    assert len(set(cards[:n])) == n and not any(flags[:n])
    assert cards[:n] == list(order)
    assert flags[n] and cards[n] == order[0]
    stale = ("gone", *order[1:])  # a card left the deck, another was added since
    assert sorted(draw_all(deck, stale, n)[0]) == sorted(c.id for c in deck.cards)


def test_draw_honours_theme(decks):
    deck = decks["helping_questions"]
    order = shuffled_order(deck, random.Random(42))
    size = len(deck.cards_in("closing"))
    cards, flags = draw_all(deck, order, size + 1, theme="closing")
    assert all(deck.card(c).theme == "closing" for c in cards)
    assert len(set(cards[:size])) == size and flags == [False] * size + [True]
    other = draw(deck, order, cards[:2], theme="clarifying")
    assert other.card.theme == "clarifying" and other.drawn_ids[:2] == tuple(cards[:2])
    with pytest.raises(ValueError):
        draw(deck, order, (), theme="nope")


def test_shuffle_is_deterministic_for_a_seed(decks):
    for deck in decks.values():
        first = shuffled_order(deck, random.Random(42))
        assert first == shuffled_order(deck, random.Random(42))
        assert draw_all(deck, first, 5) == draw_all(deck, first, 5)
    reflection = decks["reflection"]
    assert shuffled_order(reflection, random.Random(1)) != shuffled_order(
        reflection, random.Random(2))


def test_content_errors_name_file_and_field(methods):
    good = {"id": "x", "source": "001", "default_minutes": 5,
            **{k: {"nl": "a", "en": "b"} for k in ("name", "summary", "suits", "less_suited")},
            "phases": [{"id": "p", "minutes": 5, "min_minutes": 1, "speaks": ["group"],
                        "title": {"nl": "a", "en": "b"}, "prompt": {"nl": "a", "en": "b"}}]}
    assert parse(good, "methods/x.toml", "x").phases[0].id == "p"
    bad_cases = [
        ({"default_minutes": 6}, "default_minutes"),
        ({"summary": {"nl": "a"}}, "summary.en"),
        ({"colour": "red"}, "colour"),
        ({"phases": [{**good["phases"][0], "rates": "question", "rating": "cold_warm_neutral"}]},
         "phases[0].rates"),
        ({"phases": [{**good["phases"][0], "speaks": ["nobody"]}]}, "phases[0].speaks"),
    ]
    for change, field in bad_cases:
        with pytest.raises(ContentError, match=re.escape(f"methods/x.toml: {field}")):
            parse({**good, **change}, "methods/x.toml", "x")
