"""The composition root: settings in, a ready Bolt App (and everything behind it) out."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot import chart_links, listeners
from bot.chart_endpoint import ChartEndpoint
from bot.chart_links import ChartLinks
from bot.clock import Clock, SystemClock
from bot.effects import EffectRunner
from bot.runtime import Runtime
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
    charts: ChartEndpoint | None = None  # GET /charts/…png, with PUBLIC_URL set


def build(settings: Settings, clock: Clock | None = None, migrate: bool = True) -> Bot:
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    store = Store(engine)
    clock = clock or SystemClock()
    client = WebClient(token=settings.bot_token, base_url=settings.api_url)
    # Background work may wait out a 429 (never inside a 3-second acknowledgement: listeners
    # acknowledge first).
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    effects = EffectRunner(client, store, clock)
    runtime = Runtime(store, clock, effects, speed=settings.speed)
    services = Services(runtime=runtime, effects=effects,
                        workspace=Workspace(client))
    app = App(client=client, signing_secret=settings.signing_secret or None,
              # Socket Mode requests are not signed; HTTP requests always are, and checked.
              request_verification_enabled=not settings.socket_mode)
    listeners.register(app, services)
    # Images need our own HTTP server, which Socket Mode does not run.
    links = ChartLinks(settings.public_url, settings.signing_secret) if (
        settings.public_url and not settings.socket_mode) else None
    chart_links.configure(links)
    return Bot(app=app, services=services, store=store,
               charts=ChartEndpoint(store, clock, links) if links else None)
