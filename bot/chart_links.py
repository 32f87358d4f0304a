"""The chart images the bot serves itself for `image` blocks (the Home tab): their secret URLs
and the small WSGI endpoint behind them, GET /charts/<group>/<version>/<signature>.png.

Slack fetches an image block's URL from its own servers without credentials, so the URL is the
key: signed with the app's secret (HMAC), unguessable per group. The version changes whenever
the picture does, so Slack's cache never shows an old one. Only with PUBLIC_URL set; in Socket
Mode without it, coordinators get the charts as a file instead.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re

from sqlalchemy.exc import SQLAlchemyError

from bot.charts_use_cases import charts_of
from bot.clock import Clock
from bot.render.charts import chart_png
from flows.charts import GroupCharts
from storage.repositories import Store

log = logging.getLogger(__name__)
PATH = re.compile(r"^/charts/(\d+)/([0-9a-f]{1,32})/([0-9a-f]{32})\.png$")


class ChartLinks:
    def __init__(self, public_url: str, secret: str) -> None:
        self.public_url = public_url.rstrip("/")
        self._secret = secret.encode()

    def _signature(self, group_id: int, version: str) -> str:
        return hmac.new(self._secret, f"chart:{group_id}:{version}".encode(),
                        hashlib.sha256).hexdigest()[:32]

    def url(self, charts: GroupCharts, language: str) -> str:
        version = f"{charts.version}{0 if language == 'nl' else 1}"
        return (f"{self.public_url}/charts/{charts.group_id}/{version}/"
                f"{self._signature(charts.group_id, version)}.png")

    def verified(self, path: str) -> tuple[int, str] | None:
        """(group id, language) for a genuine chart path, else None."""
        found = PATH.match(path)
        if not found:
            return None
        group_id, version, signature = int(found[1]), found[2], found[3]
        if not hmac.compare_digest(signature, self._signature(group_id, version)):
            return None
        return group_id, "nl" if version.endswith("0") else "en"


# The links of this process, for the renderer of the Home tab (set by bot.app.build).
_links: ChartLinks | None = None


def configure(links: ChartLinks | None) -> None:
    global _links
    _links = links


def image_url(charts: GroupCharts, language: str) -> str | None:
    return _links.url(charts, language) if _links else None


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
