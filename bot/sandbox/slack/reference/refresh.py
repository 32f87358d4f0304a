"""Refresh the carried part of Slack's Web API method reference from a full copy.

The fake Slack (bot/sandbox/slack/fake_slack.py) refuses unknown methods, unknown arguments and
missing required ones the way Slack does, from `methods.json` beside this file. That file holds
the method families the bot calls or may call (chat, conversations, views, users, files, …) with
their arguments, errors, rate-limit tier and scopes, plus the names of every other method so a
check can tell "not carried" from "not a Slack method".

    python bot/sandbox/slack/reference/refresh.py PATH/TO/slack-reference/methods

The full copy is one JSON file per method, as compiled by the slack_kit project (MIT, see
LICENSE.md beside this file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Method families the bot and its test double use, or that a planned feature will use.
FAMILIES = ("api", "apps", "auth", "bookmarks", "bots", "canvases", "chat", "conversations",
            "files", "oauth", "pins", "reactions", "team", "users", "views")
SOURCE = ("Slack Web API method reference (May 2026) as compiled by the slack_kit project, "
          "MIT licence (LICENSE.md); refreshed with refresh.py")


def slim(spec: dict) -> dict:
    """The parts a test double needs: argument names with required flag and type, errors,
    tier and scopes (examples and argument prose left out to keep the file small)."""
    args = {name: {key: arg[key] for key in ("required", "type") if key in arg}
            for name, arg in spec.get("args", {}).items()}
    return {"desc": spec.get("desc", ""), "args": args, "errors": spec.get("errors", {}),
            "rate_limit": spec.get("rate_limit"), "scopes": spec.get("scopes", {})}


def build(full: Path) -> dict:
    names = sorted(path.stem for path in full.glob("*.json"))
    if not names:
        raise SystemExit(f"no method files in {full}")
    carried = {name: slim(json.loads((full / f"{name}.json").read_text("utf-8")))
               for name in names if name.split(".")[0] in FAMILIES}
    return {"source": SOURCE, "all_methods": names, "methods": carried}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: refresh.py PATH/TO/slack-reference/methods", file=sys.stderr)
        return 2
    full = Path(argv[0])
    data = build(full)
    (HERE / "methods.json").write_text(
        json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    licence = full / "LICENSE.md"
    if licence.exists():
        (HERE / "LICENSE.md").write_text(licence.read_text("utf-8"), "utf-8")
    print(f"{len(data['methods'])} of {len(data['all_methods'])} methods carried")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
