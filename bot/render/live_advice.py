"""Which method fits, as Block Kit: the three short questions with their answers as buttons,
the two methods proposed with one line each, and the full list of methods."""

from __future__ import annotations

from collections.abc import Callable

from bot import ids
from bot.render.slack_text import button, context, header, section
from flows.live_context import LiveContext
from flows.texts import render


def method_advice(message) -> tuple[str, list[dict]]:
    lang = message.language
    title = render(lang, "live.advice.title")
    blocks = [header(title)]
    for method in sorted(message.data["methods"].values(), key=lambda m: m.name.get(lang)):
        blocks.append(section("\n".join([
            f"*{method.name.get(lang)}* · {method.meeting_minutes} min",
            method.summary.get(lang),
            render(lang, "live.advice.suits", advice=method.suits.get(lang)),
            render(lang, "live.advice.less_suited", advice=method.less_suited.get(lang))])))
    return title, blocks


def advice_question(message) -> tuple[str, list[dict]]:
    """One of the three short questions, its answers as buttons."""
    ctx: LiveContext = message.data["context"]
    lang, answers = message.language, message.data["answers"]
    question = render(lang, f"live.advice.question.{message.data['question']}")
    elements = [button(render(lang, f"live.advice.answer.{option}"),
                       f"{ids.LIVE_ADVICE_ANSWER}_{n}", f"{ctx.meeting_id}:{answers}{n}")
                for n, option in enumerate(message.data["options"], start=1)]
    elements.append(button(render(lang, "live.advice.all"), ids.LIVE_ADVICE_ALL,
                           str(ctx.meeting_id)))
    step = render(lang, "live.advice.step", number=len(answers) + 1, total=3)
    return question, [section(question), context(step),
                      {"type": "actions", "elements": elements}]


def advice_proposal(message) -> tuple[str, list[dict]]:
    """Two methods, one line each; the full list one press away."""
    ctx: LiveContext = message.data["context"]
    lang = message.language
    title = render(lang, "live.advice.proposal")
    lines = [render(lang, "live.advice.proposed", name=m.name.get(lang),
                    minutes=m.meeting_minutes, summary=m.summary.get(lang))
             for m in message.data["methods"]]
    return title, [section("\n".join([title, *lines])),
                   context(render(lang, "live.advice.choose_hint")),
                   {"type": "actions", "elements": [button(
                       render(lang, "live.advice.all"), ids.LIVE_ADVICE_ALL,
                       str(ctx.meeting_id))]}]


ADVICE: dict[str, Callable] = {"live_method_advice": method_advice,
                                "live_advice_question": advice_question,
                                "live_advice_proposal": advice_proposal}
