"""The sandbox stays beside the bot: only the command line reaches into it, and it never
reaches into the tests (the tests import the Slack stand-in from it, not the other way)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_command_line_imports_the_sandbox():
    users = {path.relative_to(ROOT).as_posix()
             for path in (ROOT / "bot").rglob("*.py")
             if "sandbox" not in path.relative_to(ROOT).parts
             and any(name.startswith("bot.sandbox") for name in imports(path))}
    assert users == {"bot/cli.py"}


def test_the_sandbox_never_imports_the_tests():
    offenders = [path.relative_to(ROOT).as_posix()
                 for path in (ROOT / "bot" / "sandbox").rglob("*.py")
                 if any(name.split(".")[0] == "tests" for name in imports(path))]
    assert offenders == []
