"""Intervision methods (methodes) as data: ordered phases with minutes, roles and prompts.

Reads content/methods/*.toml and content/frame.toml with tomllib and validates them on load.
Pure: no clock, no randomness, no I/O beyond the package's own data files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flows.cards import Bilingual, Deck, TableReader, content_files, load_decks, read_content
from flows.cards import ContentError as ContentError

ACTORS = frozenset({"case_bringer", "group", "facilitator", "everyone"})
KINDS = frozenset({"question", "redefinition", "idea", "success_factor", "dominant_idea",
                   "alternative", "factor", "principle", "reflection", "takeaway", "action"})
RATINGS = frozenset({"cold_warm_neutral"})
FACTOR_SPLIT = ("own_action", "environment")


@dataclass(frozen=True)
class Phase:
    """One step, round or phase (stap, ronde, fase) of a method or of the meeting frame.

    `speaks`/`silent` name actors (case_bringer, group, facilitator, everyone). Rating, marking
    and choosing are done by the case bringer, on contributions of a kind collected earlier.
    """

    id: str
    title: Bilingual
    prompt: Bilingual
    minutes: int
    min_minutes: int
    speaks: tuple[str, ...]
    silent: tuple[str, ...] = ()
    rule: Bilingual | None = None
    collects: str | None = None
    per_person: tuple[int, int] | None = None
    writes_first: bool = False
    rating: str | None = None
    rates: str | None = None
    marks: str | None = None
    chooses: str | None = None
    factor_split: tuple[str, ...] = ()
    steps_out: bool = False
    deck: str | None = None
    deck_themes: tuple[str, ...] = ()
    questions: tuple[Bilingual, ...] = ()
    shows: str | None = None  # a kind collected earlier, shown with its ratings (ten-step 4)

    def may_contribute(self, is_case_bringer: bool, is_facilitator: bool = False) -> bool:
        """Whether someone may put something on this phase's flip-over: those who speak.

        The case bringer counts as "case_bringer", everyone else as "group"; the facilitator
        also as "facilitator". Nobody told to be silent adds anything.
        """
        if "everyone" in self.speaks:
            return True
        if is_facilitator and "facilitator" in self.speaks:
            return True
        return ("case_bringer" if is_case_bringer else "group") in self.speaks


def fit_minutes(phases: Sequence[Phase], total_minutes: int) -> tuple[int, ...]:
    """Scale the phases' minutes to `total_minutes`: each ≥ its min_minutes, whole, exact sum."""
    floor = sum(p.min_minutes for p in phases)
    if not phases or total_minutes < floor:
        raise ValueError(f"{total_minutes} minutes is less than the minimum of {floor}")
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(len(phases)) if i not in fixed]
        budget = total_minutes - sum(fixed.values())
        weight = sum(phases[i].minutes for i in free)
        shares = {i: Fraction(budget * phases[i].minutes, weight) for i in free}
        short = [i for i in free if shares[i] < phases[i].min_minutes]
        if not short:
            break
        fixed.update((i, phases[i].min_minutes) for i in short)
    whole = {i: int(share) for i, share in shares.items()} | fixed
    spare = total_minutes - sum(whole.values())
    for i in sorted(free, key=lambda i: (whole[i] - shares[i], i))[:spare]:
        whole[i] += 1
    return tuple(whole[i] for i in range(len(phases)))


@dataclass(frozen=True)
class Method:
    """An intervision method (methode): one run of its phases handles one case."""

    id: str
    source: str
    name: Bilingual
    summary: Bilingual
    suits: Bilingual
    less_suited: Bilingual
    cases_per_meeting: int
    default_minutes: int
    phases: tuple[Phase, ...]

    @property
    def meeting_minutes(self) -> int:
        """Minutes for all cases of a meeting (default_minutes is per case)."""
        return self.default_minutes * self.cases_per_meeting

    def fit(self, total_minutes: int) -> tuple[int, ...]:
        return fit_minutes(self.phases, total_minutes)


@dataclass(frozen=True)
class Frame:
    """The meeting frame around every method: phases `before` and `after` the method(s)."""

    name: Bilingual
    default_minutes: int
    before: tuple[Phase, ...]
    after: tuple[Phase, ...]
    pause: Phase | None = None  # the break of a long meeting (not in default_minutes)

    @property
    def phases(self) -> tuple[Phase, ...]:
        return self.before + self.after

    def fit(self, total_minutes: int) -> tuple[int, ...]:
        return fit_minutes(self.phases, total_minutes)


