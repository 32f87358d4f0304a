"""The one rule: flows/ is pure and storage/ never reaches into the Slack shell."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "flows": {"bot", "storage", "slack_bolt", "slack_sdk", "sqlmodel", "sqlalchemy", "alembic",
              "apscheduler", "psycopg", "threading", "requests", "urllib", "socket", "time",
              "uuid", "secrets", "os", "prometheus_client", "logging"},
    "storage": {"bot", "slack_bolt", "slack_sdk", "apscheduler"},
}
CLOCK_CALLS = {"now", "utcnow", "today", "time", "monotonic", "random", "shuffle", "choice",
               "randint", "uuid4"}


def _modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        yield path, ast.parse(path.read_text(), str(path))


def _imported(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_import_direction():
    problems = [
        f"{path.relative_to(ROOT)} imports {name}"
        for package, forbidden in FORBIDDEN.items()
        for path, tree in _modules(package)
        for name in _imported(tree) if name in forbidden
    ]
    assert problems == []


def test_flows_never_reads_the_clock_or_makes_randomness():
    problems = []
    for path, tree in _modules("flows"):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                owner_name = owner.id if isinstance(owner, ast.Name) else ""
                if node.func.attr in CLOCK_CALLS and owner_name in {
                        "datetime", "date", "time", "random", "uuid"}:
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno} {owner_name}."
                                    f"{node.func.attr}()")
    assert problems == []


def test_the_guard_itself_catches_a_violation(tmp_path):
    tree = ast.parse("import slack_sdk\nfrom datetime import datetime\nx = datetime.now()\n")
    assert "slack_sdk" in set(_imported(tree))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert calls[0].func.attr == "now"


def test_the_bot_runs_without_the_sandbox():
    """The sandbox (a Slack stand-in and its page) is for trying and testing: nothing the bot
    runs against Slack imports it, except the command that starts it."""
    problems = [
        f"{path.relative_to(ROOT)} imports {node.module}"
        for path, tree in _modules("bot")
        if "sandbox" not in path.parts and path.name != "cli.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bot.sandbox")
    ]
    assert problems == []
