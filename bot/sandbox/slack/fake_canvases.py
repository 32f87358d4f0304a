"""Canvases for the fake Slack Web API: channel canvases and standalone ones, edited with
canvases.edit's operations, found with canvases.sections.lookup, read back by tests as markdown.

Slack's rules the bot meets: one channel canvas per channel (`channel_canvas_already_exists`),
one operation per canvases.edit call, markdown documents only; a test can make the workspace
refuse canvases (`refuse_canvases("team_tier_cannot_create_channel_canvases")`) or delete one
as a person would (`delete_canvas`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from .fake_workspace import SlackError, WorkspaceModel

HEADING = re.compile(r"^(#{1,3}) ")


class CanvasModel(WorkspaceModel):
    HANDLERS: ClassVar[dict[str, str]] = {
        **WorkspaceModel.HANDLERS,
        "canvases.create": "_canvases_create",
        "conversations.canvases.create": "_conversations_canvases_create",
        "canvases.edit": "_canvases_edit",
        "canvases.sections.lookup": "_canvases_sections_lookup",
        "conversations.info": "_conversations_info_with_canvas",
    }

    def _init_workspace(self, ts_base: float, wall: Callable[[], float] | None = None) -> None:
        super()._init_workspace(ts_base, wall)
        self.canvases: dict[str, dict] = {}
        self.canvas_refusal: str | None = None

    # -- for tests ----------------------------------------------------------------------

    def refuse_canvases(self, error: str | None) -> None:
        """Answer every canvas creation with `error` (None: allow again)."""
        with self._lock:
            self.canvas_refusal = error

    def channel_canvas(self, channel: str) -> dict | None:
        with self._lock:
            found = [c for c in self.canvases.values() if c["channel_id"] == channel]
            return dict(found[0]) if found else None

    def canvas_markdown(self, channel: str) -> str:
        """The channel canvas's whole content (AssertionError when there is none)."""
        canvas = self.channel_canvas(channel)
        assert canvas is not None, f"no canvas in {channel}"
        return canvas["markdown"]

    def delete_canvas(self, canvas_id: str) -> None:
        with self._lock:
            self.canvases.pop(canvas_id, None)

    # -- methods ------------------------------------------------------------------------

    def _new_canvas(self, title: str | None, channel_id: str | None, content: object) -> str:
        if content is not None and not _is_markdown(content):
            raise SlackError("canvas_creation_failed", response_metadata={
                "messages": ["[ERROR] document_content must be {type: markdown, markdown: str}"]})
        canvas_id = self._new_id("F")
        self.canvases[canvas_id] = {
            "id": canvas_id, "title": title, "channel_id": channel_id,
            "markdown": content["markdown"] if isinstance(content, dict) else "",
            "changes": []}
        return canvas_id

    def _canvases_create(self, args: dict) -> dict:
        channel_id = self._readable(args["channel_id"])["id"] if args.get("channel_id") else None
        return {"canvas_id": self._new_canvas(args.get("title"), channel_id,
                                              args.get("document_content"))}

    def _conversations_canvases_create(self, args: dict) -> dict:
        channel = self._postable(args["channel_id"])
        if self.canvas_refusal:
            raise SlackError(self.canvas_refusal)
        if self.channel_canvas(channel["id"]) is not None:
            raise SlackError("channel_canvas_already_exists")
        return {"canvas_id": self._new_canvas(args.get("title"), channel["id"],
                                              args.get("document_content"))}

    def _canvases_edit(self, args: dict) -> dict:
        canvas = self.canvases.get(args["canvas_id"])
        if canvas is None:
            raise SlackError("canvas_not_found")
        changes = args["changes"]
        # Slack applies one operation per canvases.edit call (see SLACK.md).
        if (not isinstance(changes, list) or len(changes) != 1
                or not isinstance(changes[0], dict)):
            raise SlackError("canvas_editing_failed", response_metadata={
                "messages": ["[ERROR] changes must hold exactly one operation"]})
        change = changes[0]
        canvas["markdown"] = _apply(canvas, change)
        canvas["changes"].append(change)
        return {}

    def _canvases_sections_lookup(self, args: dict) -> dict:
        canvas = self.canvases.get(args["canvas_id"])
        if canvas is None:
            raise SlackError("canvas_not_found")
        criteria = args["criteria"] if isinstance(args["criteria"], dict) else {}
        types = set(criteria.get("section_types") or ())
        text = criteria.get("contains_text")
        found = []
        for section_id, level, body in _sections(canvas):
            kind = f"h{level}" if level else "paragraph"
            if types and not (kind in types or (level and "any_header" in types)):
                continue
            if text and text not in body:
                continue
            found.append({"id": section_id})
        return {"sections": found}

    def _conversations_info_with_canvas(self, args: dict) -> dict:
        answer = self._conversations_info(args)
        canvas = self.channel_canvas(answer["channel"]["id"])
        if canvas is not None:
            answer["channel"]["properties"] = {"canvas": {
                "file_id": canvas["id"], "is_empty": not canvas["markdown"].strip()}}
        return answer


def _is_markdown(content: object) -> bool:
    return (isinstance(content, dict) and content.get("type") == "markdown"
            and isinstance(content.get("markdown"), str))


def _sections(canvas: dict) -> list[tuple[str, int, str]]:
    """(id, heading level or 0, markdown) per section: a heading with what follows it."""
    sections: list[list] = []
    for line in canvas["markdown"].splitlines(keepends=True):
        heading = HEADING.match(line)
        if heading or not sections:
            sections.append([len(heading.group(1)) if heading else 0, line])
        else:
            sections[-1][1] += line
    return [(f"temp:C:{canvas['id']}{n:04d}", level, body)
            for n, (level, body) in enumerate(sections)]


def _apply(canvas: dict, change: dict) -> str:
    operation = change.get("operation")
    content = change.get("document_content")
    if operation != "delete" and not _is_markdown(content):
        raise SlackError("canvas_editing_failed", response_metadata={
            "messages": ["[ERROR] document_content must be {type: markdown, markdown: str}"]})
    new = content["markdown"] if isinstance(content, dict) else ""
    if new and not new.endswith("\n"):
        new += "\n"
    sections = _sections(canvas)
    section_id = change.get("section_id")
    if operation == "replace" and not section_id:
        return new
    if operation == "insert_at_start":
        return new + canvas["markdown"]
    if operation == "insert_at_end":
        return canvas["markdown"] + new
    if operation not in ("replace", "delete", "insert_before", "insert_after"):
        raise SlackError("canvas_editing_failed")
    ids = [s[0] for s in sections]
    if section_id not in ids:
        raise SlackError("canvas_editing_failed", response_metadata={
            "messages": [f"[ERROR] no section {section_id}"]})
    bodies = [s[2] for s in sections]
    at = ids.index(section_id)
    if operation == "replace":
        bodies[at] = new
    elif operation == "delete":
        bodies[at] = ""
    elif operation == "insert_before":
        bodies[at] = new + bodies[at]
    else:
        bodies[at] = bodies[at] + new
    return "".join(bodies)