def _phase(r: TableReader) -> Phase:
    speaks, silent = r.strs("speaks", ACTORS), r.strs("silent", ACTORS)
    if not speaks or set(speaks) & set(silent) or ("everyone" in speaks and silent):
        raise r.fail("speaks", "needs someone who speaks, and nobody both speaking and silent")
    minutes, min_minutes = r.count("minutes"), r.count("min_minutes")
    if min_minutes > minutes:
        raise r.fail("min_minutes", "must not exceed minutes")
    kind = {key: r.get(key, str, None, KINDS)
            for key in ("collects", "rates", "marks", "chooses", "shows")}
    rating = r.get("rating", str, None, RATINGS)
    if (rating is None) != (kind["rates"] is None):
        raise r.fail("rating", "rating and rates go together")
    split = r.strs("factor_split")
    if split and (split != FACTOR_SPLIT or kind["collects"] != "success_factor"):
        raise r.fail("factor_split", f"must be {list(FACTOR_SPLIT)} on a success_factor phase")
    most = r.get("per_person", list, None)
    if most is not None and not (len(most) == 2 and all(type(n) is int for n in most)
                                 and 1 <= most[0] <= most[1] and kind["collects"]):
        raise r.fail("per_person", "expected [least, most] on a phase that collects")
    steps_out = r.get("steps_out", bool, False)
    if steps_out and "case_bringer" not in silent:
        raise r.fail("steps_out", "a case bringer who steps out is silent")
    deck, themes = r.get("deck", str, None), r.strs("deck_themes")
    if themes and deck is None:
        raise r.fail("deck_themes", "needs a deck")
    phase = Phase(
        id=r.get("id", str), title=r.text("title"), prompt=r.text("prompt"), minutes=minutes,
        min_minutes=min_minutes, speaks=speaks, silent=silent, rule=r.text("rule", True),
        per_person=tuple(most) if most else None, rating=rating, factor_split=split,
        writes_first=r.get("writes_first", bool, False), steps_out=steps_out, deck=deck,
        deck_themes=themes, questions=tuple(q.own_text(True) for q in r.tables("questions")),
        **kind)
    r.done()
    return phase


def _phases(r: TableReader, key: str, decks: Mapping[str, Deck] | None) -> tuple[Phase, ...]:
    readers = r.tables(key)
    phases = tuple(_phase(p) for p in readers)
    if not phases:
        raise r.fail(key, "needs at least one phase")
    collected: set[str] = set()
    for p, reader in zip(phases, readers, strict=True):
        if p.id in {q.id for q in phases if q is not p}:
            raise reader.fail("id", f"phase id {p.id!r} is used twice")
        collected |= {p.collects} - {None}
        for field in ("rates", "marks", "chooses", "shows"):
            if getattr(p, field) not in collected | {None}:
                raise reader.fail(field, f"{getattr(p, field)!r} is not collected before")
        if decks is not None and p.deck is not None:
            if p.deck not in decks:
                raise reader.fail("deck", f"no deck {p.deck!r}")
            if set(p.deck_themes) - set(decks[p.deck].theme_ids):
                raise reader.fail("deck_themes", f"not all are themes of {p.deck!r}")
    return phases


def parse_method(data: dict[str, Any], file: str, stem: str,
                 decks: Mapping[str, Deck] | None = None) -> Method:
    """One method from parsed TOML; deck references are checked only if `decks` is given."""
    r = TableReader(data, file)
    if r.get("id", str) != stem:
        raise r.fail("id", f"must equal the file name {stem!r}")
    method = Method(
        id=stem, source=r.get("source", str), name=r.text("name"), summary=r.text("summary"),
        suits=r.text("suits"), less_suited=r.text("less_suited"),
        cases_per_meeting=r.count("cases_per_meeting", 1),
        default_minutes=r.count("default_minutes"), phases=_phases(r, "phases", decks))
    if sum(p.minutes for p in method.phases) != method.default_minutes:
        raise r.fail("default_minutes", "must equal the sum of the phases' minutes")
    r.done()
    return method


def load_methods(decks: Mapping[str, Deck] | None = None) -> dict[str, Method]:
    """Every method by id, each phase's deck and themes checked against `decks` (or all)."""
    decks = load_decks() if decks is None else decks
    return {stem: parse_method(data, name, stem, decks)
            for stem, name, data in content_files("methods")}


def load_frame(decks: Mapping[str, Deck] | None = None) -> Frame:
    """The meeting frame (content/frame.toml), its decks checked like `load_methods`."""
    decks = load_decks() if decks is None else decks
    name, data = read_content("frame.toml")
    r = TableReader(data, name)
    pause = r.get("pause", dict, None)
    frame = Frame(name=r.text("name"), default_minutes=r.count("default_minutes"),
                  before=_phases(r, "before", decks), after=_phases(r, "after", decks),
                  pause=_phase(TableReader(pause, name, "pause")) if pause is not None else None)
    if sum(p.minutes for p in frame.phases) != frame.default_minutes:
        raise r.fail("default_minutes", "must equal the sum of the phases' minutes")
    if {p.id for p in frame.before} & {p.id for p in frame.after}:
        raise r.fail("after", "phase ids must differ from those in before")
    r.done()
    return frame
