"""Prometheus metrics (GET /metrics): what Slack asked, how fast we acknowledged, what is due,
what we sent and what Slack refused.

Recording happens at a few narrow points of bot/, never in flows/: `instrument_app` wraps
Bolt's `dispatch` (every request in HTTP and Socket Mode passes it, and it returns once the
listener has acknowledged), `InstrumentedWebClient` counts every Web API call by method and
outcome, `CountingRetries` counts slack_sdk's retries, and the runtime reports each due action
it fires. The gauges (due actions pending, meetings running) are read from the database when
scraped, so they hold for every bot process on the same database.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import RetryHandler, RetryState
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse

from flows.due import DueAction
from storage.repositories import Store

log = logging.getLogger(__name__)
CONTENT_TYPE = CONTENT_TYPE_LATEST
OUTCOMES = {200: "ok", 401: "rejected", 403: "rejected", 404: "unhandled"}


class Metrics:
    """One registry per bot, so tests (and two bots in one process) do not share counts."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("intervisie_requests", "Requests from Slack by kind and outcome",
                                ["kind", "outcome"], registry=r)
        self.ack_seconds = Histogram(
            "intervisie_ack_seconds", "Time from a request's arrival to its acknowledgement",
            ["kind"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5), registry=r)
        self.lateness = Histogram(
            "intervisie_due_action_lateness_seconds",
            "How long after its due time a due action was fired", ["kind"],
            buckets=(0.5, 1, 5, 15, 30, 60, 300, 900, 3600), registry=r)
        self.slack_calls = Counter("intervisie_slack_calls", "Slack Web API calls by outcome "
                                   "(sent, refused)", ["method", "outcome"], registry=r)
        self.slack_retries = Counter("intervisie_slack_retries",
                                     "Slack Web API calls tried again", ["method"], registry=r)
        self.slack_ratelimited = Counter("intervisie_slack_ratelimited",
                                         "Slack Web API answers with HTTP 429", ["method"],
                                         registry=r)

    def retried(self, method: str) -> None:
        """A send the deliverer will try again (a 429 is also counted where it was answered)."""
        self.slack_retries.labels(method).inc()

    def watch_store(self, store_of: Callable[[], Store]) -> None:
        """Read the gauges at scrape time from the store `store_of()` gives then."""
        self.registry.register(_StoreGauges(store_of))

    def fired(self, due: DueAction, now: datetime) -> None:
        self.lateness.labels(due.kind.value).observe(
            max(0.0, (now - due.due_at).total_seconds()))

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _StoreGauges:
    """Gauges read from the database at scrape time."""

    def __init__(self, store_of: Callable[[], Store]) -> None:
        self.store_of = store_of

    def describe(self):  # registering must not query the database
        return []

    def collect(self):
        try:
            with self.store_of().unit_of_work() as work:
                pending, running = work.due.count_pending(), work.live.count_running()
        except Exception:  # the scrape still answers; /healthz says what is down
            log.debug("metrics: the database did not answer", exc_info=True)
            yield GaugeMetricFamily("intervisie_database_up", "Whether the database answered "
                                    "this scrape", value=0)
            return
        yield GaugeMetricFamily("intervisie_database_up", "Whether the database answered "
                                "this scrape", value=1)
        yield GaugeMetricFamily("intervisie_due_actions_pending",
                                "Due actions (reminders, timers, nudges) not yet fired",
                                value=pending)
        yield GaugeMetricFamily("intervisie_meetings_running",
                                "Meetings going on now (running or paused)", value=running)


def request_kind(body: dict[str, Any]) -> str:
    if body.get("command"):
        return "command"
    kind = str(body.get("type") or "other")
    return "event" if kind == "event_callback" else kind


def instrument_app(app: App, metrics: Metrics) -> None:
    """Count and time every request Bolt dispatches (HTTP and Socket Mode alike)."""
    dispatch = app.dispatch

    def timed_dispatch(req: BoltRequest) -> BoltResponse:
        started = time.perf_counter()
        kind = request_kind(req.body if isinstance(req.body, dict) else {})
        outcome = "error"
        try:
            response = dispatch(req)
            outcome = OUTCOMES.get(response.status, "error")
            return response
        finally:
            metrics.requests.labels(kind, outcome).inc()
            metrics.ack_seconds.labels(kind).observe(time.perf_counter() - started)

    app.dispatch = timed_dispatch  # type: ignore[method-assign]


class InstrumentedWebClient(WebClient):
    """A WebClient that counts each call's outcome by Slack method."""

    metrics: Metrics | None = None

    def api_call(self, api_method: str, **kwargs: Any):  # type: ignore[override]
        try:
            response = super().api_call(api_method, **kwargs)
        except SlackApiError as error:
            if self.metrics is not None:
                self.metrics.slack_calls.labels(api_method, "refused").inc()
                if error.response.status_code == 429:
                    self.metrics.slack_ratelimited.labels(api_method).inc()
            raise
        if self.metrics is not None:
            self.metrics.slack_calls.labels(api_method, "sent").inc()
        return response


class CountingRetries(RetryHandler):
    """Wraps one of slack_sdk's retry handlers to count the retries it decides on."""

    def __init__(self, inner: RetryHandler, metrics: Metrics) -> None:
        super().__init__(max_retry_count=inner.max_retry_count)
        self.inner, self.metrics = inner, metrics

    def can_retry(self, *, state: RetryState, request: HttpRequest,
                  response: HttpResponse | None = None, error: Exception | None = None) -> bool:
        return self.inner.can_retry(state=state, request=request, response=response,
                                    error=error)

    def prepare_for_next_attempt(self, *, state: RetryState, request: HttpRequest,
                                 response: HttpResponse | None = None,
                                 error: Exception | None = None) -> None:
        method = request.url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
        self.metrics.slack_retries.labels(method).inc()
        if response is not None and response.status_code == 429:
            self.metrics.slack_ratelimited.labels(method).inc()
        self.inner.prepare_for_next_attempt(state=state, request=request, response=response,
                                            error=error)


def instrumented_client(metrics: Metrics, **kwargs: Any) -> InstrumentedWebClient:
    client = InstrumentedWebClient(**kwargs)
    client.metrics = metrics
    return client


def count_retries(client: WebClient, metrics: Metrics) -> None:
    client.retry_handlers = [CountingRetries(handler, metrics)
                             for handler in client.retry_handlers]
