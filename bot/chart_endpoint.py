"""GET /charts/<group>/<version>/<signature>.png: the group's charts as they are now, for the
image blocks on coordinators' Home tabs. Only genuine signed addresses (bot/chart_links.py) get
a picture; anything else is a 404, and a database failure is one log line, never a traceback.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from bot.chart_links import ChartLinks
from bot.charts_use_cases import charts_of
from bot.clock import Clock
from bot.render.charts import chart_png
from storage.repositories import Store

log = logging.getLogger(__name__)


class ChartEndpoint:
    """WSGI: the chart of a group as it is now (a stale version still shows today's)."""

    def __init__(self, store: Store, clock: Clock, links: ChartLinks) -> None:
        self.store, self.clock, self.links = store, clock, links

    def __call__(self, environ, start_response):
        found = self.links.verified(environ.get("PATH_INFO") or "")
        charts = None
        if found is not None and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            group_id, language = found
            try:
                with self.store.unit_of_work() as work:
                    group = work.groups.by_id(group_id)
                    charts = charts_of(work, group, self.clock.now()) if group else None
            except (SQLAlchemyError, OSError) as error:  # a broken image, never a traceback
                log.error("chart of group %s not drawn: %s", group_id, error)
        if charts is None:
            start_response("404 Not Found", [("Content-Type", "text/plain"),
                                             ("Content-Length", "9")])
            return [b"not found"]
        body = chart_png(charts, language)
        start_response("200 OK", [("Content-Type", "image/png"),
                                  ("Content-Length", str(len(body))),
                                  ("Cache-Control", "public, max-age=86400")])
        return [body]
