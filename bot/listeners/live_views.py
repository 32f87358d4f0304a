"""Submissions of the running meeting's forms: validated before acknowledging, so a mistake
comes back next to its field and nothing typed is lost."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot import inbound
from bot.listeners.views import run_form
from bot.render.live_forms import CALLBACKS, ITEMS_BLOCK
from bot.services import Services
from flows.attendance import AttendanceCorrected
from flows.collecting import (
    CheckoutSubmitted,
    ChoicesSubmitted,
    ContributionSubmitted,
    MarksSubmitted,
    RatingsSubmitted,
)


def _ids(values: tuple[str, ...] | None) -> frozenset[int]:
    return frozenset(int(value) for value in values or () if value.isdigit())


def _ticked(state: dict) -> frozenset[int]:
    """Every ticked item, over all the lists of checkboxes (ten to a list)."""
    blocks = [block for block in state.get("values", {})
              if block == ITEMS_BLOCK or block.startswith(f"{ITEMS_BLOCK}_")]
    return frozenset().union(*(_ids(inbound.field_value(state, block)) for block in blocks))


def submission(callback: str, user: str, meta: dict, state: dict) -> object | None:
    """The event a submitted form stands for (None when its metadata is not ours)."""
    meeting_id = meta.get("meeting_id")
    if not isinstance(meeting_id, int):
        return None
    where = {"user": user, "meeting_id": meeting_id}
    phase = {"entry_version": int(meta.get("entry_version") or 0),
             "phase_index": int(meta.get("phase_index") or 0)}
    field = inbound.field_value
    if callback == "live_add":
        held = meta.get("held_id")
        return ContributionSubmitted(**where, **phase, text=field(state, "text") or "",
                                     factor=field(state, "factor"), owner=field(state, "owner"),
                                     due_date=field(state, "due_date"),
                                     held_id=held if isinstance(held, int) else None)
    if callback == "live_rate":
        ratings = {int(block[5:]): field(state, block) for block in state.get("values", {})
                   if block.startswith("rate_") and block[5:].isdigit()}
        return RatingsSubmitted(**where, **phase, ratings={
            key: value for key, value in ratings.items() if value})
    if callback == "live_mark":
        return MarksSubmitted(**where, **phase, chosen_ids=_ticked(state))
    if callback == "live_choose":
        return ChoicesSubmitted(**where, **phase, chosen_ids=_ticked(state),
                                owner=field(state, "owner"), due_date=field(state, "due_date"))
    if callback == "attendance":
        return AttendanceCorrected(user, meeting_id, tuple(field(state, "attended") or ()))
    score = field(state, "score")
    return CheckoutSubmitted(**where, score=int(score) if score and score.isdigit() else None,
                             takeaway=field(state, "takeaway") or "")


def register(app: App, services: Services) -> None:
    @app.view_submission(re.compile("^(" + "|".join(CALLBACKS) + ")$"))
    def on_submitted(ack: Ack, body: dict, view: dict) -> None:
        run_form(services, ack, body, view, submission(
            view["callback_id"], body["user"]["id"], inbound.metadata(view),
            view.get("state", {})))
