"""Which method fits? Three short questions — what kind of question, how experienced the group
is, how much time there is — and two methods proposed with one line each; the full list of
methods stays one press away.

The answers travel in the buttons' values (digits only, never case text); the advice follows
the sources' selection help (METHODS.md): ten-step for beginners and current questions, not
values; dominant ideas and dialogue only for experienced groups; incident for a recent event;
mirror and gossip when stuck; successes to find new ways; analytic for complex team questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows import library
from flows.effects import Reply, UpdateOrigin
from flows.live_context import LiveContext, LiveOutcome, live_message, refuse

# Question → its answers (numbered from 1, so they fit in a button's digits).
QUESTIONS = (("kind", ("incident", "stuck", "ideas", "values", "success", "complex")),
             ("experience", ("new", "experienced")),
             ("time", ("hour", "hour_half", "two_hours")))
BY_KIND = {
    "incident": ("incident", "ten_step", "five_step"),
    "stuck": ("mirror", "gossip", "narrative"),
    "ideas": ("houvast", "five_step", "ten_step"),
    "values": ("dominant_ideas", "dialogue", "narrative", "mirror"),
    "success": ("successes", "narrative", "houvast"),
    "complex": ("analytic", "image_opinion_decision", "five_step"),
}
FOR_EXPERIENCED = frozenset({"dominant_ideas", "dialogue"})
MINUTES = {"hour": 60, "hour_half": 90, "two_hours": 120}
FRAME_LEAST = 15  # what the frame around a method needs at the least
FALLBACK = ("ten_step", "houvast", "incident", "five_step")


@dataclass(frozen=True)
class MethodAdviceRequested:
    """"Which method fits?", an answer to one of its questions, or the full list."""

    user: str
    meeting_id: int
    answers: str = ""  # the answers so far, one digit each (1 = the first answer)
    full: bool = False


def proposed(kind: str, experience: str, time: str) -> tuple[str, str]:
    """The two methods to propose for these answers."""
    methods = library.methods()
    minutes = MINUTES[time]

    def fits(method_id: str) -> bool:
        if experience == "new" and method_id in FOR_EXPERIENCED:
            return False
        method = methods[method_id]
        # A method for two cases can also take one: half its minutes then.
        own = method.default_minutes
        return own * 3 // 4 + FRAME_LEAST <= minutes  # it may be shortened a quarter
    found = [m for m in BY_KIND[kind] if fits(m)]
    found += [m for m in FALLBACK if m not in found and fits(m)]
    found += [m for m in BY_KIND[kind] + FALLBACK if m not in found]
    return found[0], found[1]


def answered(answers: str) -> tuple[str, ...] | None:
    """The answers as words, or None when the digits are not answers to our questions."""
    words = []
    for digit, (_, options) in zip(answers, QUESTIONS, strict=False):
        if not digit.isdigit() or not 1 <= int(digit) <= len(options):
            return None
        words.append(options[int(digit) - 1])
    return tuple(words) if len(answers) <= len(QUESTIONS) else None


def method_advice(context: LiveContext, event: MethodAdviceRequested) -> LiveOutcome:
    if not context.group.is_member(event.user):
        return refuse(context, "roles.not_in_group")
    words = answered(event.answers)
    if event.full or words is None:
        message = live_message("live_method_advice", context, now=None,
                               methods=library.methods())
    elif len(words) < len(QUESTIONS):
        name, options = QUESTIONS[len(words)]
        message = live_message("live_advice_question", context, now=None, question=name,
                               options=options, answers=event.answers)
    else:
        methods = library.methods()
        message = live_message("live_advice_proposal", context, now=None,
                               methods=tuple(methods[m] for m in proposed(*words)))
    # The first press opens the advice for the one who asked; later answers replace it.
    first = not event.answers and not event.full
    return LiveOutcome(effects=(Reply(message) if first else UpdateOrigin(message),))
