"""What one person sees on the sandbox page, drawn on the server: the conversations they can
open, a conversation's messages (with the ephemeral ones meant only for them), a thread, their
Home tab and their open modal, plus the Web API calls the bot made and the clock.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.sandbox.blocks_html import Surface, render_blocks, text_html
from bot.sandbox.mrkdwn import Viewer, to_html
from bot.sandbox.slack.fake_slack import method_scopes, method_specs

BOT_NAME = "Intervisie"
MAX_CALLS = 500  # the newest; the page is polled every second
# Not Web API methods: the stand-in records these requests too.
PSEUDO_METHODS = {"response_url": "(answer to a response_url)",
                  "file_upload": "(the file's bytes, to the upload URL)"}


class PageView:
    def __init__(self, sandbox, user: str) -> None:
        self.sandbox = sandbox
        self.slack = sandbox.slack
        self.user = user
        person = sandbox.demo.person(user)
        self.zone = person.tz if person else "Europe/Amsterdam"
        names = {uid: u["real_name"] for uid, u in self.slack.users.items()}
        names[self.slack.bot_user_id] = BOT_NAME
        self.viewer = Viewer(zone=self.zone, language=person.language if person else "en",
                             now=sandbox.clock.now(), names=names,
                             channels={c["id"]: c["name"] for c in self.slack.channels.values()
                                       if c.get("name")})
        self.people = tuple((p.id, p.real_name) for p in sandbox.demo.people)

    def surface(self, kind: str, errors: dict[str, str] | None = None) -> Surface:
        return Surface(kind=kind, viewer=self.viewer, people=self.people, errors=errors or {})

    # -- conversations -------------------------------------------------------------------------

    def conversations(self) -> list[dict]:
        demo = self.sandbox.demo
        return [{"id": demo.channel_id, "name": demo.channel_name, "kind": "channel",
                 "private": demo.private},
                {"id": "D" + self.user, "name": BOT_NAME, "kind": "app"}]

    def _visible(self, channel: str, message: dict) -> bool:
        if channel.startswith("D"):
            return channel == "D" + self.user
        return True

    def messages(self, channel: str) -> str:
        if not self._visible(channel, {}):
            return ""
        items = [(float(m["ts"]), self._message(channel, m, in_thread=False))
                 for m in self.slack.messages(channel)
                 if m.get("thread_ts") in (None, m["ts"]) or m.get("reply_broadcast")]
        items += [(float(e["message_ts"]), self._ephemeral(e)) for e in self._ephemerals(channel)
                  if not e.get("thread_ts")]
        return "".join(html for _, html in sorted(items, key=lambda pair: pair[0]))

    def thread(self, channel: str, thread_ts: str) -> str:
        replies = [(float(m["ts"]), self._message(channel, m, in_thread=True))
                   for m in self.slack.messages(channel, thread_ts)]
        replies += [(float(e["message_ts"]), self._ephemeral(e))
                    for e in self._ephemerals(channel) if e.get("thread_ts") == thread_ts]
        return "".join(html for _, html in sorted(replies, key=lambda pair: pair[0]))

    def _ephemerals(self, channel: str) -> list[dict]:
        return [e for e in list(self.slack.ephemerals)
                if e.get("channel") == channel and e.get("target_user") == self.user]

    def _when(self, ts: str) -> str:
        local = datetime.fromtimestamp(float(ts), UTC).astimezone(ZoneInfo(self.zone))
        return local.strftime("%a %d %b %H:%M")

    def _author(self, message: dict) -> tuple[str, str]:
        if message.get("bot_id"):
            return BOT_NAME, '<span class="app-badge">APP</span>'
        user = self.slack.users.get(message.get("user", "")) or {}
        return user.get("real_name", message.get("user", "?")), ""

    def _body(self, message: dict, surface: Surface) -> str:
        if message.get("blocks"):
            body = render_blocks(message["blocks"], surface)
        else:
            body = f'<div class="bk-text">{to_html(message.get("text", ""), self.viewer)}</div>'
        for shared in message.get("files") or []:
            title, name = shared.get("title") or "", shared.get("name") or ""
            body += (f'<a class="file" href="/files/{escape(shared["id"])}" download>'
                     f'{escape(title or name)} <small>{escape(name)} · '
                     f'{int(shared.get("size", 0))} bytes · download</small></a>')
        return body

    def _message(self, channel: str, message: dict, in_thread: bool) -> str:
        name, badge = self._author(message)
        edited = ' <span class="edited">(edited)</span>' if message.get("edited") else ""
        replies = ""
        if not in_thread and message.get("reply_count"):
            count = message["reply_count"]
            replies = (f'<button type="button" class="replies" data-thread="{message["ts"]}">'
                       f'{count} {"reply" if count == 1 else "replies"}</button>')
        where = f'data-kind="message" data-channel="{escape(channel)}" data-ts="{message["ts"]}"'
        return (f'<article class="msg" {where}><div class="avatar">{escape(name[:1])}</div>'
                f'<div class="msg-main"><div class="msg-head"><b>{escape(name)}</b>{badge}'
                f'<time>{self._when(message["ts"])}</time>{edited}</div>'
                f'{self._body(message, self.surface("message"))}{replies}</div></article>')

    def _ephemeral(self, message: dict) -> str:
        where = (f'data-kind="ephemeral" data-channel="{escape(message["channel"])}" '
                 f'data-ts="{message["message_ts"]}"')
        return (f'<article class="msg ephemeral" {where}><div class="avatar">I</div>'
                f'<div class="msg-main"><div class="msg-head"><b>{BOT_NAME}</b>'
                f'<span class="app-badge">APP</span><time>{self._when(message["message_ts"])}'
                f'</time></div><div class="only-you">Only visible to you</div>'
                f'{self._body(message, self.surface("message"))}</div></article>')

    # -- Home and modals -----------------------------------------------------------------------

    def home(self) -> str:
        view = self.slack.home_views.get(self.user)
        if not view:
            return '<p class="empty">The app has not drawn your Home tab yet.</p>'
        return render_blocks(view.get("blocks"), self.surface("home"))

    def modal(self) -> dict | None:
        view = self.slack.top_modal(self.user)
        if view is None:
            return None
        errors = self.slack.view_errors.get(view["id"], {})
        surface = self.surface("modal", errors)
        depth = len(self.slack.modals.get(self.user) or [])
        return {"id": view["id"], "key": f'{view["hash"]}:{sorted(errors.items())}',
                "title": text_html(view.get("title"), surface),
                "submit": text_html(view["submit"], surface) if view.get("submit") else "",
                "close": text_html(view.get("close") or "Cancel", surface),
                "back": depth > 1, "html": render_blocks(view.get("blocks"), surface)}

    # -- the privacy officer's panel -----------------------------------------------------------

    def calls(self) -> list[dict]:
        rows = []
        specs = method_specs()
        for call in self.slack.calls[-MAX_CALLS:]:
            args = call.args
            where = next((args[key] for key in ("channel", "channel_id", "user_id", "users")
                          if args.get(key)), "")
            if call.method == "users.info":
                where = args.get("user") or ""
            rows.append({
                "method": PSEUDO_METHODS.get(call.method, call.method), "ok": call.ok,
                "channel": self._place(str(where)), "error": call.error or "",
                "at": datetime.fromtimestamp(call.at, UTC).astimezone(ZoneInfo(self.zone))
                .strftime("%d %b %H:%M:%S"),
                "scopes": _scopes(call.method) if call.method in specs else "—"})
        return rows

    def _place(self, ref: str) -> str:
        """A channel, DM or person by name, for people who do not read Slack ids."""
        if ref in self.slack.channels and not self.slack.channels[ref]["is_im"]:
            return "#" + self.slack.channels[ref]["name"]
        user = self.slack.users.get(ref.removeprefix("D") if ref.startswith("D") else ref)
        if user:
            return ("DM " if ref.startswith("D") else "") + user["real_name"]
        return ref

    def clock(self) -> dict:
        now = self.sandbox.clock.now().astimezone(ZoneInfo(self.zone))
        due = self.sandbox.next_planned()
        return {"now": now.strftime("%d %b %Y %H:%M"), "zone": self.zone,
                "next": due.astimezone(ZoneInfo(self.zone)).strftime("%a %d %b %H:%M")
                if due else "", "speed": self.sandbox.runtime.speed}

    def state(self, channel: str, thread_ts: str | None) -> dict:
        return {"user": self.user, "conversations": self.conversations(),
                "messages": self.messages(channel),
                "thread": self.thread(channel, thread_ts) if thread_ts else "",
                "home": self.home(), "modal": self.modal(), "clock": self.clock(),
                "calls": self.calls()}


def _scopes(method: str) -> str:
    scopes = sorted(method_scopes(method))
    # Slack lists one scope per conversation type for some methods: any one of them will do.
    return ("one of: " if len(scopes) > 1 else "") + ", ".join(scopes)
