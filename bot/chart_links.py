"""The addresses of the chart images the bot serves itself for `image` blocks (the Home tab),
GET /charts/<group>/<version>/<signature>.png (served by bot/chart_endpoint.py).

Slack fetches an image block's URL from its own servers without credentials, so the URL is the
key: signed with the app's secret (HMAC), unguessable per group. The version changes whenever
the picture does, so Slack's cache never shows an old one. Only with PUBLIC_URL set; in Socket
Mode without it, coordinators get the charts as a file instead.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from flows.charts import GroupCharts

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
