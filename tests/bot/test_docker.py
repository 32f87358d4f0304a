"""The image and compose file (built outside CI: there is no Docker engine here) start the
bot through its console script, as a user other than root, with a health check."""

import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def instructions() -> dict[str, list[str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Z]+)\s+(.*)$", line.strip())
        if match:
            found.setdefault(match.group(1), []).append(match.group(2))
    return found


def test_the_entry_point_is_the_console_script():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    entry = json.loads(instructions()["ENTRYPOINT"][-1])
    assert entry == ["intervisie"] and scripts["intervisie"] == "bot.cli:main"
    assert json.loads(instructions()["CMD"][-1]) == ["run"]


def test_slim_base_non_root_user_and_a_health_check():
    found = instructions()
    assert re.match(r"python:3\.1[1-9]-slim", found["FROM"][0])
    assert found["USER"][-1] not in ("root", "0")
    assert "/healthz" in found["HEALTHCHECK"][-1]


def test_compose_runs_the_bot_on_postgresql():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
