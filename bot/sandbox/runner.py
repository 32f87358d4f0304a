"""Puts the sandbox together: the Slack stand-in with the demo workspace, the real bot (same
`build`, listeners, runtime, alarm clock and database code) on its own SQLite file, and the
page's web server; plus the clock controls the page offers.
"""

from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot import live_use_cases
from bot.app import Bot, build
from bot.sandbox import demo as demo_data
from bot.sandbox import persist
from bot.sandbox.clock import ShiftingClock
from bot.sandbox.command import DEFAULT_DATABASE
from bot.sandbox.gestures import Gestures
from bot.sandbox.stand_in import SandboxSlack
from bot.scheduler import WAKE_JOB, Alarm
from bot.server import EVENTS_PATH, make_http_server
from bot.settings import Settings

log = logging.getLogger(__name__)
AUTOSAVE_SECONDS = 5


class SandboxAlarm(Alarm):
    """The bot's alarm clock, waking at the real moment that is the due time on the shifted
    clock (APScheduler itself only knows the real time)."""

    def __init__(self, runtime, clock: ShiftingClock) -> None:
        super().__init__(runtime, sweep_seconds=5)
        self.clock = clock

    def arm(self) -> None:
        due_at = self.runtime.next_due_at()
        if due_at is None or self._stopping:
            return
        real = max(due_at - self.clock.offset, datetime.now(UTC))
        self.scheduler.add_job(self.tick, "date", run_date=real, id=WAKE_JOB,
                               replace_existing=True)


@dataclass
class Options:
    host: str = "127.0.0.1"
    port: int = 3000
    database: Path = DEFAULT_DATABASE
    reset: bool = False
    speed: float = 1


class Sandbox:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.demo = demo_data.load()
        self.clock = ShiftingClock()
        self.slack = SandboxSlack(self.clock)
        self._tick_lock = threading.Lock()
        self._stopped = threading.Event()
        self.bot: Bot | None = None
        self.alarm: SandboxAlarm | None = None
        self.web = None
        self.url = ""

    def start(self) -> Sandbox:
        from bot.sandbox.web import make_web_server

        # The page's port first: when it is taken, nothing else has started or been written.
        self.web = make_web_server(self, self.options.host, self.options.port)
        fresh = self.options.reset or not self.options.database.exists()
        self.snapshot = persist.path_for(self.options.database)
        if self.options.reset:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.options.database}{suffix}").unlink(missing_ok=True)
            self.snapshot.unlink(missing_ok=True)
        self.slack.start()
        demo_data.populate(self.slack, self.demo)
        if not fresh:
            persist.load(self.slack, self.clock, self.snapshot)
        secret = secrets.token_hex(16)
        settings = Settings(bot_token=self.slack.bot_token, signing_secret=secret,
                            app_token=None, api_url=self.slack.api_url,
                            database_url=f"sqlite:///{self.options.database}", port=0,
                            log_level="INFO", speed=self.options.speed)
        self.bot = build(settings, clock=self.clock)
        self._bot_server = make_http_server(self.bot.app, 0, host="127.0.0.1")
        threading.Thread(target=self._bot_server.serve_forever, daemon=True,
                         name="sandbox-bot").start()
        bot_url = f"http://127.0.0.1:{self._bot_server.server_port}{EVENTS_PATH}"
        self.gestures = Gestures(self.slack, bot_url, secret)
        self.alarm = SandboxAlarm(self.bot.services.runtime, self.clock)
        self.bot.services.runtime.on_planned = self.alarm.arm
        self.alarm.start()
        threading.Thread(target=self.web.serve_forever, daemon=True, name="sandbox-web").start()
        host = self.options.host if self.options.host not in ("0.0.0.0", "") else "127.0.0.1"
        self.url = f"http://{host}:{self.web.server_address[1]}"
        threading.Thread(target=self._autosave, daemon=True, name="sandbox-save").start()
        if fresh:
            # The bot is added to the group's channel by the first coordinator: it says hello.
            coordinator = next((p.id for p in self.demo.people if p.role == "coordinator"),
                               self.demo.people[0].id)
            self.gestures.bot_joined(self.demo.channel_id, coordinator)
        return self

    def _autosave(self) -> None:
        """Every few seconds when something changed, so even a killed sandbox keeps its Slack."""
        seen = -1
        while not self._stopped.wait(AUTOSAVE_SECONDS):
            if len(self.slack.calls) != seen:
                seen = len(self.slack.calls)
                try:
                    persist.save(self.slack, self.clock, self.snapshot)
                except OSError as error:
                    log.warning("could not keep the sandbox's messages: %s", error)

    def stop(self) -> None:
        self._stopped.set()
        if self.alarm:
            self.alarm.shutdown()
        persist.save(self.slack, self.clock, self.snapshot)
        if self.web:
            self.web.shutdown()
            self.web.server_close()
        self._bot_server.shutdown()
        self._bot_server.server_close()
        self.slack.stop()
        if self.bot:
            self.bot.store.engine.dispose()

    # -- clock controls ------------------------------------------------------------------------

    @property
    def runtime(self):
        assert self.bot is not None
        return self.bot.services.runtime

    def next_planned(self) -> datetime | None:
        return self.runtime.next_due_at()

    def jump_to_next(self) -> datetime | None:
        """Jump to the next due action (reminder, phase end, nudge…) and let it fire."""
        with self._tick_lock:
            due_at = self.runtime.next_due_at()
            if due_at is None:
                return None
            self.clock.jump_to(due_at)
            self.runtime.tick()
        self._rearm()
        return due_at

    def advance(self, delta: timedelta) -> None:
        """Let `delta` pass, firing every due action on the way at its own moment (so none is
        skipped as too late), as a bot that was running all along would."""
        end = self.clock.now() + delta
        with self._tick_lock:
            while True:
                due_at = self.runtime.next_due_at()
                if due_at is None or due_at > end:
                    break
                self.clock.jump_to(due_at)
                if not self.runtime.tick():
                    break
            self.clock.jump_to(end)
            self.runtime.tick()
        self._rearm()

    def set_speed(self, speed: float) -> None:
        """Rehearsal speed for meetings started from now on (INTERVISIE_SPEED)."""
        runtime = self.runtime
        runtime.speed = speed
        runtime.handlers.update(live_use_cases.handlers(speed))

    def _rearm(self) -> None:
        if self.alarm:
            self.alarm.arm()
