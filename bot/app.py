"""The composition root: settings in, a ready Bolt App (and everything behind it) out."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from slack_bolt import App
from slack_sdk import WebClient

from bot import calendar_http, chart_links, listeners, oauth
from bot.calendar_links import PATH_PREFIX, CalendarLinks
from bot.chart_endpoint import ChartEndpoint
from bot.chart_links import ChartLinks
from bot.clients import Clients, SingleToken
from bot.clock import Clock, SystemClock
from bot.deliverer import Deliverer
from bot.effects import EffectRunner
from bot.health import Health, OpsEndpoints
from bot.metrics import Metrics, count_retries, instrument_app, instrumented_client
from bot.runtime import Runtime
from bot.sender import Sender
from bot.services import Services
from bot.settings import Settings, SettingsError
from bot.workspace import Workspace
from storage.db import make_engine, upgrade
from storage.repositories import Store
from storage.sealed import DataKeyError, check_keys, seal_with


@dataclass
class Bot:
    app: App
    services: Services
    store: Store
    deliverer: Deliverer
    ops: OpsEndpoints  # GET /healthz and GET /metrics
    # Served next to Slack's requests in HTTP mode: (path prefix, WSGI app).
    mounts: tuple[tuple[str, Callable], ...] = ()


def build(settings: Settings, clock: Clock | None = None, migrate: bool = True) -> Bot:
    engine = make_engine(settings.database_url)
    seal_with(engine, settings.data_key)
    if migrate:
        upgrade(engine)
    try:
        check_keys(engine)  # a wrong INTERVISIE_DATA_KEY stops the start, in one line
    except DataKeyError as error:
        raise SettingsError(str(error)) from None
    store = Store(engine)
    clock = clock or SystemClock()
    metrics = Metrics()

    def make_client(token: str | None) -> WebClient:
        # Listeners answer within Slack's 3 seconds: no waiting out a 429 there. The
        # deliverer waits (Retry-After) on its own thread, row by row.
        client = instrumented_client(metrics, token=token, base_url=settings.api_url,
                                     timeout=10)
        count_retries(client, metrics)
        return client

    # One bot token (its client for every send), or installed from a link: each team's own.
    client = make_client(settings.bot_token or None)
    runtime_of: list[Runtime] = []
    installs = oauth.installing(settings, engine, client, make_client,
                                lambda team: oauth.installed(runtime_of[0])(team)
                                ) if settings.oauth else None
    clients: Clients = installs.clients if installs else SingleToken(client)
    # Calendar addresses need a server people can reach: HTTP mode with PUBLIC_URL.
    links = (CalendarLinks(settings.public_url, settings.signing_secret)
             if settings.public_url and not settings.socket_mode else None)
    runtime = Runtime(store, clock, speed=settings.speed, calendar_links=links)
    runtime_of.append(runtime)
    deliverer = Deliverer(store, Sender(clients, store, clock), clock, runtime.worker)
    runtime.deliver = deliverer.kick
    deliverer.renew_due = runtime.renew
    deliverer.on_retry = metrics.retried
    effects = EffectRunner(clients)
    effects.enqueue = runtime.enqueue
    services = Services(runtime=runtime, effects=effects, workspace=Workspace(clients))
    app = App(client=client, signing_secret=settings.signing_secret or None,
              # Socket Mode requests are not signed; HTTP requests always are, and checked.
              request_verification_enabled=not settings.socket_mode,
              # Acknowledgements wait for a free listener thread: enough that a burst of
              # requests is answered within a second.
              listener_executor=ThreadPoolExecutor(max_workers=32,
                                                   thread_name_prefix="listener"),
              **({"installation_store": installs.installation_store,
                  "oauth_settings": installs.oauth_settings,
                  "authorize": installs.authorize} if installs else {}))
    if installs:  # before the listeners: their catch-all for other events goes last
        oauth.register_leaving(app, runtime, installs.installation_store)
    listeners.register(app, services)
    instrument_app(app, metrics)
    runtime.on_fire = metrics.fired
    metrics.watch_store(lambda: runtime.store)
    ops = OpsEndpoints(Health(runtime, clock), metrics)
    mounts = [(PATH_PREFIX, calendar_http.application(store, clock))] if links else []
    # Chart images, like calendar addresses, need our own HTTP server (not in Socket Mode).
    charts = ChartLinks(settings.public_url, settings.signing_secret) if links else None
    chart_links.configure(charts)
    if charts:
        mounts.append(("/charts/", ChartEndpoint(store, clock, charts)))
    return Bot(app=app, services=services, store=store, deliverer=deliverer, ops=ops,
               mounts=tuple(mounts))
