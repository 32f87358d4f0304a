"""The composition root: settings in, a ready Bolt App (and everything behind it) out."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App
from slack_sdk import WebClient

from bot import listeners
from bot.clock import Clock, SystemClock
from bot.deliverer import Deliverer
from bot.effects import EffectRunner
from bot.runtime import Runtime
from bot.sender import Sender
from bot.services import Services
from bot.settings import Settings
from bot.workspace import Workspace
from storage.db import make_engine, upgrade
from storage.repositories import Store


@dataclass
class Bot:
    app: App
    services: Services
    store: Store
    deliverer: Deliverer


def build(settings: Settings, clock: Clock | None = None, migrate: bool = True) -> Bot:
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    store = Store(engine)
    clock = clock or SystemClock()
    # Listeners answer within Slack's 3 seconds: no waiting out a 429 there. The deliverer
    # has its own client and waits (Retry-After) on its own thread, row by row.
    client = WebClient(token=settings.bot_token, base_url=settings.api_url, timeout=10)
    runtime = Runtime(store, clock, speed=settings.speed)
    deliverer = Deliverer(store, Sender(WebClient(token=settings.bot_token,
                                                  base_url=settings.api_url, timeout=10),
                                        store, clock), clock, runtime.worker)
    runtime.deliver = deliverer.kick
    deliverer.renew_due = runtime.renew
    effects = EffectRunner(client, clock)
    effects.enqueue = runtime.enqueue
    services = Services(runtime=runtime, effects=effects, workspace=Workspace(client))
    app = App(client=client, signing_secret=settings.signing_secret or None,
              # Socket Mode requests are not signed; HTTP requests always are, and checked.
              request_verification_enabled=not settings.socket_mode,
              # Acknowledgements wait for a free listener thread: enough that a burst of
              # requests is answered within a second.
              listener_executor=ThreadPoolExecutor(max_workers=32,
                                                   thread_name_prefix="listener"))
    listeners.register(app, services)
    return Bot(app=app, services=services, store=store, deliverer=deliverer)
