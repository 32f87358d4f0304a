"""The app manifest asks for the scopes the bot's Web API calls need, and no more."""

import ast
from pathlib import Path

import yaml

from tests.support.fake_slack import all_method_names, method_scopes

ROOT = Path(__file__).resolve().parents[2]
# Scopes that belong to features rather than to Web API methods.
FEATURE_SCOPES = {"commands"}
# Events need a scope of their own to be delivered.
EVENT_SCOPES = {"member_joined_channel": {"channels:read", "groups:read"}, "app_home_opened": set(),
                "app_uninstalled": set(), "tokens_revoked": set()}


def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def called_methods() -> set[str]:
    """Every `client.<method>(…)` in bot/, as Slack method names (chat_postMessage →
    chat.postMessage)."""
    by_attr = {name.replace(".", "_"): name for name in all_method_names()}
    by_attr["files_upload_v2"] = "files.completeUploadExternal"
    found = set()
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                    node.func.attr in by_attr):
                found.add(by_attr[node.func.attr])
    return found


def test_scopes_are_exactly_what_the_calls_need():
    granted = set(manifest()["oauth_config"]["scopes"]["bot"])
    needed: set[str] = set()
    for method in sorted(called_methods()):
        options = method_scopes(method)  # KeyError: a called method the reference lacks
        if options:
            assert options & granted, f"{method} needs one of {sorted(options)}"
            needed |= options & granted
    for event in manifest()["settings"]["event_subscriptions"]["bot_events"]:
        needed |= EVENT_SCOPES[event] & granted
    assert granted - needed - FEATURE_SCOPES == set(), "scopes nothing uses"


def test_manifest_declares_command_events_interactivity_home_and_socket_mode():
    data = manifest()
    assert [c["command"] for c in data["features"]["slash_commands"]] == ["/intervisie"]
    assert data["features"]["app_home"]["home_tab_enabled"] is True
    assert data["settings"]["interactivity"]["is_enabled"] is True
    assert data["settings"]["socket_mode_enabled"] is True
    assert set(data["settings"]["event_subscriptions"]["bot_events"]) == set(EVENT_SCOPES)
    assert len(data["display_information"]["long_description"]) >= 175


def test_install_from_a_link_asks_for_the_manifests_scopes_and_shows_the_redirect_url():
    from bot.oauth import BOT_SCOPES

    data = manifest()
    assert list(BOT_SCOPES) == data["oauth_config"]["scopes"]["bot"]
    assert [url.rpartition("/slack/")[2] for url in data["oauth_config"]["redirect_urls"]] == [
        "oauth_redirect"]
    # Rotation stays off by default: one workspace's SLACK_BOT_TOKEN would expire with it.
    assert data["settings"]["token_rotation_enabled"] is False
