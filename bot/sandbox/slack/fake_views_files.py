"""Views (modals, Home tab), files_upload_v2 and canvases for the fake Slack Web API.

Adds to fake_workspace.WorkspaceModel what views.* and files.*UploadExternal need: stored views
with ids and hashes (so views.update can refuse unknown ids and stale hashes), and uploads whose
bytes arrive on the fake's own upload URL, kept as UploadedFile so a test can read the content,
and canvases (fake_canvases.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from .fake_canvases import CanvasModel
from .fake_workspace import BOT_ID, BOT_USER_ID, TEAM_ID, SlackError


@dataclass
class UploadedFile:
    """A file the bot shared through files_upload_v2."""

    id: str
    filename: str
    title: str | None
    content: bytes
    channels: list[str] = field(default_factory=list)
    initial_comment: str | None = None
    thread_ts: str | None = None
    alt_txt: str | None = None
    snippet_type: str | None = None

    @property
    def channel_id(self) -> str | None:
        return self.channels[0] if self.channels else None


class ViewsFilesModel(CanvasModel):
    """The workspace plus its views and shared files."""

    HANDLERS: ClassVar[dict[str, str]] = {
        **CanvasModel.HANDLERS,
        "views.open": "_views_open",
        "views.push": "_views_open",
        "views.update": "_views_update",
        "views.publish": "_views_publish",
        "files.getUploadURLExternal": "_files_get_upload_url",
        "files.completeUploadExternal": "_files_complete_upload",
    }

    def _init_workspace(self, ts_base: float, wall: Callable[[], float] | None = None) -> None:
        super()._init_workspace(ts_base, wall)
        self.views: dict[str, dict] = {}
        self.home_views: dict[str, dict] = {}
        self.files: list[UploadedFile] = []
        self._uploads: dict[str, dict] = {}

    # -- views --------------------------------------------------------------------------

    def _view_record(self, view: dict, view_id: str | None = None) -> dict:
        record = dict(view)
        record.update(id=view_id or self._new_id("V"), team_id=TEAM_ID, bot_id=BOT_ID,
                      state={"values": {}}, hash=f"{self._new_ts()}.{next(self._ids):08x}")
        record.setdefault("private_metadata", "")
        record.setdefault("callback_id", "")
        return record

    def _views_open(self, args: dict) -> dict:
        record = self._view_record(args["view"])
        self.views[record["id"]] = record
        return {"view": dict(record)}

    def _views_update(self, args: dict) -> dict:
        if args.get("view_id"):
            old = self.views.get(args["view_id"])
        elif args.get("external_id"):
            old = next((v for v in self.views.values()
                        if v.get("external_id") == args["external_id"]), None)
        else:
            raise SlackError("invalid_arguments", response_metadata={
                "messages": ["[ERROR] either view_id or external_id is required"]})
        if old is None:
            raise SlackError("not_found")
        if args.get("hash") and args["hash"] != old["hash"]:
            raise SlackError("hash_conflict")
        record = self._view_record(args["view"], old["id"])
        for key in ("root_view_id", "previous_view_id"):
            if key in old:
                record[key] = old[key]
        self.views[record["id"]] = record
        for user_id, home in self.home_views.items():
            if home["id"] == record["id"]:
                self.home_views[user_id] = record
        return {"view": dict(record)}

    def _views_publish(self, args: dict) -> dict:
        old = self.home_views.get(args["user_id"])
        if old and args.get("hash") and args["hash"] != old["hash"]:
            raise SlackError("hash_conflict")
        record = self._view_record(args["view"], old["id"] if old else None)
        self.home_views[args["user_id"]] = record
        self.views[record["id"]] = record
        return {"view": dict(record)}

    # -- files (the files_upload_v2 flow) -------------------------------------------------

    def _files_get_upload_url(self, args: dict) -> dict:
        try:
            length = int(args["length"])
        except (TypeError, ValueError):
            length = 0
        if length <= 0:
            raise SlackError("missing_argument")
        file_id = self._new_id("F")
        self._uploads[file_id] = {"filename": args["filename"], "length": length,
                                  "alt_txt": args.get("alt_txt"),
                                  "snippet_type": args.get("snippet_type"), "content": None}
        return {"upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _receive_upload(self, file_id: str, content: bytes) -> bool:
        upload = self._uploads.get(file_id)
        if upload is None:
            return False
        upload["content"] = content
        return True

    def _files_complete_upload(self, args: dict) -> dict:
        wanted = args["files"]
        if not isinstance(wanted, list):
            raise SlackError("invalid_arguments")
        for item in wanted:
            upload = self._uploads.get(item.get("id")) if isinstance(item, dict) else None
            if upload is None or upload["content"] is None:
                raise SlackError("file_not_found")
        refs = [args["channel_id"]] if args.get("channel_id") else []
        refs += [c for c in str(args.get("channels") or "").split(",") if c]
        channel_ids = [self._postable(ref)["id"] for ref in refs]
        done = []
        for item in wanted:
            upload = self._uploads.pop(item["id"])
            shared = UploadedFile(
                id=item["id"], filename=upload["filename"],
                title=item.get("title") or upload["filename"], content=upload["content"],
                channels=channel_ids, initial_comment=args.get("initial_comment"),
                thread_ts=args.get("thread_ts"), alt_txt=upload["alt_txt"],
                snippet_type=upload["snippet_type"])
            self.files.append(shared)
            done.append({"id": shared.id, "name": shared.filename, "title": shared.title,
                         "size": len(shared.content)})
        for channel_id in channel_ids:
            # Slack shows a shared file as a message from the bot in the channel (or thread).
            self._store_message(channel_id, {
                "type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID,
                "text": args.get("initial_comment") or "", "files": done},
                args.get("thread_ts"))
        return {"files": done}
