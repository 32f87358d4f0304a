"""`/intervisie my-data`: the right of access (AVG article 15). Everything the bot holds
about the person, as JSON (complete, for a machine) and as readable text (for them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flows.texts import render

SECTIONS = ("groups", "meetings", "absences", "cases", "contributions", "actions", "reports",
            "evaluations", "checkouts")


@dataclass(frozen=True)
class MyDataRequested:
    team_id: str
    user_id: str
    user_language: str
    name: str = ""


def with_header(data: Mapping[str, Any], user_id: str, name: str, now: datetime
                ) -> dict[str, Any]:
    return {"person": {"slack_id": user_id, "name": name}, "generated_at": now.isoformat(),
            **data}


def _value(value: Any) -> str:
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items() if v not in (None, ""))
    if isinstance(value, bool):
        return "✓" if value else "–"
    return str(value)


def readable(data: Mapping[str, Any], language: str) -> str:
    """The same data as Markdown: one heading per kind, one bullet per item."""
    person = data["person"]
    lines = [f"# {render(language, 'rights.my_data_title')}", "",
             render(language, "rights.my_data_intro", name=person["name"] or person["slack_id"],
                    id=person["slack_id"], at=data["generated_at"][:16].replace("T", " ")), ""]
    for section in SECTIONS:
        items = data.get(section) or []
        lines.append(f"## {render(language, f'rights.section.{section}')} ({len(items)})")
        if not items:
            lines.append(render(language, "rights.nothing"))
        for item in items:
            parts = [f"{key}: {_value(value)}" for key, value in item.items()
                     if value not in (None, "", {})]
            lines.append("- " + " · ".join(parts))
        lines.append("")
    return "\n".join(lines)
