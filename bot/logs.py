"""Logging for the bot: human-readable lines or one JSON object a line, never a request body.

Slack's libraries write whole request and response bodies into their log lines (Bolt logs the
body of every request whose signature it rejects, at INFO; slack_sdk logs every request and
answer at DEBUG). A case form may be in such a body, and case texts are intervision material:
`WithholdBodies` sits on the handler, so it sees every record from every logger, and cuts a
line off where a body would start. Alembic's start-up chatter stays out below DEBUG.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

WITHHELD = "[withheld: may hold case text]"
# Where a body, payload or message starts in the libraries' log lines ("body: {...}",
# "json_body: ...", "Request body: ...", "message: {...}", "for the request ({...})").
_BODY_START = re.compile(
    r"(?i)(\b\w*(body|payload|params)\w*\s*[:=]|\bmessage\s*:|\brequest body\b"
    r"|for the request \()")
# Ids a log call may pass with `extra=`; the JSON format carries them as fields.
CONTEXT_FIELDS = ("group_id", "meeting_id", "due_key", "kind")
QUIET_BELOW_DEBUG = ("alembic",)  # "Context impl …", "Will assume …", "setup plugin …"


def withhold_bodies(text: str) -> str:
    match = _BODY_START.search(text)
    return text if match is None else f"{text[:match.start()].rstrip()} {WITHHELD}"


class WithholdBodies(logging.Filter):
    """Cut every log line off where a request body, payload or message would start."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call: the handler reports it, without its args
            record.msg, record.args = f"unformattable log message from {record.name}", None
            return True
        cut = withhold_bodies(message)
        if cut != message:
            record.msg, record.args = cut, None
        if record.exc_info and record.exc_info[1] is not None:
            # An exception's text may quote a body too (e.g. a listener's error with its
            # payload): keep the type and the stack, withhold the text.
            text = str(record.exc_info[1])
            if withhold_bodies(text) != text:
                record.exc_text = _traceback(record.exc_info, withhold_bodies(text))
        return True


def _traceback(exc_info, text: str) -> str:
    import traceback

    kind, _value, stack = exc_info
    return "".join(traceback.format_tb(stack)) + f"{kind.__name__}: {text}"


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and the ids passed as extra."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(),
                 "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        entry.update({field: getattr(record, field) for field in CONTEXT_FIELDS
                      if getattr(record, field, None) is not None})
        if record.exc_info:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure(level: str, log_format: str = "text") -> None:
    """Send every log record to stderr, bodies withheld, in the chosen format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(WithholdBodies())
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    numeric = getattr(logging, level)
    logging.basicConfig(level=numeric, handlers=[handler], force=True)
    for name in QUIET_BELOW_DEBUG:
        logging.getLogger(name).setLevel(numeric if numeric <= logging.DEBUG else logging.WARNING)
